package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"runtime"
	"sync"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/loader"
)

const codeUsage = `
Usage: diplograph code [flags] [PATH...]

Codes articles or sentences without a store, like PETRARCH: reads JSON Lines
records {"id", "text", "date"?} (date may be null or missing) or article files
(.txt, .jsonl, directories, .gz; "-" or nothing for standard input) and writes
one JSON line per input record, in input order:

  {"id":"…","events":[{"source":"USAGOV","target":"CHN","code":"026","root":"02",
   "plover":"REQUEST","quadClass":1,"goldstein":4,"status":"planned","date":"2014-07",
   "precision":"month","trigger":"urge","sentence":0,"start":0,"end":120,"confidence":0.8}]}

A bad record yields {"id":…,"error":"file:line: …"} and coding goes on.

Examples:
  diplograph code testdata/articles/000_f64768faf15baae3.txt
  echo '{"id":"1","text":"China rejected the charges.","date":"2014-06-27"}' | diplograph code
  diplograph code --workers 2 sentences.jsonl.gz > coded.jsonl`

type codeCmd struct {
	workers int
	explain bool
}

func (c *codeCmd) flags(fs *flag.FlagSet) {
	fs.IntVar(&c.workers, "workers", runtime.GOMAXPROCS(0), "coding goroutines")
	fs.BoolVar(&c.explain, "explain", false, "also list the actor and date spans found (slower; for checking a coding)")
}

// SpanOut is an actor or date span in --explain output.
type SpanOut struct {
	Sentence int    `json:"sentence"`
	Text     string `json:"text"`
	Code     string `json:"code,omitempty"`
	ID       string `json:"id,omitempty"`
	Date     string `json:"date,omitempty"`
	Prec     string `json:"precision,omitempty"`
}

// CodedEvent is one event in the coder's JSON output.
type CodedEvent struct {
	Source     string  `json:"source"`
	Target     string  `json:"target"`
	Code       string  `json:"code"`
	Root       string  `json:"root"`
	Plover     string  `json:"plover"`
	QuadClass  int     `json:"quadClass"`
	Goldstein  float64 `json:"goldstein"`
	Status     string  `json:"status"`
	Date       string  `json:"date"`
	Precision  string  `json:"precision"`
	Trigger    string  `json:"trigger"`
	Sentence   int     `json:"sentence"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Confidence float64 `json:"confidence"`
}

// CodedRecord is one line of the coder's output.
type CodedRecord struct {
	ID     string       `json:"id"`
	Events []CodedEvent `json:"events"`
	Error  string       `json:"error,omitempty"`
	Actors []SpanOut    `json:"actors,omitempty"` // with --explain
	Dates  []SpanOut    `json:"dates,omitempty"`  // with --explain
}

func codeOf(a *dg.Actor) string {
	if a == nil {
		return ""
	}
	return a.Code
}

// toRecord maps a coded article to the output form: one event per mention.
func toRecord(id string, c *dg.Coded) CodedRecord {
	r := CodedRecord{ID: id, Events: []CodedEvent{}}
	for _, e := range c.Events {
		for _, mn := range e.Mentions {
			r.Events = append(r.Events, CodedEvent{
				Source: codeOf(e.Source), Target: codeOf(e.Target), Code: e.Code.Code, Root: e.Code.Root,
				Plover: e.Code.Plover, QuadClass: e.Code.QuadClass, Goldstein: e.Code.Goldstein,
				Status: string(e.Status), Date: e.Date, Precision: string(e.Precision), Trigger: mn.Trigger,
				Sentence: mn.SentenceIndex, Start: mn.Start, End: mn.End, Confidence: mn.Confidence,
			})
		}
	}
	return r
}

// codeStream codes records with workers and hands results to emit in input
// order. At most a few records per worker are in flight, so memory stays
// flat however long the input.
func codeStream(ctx context.Context, coder *loader.Coder, recs func(yield func(loader.Record) bool), workers int, emit func(loader.Record, *dg.Coded, error) error) error {
	if workers < 1 {
		workers = 1
	}
	type job struct {
		rec  loader.Record
		done chan struct{}
		out  *dg.Coded
		err  error
	}
	jobs := make(chan *job)
	order := make(chan *job, workers*4)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if j.rec.Err == nil {
					j.out, j.err = coder.Code(ctx, j.rec.Article)
				}
				close(j.done)
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		for rec := range recs {
			j := &job{rec: rec, done: make(chan struct{})}
			select {
			case order <- j:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				close(j.done)
				return
			}
		}
	}()
	var firstErr error
	for j := range order {
		<-j.done
		if firstErr != nil {
			continue
		}
		err := j.rec.Err
		if err == nil {
			err = j.err
		}
		if e := emit(j.rec, j.out, err); e != nil {
			firstErr = e
		}
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

func (c *codeCmd) run(ctx context.Context, m *Main, args []string) error {
	coder, err := loader.NewCoder()
	if err != nil {
		return err
	}
	if len(args) == 0 {
		args = []string{"-"}
	}
	files, err := loader.ListFiles(args)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(m.Stdout, 64<<10)
	enc := json.NewEncoder(w)
	n := 0
	err = codeStream(ctx, coder, loader.Read(ctx, files, loader.ReadOptions{Stdin: m.Stdin}), c.workers, func(rec loader.Record, out *dg.Coded, err error) error {
		n++
		id := rec.Article.ExtID
		if id == "" {
			id = rec.Article.Source
		}
		if err != nil {
			return enc.Encode(CodedRecord{ID: id, Events: []CodedEvent{}, Error: err.Error()})
		}
		r := toRecord(id, out)
		if c.explain {
			x, err := coder.Explain(ctx, rec.Article)
			if err != nil {
				return err
			}
			for _, a := range x.Actors {
				r.Actors = append(r.Actors, SpanOut{Sentence: a.Sentence, Text: a.Text, Code: a.Actor.Code, ID: a.Actor.ID})
			}
			for _, d := range x.Dates {
				r.Dates = append(r.Dates, SpanOut{Sentence: d.Sentence, Text: d.Expr.Text, Date: d.Expr.Date, Prec: string(d.Precision)})
			}
		}
		return enc.Encode(r)
	})
	if ferr := w.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write output: %w", ferr)
	}
	return err
}
