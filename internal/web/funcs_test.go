package web

import (
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

func TestTimelineDates(t *testing.T) {
	for _, tc := range []struct {
		name, in, text, datetime string
	}{
		{"a day", "2022-03-26", "26 Mar 2022", "2022-03-26"},
		{"a range of days is text only", "2022-03-26/2022-03-27", "26 – 27 Mar 2022", ""},
		{"a range across months", "2022-03-30/2022-04-02", "30 Mar – 2 Apr 2022", ""},
		{"a range across years", "2021-12-30/2022-01-02", "30 Dec 2021 – 2 Jan 2022", ""},
		{"a whole year as a range", "2014-01-01/2014-12-31", "2014", "2014"},
		{"a whole month as a range", "2022-02-01/2022-02-28", "Feb 2022", "2022-02"},
		{"a year", "1919", "1919", "1919"},
		{"a month", "2022-03", "Mar 2022", "2022-03"},
		{"a one-day range", "2019-06-04/2019-06-04", "4 Jun 2019", "2019-06-04"},
		{"a time with its zone", "2022-03-26T10:30:00Z", "26 Mar 2022", "2022-03-26T10:30:00Z"},
		{"nonsense", "soon", "soon", ""},
		{"backwards", "2022-03-27/2022-03-26", "2022-03-27/2022-03-26", ""},
	} {
		if got := momentText(tc.in); got != tc.text {
			t.Errorf("%s: momentText(%q) = %q, want %q", tc.name, tc.in, got, tc.text)
		}
		if got := htmlDatetime(tc.in); got != tc.datetime {
			t.Errorf("%s: htmlDatetime(%q) = %q, want %q", tc.name, tc.in, got, tc.datetime)
		}
	}
}

func TestHumanWhen(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a day", "2024-03-02", "2 Mar 2024"},
		{"a time", "2024-03-02T14:05:00Z", "2 Mar 2024, 14:05"},
		{"a local time", "2024-03-02T14:05:00", "2 Mar 2024, 14:05"},
		{"nothing", "", ""},
	} {
		if got := humanWhen(tc.in); got != tc.want {
			t.Errorf("%s: humanWhen(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n         int
		one, want string
	}{{1, "source", "1 source"}, {0, "source", "0 sources"}, {3, "copy", "3 copies"}, {2, "day", "2 days"}, {2, "independent source", "2 independent sources"}} {
		if got := plural(tc.n, tc.one); got != tc.want {
			t.Errorf("plural(%d, %q) = %q, want %q", tc.n, tc.one, got, tc.want)
		}
	}
}

func TestFoldCopies(t *testing.T) {
	ref := func(id, dup string) store.ArticleRef { return store.ArticleRef{ID: id, DuplicateOf: dup} }
	for _, tc := range []struct {
		name string
		in   []store.ArticleRef
		want string
	}{
		{"copies under their original", []store.ArticleRef{ref("a", ""), ref("b", "a"), ref("c", ""), ref("d", "a")}, "a[b d] c[]"},
		{"a copy of an article not listed stands alone", []store.ArticleRef{ref("a", ""), ref("x", "gone")}, "a[] x[]"},
		{"nothing", nil, ""},
	} {
		var parts []string
		for _, it := range foldCopies(tc.in) {
			var cs []string
			for _, c := range it.Copies {
				cs = append(cs, c.ID)
			}
			parts = append(parts, it.ID+"["+strings.Join(cs, " ")+"]")
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestMarkParagraphsQuotes(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    model.Article
		want string
	}{
		{"the source's marks stay outside, the speaker follows them",
			model.Article{Body: []string{`Ana Ruiz said it was “time to talk,” before leaving.`},
				Quotes: []model.Quote{{Text: "time to talk", Speaker: "Ana Ruiz", Kind: model.QuotePartial}}},
			`Ana Ruiz said it was “<q class="quote quote-partial" title="Ana Ruiz">time to talk</q>,”<span class="said-by"> (Ana Ruiz)</span> before leaving.`},
		{"an unattributed quote names nobody",
			model.Article{Body: []string{`Posters read "no more war" in the square.`},
				Quotes: []model.Quote{{Text: "no more war", Kind: model.QuoteDirect}}},
			`Posters read &#34;<q class="quote quote-direct" title="unattributed">no more war</q>&#34; in the square.`},
		{"a scare quote is nobody's speech",
			model.Article{Body: []string{`The so-called ‘deal’ collapsed.`},
				Quotes: []model.Quote{{Text: "deal", Speaker: "Ana Ruiz", Kind: model.QuoteScare}}},
			`The so-called ‘<q class="quote quote-scare" title="Ana Ruiz">deal</q>’ collapsed.`},
	} {
		got := MarkParagraphs(tc.a)
		if len(got) != 1 || string(got[0]) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
