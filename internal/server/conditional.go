package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/auth"
)

// conditional gives the API's and the feeds' successful GET answers an
// ETag (a strong hash of the body) and answers 304 Not Modified to a
// client that already holds that body: If-None-Match naming the ETag, or,
// without If-None-Match, If-Modified-Since no earlier than the
// Last-Modified the handler set (feeds, stories: when their content last
// changed). A feed reader polling every few minutes then costs one small
// answer and no transfer.
func conditional(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) ||
			!(strings.HasPrefix(r.URL.Path, apiRoot) || strings.HasPrefix(r.URL.Path, "/feeds/")) {
			next.ServeHTTP(w, r)
			return
		}
		buf := &bufferedWriter{header: w.Header()}
		next.ServeHTTP(buf, r)
		if buf.status == 0 {
			buf.status = http.StatusOK
		}
		if buf.status != http.StatusOK {
			w.WriteHeader(buf.status)
			w.Write(buf.body)
			return
		}
		h := w.Header()
		if _, ok := auth.UserFrom(r.Context()); ok {
			// What a signed-in reader is sent may be theirs alone: no
			// shared cache keeps it. (A 304 cannot leak another reader's
			// answer either way: the ETag is the hash of the body this
			// request would get.)
			h.Set("Cache-Control", private(h.Get("Cache-Control")))
		}
		sum := sha256.Sum256(buf.body)
		etag := `"` + hex.EncodeToString(sum[:16]) + `"`
		h.Set("ETag", etag)
		if notModified(r, etag, h.Get("Last-Modified")) {
			h.Del("Content-Type")
			h.Del("Content-Length")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.WriteHeader(http.StatusOK)
		w.Write(buf.body)
	})
}

// private turns a Cache-Control value into one no shared cache may act
// on: "public, max-age=60" becomes "private, max-age=60", "no-cache"
// "private, no-cache"; "no-store" and "private" ones stay as they are.
func private(cc string) string {
	var out []string
	for _, d := range strings.Split(cc, ",") {
		d = strings.TrimSpace(d)
		switch strings.ToLower(d) {
		case "", "public":
			continue
		case "private", "no-store":
			return cc
		}
		out = append(out, d)
	}
	return strings.Join(append([]string{"private"}, out...), ", ")
}

// notModified applies RFC 9110's order: If-None-Match when present,
// else If-Modified-Since against lastModified.
func notModified(r *http.Request, etag, lastModified string) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == etag {
				return true
			}
		}
		return false
	}
	ims, lm := r.Header.Get("If-Modified-Since"), lastModified
	if ims == "" || lm == "" {
		return false
	}
	since, err1 := http.ParseTime(ims)
	mod, err2 := http.ParseTime(lm)
	return err1 == nil && err2 == nil && !mod.Truncate(time.Second).After(since)
}

// bufferedWriter holds a handler's answer so that its hash can go in the
// ETag header before the body is sent. Its header is the real one.
type bufferedWriter struct {
	header http.Header
	status int
	body   []byte
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	b.body = append(b.body, p...)
	return len(p), nil
}
