package graph

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt" // Cayley's bolt backend, for the load ratio
	_ "github.com/cayleygraph/cayley/writer"        // Cayley's "single" QuadWriter

	dg "github.com/diplograph/diplograph"
)

// Benchmarks run on a generated graph of DIPLOGRAPH_BENCH_EVENTS events
// (default 100,000). The query benchmarks share one store, loaded once per
// process; set DIPLOGRAPH_BENCH_DIR to keep it between runs (it is reused
// when it holds a store of the same size). For example:
//
//	DIPLOGRAPH_BENCH_EVENTS=1000000 go test ./graph -run '^$' -bench . -benchmem -benchtime 1x -timeout 2h
//	go test ./graph -run '^$' -bench 'Query|Counts|Neighborhood|Events' -benchmem
const (
	benchEventsEnv = "DIPLOGRAPH_BENCH_EVENTS"
	benchDirEnv    = "DIPLOGRAPH_BENCH_DIR"
	benchBatch     = 200 // articles per WriteBatch call; the store splits by size
)

func benchEvents() int {
	if n, err := strconv.Atoi(os.Getenv(benchEventsEnv)); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// benchOptions are the store options of the benchmarks:
// DIPLOGRAPH_BENCH_MEMTABLE_MB sets Badger's memtable size (and so the
// transaction size), DIPLOGRAPH_BENCH_TXN_FRACTION the share of it a batch
// may use.
func benchOptions() Options {
	var o Options
	if mb, err := strconv.Atoi(os.Getenv("DIPLOGRAPH_BENCH_MEMTABLE_MB")); err == nil && mb > 0 {
		o.MemTableSize = int64(mb) << 20
	}
	if f, err := strconv.ParseFloat(os.Getenv("DIPLOGRAPH_BENCH_TXN_FRACTION"), 64); err == nil && f > 0 {
		o.TxnFraction = f
	}
	if mb, err := strconv.Atoi(os.Getenv("DIPLOGRAPH_BENCH_BLOCK_CACHE_MB")); err == nil && mb > 0 {
		o.BlockCacheSize = int64(mb) << 20
	}
	if n, err := strconv.Atoi(os.Getenv("DIPLOGRAPH_BENCH_MEMTABLES")); err == nil && n > 0 {
		o.NumMemtables = n
	}
	if n, err := strconv.Atoi(os.Getenv("DIPLOGRAPH_BENCH_COMPACTORS")); err == nil && n > 0 {
		o.NumCompactors = n
	}
	return o
}

func benchGen() *Generator { return NewGenerator(GenOptions{Seed: 42, Events: benchEvents()}) }

// load writes the generated graph into s and returns the number of quads.
func load(tb testing.TB, s *Store, g *Generator) int64 {
	ctx := context.Background()
	var quads int64
	for b := range g.Batches(benchBatch) {
		rs, err := s.WriteBatch(ctx, b)
		if err != nil {
			tb.Fatal(err)
		}
		for _, r := range rs {
			quads += int64(r.Quads)
		}
	}
	return quads
}

// procStatus returns a field of /proc/self/status in bytes (Linux).
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, field+":") {
			f := strings.Fields(l)
			if len(f) >= 2 {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// peakRSS returns the process's peak resident set size in bytes (Linux).
func peakRSS() int64 { return procStatus("VmHWM") }

// memSampler records the peak anonymous (heap, Badger arenas and caches)
// and file-backed (memory-mapped tables and value logs) resident memory.
type memSampler struct {
	stop            chan struct{}
	done            chan struct{}
	anon, file, go_ int64
}

func sampleMem() *memSampler {
	m := &memSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			m.anon = max(m.anon, procStatus("RssAnon"))
			m.file = max(m.file, procStatus("RssFile"))
			runtime.ReadMemStats(&ms)
			m.go_ = max(m.go_, int64(ms.HeapInuse))
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memSampler) report(b *testing.B) {
	close(m.stop)
	<-m.done
	b.ReportMetric(float64(m.anon)/(1<<20), "peakAnon-MB")
	b.ReportMetric(float64(m.file)/(1<<20), "peakFile-MB")
	b.ReportMetric(float64(m.go_)/(1<<20), "peakGoHeap-MB")
}

// BenchmarkLoad measures bulk loading with WriteBatch into a fresh Badger
// store: quads/s, events/s and the process's peak RSS.
func BenchmarkLoad(b *testing.B) {
	g := benchGen()
	for i := 0; i < b.N; i++ {
		// DIPLOGRAPH_BENCH_URL names another (empty) store to load, such
		// as a PostgreSQL database; the default is a new Badger directory.
		dir := os.Getenv("DIPLOGRAPH_BENCH_URL")
		if dir == "" {
			dir = b.TempDir()
		}
		s, err := OpenWith(context.Background(), dir, benchOptions())
		if err != nil {
			b.Fatal(err)
		}
		mem := sampleMem()
		start := time.Now()
		quads := load(b, s, g)
		el := time.Since(start)
		mem.report(b)
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(quads)/el.Seconds(), "quads/s")
		b.ReportMetric(float64(benchEvents())/el.Seconds(), "events/s")
		b.ReportMetric(float64(quads), "quads")
	}
	b.ReportMetric(float64(peakRSS())/(1<<20), "peakRSS-MB")
}

// BenchmarkLoadBolt writes the same quads, batch by batch, into Cayley's own
// bolt backend through a Cayley QuadWriter, for the ratio.
func BenchmarkLoadBolt(b *testing.B) {
	g := benchGen()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		if err := cgraph.InitQuadStore("bolt", dir, nil); err != nil {
			b.Fatal(err)
		}
		qs, err := cgraph.NewQuadStore("bolt", dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		w, err := cgraph.NewQuadWriter("single", qs, cgraph.Options{"ignore_duplicate": true})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		var quads int64
		for batch := range g.Batches(benchBatch) {
			// One transaction per batch, as WriteBatch is asked (it splits
			// batches to fit Badger's transaction limit; bolt has none).
			t := cgraph.NewTransaction()
			for _, c := range batch {
				for _, q := range Quads(c) {
					t.AddQuad(q)
					quads++
				}
			}
			if err := w.ApplyTransaction(t); err != nil {
				b.Fatal(err)
			}
		}
		el := time.Since(start)
		w.Close()
		qs.Close()
		b.ReportMetric(float64(quads)/el.Seconds(), "quads/s")
		b.ReportMetric(float64(quads), "quads")
	}
}

var (
	benchOnce  sync.Once
	benchStore *Store
	benchErr   error
	benchTmp   string
)

// sharedStore returns the store the query benchmarks share.
func sharedStore(b *testing.B) *Store {
	benchOnce.Do(func() {
		ctx := context.Background()
		dir := os.Getenv(benchDirEnv)
		if dir == "" {
			benchTmp, benchErr = os.MkdirTemp("", "dg-bench-")
			if benchErr != nil {
				return
			}
			dir = benchTmp
		}
		mark := filepath.Join(dir, fmt.Sprintf("loaded-%d", benchEvents()))
		s, err := OpenWith(ctx, filepath.Join(dir, "store"), benchOptions())
		if err != nil {
			benchErr = err
			return
		}
		if _, err := os.Stat(mark); err != nil {
			mem := sampleMem()
			start := time.Now()
			quads := load(b, s, benchGen())
			el := time.Since(start)
			close(mem.stop)
			<-mem.done
			fmt.Fprintf(os.Stderr, "loaded %d events (%d quads) in %v: %.0f quads/s; peak RSS %d MB (anon %d, file %d), Go heap %d MB\n",
				benchEvents(), quads, el.Round(time.Millisecond), float64(quads)/el.Seconds(),
				peakRSS()>>20, mem.anon>>20, mem.file>>20, mem.go_>>20)
			if err := os.WriteFile(mark, nil, 0o644); err != nil {
				benchErr = err
				return
			}
		}
		// Let compactions settle, so that they do not run during the
		// query benchmarks.
		if s.bdb != nil {
			start := time.Now()
			if err := s.bdb.Badger().Flatten(runtime.NumCPU()); err != nil {
				benchErr = err
				return
			}
			fmt.Fprintf(os.Stderr, "flattened the LSM tree in %v\n", time.Since(start).Round(time.Millisecond))
		}
		benchStore = s
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchStore
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchStore != nil {
		_ = benchStore.Close()
	}
	if benchTmp != "" {
		_ = os.RemoveAll(benchTmp)
	}
	os.Exit(code)
}

// timed runs op b.N times, reports the latency percentiles and returns the
// sum of what op measured (events, edges, buckets per call).
func timed(b *testing.B, op func(i int) (float64, error)) float64 {
	var lat latencies
	var sum float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		v, err := op(i)
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		sum += v
	}
	b.StopTimer()
	lat.report(b)
	return sum
}

// latencies records durations and reports percentiles.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	p := func(q float64) float64 {
		return float64(l[min(len(l)-1, int(q*float64(len(l))))].Microseconds()) / 1000
	}
	b.ReportMetric(p(0.5), "p50-ms")
	b.ReportMetric(p(0.99), "p99-ms")
}

// hubActors are the actors with most events (the generator skews towards
// the first countries).
func hubActors(g *Generator) []string {
	return []string{"country:USA", "actor:CHN-GOV", "actor:RUS-MIL", "country:JPN", dg.PersonActorID("Person 0 of USA")}
}

// BenchmarkQueryActorWindow: events of one actor in a 30-day window.
func BenchmarkQueryActorWindow(b *testing.B) {
	s := sharedStore(b)
	g := benchGen()
	actors := hubActors(g)
	r := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	n := timed(b, func(i int) (float64, error) {
		t0 := time.Date(g.opt.FirstYear, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(g.opt.Years*365-30))
		f := EventFilter{Actors: []string{actors[i%len(actors)]}, From: t0.Format("2006-01-02"), To: t0.AddDate(0, 0, 29).Format("2006-01-02")}
		p, err := s.Events(ctx, f, Page{First: 100})
		return float64(len(p.Events)), err
	})
	b.ReportMetric(n/float64(b.N), "events/op")
}

// BenchmarkQueryCountryFirstPage: the first page of one country's events
// over all time, with the total count.
func BenchmarkQueryCountryFirstPage(b *testing.B) {
	s := sharedStore(b)
	ctx := context.Background()
	countries := []string{"USA", "CHN", "RUS", "ZAF", "AAB"}
	total := timed(b, func(i int) (float64, error) {
		p, err := s.Events(ctx, EventFilter{Actors: []string{countries[i%len(countries)]}}, Page{First: 50})
		return float64(p.TotalCount), err
	})
	b.ReportMetric(total/float64(b.N), "total/op")
}

// BenchmarkQueryCountsMonthRoot: counts by month x root over everything.
func BenchmarkQueryCountsMonthRoot(b *testing.B) {
	s := sharedStore(b)
	ctx := context.Background()
	buckets := timed(b, func(int) (float64, error) {
		bs, err := s.Counts(ctx, EventFilter{}, []CountKey{ByMonth, ByRoot})
		return float64(len(bs)), err
	})
	b.ReportMetric(buckets/float64(b.N), "buckets")
}

// BenchmarkQueryNeighborhood2: a 2-hop neighbourhood with limit 100.
func BenchmarkQueryNeighborhood2(b *testing.B) {
	s := sharedStore(b)
	ctx := context.Background()
	actors := hubActors(nil)
	edges := timed(b, func(i int) (float64, error) {
		sg, err := s.Neighborhood(ctx, actors[i%len(actors)], 2, 100)
		return float64(len(sg.Edges)), err
	})
	b.ReportMetric(edges/float64(b.N), "edges/op")
}

// BenchmarkQueryPaths: shortest paths between two actors, up to 4 hops.
func BenchmarkQueryPaths(b *testing.B) {
	s := sharedStore(b)
	ctx := context.Background()
	pairs := [][2]string{{"actor:USA-GOV", "actor:ZAF-MIL"}, {dg.PersonActorID("Person 1 of JPN"), "actor:AAC-REB"}}
	timed(b, func(i int) (float64, error) {
		p := pairs[i%len(pairs)]
		if _, err := s.Paths(ctx, p[0], p[1], 4); err != nil && dg.KindOf(err) != dg.ENotFound {
			return 0, err
		}
		return 0, nil
	})
}
