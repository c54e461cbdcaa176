// Command storyline-load measures how fast a running Storyline serves its
// pages: it sends requests from this process (run it beside the server, on
// loopback) and prints, per endpoint, the latency percentiles and the
// requests per second.
//
//	storyline-load -addr 127.0.0.1:8080 -n 500 -c 4
//	storyline-load -addr 127.0.0.1:8080 -c 50 -duration 30s
//
// With -duration, -c clients run for that long over every endpoint at
// once (each taking the endpoints in turn), and a last row sums them.
//
// Without -paths it finds what to ask for itself: the top stories and
// random ones from /api/v1/stories, and search words from their titles,
// the commonest and some that occur once, each searched through the web
// page (/search) and the API (/api/v1/search). A -paths file has one
// request a line, "LABEL PATH" or just "PATH" (labelled by its first path
// segment); lines starting with # are skipped.
//
// A server that is not public (serve without --public) answers only
// signed-in users. -token sends a personal API token (made on /account)
// as Authorization: Bearer, -cookie a browser's session cookie
// (storyline_session), so the run measures pages as a signed-in reader
// gets them; either also adds the reader's "For you" to the discovered
// requests. The token can come from $STORYLINE_TOKEN instead, to keep it
// out of the process list.
//
//	STORYLINE_TOKEN=slt_… storyline-load -addr 127.0.0.1:8080
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// group is a set of paths measured together under one label.
type group struct {
	label string
	paths []string
}

func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("storyline-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "server address (host:port or URL)")
	n := fs.Int("n", 300, "requests per endpoint")
	c := fs.Int("c", 4, "concurrent requests")
	pathsFile := fs.String("paths", "", "file of requests, \"LABEL PATH\" or \"PATH\" a line (default: discover stories and words)")
	stories := fs.Int("stories", 2000, "stories to list when discovering, to draw random ones from")
	seed := fs.Uint64("seed", 1, "random seed for discovery")
	timeout := fs.Duration("timeout", 30*time.Second, "timeout of one request")
	token := fs.String("token", getenv("STORYLINE_TOKEN"), "personal API token to send as Authorization: Bearer (default $STORYLINE_TOKEN)")
	cookie := fs.String("cookie", "", "session cookie value to send as "+sessionCookie+" (from a signed-in browser)")
	duration := fs.Duration("duration", 0, "run -c clients for this long over every endpoint mixed (each client takes the endpoints in turn) instead of -n requests per endpoint one endpoint after another")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *n < 1 || *c < 1 {
		fmt.Fprintln(stderr, "storyline-load: -n and -c must be at least 1")
		return 2
	}
	base := *addr
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	base = strings.TrimRight(base, "/")
	client := &http.Client{Timeout: *timeout, Transport: &signedIn{
		next:  &http.Transport{MaxIdleConnsPerHost: *c * 2},
		token: *token, cookie: *cookie}}
	// A redirect is an answer to measure (a private server sends a
	// signed-out reader to /signin), not one to follow.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	user := *token != "" || *cookie != ""
	ctx := context.Background()

	var groups []group
	var err error
	if *pathsFile != "" {
		groups, err = readPaths(*pathsFile)
	} else {
		groups, err = discover(ctx, client, base, *stories, rand.New(rand.NewPCG(*seed, 42)), user)
	}
	if err != nil {
		fmt.Fprintf(stderr, "storyline-load: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%-22s %6s %5s %9s %9s %9s %9s %9s %8s\n", "endpoint", "n", "errs", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean KB", "req/s")
	failed := false
	var results []result
	if *duration > 0 {
		results = mixed(ctx, client, base, groups, *c, *duration)
	}
	for k, g := range groups {
		if len(g.paths) == 0 {
			continue
		}
		var r result
		if *duration > 0 {
			r = results[k]
		} else {
			r = measure(ctx, client, base, g.paths, *n, *c)
		}
		fmt.Fprintf(stdout, "%-22s %6d %5d %9.1f %9.1f %9.1f %9.1f %9.1f %8.1f\n", g.label, r.n, r.errs,
			ms(r.pct(0.50)), ms(r.pct(0.90)), ms(r.pct(0.99)), ms(r.pct(1)), float64(r.bytes)/float64(max(r.n, 1))/1024, r.rate())
		if r.errs > 0 {
			failed = true
			fmt.Fprintf(stderr, "storyline-load: %s: %d failed, first: %s\n", g.label, r.errs, r.firstErr)
		}
	}
	if *duration > 0 {
		all := result{took: *duration}
		for _, r := range results {
			all.n += r.n
			all.errs += r.errs
			all.bytes += r.bytes
			all.lat = append(all.lat, r.lat...)
		}
		slices.Sort(all.lat)
		fmt.Fprintf(stdout, "%-22s %6d %5d %9.1f %9.1f %9.1f %9.1f %9.1f %8.1f\n", "all", all.n, all.errs,
			ms(all.pct(0.50)), ms(all.pct(0.90)), ms(all.pct(0.99)), ms(all.pct(1)), float64(all.bytes)/float64(max(all.n, 1))/1024, all.rate())
	}
	if failed {
		return 1
	}
	return 0
}

// mixed runs c clients for d; each takes the groups in turn, a path of
// each (cycling through its paths), so every endpoint is under load at
// once, as a server's readers put it. It returns a result per group.
func mixed(ctx context.Context, client *http.Client, base string, groups []group, c int, d time.Duration) []result {
	var mu sync.Mutex
	res := make([]result, len(groups))
	next := make([]int, len(groups))
	var live []int
	for k, g := range groups {
		res[k].took = d
		if len(g.paths) > 0 {
			live = append(live, k)
		}
	}
	if len(live) == 0 {
		return res
	}
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; time.Now().Before(deadline); i++ {
				k := live[i%len(live)]
				mu.Lock()
				p := groups[k].paths[next[k]%len(groups[k].paths)]
				next[k]++
				mu.Unlock()
				t0 := time.Now()
				size, err := get(ctx, client, base+p)
				lat := time.Since(t0)
				mu.Lock()
				res[k].n++
				res[k].add(p, lat, size, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for k := range res {
		slices.Sort(res[k].lat)
	}
	return res
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// result is one endpoint's measurements.
type result struct {
	lat      []time.Duration
	n, errs  int
	bytes    int64
	took     time.Duration
	firstErr string
}

func (r *result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(float64(len(r.lat))*p+0.5) - 1
	return r.lat[min(max(i, 0), len(r.lat)-1)]
}

// add counts one answer to the request for path p.
func (r *result) add(p string, lat time.Duration, size int64, err error) {
	r.lat = append(r.lat, lat)
	r.bytes += size
	if err != nil {
		r.errs++
		if r.firstErr == "" {
			r.firstErr = p + ": " + err.Error()
		}
	}
}

func (r *result) rate() float64 { return float64(r.n) / r.took.Seconds() }

// measure sends n requests, c at a time, cycling through paths, and
// reads each body whole (a page is served when its last byte is).
func measure(ctx context.Context, client *http.Client, base string, paths []string, n, c int) result {
	var mu sync.Mutex
	r := result{n: n}
	next := make(chan string)
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				t0 := time.Now()
				size, err := get(ctx, client, base+p)
				d := time.Since(t0)
				mu.Lock()
				r.add(p, d, size, err)
				mu.Unlock()
			}
		}()
	}
	for i := range n {
		next <- paths[i%len(paths)]
	}
	close(next)
	wg.Wait()
	r.took = time.Since(start)
	slices.Sort(r.lat)
	return r
}

func get(ctx context.Context, client *http.Client, u string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	size, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return size, err
	}
	if resp.StatusCode != http.StatusOK {
		return size, fmt.Errorf("status %s", resp.Status)
	}
	return size, nil
}

// readPaths reads a -paths file into groups, in the order labels appear.
func readPaths(name string) ([]group, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var groups []group
	idx := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, path, ok := strings.Cut(line, " ")
		if !ok {
			path = label
			label = "/" + strings.SplitN(strings.TrimPrefix(strings.SplitN(path, "?", 2)[0], "/"), "/", 2)[0]
		}
		path = strings.TrimSpace(path)
		if !strings.HasPrefix(path, "/") {
			return nil, fmt.Errorf("%s: %q is not a path", name, path)
		}
		i, ok := idx[label]
		if !ok {
			i = len(groups)
			idx[label] = i
			groups = append(groups, group{label: label})
		}
		groups[i].paths = append(groups[i].paths, path)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("%s: no paths", name)
	}
	return groups, nil
}

type storyList struct {
	Stories []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"stories"`
}

// discover lists up to limit stories and makes the groups: the top 20
// stories, 100 random ones, and searches for the commonest title words and
// for words that occur in one title only.
func discover(ctx context.Context, client *http.Client, base string, limit int, rng *rand.Rand, user bool) ([]group, error) {
	var ids, titles []string
	for off := 0; off < limit; off += 100 {
		var page storyList
		if err := getJSON(ctx, client, fmt.Sprintf("%s/api/v1/stories?limit=100&offset=%d", base, off), &page); err != nil {
			return nil, fmt.Errorf("list stories: %w", err)
		}
		for _, s := range page.Stories {
			ids = append(ids, s.ID)
			titles = append(titles, s.Title)
		}
		if len(page.Stories) < 100 {
			break
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("the server has no stories; ingest some first")
	}
	storyPaths := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, "/stories/"+url.PathEscape(id))
		}
		return out
	}
	top := ids[:min(20, len(ids))]
	random := make([]string, 0, 100)
	for range min(100, len(ids)) {
		random = append(random, ids[rng.IntN(len(ids))])
	}

	count := map[string]int{}
	for _, t := range titles {
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(w)) >= 4 && !seen[w] {
				seen[w] = true
				count[w]++
			}
		}
	}
	words := make([]string, 0, len(count))
	for w := range count {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if count[words[i]] != count[words[j]] {
			return count[words[i]] > count[words[j]]
		}
		return words[i] < words[j]
	})
	common := words[:min(10, len(words))]
	var rare []string
	for _, w := range words {
		if count[w] == 1 {
			rare = append(rare, w)
		}
	}
	rng.Shuffle(len(rare), func(i, j int) { rare[i], rare[j] = rare[j], rare[i] })
	rare = rare[:min(20, len(rare))]
	search := func(prefix, suffix string, ws []string) []string {
		var out []string
		for _, w := range ws {
			out = append(out, prefix+url.QueryEscape(w)+suffix)
		}
		return out
	}
	var personal []group
	if user {
		personal = []group{{"for you", []string{"/foryou"}}, {"api for you", []string{"/api/v1/foryou"}}}
	}
	return append([]group{
		{"story top", storyPaths(top)},
		{"story random", storyPaths(random)},
		{"search common", search("/search?q=", "", common)},
		{"search rare", search("/search?q=", "", rare)},
		{"api search common", search("/api/v1/search?q=", "&limit=20", common)},
		{"api search rare", search("/api/v1/search?q=", "&limit=20", rare)},
		{"api story random", search("/api/v1/stories/", "", random)},
		{"front", []string{"/"}},
	}, personal...), nil
}

func getJSON(ctx context.Context, client *http.Client, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusSeeOther {
			return fmt.Errorf("GET %s: %s: the server wants a signed-in user; pass -token or -cookie", u, resp.Status)
		}
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// sessionCookie is the name of Storyline's session cookie.
const sessionCookie = "storyline_session"

// signedIn adds the reader's credentials to every request.
type signedIn struct {
	next          http.RoundTripper
	token, cookie string
}

func (s *signedIn) RoundTrip(req *http.Request) (*http.Response, error) {
	if s.token == "" && s.cookie == "" {
		return s.next.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	if s.cookie != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: s.cookie})
	}
	return s.next.RoundTrip(req)
}
