package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/poll"
	"github.com/storyline-news/storyline/internal/source"
	"github.com/storyline-news/storyline/internal/source/feed"
	"github.com/storyline-news/storyline/internal/store"
)

const sourcesUsage = `Usage: storyline sources COMMAND [--db FILE] [args]

Commands:
  add URL [--interval 30m]       follow a feed, a news sitemap, or a site (its feed
                                 is found by autodiscovery and named)
  list                           the sources: state, interval, last fetch, articles,
                                 last error
  remove ID|URL                  stop following a source (its articles stay)
  pause ID|URL                   stop polling a source until resumed
  resume ID|URL                  poll it again, at once
  import FILE.opml [--interval]  follow every feed of an OPML subscription list
  export                         print the sources as OPML 2.0
`

// runSources manages the feeds, sites and sitemaps Storyline polls.
func runSources(ctx context.Context, app *App, cfg config.Config, args []string) error {
	sub, args, err := subcommand(app, "sources", sourcesUsage, args)
	if err != nil {
		return err
	}
	fs := newSubFlagSet(app, &cfg, "sources "+sub, sourcesUsage)
	interval := cfg.PollInterval
	want := 1
	switch sub {
	case "add", "import":
		fs.DurationVar(&interval, "interval", interval, "how often to poll (at least 1m)")
		cfg.FetchFlags(fs)
	case "list", "export":
		want = 0
	case "remove", "pause", "resume":
	default:
		fs.Usage()
		return fmt.Errorf("%w: unknown sources command %q", errUsage, sub)
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, want, "argument"); err != nil {
		return err
	}
	if err := config.CheckPollInterval(interval); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "add":
		client, closeArchive, err := newFetchClient(cfg)
		if err != nil {
			return err
		}
		defer closeArchive()
		p := &poll.Poller{Store: st, Client: client}
		src, err := p.Add(ctx, pos[0], interval)
		if err != nil {
			return sourceError(pos[0], err)
		}
		switch src.Kind {
		case store.SourceSite:
			fmt.Fprintf(app.Stdout, "added %s: found the feed %s on %s (%s), polled every %s\n", src.ID, src.URL, src.Site, orNone(src.Title), interval)
		default:
			fmt.Fprintf(app.Stdout, "added %s: %s %s (%s), polled every %s\n", src.ID, src.Kind, src.URL, orNone(src.Title), interval)
		}
		fmt.Fprintln(app.Stdout, "'storyline fetch' polls it now; 'storyline serve' polls it while it runs")
		return nil
	case "list":
		return sourcesList(ctx, app, st)
	case "remove", "pause", "resume":
		src, err := st.PolledSource(ctx, pos[0])
		if err != nil {
			return sourceError(pos[0], err)
		}
		switch sub {
		case "remove":
			err = st.DeletePolledSource(ctx, src.ID)
		case "pause":
			err = st.SetSourcePaused(ctx, src.ID, true)
		default:
			err = st.SetSourcePaused(ctx, src.ID, false)
		}
		if err != nil {
			return sourceError(pos[0], err)
		}
		done := map[string]string{"remove": "removed", "pause": "paused", "resume": "resumed"}[sub]
		fmt.Fprintf(app.Stdout, "%s %s (%s)\n", done, src.ID, src.URL)
		return nil
	case "import":
		return sourcesImport(ctx, app, st, pos[0], interval)
	default: // export
		return sourcesExport(ctx, app, st)
	}
}

func orNone(title string) string {
	if title == "" {
		return "untitled"
	}
	return title
}

// sourceError words a refusal for the person at the terminal.
func sourceError(arg string, err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("there is no source %s ('storyline sources list' lists them)", source.Name(arg))
	case errors.Is(err, store.ErrExists):
		return fmt.Errorf("%s is followed already", source.Name(arg))
	}
	return err
}

func sourcesList(ctx context.Context, app *App, st store.Polling) error {
	srcs, err := st.PolledSources(ctx)
	if err != nil {
		return err
	}
	rows := make([][]string, len(srcs))
	for i, s := range srcs {
		last := "never"
		if !s.LastFetch.IsZero() {
			last = s.LastFetch.Local().Format("2006-01-02 15:04")
		}
		rows[i] = []string{s.ID, s.State(), s.Kind, shortDuration(s.Interval), last, strconv.Itoa(s.Articles),
			source.Name(s.URL), source.Name(s.LastError)}
	}
	return printTable(app, noSources, []string{"ID", "STATE", "KIND", "INTERVAL", "LAST FETCH", "ARTICLES", "URL", "LAST ERROR"}, rows)
}

// noSources is what the source commands say when none is followed.
const noSources = "no sources yet: add one with 'storyline sources add URL'"

// shortDuration prints 30m rather than 30m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func sourcesImport(ctx context.Context, app *App, st store.Polling, path string, interval time.Duration) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	outlines, err := feed.ReadOPML(path, f)
	if err != nil {
		return err
	}
	added, had := 0, 0
	for _, o := range outlines {
		// OPML names feeds (xmlUrl): they are added as they are, without
		// a request, and their titles are the list's until polled.
		_, err := st.AddPolledSource(ctx, store.PolledSource{URL: o.URL, Kind: store.SourceFeed, Title: o.Title, Site: o.Site, Interval: interval})
		switch {
		case errors.Is(err, store.ErrExists):
			had++
		case err != nil:
			fmt.Fprintf(app.Stderr, "storyline: %s: %s: %v\n", source.Name(path), source.Name(o.URL), err)
		default:
			added++
		}
	}
	fmt.Fprintf(app.Stdout, "imported %s: %d feeds added, %d followed already, %d in the file\n", source.Name(path), added, had, len(outlines))
	return nil
}

func sourcesExport(ctx context.Context, app *App, st store.Polling) error {
	srcs, err := st.PolledSources(ctx)
	if err != nil {
		return err
	}
	return feed.WriteOPML(app.Stdout, "Storyline sources", outlines(srcs))
}

// outlines are the sources as OPML outlines.
func outlines(srcs []store.PolledSource) []feed.Outline {
	out := make([]feed.Outline, len(srcs))
	for i, s := range srcs {
		out[i] = feed.Outline{URL: s.URL, Title: s.Title, Site: s.Site}
	}
	return out
}
