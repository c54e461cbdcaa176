package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyview"
)

// storyOut is one story as `storyline stories --format json` prints it
// (docs/stories.md describes the schema).
type storyOut struct {
	storyview.View
	Events []eventOut `json:"events"`
}

// eventOut is one event of a story with its member articles.
type eventOut struct {
	storyview.View
	Members []member `json:"members"`
}

// member is an article of an event.
type member struct {
	ID          string `json:"id"`
	File        string `json:"file,omitempty"` // none for stories read from a store
	Outlet      string `json:"outlet,omitempty"`
	Published   string `json:"published,omitempty"`
	Headline    string `json:"headline"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

func runStories(ctx context.Context, app *App, cfg config.Config, args []string) error {
	fs := newFlagSet(app, "stories", "PATH... (files, folders, or - for standard input)")
	cfg.AnalysisFlags(fs)
	format := fs.String("format", "text", "output format: text or json")
	db := fs.String("db", "", "print the stories of this store instead of reading articles")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format must be text or json, not %q", errUsage, *format)
	}
	if *db != "" {
		if fs.NArg() > 0 {
			return fmt.Errorf("%w: give paths or --db, not both", errUsage)
		}
		return printStored(ctx, app.Stdout, *db, *format)
	}
	if err := needInputs(fs, cfg); err != nil {
		return err
	}
	arts, err := analyseRun(ctx, app, cfg, fs.Args())
	if err != nil {
		return err
	}
	if len(arts) == 0 {
		return errNothingRead
	}
	stories, err := buildStories(arts)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(app.Stdout)
	if *format == "json" {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"stories": stories}); err != nil {
			return fmt.Errorf("write stories: %w", err)
		}
	} else {
		printStories(w, stories)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write stories: %w", err)
	}
	return nil
}

// buildStories makes the views of the clustered articles' stories and
// events, largest stories first.
func buildStories(arts []model.Article) ([]storyOut, error) {
	events, stories, err := storyview.Build(arts)
	if err != nil {
		return nil, err
	}
	members := map[string][]member{}
	for _, a := range arts {
		members[a.Event] = append(members[a.Event], member{ID: a.ID, File: a.File, Outlet: a.Outlet,
			Published: a.Published, Headline: a.Headline, DuplicateOf: a.DuplicateOf})
	}
	byStory := map[string][]eventOut{}
	for _, e := range events {
		v, err := storyview.Decode(e.View)
		if err != nil {
			return nil, err
		}
		ms := members[e.ID]
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Published < ms[j].Published })
		byStory[e.Story] = append(byStory[e.Story], eventOut{View: v, Members: ms})
	}
	out := make([]storyOut, 0, len(stories))
	for _, s := range stories {
		v, err := storyview.Decode(s.View)
		if err != nil {
			return nil, err
		}
		evs := byStory[s.ID]
		sort.SliceStable(evs, func(i, j int) bool {
			if evs[i].First != evs[j].First {
				return evs[i].First < evs[j].First
			}
			return evs[i].ID < evs[j].ID
		})
		out = append(out, storyOut{View: v, Events: evs})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Sources != out[j].Sources {
			return out[i].Sources > out[j].Sources
		}
		if out[i].Articles != out[j].Articles {
			return out[i].Articles > out[j].Articles
		}
		return out[i].Last > out[j].Last
	})
	return out, nil
}

// printStories writes the stories for a reader at a terminal.
func printStories(w io.Writer, stories []storyOut) {
	for n, s := range stories {
		if n > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "STORY %s  %s\n", s.ID, s.Title)
		fmt.Fprintf(w, "  %s · %s · %s · %s\n", span(s.First, s.Last), count(s.Articles, "article"), count(s.Sources, "independent source"), count(len(s.Events), "event"))
		var outlets []string
		for _, o := range s.Outlets {
			outlets = append(outlets, fmt.Sprintf("%s (%d)", o.Name, o.Articles))
		}
		fmt.Fprintf(w, "  Outlets: %s\n", strings.Join(outlets, ", "))
		if len(s.SummaryLines) > 0 {
			fmt.Fprintln(w, "  Summary:")
			for _, l := range s.SummaryLines {
				fmt.Fprintf(w, "    - %s [%s]\n", l.Text, cite(l.Source))
			}
		}
		for _, e := range s.Events {
			fmt.Fprintf(w, "  EVENT %s  %s\n", e.ID, e.Title)
			fmt.Fprintf(w, "    %s · %s · %s\n", span(e.First, e.Last), count(e.Articles, "article"), count(e.Sources, "independent source"))
			for _, l := range e.SummaryLines {
				fmt.Fprintf(w, "    > %s [%s]\n", l.Text, cite(l.Source))
			}
			for _, m := range e.Members {
				copyOf := ""
				if m.DuplicateOf != "" {
					copyOf = "  (copy of " + m.DuplicateOf + ")"
				}
				fmt.Fprintf(w, "    * %s  %s  %s  %s%s\n", orDash(m.Published), orDash(m.Outlet), m.ID, m.Headline, copyOf)
			}
		}
		if len(s.Speakers) > 0 {
			fmt.Fprintln(w, "  Who said what:")
			for _, sp := range s.Speakers {
				fmt.Fprintf(w, "    %s (%d)\n", sp.Name, len(sp.Quotes))
				for i, q := range sp.Quotes {
					if i == 3 {
						fmt.Fprintf(w, "      … %d more\n", len(sp.Quotes)-3)
						break
					}
					fmt.Fprintf(w, "      “%s” [%s]\n", clip(q.Text, 160), cite(q.Source))
				}
			}
		}
		if len(s.Figures) > 0 {
			fmt.Fprintln(w, "  Figures:")
			for _, f := range s.Figures {
				flag := ""
				switch {
				case f.Disagree:
					flag = "  !! SOURCES DIFFER"
				case f.Series:
					flag = "  (changes over time)"
				}
				fmt.Fprintf(w, "    %s%s\n", f.Unit, flag)
				for _, c := range f.Claims {
					who := c.Claimant
					if who == "" {
						who = "unattributed"
					}
					hedge := ""
					if c.Hedge != "" {
						hedge = ", " + c.Hedge
					}
					fmt.Fprintf(w, "      %s — %s%s, %s [%s]\n", c.Text, who, hedge, orDash(c.Date), cite(c.Source))
				}
			}
		}
		if len(s.Timeline) > 0 {
			fmt.Fprintln(w, "  Timeline:")
			for _, m := range s.Timeline {
				fmt.Fprintf(w, "    %s  %s [%s]\n", m.Date, clip(m.Text, 160), cite(m.Source))
			}
		}
		if len(s.Background) > 0 {
			fmt.Fprintln(w, "  Background:")
			for _, m := range s.Background {
				fmt.Fprintf(w, "    %s  %s [%s]\n", m.Date, clip(m.Text, 160), cite(m.Source))
			}
		}
	}
}

func cite(s storyview.Source) string {
	if s.Outlet != "" {
		return s.Outlet + ", " + s.Article
	}
	return s.Article
}

func span(first, last string) string {
	switch {
	case first == "":
		return "undated"
	case first == last:
		return first
	}
	return first + " – " + last
}

// count writes n with noun, plural unless n is 1: "1 article", "3 events".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	return s[:cut] + "…"
}

// printStored prints the stories of the store at path from the views it
// keeps, a story at a time, so a store of any size prints in the memory
// of its largest story. Stories come in the order buildStories gives.
// Members read from a store have no file.
func printStored(ctx context.Context, out io.Writer, path, format string) error {
	st, err := openExisting(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	var rows []store.Story
	for off := 0; ; off += storedPage {
		page, err := st.Stories(ctx, storedPage, off)
		if err != nil {
			return err
		}
		rows = append(rows, page...)
		if len(page) < storedPage {
			break
		}
	}
	if len(rows) == 0 {
		return fmt.Errorf("%s holds no stories", path)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Sources != rows[j].Sources {
			return rows[i].Sources > rows[j].Sources
		}
		if rows[i].Articles != rows[j].Articles {
			return rows[i].Articles > rows[j].Articles
		}
		return rows[i].Last > rows[j].Last
	})
	w := bufio.NewWriter(out)
	if format == "json" {
		w.WriteString("{\n  \"stories\": [")
	}
	for k, row := range rows {
		so, err := storedStory(ctx, st, row.ID)
		if err != nil {
			return err
		}
		if format == "json" {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			enc.SetIndent("    ", "  ")
			if err := enc.Encode(so); err != nil {
				return fmt.Errorf("write stories: %w", err)
			}
			if k > 0 {
				w.WriteString(",")
			}
			w.WriteString("\n    ")
			w.Write(bytes.TrimRight(b.Bytes(), "\n"))
		} else {
			printStories(w, []storyOut{so})
		}
	}
	if format == "json" {
		w.WriteString("\n  ]\n}\n")
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write stories: %w", err)
	}
	return nil
}

// storedPage is how many story rows one query lists.
const storedPage = 1000

// storedStory is one stored story with its events' views and members.
func storedStory(ctx context.Context, st *sqlite.Store, id string) (storyOut, error) {
	row, err := st.Story(ctx, id)
	if err != nil {
		return storyOut{}, err
	}
	v, err := storyview.Decode(row.View)
	if err != nil {
		return storyOut{}, fmt.Errorf("story %s: %w", id, err)
	}
	refs, err := st.StoryArticles(ctx, id)
	if err != nil {
		return storyOut{}, err
	}
	members := map[string][]member{}
	for _, a := range refs {
		members[a.Event] = append(members[a.Event], member{ID: a.ID, Outlet: a.Outlet,
			Published: a.Published, Headline: a.Headline, DuplicateOf: a.DuplicateOf})
	}
	events, err := st.StoryEvents(ctx, id)
	if err != nil {
		return storyOut{}, err
	}
	so := storyOut{View: v}
	for _, e := range events {
		ev, err := storyview.Decode(e.View)
		if err != nil {
			return storyOut{}, fmt.Errorf("event %s: %w", e.ID, err)
		}
		ms := members[e.ID]
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Published < ms[j].Published })
		so.Events = append(so.Events, eventOut{View: ev, Members: ms})
	}
	sort.SliceStable(so.Events, func(i, j int) bool {
		if so.Events[i].First != so.Events[j].First {
			return so.Events[i].First < so.Events[j].First
		}
		return so.Events[i].ID < so.Events[j].ID
	})
	return so, nil
}
