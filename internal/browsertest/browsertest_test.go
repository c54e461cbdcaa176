package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestJSString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "a b", `'a b'`},
		{"quote", "it's", `'it\'s'`},
		{"backslash before quote", `\'`, `'\\\''`},
		{"newline", "a\nb", `'a\nb'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := JSString(tt.in); got != tt.want {
				t.Errorf("JSString(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestStart starts Chromium and drives it over a loopback page: texts,
// the two viewports and a screenshot in the artifacts folder.
func TestStart(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html lang="en"><title>t</title><ul><li> one </li><li>it's two</li></ul>`))
	}))
	defer hs.Close()
	out := t.TempDir()
	t.Setenv("STORYLINE_ARTIFACTS", filepath.Join(out, "shots"))
	b := Start(t)
	b.Visit(t, hs.URL)
	if got := b.Texts(t, "li"); !slices.Equal(got, []string{"one", "it's two"}) {
		t.Errorf("texts %q", got)
	}
	for _, v := range Viewports {
		b.SetViewport(t, v)
		if w := Eval[float64](t, b, `window.innerWidth`); w != float64(v.W) {
			t.Errorf("%s: window %v px wide, want %d", v.Name, w, v.W)
		}
		b.Screenshot(t, "page-"+v.Name)
		if fi, err := os.Stat(filepath.Join(out, "shots", "page-"+v.Name+".png")); err != nil || fi.Size() == 0 {
			t.Errorf("%s: no screenshot: %v", v.Name, err)
		}
	}
}
