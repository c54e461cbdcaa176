package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/model"
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
	File        string `json:"file"`
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
	var arts []model.Article
	var err error
	if *db != "" {
		if fs.NArg() > 0 {
			return fmt.Errorf("%w: give paths or --db, not both", errUsage)
		}
		arts, err = storedArticles(ctx, *db)
	} else {
		if err := needInputs(fs, cfg); err != nil {
			return err
		}
		arts, err = analyseRun(ctx, app, cfg, fs.Args())
	}
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
		fmt.Fprintf(w, "  %s · %d articles · %d independent sources · %d events\n", span(s.First, s.Last), s.Articles, s.Sources, len(s.Events))
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
			fmt.Fprintf(w, "    %s · %d articles · %d independent sources\n", span(e.First, e.Last), e.Articles, e.Sources)
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

// storedArticles reads every article of the store at path, with its
// clusters.
func storedArticles(ctx context.Context, path string) ([]model.Article, error) {
	st, err := openExisting(ctx, path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var arts []model.Article
	err = st.EachArticle(ctx, func(a model.Article) error {
		arts = append(arts, a)
		return nil
	})
	return arts, err
}
