// Package browsertest starts headless Chromium for the UI tests and holds
// what every browser test needs: finding the browser, starting it with the
// flags a container needs, the skip-unless-CI rule, the two viewports the
// pages are checked at, screenshots into $STORYLINE_ARTIFACTS and
// axe-core. It is imported by _test files only.
//
// chromedp drives the browser; this package only wraps its start, which
// used to be copied into each test file with small differences (and one
// retry loop), so that all of them start Chromium the same careful way.
package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Viewport is a window size the pages are checked at.
type Viewport struct {
	Name string // "desktop" or "phone", the suffix of screenshot names
	W, H int64
}

// The two widths issue 15 asks every page to work at.
var (
	Desktop   = Viewport{"desktop", 1280, 900}
	Phone     = Viewport{"phone", 390, 844}
	Viewports = []Viewport{Desktop, Phone}
)

// ActionTimeout bounds one browser action (a navigation, an evaluation, a
// screenshot): generous, for a machine many tests share.
const ActionTimeout = 30 * time.Second

// launchTries is how often a Chromium that dies while starting is started
// again: on a loaded machine it sometimes does (a timed-out DevTools
// handshake), and a second start almost always succeeds.
const launchTries = 3

// Required reports whether a missing browser (or axe-core) fails the
// test rather than skipping it: in CI (CI=true), where .ci/run installs them.
func Required() bool {
	return os.Getenv("CI") == "true"
}

// Exec returns the Chromium binary: $STORYLINE_CHROMIUM, else Debian's.
// Debian's /usr/bin/chromium is a shell launcher whose settings scripts
// break under some shells ("[: …: unexpected operator") and add desktop
// flags; the binary it runs, /usr/lib/chromium/chromium, is taken
// directly when it is there. Without a browser the test is skipped, or
// fails where browsers are required.
func Exec(tb testing.TB) string {
	tb.Helper()
	for _, p := range []string{os.Getenv("STORYLINE_CHROMIUM"), "/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if Required() {
		tb.Fatal("chromium is required in CI for the browser tests (apt-get install -y chromium)")
	}
	tb.Skip("chromium not found: apt-get install -y chromium to run the browser tests")
	return ""
}

// Browser is a running headless Chromium with one tab.
type Browser struct {
	// Ctx is the tab's context: give it to Run and to chromedp actions.
	Ctx context.Context

	out    string // the artifacts folder
	logged sync.Once
}

// Start starts Chromium for the test, or skips the test (in -short mode,
// or without a browser outside CI). The browser stops when the test ends.
// Each start gets a fresh user-data folder, no sandbox (tests run as root
// in containers), no GPU, no D-Bus session and no background traffic; a
// browser that dies while starting is started again, up to three times,
// and the last failure names what Chromium printed.
func Start(t testing.TB) *Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := Exec(t)
	var last error
	for try := 1; try <= launchTries; try++ {
		var output bytes.Buffer
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(exe),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.Flag("log-level", "3"), // fatal errors only on its output
			chromedp.UserDataDir(t.TempDir()),
			// No session bus: headless Chromium needs none, and without
			// this it tries the host's and logs a D-Bus error per try.
			chromedp.Env("DBUS_SESSION_BUS_ADDRESS=disabled:"),
			chromedp.CombinedOutput(&lockedWriter{w: &output}),
		)
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		// The first run starts the browser, on bctx itself: a run on a
		// context with a deadline would stop the browser when it ends.
		_, err := chromedp.Run(bctx, chromedp.Navigate("about:blank"))
		if err == nil {
			t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
			out := os.Getenv("STORYLINE_ARTIFACTS")
			if out == "" {
				// The folder of the test that started the browser, not of
				// a subtest: it outlives every screenshot.
				out = t.TempDir()
			} else if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatalf("artifacts folder: %v", err)
			}
			return &Browser{Ctx: bctx, out: out}
		}
		cancelBrowser()
		cancelAlloc()
		last = err
		t.Logf("chromium did not start (try %d of %d): %v: %.300s", try, launchTries, err, strings.TrimSpace(output.String()))
	}
	t.Fatalf("start chromium %s (%d tries): %v", exe, launchTries, last)
	return nil
}

// lockedWriter lets the browser's output goroutine and the test read and
// write one buffer safely.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Run runs one action on a started browser's context, within ActionTimeout.
func Run[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, ActionTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// Do runs one action and fails the test, naming what, when it fails.
func Do[T any](t testing.TB, b *Browser, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := Run(b.Ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// Eval evaluates a JavaScript expression in the page, failing the test on
// an error.
func Eval[T any](t testing.TB, b *Browser, js string) T {
	t.Helper()
	return Do(t, b, "evaluate "+js, chromedp.Evaluate[T](js))
}

// Visit opens url and fails the test if it cannot.
func (b *Browser) Visit(t testing.TB, url string) {
	t.Helper()
	Do(t, b, "navigate "+url, chromedp.Navigate(url))
}

// Texts returns the trimmed text of every element selector matches.
func (b *Browser) Texts(t testing.TB, selector string) []string {
	t.Helper()
	return Eval[[]string](t, b, `[...document.querySelectorAll(`+JSString(selector)+`)].map(e => e.textContent.trim())`)
}

// SetViewport resizes the window to v.
func (b *Browser) SetViewport(t testing.TB, v Viewport) {
	t.Helper()
	Do(t, b, "viewport "+v.Name, chromedp.EmulateViewport(v.W, v.H))
}

// Artifacts is the folder screenshots go to: $STORYLINE_ARTIFACTS, else a
// temporary folder of the test that started the browser. The first call
// logs it.
func (b *Browser) Artifacts(t testing.TB) string {
	t.Helper()
	b.logged.Do(func() { t.Logf("screenshots in %s", b.out) })
	return b.out
}

// Screenshot saves the whole page as name.png in the artifacts folder.
func (b *Browser) Screenshot(t testing.TB, name string) {
	t.Helper()
	png := Do(t, b, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(b.Artifacts(t), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// JSString quotes s as a JavaScript string literal.
func JSString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
