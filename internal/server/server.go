// Package server is Storyline's HTTP server: it mounts the web UI, the JSON
// API and the Atom feeds on one mux, adds the cross-cutting parts (panic
// recovery, security headers, access logs), sets timeouts, and shuts down
// gracefully when its context ends.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/api"
	"github.com/storyline-news/storyline/internal/feed"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/web"
)

// Options configures a Server.
type Options struct {
	// Accounts says who may read and write (accounts.go).
	Accounts AccountOptions
	// Sources configures adding polled sources (accounts.go).
	Sources SourceOptions

	Addr   string      // listen address, e.g. 127.0.0.1:8080
	Store  store.Store // where the data comes from
	Logger *slog.Logger
	// BaseURL is the address readers reach the server at; requests for
	// any other Host are refused. Empty: loopback hosts and Addr's host.
	BaseURL string
	// Images shows articles' lead images through an image proxy served
	// at /images/{key} (imageproxy.Proxy); nil shows none.
	Images web.Images
}

// Server serves the UI, the API and the feeds.
type Server struct {
	addr    string
	log     *slog.Logger
	handler http.Handler
}

// shutdownGrace is how long in-flight requests get to finish on shutdown.
const shutdownGrace = 10 * time.Second

// New builds the server and its routes.
func New(o Options) (*Server, error) {
	if o.Store == nil {
		return nil, errors.New("server: no store")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if strings.HasPrefix(strings.ToLower(o.BaseURL), "https:") {
		// Readers reach the server over TLS, even when a proxy in front
		// ends it and the request arrives here as plain HTTP.
		o.Accounts.SecureCookies = true
	}
	mux := http.NewServeMux()
	w, err := web.New(o.Store, o.Logger)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if o.Images != nil {
		w.WithImages(o.Images)
	}
	w.Register(mux)
	acc := accounts(mux, w, o)
	api.New(o.Store, o.Logger).Register(mux)
	feed.New(o.Store, o.Logger).WithBaseURL(o.BaseURL).Register(mux)
	mux.HandleFunc("GET /healthz", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.Write([]byte("ok\n"))
	})
	guarded, err := guard(o, mux, w, acc)
	if err != nil {
		return nil, err
	}
	return &Server{addr: o.Addr, log: o.Logger, handler: recoverer(o.Logger, headers(accessLog(o.Logger, guarded)))}, nil
}

// Handler returns the server's whole handler, for tests.
func (s *Server) Handler() http.Handler { return s.handler }

// Run listens on the configured address and serves until ctx ends.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("server: listen %s: %w", s.addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx ends, then lets in-flight requests finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.log.Info("serving", slog.String("url", "http://"+ln.Addr().String()+"/"))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

// recoverer turns a panic in a handler into a logged error and a plain 500,
// never a stack trace to the client.
func recoverer(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("handler panicked", slog.String("path", r.URL.Path), slog.Any("error", v))
				http.Error(w, "Internal server error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// headers sets the security headers every response carries.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		log.Debug("request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Duration("took", time.Since(start)))
	})
}
