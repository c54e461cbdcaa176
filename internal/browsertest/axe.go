package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// AxeVersion is the axe-core release the accessibility checks run; .ci/run
// installs it from the npm registry (see AxeScript).
const AxeVersion = "4.14.1"

// AxeScript returns the source of axe-core's axe.min.js: the file named by
// $STORYLINE_AXE, else the copy npm installs under the user's cache folder
// with
//
//	npm install --prefix ~/.cache/storyline/npm axe-core@4.14.1
//
// The repository does not vendor the 650 KB minified file. Without it the
// source is empty and the second result says how to get it (the checks
// skip); in CI, or with STORYLINE_REQUIRE_SHARED=1, the test fails.
func AxeScript(t testing.TB) (src, missing string) {
	t.Helper()
	p := os.Getenv("STORYLINE_AXE")
	if p == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			p = filepath.Join(dir, "storyline", "npm", "node_modules", "axe-core", "axe.min.js")
		}
	}
	b, err := os.ReadFile(p)
	if err != nil {
		msg := fmt.Sprintf("axe-core not found (%v): run `npm install --prefix ~/.cache/storyline/npm axe-core@%s` or set STORYLINE_AXE to its axe.min.js", err, AxeVersion)
		if Required() || os.Getenv("STORYLINE_REQUIRE_SHARED") == "1" {
			t.Fatal(msg)
		}
		return "", msg
	}
	return string(b), ""
}

// AxeViolation is one rule axe-core found broken, with the nodes breaking it.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// Axe injects axe-core (src, from AxeScript) into the current page through
// the DevTools protocol, which the page's Content-Security-Policy does not
// govern, and returns its violations under the WCAG A and AA rules and
// best practices.
func (b *Browser) Axe(t testing.TB, src string) []AxeViolation {
	t.Helper()
	Do(t, b, "inject axe-core", chromedp.Evaluate[any](src+";void 0"))
	js := `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})
		.then(r => JSON.stringify(r.violations))`
	raw := Do(t, b, "run axe-core", chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	var vs []AxeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe-core results: %v", err)
	}
	return vs
}
