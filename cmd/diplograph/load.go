package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"time"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/loader"
	"github.com/schollz/progressbar/v3"
)

const loadUsage = `
Usage: diplograph load [flags] PATH...

Codes articles and writes them into the store, each article all or nothing.
PATH is a plain-text article, a JSON Lines file of {id,url,title,published,text}
records, a directory of either (recursive), a .gz of any of them, or "-" for
standard input. Articles already stored with the same content are skipped.
Ctrl-C stops after the current batch: nothing is half-written.

Examples:
  diplograph load testdata/articles
  diplograph load --db /var/lib/diplograph --workers 2 news-2014.jsonl.gz
  diplograph load --db postgres://user@127.0.0.1/diplograph --keep-going dump/`

const defaultDB = "./diplograph-data"

type loadCmd struct {
	db        string
	workers   int
	keepGoing bool
	batch     int
	store     storeFlags
}

func (c *loadCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", defaultDB, "store: a directory, badger:///path or postgres://…")
	fs.IntVar(&c.workers, "workers", runtime.GOMAXPROCS(0), "coding goroutines")
	fs.BoolVar(&c.keepGoing, "keep-going", false, "load the rest when an article is bad, and list the bad ones at the end")
	fs.IntVar(&c.batch, "batch", 32, "articles per write transaction")
	c.store.register(fs)
}

// LoadSummary is what a load did.
type LoadSummary struct {
	Read, New, Unchanged, Replaced, Failed int
	Sentences, Events, Quads               int
	Elapsed                                time.Duration
	Failures                               []string
}

func (s LoadSummary) String() string {
	return fmt.Sprintf("articles read %d, new %d, unchanged %d, replaced %d, failed %d; sentences %d, events %d, quads %d; %s",
		s.Read, s.New, s.Unchanged, s.Replaced, s.Failed, s.Sentences, s.Events, s.Quads, s.Elapsed.Round(time.Millisecond))
}

// storeFlags are the Badger memory knobs of the commands that write or
// serve a store.
type storeFlags struct {
	blockCacheMB, memtables, compactors int
}

func (f *storeFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&f.blockCacheMB, "block-cache-mb", 0, "Badger block cache in MiB (0: Badger's 256)")
	fs.IntVar(&f.memtables, "memtables", 0, "Badger memtables kept in memory (0: Badger's 5)")
	fs.IntVar(&f.compactors, "compactors", 0, "Badger compaction goroutines, at least 2 (0: Badger's 4)")
}

func (f storeFlags) options(logger *slog.Logger) graph.Options {
	return graph.Options{Logger: logger, BlockCacheSize: int64(f.blockCacheMB) << 20, NumMemtables: f.memtables, NumCompactors: f.compactors}
}

func (m *Main) openStore(ctx context.Context, url string) (*graph.Store, error) {
	return m.openStoreWith(ctx, url, graph.Options{Logger: m.logger})
}

func (m *Main) openStoreWith(ctx context.Context, url string, opt graph.Options) (*graph.Store, error) {
	st, err := graph.OpenWith(ctx, url, opt)
	if err != nil {
		return nil, err
	}
	m.onClose(st.Close)
	return st, nil
}

func (c *loadCmd) run(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		return dg.Errorf(dg.EInvalid, "load: no PATH given (see diplograph load --help)")
	}
	files, err := loader.ListFiles(args)
	if err != nil {
		return err
	}
	st, err := m.openStoreWith(ctx, c.db, c.store.options(m.logger))
	if err != nil {
		return err
	}
	coder, err := loader.NewCoder()
	if err != nil {
		return err
	}
	sum, err := LoadFiles(ctx, st, coder, files, LoadOptions{Workers: c.workers, KeepGoing: c.keepGoing, Batch: c.batch, Progress: m.progress(files), Stdin: m.Stdin})
	fmt.Fprintln(m.Stdout, sum.String())
	for _, f := range sum.Failures {
		fmt.Fprintf(m.Stdout, "failed: %s\n", f)
	}
	return err
}

// LoadOptions tune LoadFiles.
type LoadOptions struct {
	Workers   int
	KeepGoing bool
	Batch     int
	SkipKnown bool                 // skip articles whose id is already stored without coding them
	Progress  func(s *LoadSummary) // called after each batch
	Stdin     io.Reader            // what the path "-" reads
}

// LoadFiles reads, codes and writes articles: coding runs on workers while
// the previous batch is written. Cancelling ctx stops reading; the batch in
// hand is still written whole.
func LoadFiles(ctx context.Context, st *graph.Store, coder *loader.Coder, files []string, opt LoadOptions) (LoadSummary, error) {
	start := time.Now()
	var sum LoadSummary
	if opt.Batch < 1 {
		opt.Batch = 32
	}
	recs := loader.Read(ctx, files, loader.ReadOptions{Stdin: opt.Stdin})
	if opt.SkipKnown {
		inner := recs
		recs = func(yield func(loader.Record) bool) {
			for r := range inner {
				if r.Err == nil {
					if ok, err := st.HasArticle(ctx, r.Article.ID); err == nil && ok {
						sum.Read++
						sum.Unchanged++
						continue
					}
				}
				if !yield(r) {
					return
				}
			}
		}
	}
	var batch []*dg.Coded
	writeCtx := context.WithoutCancel(ctx)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := st.WriteBatch(writeCtx, batch)
		if err != nil {
			return fmt.Errorf("write batch of %d articles: %w", len(batch), err)
		}
		for k, r := range res {
			switch {
			case r.Unchanged:
				sum.Unchanged++
			case r.Replaced:
				sum.Replaced++
			default:
				sum.New++
			}
			if !r.Unchanged {
				sum.Quads += r.Quads
				sum.Events += len(batch[k].Events)
			}
		}
		batch = batch[:0]
		if opt.Progress != nil {
			opt.Progress(&sum)
		}
		return nil
	}
	var stop error
	err := codeStream(ctx, coder, recs, opt.Workers, func(rec loader.Record, out *dg.Coded, err error) error {
		sum.Read++
		if err != nil {
			sum.Failed++
			sum.Failures = append(sum.Failures, err.Error())
			if !opt.KeepGoing {
				stop = err
				return err
			}
			return nil
		}
		sum.Sentences += len(out.Sentences)
		batch = append(batch, out)
		if len(batch) >= opt.Batch {
			return flush()
		}
		return nil
	})
	if ferr := flush(); ferr != nil && err == nil {
		err = ferr
	}
	sum.Elapsed = time.Since(start)
	if opt.Progress != nil {
		opt.Progress(&sum)
	}
	if stop != nil {
		return sum, stop
	}
	if err == context.Canceled || ctx.Err() != nil {
		return sum, fmt.Errorf("load interrupted: %w", ctx.Err())
	}
	return sum, err
}

// progress returns a reporter: a bar on a terminal, log lines otherwise.
func (m *Main) progress(files []string) func(*LoadSummary) {
	if m.IsTerminal {
		bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(m.Stderr), progressbar.OptionSetItsString("articles"),
			progressbar.OptionShowIts(), progressbar.OptionShowCount(), progressbar.OptionSetDescription("loading"),
			progressbar.OptionThrottle(100*time.Millisecond))
		if total := countTextFiles(files); total > 0 {
			bar.ChangeMax(total)
		}
		return func(s *LoadSummary) {
			bar.Describe(fmt.Sprintf("loading: %d events, %d errors", s.Events, s.Failed))
			_ = bar.Set(s.Read)
		}
	}
	last := time.Now()
	return func(s *LoadSummary) {
		if time.Since(last) >= 5*time.Second {
			last = time.Now()
			m.logger.Info("loading", "articles", s.Read, "events", s.Events, "failed", s.Failed)
		}
	}
}

// countTextFiles returns the number of articles when every file is one
// plain-text article (so the total is known), else 0.
func countTextFiles(files []string) int {
	for _, f := range files {
		if f == "-" || !strings.HasSuffix(strings.TrimSuffix(f, ".gz"), ".txt") {
			return 0
		}
	}
	return len(files)
}
