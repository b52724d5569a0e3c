package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/loader"
	"github.com/diplograph/diplograph/server"
)

const serveUsage = `
Usage: diplograph serve [flags]

Serves the knowledge graph over GraphQL: /graphql (POST, GET, websocket),
GraphiQL at /, /healthz, /readyz, /metrics, and Cayley's Gizmo queries
(read-only) at /cayley/. With --load, first loads articles, skipping those
already stored. Mutations (ingestArticle, deleteArticle) need --write-token
and "Authorization: Bearer <token>".

Examples:
  diplograph serve --load testdata/articles
  diplograph serve --db postgres://diplograph@127.0.0.1/diplograph --addr :9090 --read-only
  DIPLOGRAPH_WRITE_TOKEN=s3cret diplograph serve`

type serveCmd struct {
	db, addr, token string
	load            stringList
	readOnly        bool
	workers         int
	store           storeFlags
}

// stringList is a repeatable flag; commas also separate values.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	*l = append(*l, splitList(v)...)
	return nil
}

func (c *serveCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", defaultDB, "store: a directory, badger:///path or postgres://…")
	fs.StringVar(&c.addr, "addr", ":8080", "address to listen on")
	fs.Var(&c.load, "load", "load articles from this path before serving (repeatable)")
	fs.StringVar(&c.token, "write-token", "", "bearer token that mutations must present; empty disables them")
	fs.BoolVar(&c.readOnly, "read-only", false, "refuse all mutations")
	fs.IntVar(&c.workers, "workers", 0, "coding goroutines for --load (0: all cores)")
	c.store.register(fs)
}

func (c *serveCmd) run(ctx context.Context, m *Main, args []string) error {
	// Paths after the flags count as --load too: serve --load a b.
	c.load = append(c.load, args...)
	st, err := m.openStoreWith(ctx, c.db, c.store.options(m.logger))
	if err != nil {
		return err
	}
	coder, err := loader.NewCoder()
	if err != nil {
		return err
	}
	if len(c.load) > 0 {
		files, err := loader.ListFiles(c.load)
		if err != nil {
			return err
		}
		sum, err := LoadFiles(ctx, st, coder, files, LoadOptions{Workers: c.workers, KeepGoing: true, SkipKnown: true, Progress: m.progress(files), Stdin: m.Stdin})
		m.logger.Info("loaded", "summary", sum.String())
		for _, f := range sum.Failures {
			m.logger.Warn("article failed", "error", f)
		}
		if err != nil {
			return err
		}
	}
	srv, err := server.New(server.Config{Addr: c.addr, Store: st, Coder: coder, Codebook: coder.Codebook,
		WriteToken: c.token, ReadOnly: c.readOnly, Logger: m.logger})
	if err != nil {
		return dg.Errorf(dg.EInvalid, "serve: %w", err)
	}
	go func() {
		select {
		case <-srv.Listening():
			if u := srv.URL(); u != "" {
				// Listening on every interface: show the address a browser can open.
				u = strings.NewReplacer("//[::]:", "//localhost:", "//0.0.0.0:", "//localhost:").Replace(u)
				fmt.Fprintf(m.Stdout, "GraphiQL: %s/\n", u)
			}
		case <-ctx.Done():
		}
	}()
	return srv.ListenAndServe(ctx)
}
