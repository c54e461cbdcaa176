package lang

import (
	"bufio"
	"context"
	"encoding/json"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

type sample struct{ lang, kind, text string }

// teamSamples reads testdata/samples.tsv: language, kind (short: a
// headline; long: a paragraph), text.
func teamSamples(t testing.TB) []sample {
	t.Helper()
	f, err := os.Open("testdata/samples.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		p := strings.SplitN(l, "\t", 3)
		if len(p) != 3 {
			t.Fatalf("samples.tsv: bad line %q", l)
		}
		out = append(out, sample{p[0], p[1], p[2]})
	}
	return out
}

var (
	feedTitle = regexp.MustCompile(`(?s)<item>.*?<title>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</title>|<entry>.*?<title[^>]*>(.*?)</title>`)
	feedDesc  = regexp.MustCompile(`(?s)<(?:description|summary|content)[^>]*>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</(?:description|summary|content)>`)
	markup    = regexp.MustCompile(`<[^>]*>`)
)

// feedSamples reads item titles and long descriptions of a feed in shared
// data, labelled with the feed's language.
func feedSamples(t testing.TB, rel, lang string) []sample {
	raw, err := os.ReadFile(shareddata.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(raw) {
		raw, _ = charmap.Windows1252.NewDecoder().Bytes(raw)
	}
	var out []sample
	for _, m := range feedTitle.FindAllStringSubmatch(string(raw), -1) {
		if s := strings.TrimSpace(html.UnescapeString(m[1] + m[2])); s != "" {
			out = append(out, sample{lang, "feed title", s})
		}
	}
	for _, m := range feedDesc.FindAllStringSubmatch(string(raw), -1) {
		s := html.UnescapeString(m[1])
		s = strings.TrimSpace(markup.ReplaceAllString(html.UnescapeString(s), " "))
		if len(s) > 150 {
			out = append(out, sample{lang, "feed description", s})
		}
	}
	return out
}

// ecbSamples reads n English news articles of ECB+, each whole and its
// first sentence-like line (five words or more, no web address).
func ecbSamples(t testing.TB, n int) []sample {
	f, err := os.Open(shareddata.Path(t, "data/clustering/ecbplus/docs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for i := 0; i < n && sc.Scan(); i++ {
		var d struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		out = append(out, sample{"en", "ECB+ article", d.Text})
		for l := range strings.Lines(d.Text) {
			if len(strings.Fields(l)) >= 5 && !strings.Contains(l, "http") && !strings.Contains(l, "www") {
				out = append(out, sample{"en", "ECB+ sentence", strings.TrimSpace(l)})
				break
			}
		}
	}
	return out
}

// TestAccuracy measures Detect on the team's samples and on shared news
// texts, and holds each kind to a floor a little under what it reaches, so
// that a regression fails. Run with -v to see the figures.
func TestAccuracy(t *testing.T) {
	samples := teamSamples(t)
	samples = append(samples, feedSamples(t, "data/feeds-warc/feeds/rss-parser__guardian.rss", "en")...)
	samples = append(samples, feedSamples(t, "data/feeds-warc/feeds/rss-parser__heise.atom", "de")...)
	samples = append(samples, feedSamples(t, "data/feeds-warc/feeds/rss-parser__uolNoticias.rss", "pt")...)
	samples = append(samples, feedSamples(t, "data/feeds-warc/feeds/rss-parser__encoding.rss", "pt")...)
	samples = append(samples, ecbSamples(t, 200)...)

	floors := []struct {
		kind  string
		floor float64
	}{
		{"short", 0.97},
		{"long", 1},
		{"feed title", 0.90},
		{"feed description", 0.99},
		{"ECB+ sentence", 0.93},
		{"ECB+ article", 0.99},
	}
	type tally struct{ ok, n int }
	got := map[string]*tally{}
	for _, s := range samples {
		code, _ := Detect(s.text)
		tl := got[s.kind]
		if tl == nil {
			tl = &tally{}
			got[s.kind] = tl
		}
		tl.n++
		if code == s.lang {
			tl.ok++
		} else {
			t.Logf("%s: %s read as %q: %.60q", s.kind, s.lang, code, s.text)
		}
	}
	for _, f := range floors {
		tl := got[f.kind]
		if tl == nil || tl.n == 0 {
			t.Errorf("%s: no samples", f.kind)
			continue
		}
		acc := float64(tl.ok) / float64(tl.n)
		t.Logf("%-16s %3d/%3d = %5.1f%%", f.kind, tl.ok, tl.n, 100*acc)
		if acc < f.floor {
			t.Errorf("%s: accuracy %.1f%% under %.0f%%", f.kind, 100*acc, 100*f.floor)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"Japanese headline with kana", "首相が来週訪米へ", "ja"},
		{"Chinese without kana", "总理下周访问美国", "zh"},
		{"Korean", "총리 다음 주 방미", "ko"},
		{"Ukrainian by its letters", "Прем'єр їде до Києва", "uk"},
		{"Russian by its letters", "Премьер выступил в Думе", "ru"},
		{"Bulgarian by its words", "Премиерът каза, че ще подаде оставка след срещата", "bg"},
		{"Persian by its letters", "نخست وزیر به پاریس سفر کرد", "fa"},
		{"Arabic", "رئيس الوزراء يزور باريس", "ar"},
		{"Greek", "Ο πρωθυπουργός στο Παρίσι", "el"},
		{"Hebrew", "ראש הממשלה ביקר בפריז", "he"},
		{"English headline of names", "Biden and Macron meet in Paris over the war", "en"},
		{"Portuguese, not Spanish", "Governo anuncia novas medidas para a habitação", "pt"},
		{"Dutch, not German", "Kabinet wil de regels voor huurders aanscherpen", "nl"},
		{"Cyrillic with a Latin name", "Министр встретился с CEO компании OpenAI в Москве", "ru"},
		{"web address only", "https://example.org/news/2022/09/15/story.html", ""},
		{"no letters", "2022 — 14:00 · 15/09", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, conf := Detect(tt.text)
			if got != tt.want {
				t.Errorf("Detect = %q (%.2f), want %q", got, conf, tt.want)
			}
			if (got == "") != (conf == 0) || conf < 0 || conf > 1 {
				t.Errorf("confidence %.2f for %q", conf, got)
			}
		})
	}
}

func TestDetectorKeepsMetadataOnlyForShortText(t *testing.T) {
	long := "Der Stadtrat hat am Dienstagabend nach einer langen Debatte den Bau von drei neuen Radwegen beschlossen."
	tests := []struct {
		name     string
		meta     string
		headline string
		body     []string
		want     string
	}{
		{"metadata kept for a headline alone", "nl", "Council approves new cycle lanes", nil, "nl"},
		{"guess made for a headline without metadata", "", "Gemeenteraad keurt nieuwe fietspaden goed", nil, "nl"},
		{"wrong metadata overruled by a long text", "en", "Neue Radwege", []string{long}, "de"},
		{"metadata kept when no letters", "fr", "2022 — 14:00", nil, "fr"},
		{"nothing when no letters and no metadata", "", "2022 — 14:00", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Detector{}.Process(context.Background(), model.Article{Headline: tt.headline, Body: tt.body, Language: tt.meta})
			if err != nil {
				t.Fatal(err)
			}
			if a.Language != tt.want {
				t.Errorf("Language = %q, want %q", a.Language, tt.want)
			}
		})
	}
}

// FuzzDetect: any text gives a code and a confidence in range, never a
// panic.
func FuzzDetect(f *testing.F) {
	for _, s := range []string{"", "The council met.", "首相が", "Прем'єр", "http://x.com", "\xff\xfe", "ßñł"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, conf := Detect(s)
		if conf < 0 || conf > 1 || len(code) > 3 {
			t.Fatalf("Detect(%q) = %q, %v", s, code, conf)
		}
		if _, err := (Detector{}).Process(context.Background(), model.Article{Headline: s, Body: []string{s}}); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkDetect runs the stage on an article-length text (about 3 KB, a
// real English news article from ECB+, read in place).
func BenchmarkDetect(b *testing.B) {
	var text string
	for _, s := range ecbSamples(b, 50) {
		if s.kind == "ECB+ article" && len(s.text) > len(text) && len(s.text) < 4000 {
			text = s.text
		}
	}
	a := model.Article{Headline: "A headline", Body: strings.Split(text, "\n")}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if out, _ := (Detector{}).Process(context.Background(), a); out.Language != "en" {
			b.Fatalf("got %q", out.Language)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkDetectLanguages runs Detect on the team's paragraphs in every
// language of the samples.
func BenchmarkDetectLanguages(b *testing.B) {
	var texts []string
	for _, s := range teamSamples(b) {
		if s.kind == "long" {
			texts = append(texts, s.text)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			Detect(s)
		}
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "texts/s")
}
