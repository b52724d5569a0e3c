package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad/nquads"
	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
)

const exportUsage = `
Usage: diplograph export [flags]

Writes the graph to standard output:
  --format nquads  every quad (the label of each is its article)
  --format jsonl   one event per line, with its actors and mentions
  --format csv     one event per line, GDELT-like columns, for pandas and R

Filters (jsonl and csv): --actor, --from, --to, --root, --status.

Examples:
  diplograph export --format nquads > graph.nq
  diplograph export --format csv --actor CHN --from 2014-01 > china.csv
  python -c "import pandas as pd; print(pd.read_csv('china.csv').groupby('root').size())"`

type exportCmd struct {
	db, format                 string
	actor, from, to, root, sts string
}

func (c *exportCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", defaultDB, "store: a directory, badger:///path or postgres://…")
	fs.StringVar(&c.format, "format", "jsonl", "nquads, jsonl or csv")
	fs.StringVar(&c.actor, "actor", "", "only events touching these actors (comma-separated ids or codes; several: among them)")
	fs.StringVar(&c.from, "from", "", "only events on or after this ISO date prefix")
	fs.StringVar(&c.to, "to", "", "only events on or before this ISO date prefix")
	fs.StringVar(&c.root, "root", "", "only these CAMEO roots (comma-separated)")
	fs.StringVar(&c.sts, "status", "", "only these statuses (comma-separated)")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (c *exportCmd) filter() (graph.EventFilter, error) {
	f := graph.EventFilter{Actors: splitList(c.actor), From: c.from, To: c.to, Roots: splitList(c.root)}
	for _, s := range splitList(c.sts) {
		st := dg.Status(s)
		if !st.Valid() {
			return f, dg.Errorf(dg.EInvalid, "export: --status %q is not one of asserted, planned, negated, hypothetical, reported", s)
		}
		f.Statuses = append(f.Statuses, st)
	}
	return f, nil
}

// CSVHeader is the header row of the CSV export.
var CSVHeader = []string{"event_id", "date", "precision", "source_code", "source_country", "source_sector", "source_name",
	"target_code", "target_country", "target_sector", "target_name", "cameo_code", "cameo_root", "label", "quad_class",
	"goldstein", "plover", "status", "article", "article_url", "sentence", "trigger"}

// ExportEvent is one line of the JSON Lines export.
type ExportEvent struct {
	ID        string       `json:"id"`
	Date      string       `json:"date"`
	Precision string       `json:"precision"`
	Source    *dg.Actor    `json:"source"`
	Target    *dg.Actor    `json:"target"`
	Code      dg.Code      `json:"code"`
	Status    string       `json:"status"`
	Mentions  []dg.Mention `json:"mentions"`
}

func (c *exportCmd) run(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 {
		return dg.Errorf(dg.EInvalid, "export: unexpected argument %q", args[0])
	}
	switch c.format {
	case "nquads", "jsonl", "csv":
	default:
		return dg.Errorf(dg.EInvalid, "export: --format %q is not nquads, jsonl or csv", c.format)
	}
	f, err := c.filter()
	if err != nil {
		return err
	}
	st, err := m.openStore(ctx, c.db)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(m.Stdout, 64<<10)
	defer w.Flush()
	if c.format == "nquads" {
		qw := nquads.NewWriter(w)
		if err := st.ExportQuads(ctx, qw); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := qw.Close(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return w.Flush()
	}
	var cw *csv.Writer
	enc := json.NewEncoder(w)
	if c.format == "csv" {
		cw = csv.NewWriter(w)
		if err := cw.Write(CSVHeader); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	urls := map[string]string{}
	page := graph.Page{First: 500}
	for {
		p, err := st.Events(ctx, f, page)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		ids := make([]string, len(p.Events))
		for k, e := range p.Events {
			ids[k] = e.ID
		}
		mentions, err := st.Mentions(ctx, ids)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for k, e := range p.Events {
			if cw == nil {
				err = enc.Encode(ExportEvent{ID: e.ID, Date: e.Date, Precision: string(e.Precision), Source: e.Source,
					Target: e.Target, Code: e.Code, Status: string(e.Status), Mentions: mentions[k]})
			} else {
				err = writeCSVEvent(ctx, st, cw, e, mentions[k], urls)
			}
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
		if !p.HasNext {
			break
		}
		page.After = p.EndCursor
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return w.Flush()
}

func actorCols(a *dg.Actor) []string {
	if a == nil {
		return []string{"", "", "", ""}
	}
	return []string{a.Code, a.Country, a.Sector, a.Name}
}

// writeCSVEvent writes one row per mention, so each row reaches its sentence.
func writeCSVEvent(ctx context.Context, st *graph.Store, cw *csv.Writer, e dg.Event, ms []dg.Mention, urls map[string]string) error {
	if len(ms) == 0 {
		ms = []dg.Mention{{}}
	}
	for _, mn := range ms {
		url, ok := urls[mn.ArticleID]
		if !ok && mn.ArticleID != "" {
			if a, err := st.Article(ctx, mn.ArticleID); err == nil {
				url = a.URL
			}
			urls[mn.ArticleID] = url
		}
		row := []string{e.ID, e.Date, string(e.Precision)}
		row = append(row, actorCols(e.Source)...)
		row = append(row, actorCols(e.Target)...)
		row = append(row, e.Code.Code, e.Code.Root, e.Code.Label, strconv.Itoa(e.Code.QuadClass),
			strconv.FormatFloat(e.Code.Goldstein, 'f', -1, 64), e.Code.Plover, string(e.Status), mn.ArticleID, url, mn.Sentence, mn.Trigger)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return nil
}
