package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func netipParse(s string) (netip.Addr, error) { return netip.ParseAddr(s) }

// An invented robots.txt with the constructs of RFC 9309.
const robotsTxt = `# comments are ignored
User-agent: *
Disallow: /private/
Allow: /private/open
Disallow: /*.pdf$

User-agent: OtherBot
user-agent: storyline
Disallow: /no-storyline
Allow: /no-storyline/but-this
Disallow: /search?
Sitemap: https://example.org/sitemap.xml

User-Agent: Storyline
Disallow: /also-not # two groups for us are merged
`

func TestParseRobots(t *testing.T) {
	ours := parseRobots([]byte(robotsTxt), "storyline")
	star := parseRobots([]byte(robotsTxt), "somebot")
	for _, tc := range []struct {
		name  string
		rules robotsRules
		path  string
		want  bool
	}{
		{"our group: disallowed", ours, "/no-storyline/x", false},
		{"our group: longer allow wins", ours, "/no-storyline/but-this/y", true},
		{"our group: second group merged", ours, "/also-not", false},
		{"our group: query", ours, "/search?q=a", false},
		{"our group: path without query", ours, "/search", true},
		{"our group ignores the * group", ours, "/private/x", true},
		{"star: disallowed", star, "/private/x", false},
		{"star: longer allow", star, "/private/open/1", true},
		{"star: anchored wildcard", star, "/files/a.pdf", false},
		{"star: anchored wildcard, not at the end", star, "/files/a.pdf?x=1", true},
		{"star: elsewhere", star, "/news/today", true},
		{"star: other group's rule", star, "/no-storyline", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.rules.allows(tc.path); got != tc.want {
				t.Errorf("allows(%s) = %v", tc.path, got)
			}
		})
	}
}

func TestParseRobotsEdges(t *testing.T) {
	for _, tc := range []struct {
		name, txt, path string
		want            bool
	}{
		{"empty file", "", "/a", true},
		{"empty disallow", "User-agent: *\nDisallow:\n", "/a", true},
		{"disallow all", "User-agent: *\nDisallow: /\n", "/a", false},
		{"tie: allow wins", "User-agent: *\nDisallow: /a\nAllow: /a\n", "/a", true},
		{"group for us without rules", "User-agent: storyline\nCrawl-delay: 1\nUser-agent: *\nDisallow: /\n", "/a", true},
		{"blank line does not end the agents", "User-agent: storyline\n\nUser-agent: *\nDisallow: /\n", "/a", false},
		{"rules before any user-agent", "Disallow: /\n", "/a", true},
		{"CRLF lines", "User-agent: *\r\nDisallow: /x\r\n", "/x/y", false},
		{"star in the middle", "User-agent: *\nDisallow: /a/*/c\n", "/a/b/b/c/d", false},
		{"star no match", "User-agent: *\nDisallow: /a/*/c\n", "/a/b/d", true},
		{"case of the path matters", "User-agent: *\nDisallow: /Admin\n", "/admin", true},
		{"non-ASCII pattern", "User-agent: *\nDisallow: /café\n", "/caf%C3%A9/menu", false},
		{"bot name prefix is not ours", "User-agent: storylinebot\nDisallow: /\n", "/a", true},
		{"garbage lines", "<html>\nnot robots\n{}\n", "/a", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseRobots([]byte(tc.txt), "storyline").allows(tc.path); got != tc.want {
				t.Errorf("allows(%s) = %v", tc.path, got)
			}
		})
	}
}

func TestMatchRobots(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/", true}, {"/a", "/abc", true}, {"/a$", "/abc", false}, {"/a$", "/a", true},
		{"*", "/x", true}, {"/*.php", "/a/b.php?x", true}, {"/*.php$", "/a/b.php?x", false},
		{"/**b", "/aab", true}, {"/a*b*c", "/axbyc", true}, {"/a*b*c", "/axbyd", false}, {"/abc", "/ab", false},
	} {
		if got := matchRobots(tc.pattern, tc.path); got != tc.want {
			t.Errorf("matchRobots(%q, %q) = %v", tc.pattern, tc.path, got)
		}
	}
}

func TestProductToken(t *testing.T) {
	for ua, want := range map[string]string{DefaultUserAgent: "storyline", "My-Bot/2.0": "my-bot", "*": "", "X_y z": "x_y"} {
		if got := productToken(ua); got != want {
			t.Errorf("productToken(%q) = %q, want %q", ua, got, want)
		}
	}
}

func TestRobots(t *testing.T) {
	var robotsHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		robotsHits.Add(1)
		fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := loopbackClient(Config{})

	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := c.Get(t.Context(), Request{URL: srv.URL + "/public", Robots: true}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	_, err := c.Get(t.Context(), Request{URL: srv.URL + "/private/1", Robots: true})
	if !errors.Is(err, ErrRobots) {
		t.Errorf("disallowed page: %v", err)
	}
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once (cached)", n)
	}
	// Feeds do not ask.
	if _, err := c.Get(t.Context(), Request{URL: srv.URL + "/private/feed"}); err != nil {
		t.Errorf("without Robots: %v", err)
	}
}

func TestRobotsUnavailable(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   error
	}{
		{404, nil}, {403, nil}, {500, ErrRobots}, {503, ErrRobots}, {429, ErrRobots},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tc.status) })
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") })
			srv := httptest.NewServer(mux)
			defer srv.Close()
			_, err := loopbackClient(Config{}).Get(t.Context(), Request{URL: srv.URL + "/a", Robots: true})
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("robots.txt %d: %v, want %v", tc.status, err, tc.want)
			}
		})
	}
}

func BenchmarkRobots(b *testing.B) {
	var sb strings.Builder
	for i := range 200 {
		fmt.Fprintf(&sb, "User-agent: bot%d\nDisallow: /private%d/\nAllow: /private%d/open*.html$\n\n", i, i, i)
	}
	sb.WriteString(robotsTxt)
	txt := []byte(sb.String())
	rules := parseRobots(txt, "storyline")
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(int64(len(txt)))
		b.ReportAllocs()
		for range b.N {
			parseRobots(txt, "storyline")
		}
	})
	b.Run("match", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			rules.allows("/no-storyline/but-this/2026/12/03/a-long-article-path-with-words.html?utm=x")
		}
	})
}

// A caller that gives up while robots.txt is being fetched does not leave
// "unreachable" cached for the others.
func TestRobotsCancelledCaller(t *testing.T) {
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		<-release
		fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	c := loopbackClient(Config{})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.Get(ctx, Request{URL: srv.URL + "/a", Robots: true}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("gave up: %v", err)
	}
	close(release)
	if _, err := c.Get(t.Context(), Request{URL: srv.URL + "/a", Robots: true}); err != nil {
		t.Errorf("after the caller gave up: %v", err)
	}
}
