package server

import (
	"context"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers"
)

// maxOperationNames bounds the distinct operation names used as metric
// labels; later names are counted as "other".
const maxOperationNames = 200

// metrics are the server's Prometheus metrics, in their own registry.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec   // GraphQL responses by operation, type and outcome
	latency  *prometheus.HistogramVec // GraphQL latency by operation
	http     *prometheus.CounterVec   // HTTP requests by route and status code
	ingests  *prometheus.CounterVec   // ingestArticle by result

	mu    sync.Mutex
	names map[string]bool
}

func newMetrics(store *graph.Store, broker *resolvers.Broker) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "diplograph_graphql_requests_total",
			Help: "GraphQL responses by operation name, operation type and outcome (ok or error); each subscription event counts once.",
		}, []string{"operation", "type", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "diplograph_graphql_request_duration_seconds",
			Help:    "Time from receiving a GraphQL query or mutation to its response, by operation name.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation"}),
		http: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "diplograph_http_requests_total",
			Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		ingests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "diplograph_ingests_total",
			Help: "ingestArticle mutations by result: written, unchanged or error.",
		}, []string{"result"}),
		names: map[string]bool{},
	}
	for _, r := range []string{"written", "unchanged", "error"} {
		m.ingests.WithLabelValues(r)
	}
	m.reg.MustRegister(
		m.requests, m.latency, m.http, m.ingests,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		storeCollector{store: store},
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "diplograph_subscriptions",
			Help: "Live eventAdded subscriptions.",
		}, func() float64 { return float64(broker.Subscribers()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "diplograph_subscription_events_dropped_total",
			Help: "Events dropped for subscribers that fell behind.",
		}, func() float64 { return float64(broker.Dropped()) }),
	)
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      m.reg,
	})
}

var graphQLName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

// label returns the metric label of an operation name: "anonymous" for
// none, "other" for invalid names and beyond maxOperationNames.
func (m *metrics) label(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !graphQLName.MatchString(name) {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.names[name] {
		if len(m.names) >= maxOperationNames {
			return "other"
		}
		m.names[name] = true
	}
	return name
}

func (m *metrics) extension() graphql.HandlerExtension { return metricsExtension{m} }

type metricsExtension struct{ m *metrics }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = metricsExtension{}

// ExtensionName implements graphql.HandlerExtension.
func (metricsExtension) ExtensionName() string { return "DiplographMetrics" }

// Validate implements graphql.HandlerExtension.
func (metricsExtension) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor: it counts the
// response and, for queries and mutations, observes its latency and names
// the operation in the access log.
func (e metricsExtension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || !graphql.HasOperationContext(ctx) {
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	opName, typ := oc.OperationName, "invalid"
	if oc.Operation != nil {
		opName, typ = oc.Operation.Name, string(oc.Operation.Operation)
	}
	name := e.m.label(opName)
	outcome := "ok"
	if len(resp.Errors) > 0 {
		outcome = "error"
	}
	e.m.requests.WithLabelValues(name, typ, outcome).Inc()
	if typ != string(ast.Subscription) {
		start := oc.Stats.OperationStart
		if start.IsZero() {
			start = graphql.Now()
		}
		e.m.latency.WithLabelValues(name).Observe(time.Since(start).Seconds())
		if info := requestInfoFrom(ctx); info != nil {
			info.setOperation(opName, typ)
		}
	}
	return resp
}

// storeCollector reports the store's totals at each scrape.
type storeCollector struct{ store *graph.Store }

var (
	descStoreUp = prometheus.NewDesc("diplograph_store_up",
		"1 when the store answered the last scrape's stats read.", nil, nil)
	descStoreCount = prometheus.NewDesc("diplograph_store_objects",
		"Objects in the store by kind: articles, events, mentions, actors, quads.", []string{"kind"}, nil)
	descStoreSize = prometheus.NewDesc("diplograph_store_size_bytes",
		"Size of the store on disk (or as the backend reports it).", nil, nil)
)

// Describe implements prometheus.Collector.
func (storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descStoreUp
	ch <- descStoreCount
	ch <- descStoreSize
}

// Collect implements prometheus.Collector.
func (c storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := c.store.Stats(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(descStoreUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(descStoreUp, prometheus.GaugeValue, 1)
	for kind, n := range map[string]float64{
		"articles": float64(st.Articles),
		"events":   float64(st.Events),
		"mentions": float64(st.Mentions),
		"actors":   float64(st.Actors),
		"quads":    float64(st.Quads),
	} {
		ch <- prometheus.MustNewConstMetric(descStoreCount, prometheus.GaugeValue, n, kind)
	}
	ch <- prometheus.MustNewConstMetric(descStoreSize, prometheus.GaugeValue, float64(st.SizeBytes))
}
