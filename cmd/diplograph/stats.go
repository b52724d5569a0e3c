package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	dg "github.com/diplograph/diplograph"
)

const statsUsage = `
Usage: diplograph stats [flags]

Prints the store's totals: articles, events, mentions, actors, quads, the
date range covered and the size on disk.

Examples:
  diplograph stats
  diplograph stats --json --db postgres://127.0.0.1/diplograph`

type statsCmd struct {
	db   string
	json bool
}

func (c *statsCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", defaultDB, "store: a directory, badger:///path or postgres://…")
	fs.BoolVar(&c.json, "json", false, "print JSON")
}

func (c *statsCmd) run(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 {
		return dg.Errorf(dg.EInvalid, "stats: unexpected argument %q", args[0])
	}
	st, err := m.openStore(ctx, c.db)
	if err != nil {
		return err
	}
	s, err := st.Stats(ctx)
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	if c.json {
		return json.NewEncoder(m.Stdout).Encode(s)
	}
	_, err = fmt.Fprintf(m.Stdout, "backend   %s\narticles  %d\nevents    %d\nmentions  %d\nactors    %d\nquads     %d\ndates     %s … %s\nsize      %d bytes\n",
		s.Backend, s.Articles, s.Events, s.Mentions, s.Actors, s.Quads, s.FirstDate, s.LastDate, s.SizeBytes)
	return err
}

const reindexUsage = `
Usage: diplograph reindex [flags]

Rebuilds the store's own indexes (by date, actor, dyad, counters) from the
quads in Cayley, the source of truth.

Example:
  diplograph reindex --db ./diplograph-data`

type reindexCmd struct{ db string }

func (c *reindexCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", defaultDB, "store: a directory, badger:///path or postgres://…")
}

func (c *reindexCmd) run(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 {
		return dg.Errorf(dg.EInvalid, "reindex: unexpected argument %q", args[0])
	}
	st, err := m.openStore(ctx, c.db)
	if err != nil {
		return err
	}
	if err := st.Reindex(ctx); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	_, err = fmt.Fprintln(m.Stdout, "reindexed")
	return err
}
