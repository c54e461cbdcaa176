package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/storyview"
)

type articleData struct {
	Article  model.Article
	Paras    []template.HTML
	Entities []entityLink
	Story    *store.Story
	// When says what is known of when an article without a date came
	// out (see undatedWhen).
	When string
}

type entityLink struct {
	model.Entity
	ID string
}

// articleShow shows an article's clean text with its quotes and entity
// mentions marked, and a link to the original.
func (h *Handler) articleShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := h.store.Article(ctx, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := articleData{Article: a, Paras: MarkParagraphs(a)}
	for _, e := range a.Entities {
		d.Entities = append(d.Entities, entityLink{e, store.EntityID(store.EntityName(e))})
	}
	if a.Story != "" {
		if st, err := h.store.Story(ctx, a.Story); err == nil {
			d.Story = &st
		}
	}
	if a.Published == "" {
		d.When = undatedWhen(a, d.Story)
	}
	title := a.Headline
	if title == "" {
		title = a.ID
	}
	h.render(w, r, http.StatusOK, "article", page{Title: title, Data: d})
}

// undatedWhen says what is known of when an article without a date came
// out, as the story page does for a story: its day in its story's own
// count, by the weekdays and days its articles name ("day 3 of the story,
// a Tuesday"), else the weekday its evidence pins, else nothing.
func undatedWhen(a model.Article, st *store.Story) string {
	if st != nil && st.First == "" {
		if v, err := storyview.Decode(st.View); err == nil {
			if day := storyview.ArticleDay(v, a.ID); day != "" {
				return day
			}
		}
	}
	return storyview.PeriodWeekday(a.Period)
}

// span is a marked stretch of a paragraph: Body[para][start:end].
type span struct {
	start, end int
	open       string
	quote      bool
	after      string // HTML written after the span and its closing marks
}

// MarkParagraphs renders a's body as HTML paragraphs with each quote in a
// <q> followed by its speaker in brackets, and each entity mention linked
// to its page. The quote's own marks stay in the text, outside the <q>
// (whose generated marks the stylesheet turns off), so a quote reads
// “time to talk” once, not "“time to talk”". Spans
// that would cross each other are dropped (a quote wins over a mention), so
// the HTML always nests.
func MarkParagraphs(a model.Article) []template.HTML {
	spans := make([][]span, len(a.Body))
	for _, q := range a.Quotes {
		p := q.Paragraph
		if p < 0 || p >= len(a.Body) || !strings.Contains(a.Body[p], q.Text) {
			p = -1
			for i, b := range a.Body {
				if strings.Contains(b, q.Text) {
					p = i
					break
				}
			}
		}
		if p < 0 || q.Text == "" {
			continue
		}
		i := strings.Index(a.Body[p], q.Text)
		title := "unattributed"
		if q.Speaker != "" {
			title = q.Speaker
		}
		// The speaker shows in the text, not only in a tooltip a phone
		// cannot hover; a scare quote is nobody's speech.
		after := ""
		if q.Speaker != "" && q.Kind != model.QuoteScare {
			after = `<span class="said-by"> (` + template.HTMLEscapeString(q.Speaker) + `)</span>`
		}
		spans[p] = append(spans[p], span{i, i + len(q.Text),
			`<q class="quote quote-` + template.HTMLEscapeString(q.Kind) + `" title="` + template.HTMLEscapeString(title) + `">`, true, after})
	}
	for _, m := range a.Mentions {
		if m.Para < 0 || m.Para >= len(a.Body) || m.Entity < 0 || m.Entity >= len(a.Entities) {
			continue
		}
		b := a.Body[m.Para]
		if m.Start < 0 || m.End > len(b) || m.Start >= m.End || !utf8.ValidString(b[m.Start:m.End]) ||
			!utf8.RuneStart(b[m.Start]) || (m.End < len(b) && !utf8.RuneStart(b[m.End])) {
			continue
		}
		e := a.Entities[m.Entity]
		spans[m.Para] = append(spans[m.Para], span{m.Start, m.End,
			`<a class="ent ent-` + typeName(e.Type) + `" href="/entities/` + template.HTMLEscapeString(url.PathEscape(store.EntityID(store.EntityName(e)))) + `">`, false, ""})
	}
	out := make([]template.HTML, len(a.Body))
	for i, b := range a.Body {
		out[i] = markOne(b, nest(spans[i]))
	}
	return out
}

// nest keeps the spans that nest properly: quotes first, then mentions that
// fall inside one quote or outside all of them, without overlapping another.
func nest(spans []span) []span {
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].quote != spans[j].quote {
			return spans[i].quote
		}
		return spans[i].start < spans[j].start
	})
	var kept []span
	for _, s := range spans {
		ok := true
		for _, k := range kept {
			overlap := s.start < k.end && k.start < s.end
			inside := s.start >= k.start && s.end <= k.end
			if overlap && !(inside && k.quote && !s.quote) {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, s)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if kept[i].start != kept[j].start {
			return kept[i].start < kept[j].start
		}
		return kept[i].quote // the outer span opens first
	})
	return kept
}

func markOne(text string, spans []span) template.HTML {
	var b strings.Builder
	pos := 0
	var stack []span
	closeTo := func(at, next int) {
		for len(stack) > 0 && stack[len(stack)-1].end <= at {
			top := stack[len(stack)-1]
			b.WriteString(template.HTMLEscapeString(text[pos:top.end]))
			pos = top.end
			if top.quote {
				b.WriteString("</q>")
			} else {
				b.WriteString("</a>")
			}
			stack = stack[:len(stack)-1]
			if top.after != "" && len(stack) == 0 {
				// The closing marks (and a comma or full stop the source
				// puts inside them) come before the speaker.
				end := pos + closingMarks(text[pos:])
				if end <= next {
					b.WriteString(template.HTMLEscapeString(text[pos:end]))
					pos = end
					b.WriteString(top.after)
				}
			}
		}
	}
	for _, s := range spans {
		closeTo(s.start, s.start)
		b.WriteString(template.HTMLEscapeString(text[pos:s.start]))
		pos = s.start
		b.WriteString(s.open)
		stack = append(stack, s)
	}
	closeTo(len(text), len(text))
	b.WriteString(template.HTMLEscapeString(text[pos:]))
	return template.HTML(b.String())
}

// closingMarks is the length of the closing quotation marks and trailing
// punctuation at the start of s: `”,` `.’` `"`.
func closingMarks(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		switch r {
		case '”', '’', '"', '\'', '»', '›', ',', '.', '!', '?', ';', ':':
			n += size
			continue
		}
		break
	}
	return n
}
