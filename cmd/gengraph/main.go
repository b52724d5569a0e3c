// Command gengraph generates a synthetic graph of coded articles
// (deterministic for a seed: about 200 countries, their sectors and
// persons, events of every CAMEO root over 20 years) and writes it as JSON
// Lines of diplograph.Coded values, or loads it into a store.
//
//	gengraph -events 1000000 > graph.jsonl
//	gengraph -events 1000000 -db ./bench-data      # load into a Badger store
//	gengraph -events 100000 -db postgres://…       # or PostgreSQL
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
)

func main() {
	var (
		events  = flag.Int("events", 100_000, "number of events")
		perArt  = flag.Int("per-article", 10, "events per article")
		seed    = flag.Uint64("seed", 42, "random seed")
		version = flag.Int("version", 0, "content version (changes every article, same ids)")
		db      = flag.String("db", "", "load into this store (directory, badger:///path or postgres://…) instead of printing JSON Lines")
		batch   = flag.Int("batch", 1000, "articles per WriteBatch when loading")
	)
	flag.Parse()
	g := graph.NewGenerator(graph.GenOptions{Seed: *seed, Events: *events, EventsPerArticle: *perArt, Version: *version})
	var err error
	if *db != "" {
		err = load(g, *db, *batch)
	} else {
		err = print(g)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gengraph:", err)
		os.Exit(dg.ExitCode(err))
	}
}

func print(g *graph.Generator) error {
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(w)
	for i := 0; i < g.Articles(); i++ {
		if err := enc.Encode(g.Article(i)); err != nil {
			return err
		}
	}
	return w.Flush()
}

func load(g *graph.Generator, url string, batch int) error {
	ctx := context.Background()
	s, err := graph.Open(ctx, url)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	var quads, arts int
	for b := range g.Batches(batch) {
		rs, err := s.WriteBatch(ctx, b)
		if err != nil {
			return err
		}
		for _, r := range rs {
			quads += r.Quads
		}
		arts += len(b)
		slog.Info("loaded", "articles", arts, "quads", quads, "quads/s", int(float64(quads)/time.Since(start).Seconds()))
	}
	return s.Close()
}
