package server

import (
	"encoding/json"
	"net/http"

	cgraph "github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/query/gizmo" // registers the Gizmo language
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
)

// cayleyQueryPath is where Cayley's query endpoint is mounted: the path of
// Cayley's own HTTP API v2, under /cayley.
const cayleyQueryPath = "/cayley/api/v2/query"

// mountCayley mounts Cayley's HTTP query endpoint for Gizmo, read-only, at
// /cayley/api/v2/query?lang=gizmo (the query in the POST body, or in the
// qu parameter of a GET), with Limits.GizmoTimeout and Limits.GizmoLimit.
// Only the query endpoint is mounted: Cayley's write, delete and read
// endpoints are not, and the handle has no quad writer.
func (s *Server) mountCayley(mux *http.ServeMux) {
	mux.HandleFunc("GET /cayley/{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("Cayley query API (read-only): POST a Gizmo query to " + cayleyQueryPath + "?lang=gizmo\n" +
			"e.g. g.V(\"<country:CHN>\").In(\"<dg:target>\").Out(\"<dg:cameo>\").All()\n"))
	})
	query := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if lang := r.URL.Query().Get("lang"); lang != "gizmo" {
			jsonError(w, http.StatusBadRequest, "only lang=gizmo is served here")
			return
		}
		// The store may replace its Cayley handle after a failed write:
		// take the current one for each query.
		qs := s.cfg.Store.QuadStore()
		if qs == nil {
			jsonError(w, http.StatusServiceUnavailable, "the store has no Cayley quad store")
			return
		}
		api := cayleyhttp.NewAPIv2(&cgraph.Handle{QuadStore: qs})
		api.SetReadOnly(true)
		api.SetQueryTimeout(s.limits.GizmoTimeout)
		api.SetQueryLimit(s.limits.GizmoLimit)
		r.Body = http.MaxBytesReader(w, r.Body, s.limits.BodyBytes)
		api.ServeQuery(w, r)
	})
	mux.Handle("GET "+cayleyQueryPath, query)
	mux.Handle("POST "+cayleyQueryPath, query)
}

// jsonError answers with Cayley's error shape: {"error": "…"}.
func jsonError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
