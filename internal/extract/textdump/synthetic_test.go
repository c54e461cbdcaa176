package textdump

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

// The synthetic test wraps clean articles from a shared corpus in chrome of
// layouts the seeds do not show — other aggregators, other print replicas,
// hard-wrapped text, chrome lines no table knows — and checks that the
// extractor gives the articles back. The chrome strings are the team's own
// inventions; the article text is read from ../shared at test time.

type cleanArticle struct {
	headline string
	paras    []string
}

func loadClean(t testing.TB, n int) []cleanArticle {
	path := filepath.Join(shareddata.Path(t, "data/quotes/polnear/dev-gold"), "docs.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []cleanArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() && len(out) < n {
		var d struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		var paras []string
		for _, p := range strings.Split(d.Text, "\n") {
			if p = cleanLine(p); p != "" {
				paras = append(paras, p)
			}
		}
		if len(paras) < 4 {
			continue
		}
		// Keep articles whose paragraphs are all prose, so the gold is clear.
		prose := true
		for _, p := range paras[1:] {
			if !chrome.EndsSentence(p) || chrome.Words(p) < 6 {
				prose = false
			}
		}
		if prose {
			out = append(out, cleanArticle{headline: strings.TrimSuffix(paras[0], "."), paras: paras[1:]})
		}
	}
	return out
}

type layout struct {
	name   string
	render func(r *rand.Rand, a cleanArticle, outlet, author string) string
	// what the header must give back, where the layout states it
	byline, outlet bool
	published      string
}

var layouts = []layout{
	{name: "app aggregator", render: func(r *rand.Rand, a cleanArticle, outlet, author string) string {
		var b strings.Builder
		b.WriteString("Your stories, all in one feed.\nThousands of publishers.\nJoin today\n")
		fmt.Fprintf(&b, "%s\n%s\nPolitics\n%s\n\n%s\n\n", outlet, outlet, author, a.headline)
		for i, p := range a.paras {
			fmt.Fprintf(&b, "%s\n\n", p)
			if i == 1 {
				b.WriteString("Supporters gather outside the hall before the rally (Photo: Lena Ortiz/Associated Press)\n\n")
			}
		}
		b.WriteString("Continue with a free account\nEnjoy unlimited reading across our network\nBrowse more headlines\nInstall NewsHub on your phone\n")
		return b.String()
	}},
	{name: "print replica", render: func(r *rand.Rand, a cleanArticle, outlet, author string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n\n%s\n\nA report from the campaign trail\n\n- By %s Political Editor\n\n", outlet, a.headline, author)
		for i, p := range a.paras {
			if i == 2 && chrome.Words(p) > 12 {
				// A pull quote dropped into a sentence broken across columns.
				ws := strings.Fields(p)
				cut := len(ws) / 2
				for cut < len(ws)-1 && !functionWords[strings.ToLower(ws[cut-1])] {
					cut++
				}
				if cut < len(ws)-1 && startsLower(ws[cut]) {
					pull := strings.Join(strings.Fields(a.paras[0])[:5], " ")
					fmt.Fprintf(&b, "%s\n\n\u2018%s\u2019\n\n%s\n\n", strings.Join(ws[:cut], " "), pull, strings.Join(ws[cut:], " "))
					continue
				}
			}
			fmt.Fprintf(&b, "%s\n\n", p)
		}
		b.WriteString(" ?? ?? Crowd: voters wait in line at a polling station\nWaiting: a volunteer hands out leaflets\n\nDigital editions in English\n\nDigital editions from the Americas")
		return b.String()
	}},
	{name: "one line per paragraph", render: func(r *rand.Rand, a cleanArticle, outlet, author string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%s | Politics\n", a.headline)
		for i, p := range a.paras {
			fmt.Fprintf(&b, "%s\n", p)
			if i == 2 {
				b.WriteString("Advertisement\n")
			}
		}
		b.WriteString("xq-17\n")
		return b.String()
	}},
	{name: "hard wrapped", render: func(r *rand.Rand, a cleanArticle, outlet, author string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n\nBy %s and Sam Okafor\nMarch 3, 2019\n\n", a.headline, author)
		for _, p := range a.paras {
			b.WriteString(wrap(p, 68))
			b.WriteString("\n\n")
		}
		b.WriteString("Share this article\nRead more about politics\n")
		return b.String()
	}},
}

// More layouts: the header blocks of web pages, wire copy and app readers
// as a copy and paste gives them.
func init() {
	layouts = append(layouts,
		layout{name: "web page copy", byline: true, outlet: true, published: "2019-03-24", render: func(r *rand.Rand, a cleanArticle, outlet, author string) string {
			var b strings.Builder
			fmt.Fprintf(&b, "%s\n\nPublished\n24 March 2019\n\nShare\n\nImage source, Lena Ortiz\nImage caption,\nVolunteers sort leaflets in a church hall\n\nBy %s\n%s\n\n", a.headline, author, outlet)
			for _, p := range a.paras {
				fmt.Fprintf(&b, "%s\n\n", p)
			}
			b.WriteString("Related Topics\nElections\nPolitics\n")
			return b.String()
		}},
		layout{name: "wire copy", byline: true, published: "2019-03-24", render: func(r *rand.Rand, a cleanArticle, outlet, author string) string {
			var b strings.Builder
			fmt.Fprintf(&b, "%s\nBy %s\n4 minute read\nMarch 24, 2019 6:02 AM UTC\n", a.headline, author)
			for _, p := range a.paras {
				fmt.Fprintf(&b, "%s\n", p)
			}
			fmt.Fprintf(&b, "Reporting by %s; Editing by Sam Okafor\n", author)
			return b.String()
		}},
		layout{name: "name over date", byline: true, published: "2019-03-24", render: func(r *rand.Rand, a cleanArticle, outlet, author string) string {
			var b strings.Builder
			fmt.Fprintf(&b, "%s\n%s\nSun, March 24, 2019, 6:02 AM\n", a.headline, author)
			for _, p := range a.paras {
				fmt.Fprintf(&b, "%s\n\n", p)
			}
			b.WriteString("Sign up for the morning briefing\n")
			return b.String()
		}},
		layout{name: "syndication credit", byline: true, outlet: true, render: func(r *rand.Rand, a cleanArticle, outlet, author string) string {
			var b strings.Builder
			fmt.Fprintf(&b, "Story by %s \u2022 5h\n%s\n\u00a9 Provided by %s\n", author, a.headline, outlet)
			for _, p := range a.paras {
				fmt.Fprintf(&b, "%s\n", p)
			}
			return b.String()
		}},
	)
}

func wrap(p string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(p) {
		if i > 0 {
			if n+1+len(w) > width {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

var (
	fakeOutlets = []string{"Riverside Courier", "Northern Herald", "Daily Ledger", "Coastal Times", "Evening Bulletin"}
	fakeAuthors = []string{"Maria Keller", "Tomas Brandt", "Aisha Rahman", "Peter Lindqvist", "Joan Whitfield"}
)

func TestSyntheticLayouts(t *testing.T) {
	arts := loadClean(t, 40)
	if len(arts) < 10 {
		t.Fatalf("only %d clean articles to build from", len(arts))
	}
	r := rand.New(rand.NewSource(1))
	for _, lay := range layouts {
		t.Run(lay.name, func(t *testing.T) {
			corpus := chrome.NewCorpus()
			var docs []model.Document
			var want []cleanArticle
			var outlets, authors []string
			for i, a := range arts {
				o, au := fakeOutlets[i%len(fakeOutlets)], fakeAuthors[i%len(fakeAuthors)]
				d := model.Document{ID: fmt.Sprintf("doc%d", i), File: fmt.Sprintf("doc%d.txt", i), Format: model.FormatText,
					Content: lay.render(r, a, o, au)}
				corpus.Add(d.ID, Lines(d.Content))
				docs = append(docs, d)
				want = append(want, a)
				outlets, authors = append(outlets, o), append(authors, au)
			}
			x := New(corpus)
			var tp, np, ng, ptp, heads, bylines, outs, dates int
			for i, d := range docs {
				a, err := x.Extract(context.Background(), d)
				if err != nil {
					t.Errorf("%s: %v", d.ID, err)
					continue
				}
				if norm(a.Headline) == norm(want[i].headline) {
					heads++
				} else if heads < 3 {
					t.Logf("%s headline %q want %q", d.ID, a.Headline, want[i].headline)
				}
				if len(a.Byline) > 0 && a.Byline[0] == authors[i] {
					bylines++
				} else if lay.byline && bylines < 3 {
					t.Logf("%s byline %q want %q", d.ID, a.Byline, authors[i])
				}
				if a.Outlet == outlets[i] {
					outs++
				}
				if lay.published != "" && a.Published == lay.published {
					dates++
				}
				gw := map[string]int{}
				for _, w := range strings.Fields(norm(strings.Join(want[i].paras, " "))) {
					gw[w]++
					ng++
				}
				for _, w := range strings.Fields(norm(strings.Join(a.Body, " "))) {
					np++
					if gw[w] > 0 {
						gw[w]--
						tp++
					}
				}
				gp := map[string]bool{}
				for _, p := range want[i].paras {
					gp[norm(p)] = true
				}
				for _, p := range a.Body {
					if gp[norm(p)] {
						ptp++
					} else if testing.Verbose() && i < 3 {
						t.Logf("%s: extra or broken paragraph %.100q", d.ID, p)
					}
				}
			}
			nparas := 0
			for _, a := range want {
				nparas += len(a.paras)
			}
			p, rc := float64(tp)/float64(max(np, 1)), float64(tp)/float64(max(ng, 1))
			f1 := 2 * p * rc / (p + rc)
			t.Logf("%s: body P %.3f R %.3f F1 %.3f; paragraphs exact %d/%d; headlines %d/%d; bylines %d/%d",
				lay.name, p, rc, f1, ptp, nparas, heads, len(docs), bylines, len(docs))
			if f1 < 0.97 {
				t.Errorf("body F1 %.3f < 0.97", f1)
			}
			if float64(heads) < 0.9*float64(len(docs)) {
				t.Errorf("headlines %d/%d", heads, len(docs))
			}
			if lay.byline && float64(bylines) < 0.9*float64(len(docs)) {
				t.Errorf("bylines %d/%d", bylines, len(docs))
			}
			if lay.outlet && float64(outs) < 0.9*float64(len(docs)) {
				t.Errorf("outlets %d/%d", outs, len(docs))
			}
			if lay.published != "" && float64(dates) < 0.9*float64(len(docs)) {
				t.Errorf("publication dates %d/%d", dates, len(docs))
			}
		})
	}
}
