package server

import (
	"net/http"
	"time"

	"github.com/storyline-news/storyline/internal/api"
	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/web"
)

// AccountOptions configures who may use the server (see internal/auth).
type AccountOptions struct {
	// Public lets anyone who can reach the server read it; writes need a
	// signed-in user all the same.
	Public bool
	// SecureCookies marks the session cookie Secure on plain-HTTP
	// requests too, for a server behind a proxy that ends TLS.
	SecureCookies bool
	// SessionTTL is how long an unused session lasts (30 days when 0).
	SessionTTL time.Duration
	// Now is the clock of sessions and sign-in limits (time.Now when nil).
	Now func() time.Time
}

// SourceOptions configures the polled sources' pages and endpoints.
type SourceOptions struct {
	// Adder resolves and stores a source an admin adds (*poll.Poller);
	// nil: sources can be listed, paused and removed, not added.
	Adder api.SourceAdder
	// Interval is a new source's interval when none is given.
	Interval time.Duration
}

// accounts mounts sign-in, the account pages and the account API on mux
// and returns the service whose middleware authenticates every request.
func accounts(mux *http.ServeMux, w *web.Handler, o Options) *auth.Service {
	a := auth.New(auth.Options{Store: o.Store, Public: o.Accounts.Public, SecureCookies: o.Accounts.SecureCookies,
		SessionTTL: o.Accounts.SessionTTL, Logger: o.Logger, Now: o.Accounts.Now})
	w.RegisterAccounts(mux, a)
	h := api.New(o.Store, o.Logger)
	h.RegisterAccounts(mux, a)
	h.RegisterSources(mux, o.Sources.Adder, o.Sources.Interval)
	w.RegisterSources(mux, o.Sources.Adder, o.Sources.Interval)
	return a
}
