package server

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// requestInfo collects what the access log reports beyond HTTP: the
// GraphQL operation, set by the metrics extension.
type requestInfo struct {
	mu            sync.Mutex
	operation     string
	operationType string
}

func (i *requestInfo) setOperation(name, typ string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.operation, i.operationType = name, typ
}

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) *requestInfo {
	i, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return i
}

// statusWriter records the status and size of a response. It passes
// Hijack and Flush through, for websockets.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush implements http.Flusher.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack implements http.Hijacker, for websocket upgrades.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("server: response writer does not support hijacking")
	}
	if w.status == 0 {
		w.status = http.StatusSwitchingProtocols
	}
	return h.Hijack()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// route names a request path for metrics, from a fixed set.
func route(path string) string {
	switch {
	case path == "/graphql":
		return "graphql"
	case path == "/healthz", path == "/readyz", path == "/metrics":
		return path[1:]
	case strings.HasPrefix(path, "/cayley/"):
		return "cayley"
	}
	return "web"
}

// accessLog logs each request with slog (probes and scrapes at debug level)
// and counts it by route and status.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{}
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info)))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		rt := route(r.URL.Path)
		s.metrics.http.WithLabelValues(rt, strconv.Itoa(sw.status)).Inc()

		level := slog.LevelInfo
		if rt == "healthz" || rt == "readyz" || rt == "metrics" {
			level = slog.LevelDebug
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Int64("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", r.RemoteAddr),
		}
		info.mu.Lock()
		if info.operationType != "" {
			attrs = append(attrs, slog.String("operation", info.operation), slog.String("type", info.operationType))
		}
		info.mu.Unlock()
		s.log.LogAttrs(r.Context(), level, "http request", attrs...)
	})
}
