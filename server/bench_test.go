package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/server"
)

// Benchmarks of the HTTP API over loopback with concurrent clients, on a
// store of DIPLOGRAPH_BENCH_EVENTS events from the graph package's
// generator (default 5000; the figure is 100000) and DIPLOGRAPH_BENCH_CLIENTS clients (default
// 16). Each reports req/s and p50/p99 latency:
//
//	go test -run '^$' -bench . -benchmem ./server/
//	DIPLOGRAPH_BENCH_EVENTS=100000 go test -run '^$' -bench . -benchmem -benchtime 5000x ./server/
//
// The store is built once per process in a temporary directory, or kept
// in DIPLOGRAPH_BENCH_DIR (built there when empty, reused afterwards).
// BenchmarkStore* time the same reads on the store alone, to tell the
// store's share from the GraphQL and HTTP layers'.

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

var bench struct {
	once   sync.Once
	err    error
	dir    string
	store  *graph.Store
	url    string
	stop   func()
	events int
	client *http.Client
}

// TestMain removes the benchmark fixture, if one was built.
func TestMain(m *testing.M) {
	code := m.Run()
	if bench.stop != nil {
		bench.stop()
	}
	if bench.store != nil {
		_ = bench.store.Close()
	}
	if bench.dir != "" {
		_ = os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchCountries are countries the graph generator always makes, the
// heads of its skewed actor distribution.
var benchCountries = []string{"USA", "CHN", "RUS", "JPN", "GBR", "FRA", "DEU", "IND", "BRA", "ZAF"}

// synthesize writes n events from the graph package's generator, in
// batches of 100 articles.
func synthesize(ctx context.Context, store *graph.Store, n int) error {
	g := graph.NewGenerator(graph.GenOptions{Events: n})
	var batch []*dg.Coded
	for i := range g.Articles() {
		batch = append(batch, g.Article(i))
		if len(batch) == 100 || i == g.Articles()-1 {
			if _, err := store.WriteBatch(ctx, batch); err != nil {
				return fmt.Errorf("write articles up to %d: %w", i, err)
			}
			batch = batch[:0]
		}
	}
	return nil
}

// benchServer builds the fixture once and returns the server's URL.
func benchServer(b *testing.B) string {
	b.Helper()
	bench.once.Do(func() {
		ctx := context.Background()
		bench.events = envInt("DIPLOGRAPH_BENCH_EVENTS", 5000)
		dir := os.Getenv("DIPLOGRAPH_BENCH_DIR")
		if dir == "" {
			if bench.dir, bench.err = os.MkdirTemp("", "diplograph-bench-*"); bench.err != nil {
				return
			}
			dir = bench.dir // removed by TestMain
		}
		if bench.store, bench.err = graph.Open(ctx, dir); bench.err != nil {
			return
		}
		begin := time.Now()
		st, err := bench.store.Stats(ctx)
		if err != nil {
			bench.err = err
			return
		}
		if st.Events == 0 {
			if bench.err = synthesize(ctx, bench.store, bench.events); bench.err != nil {
				return
			}
		}
		st, err = bench.store.Stats(ctx)
		if err != nil {
			bench.err = err
			return
		}
		bench.events = st.Events
		b.Logf("fixture: %d events, %d articles, %d actors, %d quads, %d MB, written in %v",
			st.Events, st.Articles, st.Actors, st.Quads, st.SizeBytes>>20, time.Since(begin).Round(time.Millisecond))
		srv, err := server.New(server.Config{
			Addr:   "127.0.0.1:0",
			Store:  bench.store,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		if err != nil {
			bench.err = err
			return
		}
		sctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- srv.ListenAndServe(sctx) }()
		<-srv.Listening()
		bench.url = srv.URL()
		bench.stop = func() { cancel(); <-done }
		clients := envInt("DIPLOGRAPH_BENCH_CLIENTS", 16)
		bench.client = &http.Client{Transport: &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2}}
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	if bench.url == "" {
		b.Fatal("benchmark server not listening")
	}
	return bench.url
}

// runLoad sends b.N requests from DIPLOGRAPH_BENCH_CLIENTS concurrent
// clients, body(i) giving the i-th request, and reports req/s and
// p50/p99 latency.
func runLoad(b *testing.B, body func(i int) []byte) {
	url := benchServer(b) + "/graphql"
	clients := envInt("DIPLOGRAPH_BENCH_CLIENTS", 16)
	// Warm up: connections, query cache.
	for i := range clients {
		if err := send(bench.client, url, body(i)); err != nil {
			b.Fatal(err)
		}
	}
	concurrently(b, clients, func(n int) error { return send(bench.client, url, body(n)) })
	b.ReportMetric(float64(bench.events), "events")
}

// concurrently runs op(0) … op(b.N-1) from clients goroutines and reports
// req/s and p50/p99 latency.
func concurrently(b *testing.B, clients int, op func(n int) error) {
	lat := make([]time.Duration, b.N)
	var mu sync.Mutex
	i := 0
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	b.ReportAllocs()
	b.ResetTimer()
	begin := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				n := i
				i++
				mu.Unlock()
				if n >= b.N {
					return
				}
				t0 := time.Now()
				if err := op(n); err != nil {
					errs <- err
					return
				}
				lat[n] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(begin)
	b.StopTimer()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// send posts one GraphQL request and fails on any error in the response.
func send(c *http.Client, url string, body []byte) error {
	res, err := c.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	var r struct {
		Errors []gqlError `json:"errors"`
	}
	if err := json.Unmarshal(b, &r); err != nil || len(r.Errors) > 0 || res.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %s", res.StatusCode, b)
	}
	return nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// BenchmarkActor fetches one actor by code.
func BenchmarkActor(b *testing.B) {
	bodies := make([][]byte, len(benchCountries))
	for i, c := range benchCountries {
		bodies[i] = mustJSON(map[string]any{
			"query":     `query Actor($code: String!) { actor(code: $code) { id name code kind aliases } }`,
			"variables": map[string]any{"code": c},
		})
	}
	runLoad(b, func(i int) []byte { return bodies[i%len(bodies)] })
}

// BenchmarkTimeline fetches the first 100 events between two countries,
// with their actors and sentences, as GraphiQL's example does.
func BenchmarkTimeline(b *testing.B) {
	pairs := [][]string{{"USA", "CHN"}, {"USA", "RUS"}, {"CHN", "RUS"}, {"GBR", "FRA"}, {"JPN", "CHN"}}
	bodies := make([][]byte, len(pairs))
	for i, p := range pairs {
		bodies[i] = mustJSON(map[string]any{
			"query": `query Timeline($actors: [String!]!) {
  timeline(actors: $actors, first: 100) { id date precision code label status source { name code } target { name code } mentions { sentence trigger } }
}`,
			"variables": map[string]any{"actors": p},
		})
	}
	runLoad(b, func(i int) []byte { return bodies[i%len(bodies)] })
}

// BenchmarkEventCounts counts one country's events by month and root, as
// a dashboard does.
func BenchmarkEventCounts(b *testing.B) {
	codes := []string{"USA", "CHN", "RUS", "GBR", "JPN"}
	bodies := make([][]byte, len(codes))
	for i, c := range codes {
		bodies[i] = mustJSON(map[string]any{
			"query":     `query Counts($a: String!) { eventCounts(filter: {actors: [$a]}, groupBy: [MONTH, ROOT]) { month root count goldsteinMean } }`,
			"variables": map[string]any{"a": c},
		})
	}
	runLoad(b, func(i int) []byte { return bodies[i%len(bodies)] })
}

// runStore times a store read alone, from the same concurrent clients.
func runStore(b *testing.B, read func(ctx context.Context, i int) error) {
	benchServer(b)
	ctx := context.Background()
	concurrently(b, envInt("DIPLOGRAPH_BENCH_CLIENTS", 16), func(n int) error { return read(ctx, n) })
}

// BenchmarkStoreTimeline is BenchmarkTimeline's store reads: a page of 100
// events between two countries and their mentions.
func BenchmarkStoreTimeline(b *testing.B) {
	pairs := [][]string{{"USA", "CHN"}, {"USA", "RUS"}, {"CHN", "RUS"}, {"GBR", "FRA"}, {"JPN", "CHN"}}
	runStore(b, func(ctx context.Context, i int) error {
		page, err := bench.store.Events(ctx, graph.EventFilter{Actors: pairs[i%len(pairs)]}, graph.Page{First: 100})
		if err != nil {
			return err
		}
		ids := make([]string, len(page.Events))
		for j, e := range page.Events {
			ids[j] = e.ID
		}
		_, err = bench.store.Mentions(ctx, ids)
		return err
	})
}

// BenchmarkStoreEventCounts is BenchmarkEventCounts's store read.
func BenchmarkStoreEventCounts(b *testing.B) {
	codes := []string{"USA", "CHN", "RUS", "GBR", "JPN"}
	runStore(b, func(ctx context.Context, i int) error {
		_, err := bench.store.Counts(ctx, graph.EventFilter{Actors: []string{codes[i%len(codes)]}}, []graph.CountKey{graph.ByMonth, graph.ByRoot})
		return err
	})
}
