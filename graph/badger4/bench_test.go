package badger4

import (
	"testing"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	cayleykv "github.com/cayleygraph/cayley/graph/kv"
	cayleybolt "github.com/cayleygraph/cayley/graph/kv/bolt"
	"github.com/cayleygraph/cayley/writer"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/flat"
)

// batchQuads is the size of one ApplyDeltas call, about one article.
const batchQuads = 200

// BenchmarkCayleyWrite measures writes through Cayley's QuadWriter
// (ApplyDeltas, one transaction per batch of 200 fresh quads) on this
// backend and on Cayley's bolt backend, with and without an fsync per
// commit (bolt syncs by default, Badger does not). Compare the quads/s
// figures. Do not run it with -race: the unmaintained boltdb/bolt trips
// Go's checkptr instrumentation.
func BenchmarkCayleyWrite(b *testing.B) {
	backends := []struct {
		name string
		open func(b *testing.B) hkv.KV
	}{
		{"badger4", func(b *testing.B) hkv.KV { return openBadgerForBench(b, false) }},
		{"badger4-sync", func(b *testing.B) hkv.KV { return openBadgerForBench(b, true) }},
		{"bolt-nosync", func(b *testing.B) hkv.KV { return openBoltForBench(b, true) }},
		{"bolt", func(b *testing.B) hkv.KV { return openBoltForBench(b, false) }},
	}
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			kvdb := be.open(b)
			if err := cayleykv.Init(kvdb, nil); err != nil {
				b.Fatal(err)
			}
			qs, err := cayleykv.New(kvdb, nil)
			if err != nil {
				b.Fatal(err)
			}
			defer qs.Close()
			w, err := writer.NewSingle(qs, graph.IgnoreOpts{IgnoreDup: true})
			if err != nil {
				b.Fatal(err)
			}
			next := 0
			for b.Loop() {
				quads := testQuads(next, batchQuads) // about 1% of the time
				next += batchQuads
				if err := w.AddQuadSet(quads); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(next)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}

func openBadgerForBench(b *testing.B, sync bool) hkv.KV {
	return flat.Upgrade(openTest(b, Options{SyncWrites: sync}))
}

func openBoltForBench(b *testing.B, nosync bool) hkv.KV {
	db, err := cayleybolt.Create(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	// What cayleybolt.Open does for the "nosync" option, without its log line.
	bdb := db.(interface{ DB() *bolt.DB }).DB()
	bdb.NoSync, bdb.NoGrowSync = nosync, nosync
	return db
}
