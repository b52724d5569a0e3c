// Package server serves diplograph over HTTP: the GraphQL API at /graphql
// (POST, GET and graphql-transport-ws websockets), the embedded GraphiQL at
// /, health and readiness probes, Prometheus metrics, and Cayley's Gizmo
// query endpoint, read-only, under /cayley/.
//
// It wires net/http and gqlgen's transports and limits around the resolvers
// of package resolvers; the store is opened and closed by the caller.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers"
	"github.com/diplograph/diplograph/web"
)

// DefaultAddr is the listen address when Config.Addr is empty.
const DefaultAddr = "localhost:8080"

// Config configures a Server.
type Config struct {
	// Addr is the TCP address to listen on; "" means DefaultAddr, and a
	// zero port ("127.0.0.1:0") picks a free one (see Server.URL).
	Addr string
	// Store is the knowledge graph. Required. The caller closes it after
	// ListenAndServe returns.
	Store *graph.Store
	// Coder codes articles for the ingestArticle mutation; nil leaves
	// ingestion unavailable.
	Coder resolvers.Coder
	// Codebook returns the CAMEO event codebook served by cameoCodes.
	Codebook func() []dg.Code
	// WriteToken is the bearer token mutations must present in their
	// Authorization header (or, over a websocket, in the connection_init
	// payload's "Authorization"). Empty disables mutations.
	WriteToken string
	// ReadOnly refuses every mutation, token or not.
	ReadOnly bool
	// Logger receives access logs and errors; nil means slog.Default().
	Logger *slog.Logger
	// Limits bound what one request may cost; zero fields take defaults.
	Limits Limits
}

// Limits bound the cost of requests. A zero field takes its default.
type Limits struct {
	// Complexity is the largest query complexity accepted; list fields
	// cost their `first` times their selection. Default 25000.
	Complexity int
	// Depth is the deepest selection nesting accepted, introspection
	// excluded. Default 12.
	Depth int
	// BodyBytes bounds a request body. Default 2 MiB.
	BodyBytes int64
	// Timeout bounds a query or mutation (not a subscription). Default 30s.
	Timeout time.Duration
	// APQCacheSize is how many automatic persisted queries are kept
	// (LRU). Default 1000.
	APQCacheSize int
	// GizmoTimeout bounds a Gizmo query at /cayley/. Default 10s.
	GizmoTimeout time.Duration
	// GizmoLimit bounds the results of a Gizmo query. Default 1000.
	GizmoLimit int
	// ShutdownTimeout bounds the graceful drain of ListenAndServe once its
	// context is cancelled. Default 30s.
	ShutdownTimeout time.Duration
}

// Default limits.
const (
	DefaultComplexity      = 25000
	DefaultDepth           = 12
	DefaultBodyBytes       = 2 << 20
	DefaultTimeout         = 30 * time.Second
	DefaultAPQCacheSize    = 1000
	DefaultGizmoTimeout    = 10 * time.Second
	DefaultGizmoLimit      = 1000
	DefaultShutdownTimeout = 30 * time.Second
)

func (l Limits) withDefaults() Limits {
	set := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	setDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	set(&l.Complexity, DefaultComplexity)
	set(&l.Depth, DefaultDepth)
	set(&l.APQCacheSize, DefaultAPQCacheSize)
	set(&l.GizmoLimit, DefaultGizmoLimit)
	if l.BodyBytes <= 0 {
		l.BodyBytes = DefaultBodyBytes
	}
	setDur(&l.Timeout, DefaultTimeout)
	setDur(&l.GizmoTimeout, DefaultGizmoTimeout)
	setDur(&l.ShutdownTimeout, DefaultShutdownTimeout)
	return l
}

// Server is diplograph's HTTP server.
type Server struct {
	cfg      Config
	limits   Limits
	log      *slog.Logger
	res      *resolvers.Resolver
	metrics  *metrics
	handler  http.Handler
	closing  atomic.Bool
	listened chan struct{}

	// streams is cancelled on shutdown: it ends websocket connections,
	// which http.Server.Shutdown does not track.
	streams     context.Context
	stopStreams context.CancelFunc

	mu  sync.Mutex
	url string
}

// New returns a Server for cfg; it does not listen yet.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: Config.Store is required")
	}
	s := &Server{
		cfg:      cfg,
		limits:   cfg.Limits.withDefaults(),
		log:      cfg.Logger,
		listened: make(chan struct{}),
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.streams, s.stopStreams = context.WithCancel(context.Background())
	res, err := resolvers.New(resolvers.Config{
		Store:    cfg.Store,
		Coder:    cfg.Coder,
		Codebook: cfg.Codebook,
		Logger:   s.log,
	})
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s.res = res
	s.metrics = newMetrics(cfg.Store, res.Broker())
	s.handler = s.routes()
	return s, nil
}

// Handler returns the server's HTTP handler, for mounting elsewhere or for
// httptest.
func (s *Server) Handler() http.Handler { return s.handler }

// Broker returns the broker that carries ingested events to subscribers.
func (s *Server) Broker() *resolvers.Broker { return s.res.Broker() }

// graphQL returns the gqlgen handler with its transports, limits and
// extensions.
func (s *Server) graphQL() *handler.Server {
	h := handler.New(s.res.Schema())
	h.AddTransport(transport.Websocket{
		KeepAlivePingInterval: 15 * time.Second,
		InitTimeout:           10 * time.Second,
		InitFunc:              websocketInit,
	})
	h.AddTransport(transport.Options{})
	h.AddTransport(transport.GET{})
	h.AddTransport(transport.POST{})
	h.SetQueryCache(lru.New[*ast.QueryDocument](1000))

	h.Use(extension.Introspection{})
	h.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](s.limits.APQCacheSize)})
	h.Use(depthLimit{max: s.limits.Depth})
	h.Use(extension.FixedComplexityLimit(s.limits.Complexity))
	h.Use(s.res.Dataloaders())
	h.Use(&fieldGuard{token: s.cfg.WriteToken, readOnly: s.cfg.ReadOnly, metrics: s.metrics})
	h.Use(s.metrics.extension())

	h.SetErrorPresenter(resolvers.ErrorPresenter)
	h.SetRecoverFunc(resolvers.RecoverFunc(s.log))
	return h
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	gql := s.graphQL()
	mux.Handle("/graphql", s.graphQLRequest(gql))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.handler())
	s.mountCayley(mux)
	mux.Handle("/", web.Handler())
	return s.accessLog(mux)
}

// graphQLRequest bounds a /graphql request: its body size and, unless it is
// a websocket, its duration; it passes the bearer token to the write guard.
func (s *Server) graphQLRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := withBearer(r.Context(), r.Header.Get("Authorization"))
		if isWebsocket(r) {
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			stop := context.AfterFunc(s.streams, cancel)
			defer stop()
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		if r.ContentLength > s.limits.BodyBytes {
			graphQLError(w, http.StatusRequestEntityTooLarge, resolvers.CodeBadUserInput,
				fmt.Sprintf("request body of %d bytes exceeds the limit of %d", r.ContentLength, s.limits.BodyBytes))
			return
		}
		ctx, cancel := context.WithTimeout(ctx, s.limits.Timeout)
		defer cancel()
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.limits.BodyBytes)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// graphQLError answers a request refused before GraphQL execution with a
// GraphQL-shaped error.
func graphQLError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []any{map[string]any{"message": msg, "extensions": map[string]any{"code": code}}},
	})
}

func isWebsocket(r *http.Request) bool { return r.Header.Get("Upgrade") != "" }

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 when the store answers a point read within two
// seconds and the server is not shutting down, 503 otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if s.closing.Load() {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.cfg.Store.HasArticle(ctx, "article:0000000000000000"); err != nil {
		s.log.WarnContext(ctx, "readiness check failed", "err", err)
		http.Error(w, "store unreachable: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// URL returns the server's base URL ("http://127.0.0.1:41234") once it
// listens, "" before.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Listening returns a channel closed once ListenAndServe has bound its
// address (URL is then set) or failed to.
func (s *Server) Listening() <-chan struct{} { return s.listened }

// ListenAndServe listens on Config.Addr and serves until ctx is cancelled,
// then shuts down gracefully: it stops accepting, ends subscriptions, waits
// for in-flight requests (at most Limits.ShutdownTimeout) and returns. It
// does not close the store. A Server serves once.
func (s *Server) ListenAndServe(ctx context.Context) error {
	addr := s.cfg.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		close(s.listened)
		return fmt.Errorf("server: listen on %s: %w", addr, err)
	}
	s.mu.Lock()
	s.url = "http://" + ln.Addr().String()
	s.mu.Unlock()
	close(s.listened)

	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	hs.RegisterOnShutdown(s.stopStreams)
	s.log.InfoContext(ctx, "serving", "url", s.URL(), "graphql", s.URL()+"/graphql",
		"mutations", s.mutationsState(), "store", s.cfg.Store.Backend())

	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		s.stopStreams()
		return fmt.Errorf("server: serve: %w", err)
	case <-ctx.Done():
	}

	s.closing.Store(true)
	s.log.Info("shutting down: draining requests", "timeout", s.limits.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), s.limits.ShutdownTimeout)
	defer cancel()
	err = hs.Shutdown(sctx)
	if serr := <-served; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		_ = hs.Close()
		return fmt.Errorf("server: shutdown: %w", err)
	}
	s.log.Info("server stopped")
	return nil
}

func (s *Server) mutationsState() string {
	switch {
	case s.cfg.ReadOnly:
		return "read-only"
	case s.cfg.WriteToken == "":
		return "disabled (no write token)"
	}
	return "enabled (bearer token)"
}
