package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/loader"
)

const evalUsage = `
Usage: diplograph eval [flags] GOLD.jsonl

Runs the coder on a gold file of human-coded sentences (records with "id",
"text", "date" and "events": [{"source","target","code"}]) and reports
precision, recall and F1 on (source country, target country, event type),
where country is the first three letters of an actor code (older CAMEO codes
such as JAP are read as their ISO3) and the event type is PLOVER (gold codes
that are CAMEO digits are compared on their root instead). Records whose gold
has no events count every coded event as a false positive.

Examples:
  diplograph eval ../shared/eval/plover_dev.jsonl
  diplograph eval --misses 20 ../shared/eval/plover_dev.jsonl`

type evalCmd struct {
	misses int
	json   bool
}

func (c *evalCmd) flags(fs *flag.FlagSet) {
	fs.IntVar(&c.misses, "misses", 0, "print up to N records the coder got wrong")
	fs.BoolVar(&c.json, "json", false, "print the scores as JSON")
}

// goldRecord is one record of a gold file.
type goldRecord struct {
	ID     string  `json:"id"`
	Text   string  `json:"text"`
	Date   *string `json:"date"`
	Events []struct {
		Source string `json:"source"`
		Target string `json:"target"`
		Code   string `json:"code"`
	} `json:"events"`
}

// Score is precision, recall and F1 over matched tuples.
type Score struct {
	TP, FP, FN          int
	Precision, Recall   float64
	F1                  float64
	Records, NoEventFPs int
}

func (s *Score) finish() {
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// EvalResult is what eval reports.
type EvalResult struct {
	File      string
	Plover    Score // (source country, target country, PLOVER type)
	Root      Score // (source country, target country, CAMEO root) where gold gives CAMEO
	Elapsed   time.Duration
	Sentences int
	// ActorRecall is the share of gold source and target countries found
	// among the countries of the actors coded in the sentence.
	ActorRecall          float64
	ActorFound, ActorAll int
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// countryOf returns the first three letters of an actor code, with older
// CAMEO country codes mapped to ISO3.
func countryOf(lex *loader.Lexicon, code string) string {
	if len(code) < 3 {
		return ""
	}
	c := strings.ToUpper(code[:3])
	if iso, ok := lex.Legacy[c]; ok {
		return iso
	}
	return c
}

// Evaluate codes every gold record and scores the result.
func Evaluate(ctx context.Context, coder *loader.Coder, path string, onMiss func(id, text string, gold, got []string)) (EvalResult, error) {
	res := EvalResult{File: path}
	f, err := os.Open(path)
	if err != nil {
		return res, dg.Errorf(dg.EInvalid, "eval %s: %w", path, err)
	}
	defer f.Close()
	var golds []goldRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g goldRecord
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			return res, dg.Errorf(dg.EInvalid, "eval %s:%d: %w", path, line, err)
		}
		golds = append(golds, g)
	}
	if err := sc.Err(); err != nil {
		return res, fmt.Errorf("eval %s: %w", path, err)
	}
	lex := coder.Lexicon()
	start := time.Now()
	recs := func(yield func(loader.Record) bool) {
		for _, g := range golds {
			a := dg.Article{ExtID: g.ID, Text: g.Text, Source: path}
			if g.Date != nil {
				if t, err := time.Parse("2006-01-02", *g.Date); err == nil {
					a.Published = t
				}
			}
			if !yield(loader.Record{Article: a}) {
				return
			}
		}
	}
	k := 0
	err = codeStream(ctx, coder, recs, runtime.GOMAXPROCS(0), func(rec loader.Record, out *dg.Coded, err error) error {
		g := golds[k]
		k++
		if err != nil {
			return fmt.Errorf("eval %s: record %s: %w", path, g.ID, err)
		}
		res.Sentences += len(out.Sentences)
		x, err := coder.Explain(ctx, rec.Article)
		if err != nil {
			return fmt.Errorf("eval %s: record %s: %w", path, g.ID, err)
		}
		have := map[string]bool{}
		for _, a := range x.Actors {
			if a.Actor.Code != "" {
				have[countryOf(lex, a.Actor.Code)] = true
			}
		}
		wanted := map[string]bool{}
		for _, e := range g.Events {
			for _, c := range []string{countryOf(lex, e.Source), countryOf(lex, e.Target)} {
				if c != "" {
					wanted[c] = true
				}
			}
		}
		for c := range wanted {
			res.ActorAll++
			if have[c] {
				res.ActorFound++
			}
		}
		var goldP, goldR, gotP, gotR []string
		cameo := false
		for _, e := range g.Events {
			s, t := countryOf(lex, e.Source), countryOf(lex, e.Target)
			if isDigits(e.Code) {
				cameo = true
				goldR = append(goldR, s+"|"+t+"|"+e.Code[:2])
			} else {
				goldP = append(goldP, s+"|"+t+"|"+e.Code)
			}
		}
		for _, e := range out.Events {
			s, t := countryOf(lex, codeOf(e.Source)), countryOf(lex, codeOf(e.Target))
			for range e.Mentions {
				gotP = append(gotP, s+"|"+t+"|"+e.Code.Plover)
				gotR = append(gotR, s+"|"+t+"|"+e.Code.Root)
			}
		}
		res.Plover.Records++
		if len(g.Events) == 0 {
			res.Plover.NoEventFPs += len(gotP)
		}
		missP := tally(&res.Plover, goldP, gotP, !cameo)
		missR := false
		if cameo {
			res.Root.Records++
			missR = tally(&res.Root, goldR, gotR, true)
		}
		if (missP && !cameo || missR) && onMiss != nil {
			gold := goldP
			got := gotP
			if cameo {
				gold, got = goldR, gotR
			}
			onMiss(g.ID, g.Text, gold, got)
		}
		return nil
	})
	res.Elapsed = time.Since(start)
	if res.ActorAll > 0 {
		res.ActorRecall = float64(res.ActorFound) / float64(res.ActorAll)
	}
	res.Plover.finish()
	res.Root.finish()
	return res, err
}

// tally adds the multiset match of gold and got to s and reports a miss.
func tally(s *Score, gold, got []string, count bool) bool {
	if !count {
		return false
	}
	left := map[string]int{}
	for _, g := range gold {
		left[g]++
	}
	tp := 0
	for _, g := range got {
		if left[g] > 0 {
			left[g]--
			tp++
		}
	}
	s.TP += tp
	s.FP += len(got) - tp
	s.FN += len(gold) - tp
	return tp != len(gold) || tp != len(got)
}

func (c *evalCmd) run(ctx context.Context, m *Main, args []string) error {
	if len(args) != 1 {
		return dg.Errorf(dg.EInvalid, "eval: want one gold file, got %d arguments", len(args))
	}
	coder, err := loader.NewCoder()
	if err != nil {
		return err
	}
	shown := 0
	res, err := Evaluate(ctx, coder, args[0], func(id, text string, gold, got []string) {
		if shown >= c.misses {
			return
		}
		shown++
		sort.Strings(gold)
		sort.Strings(got)
		fmt.Fprintf(m.Stdout, "MISS %s\n  %s\n  gold: %v\n  got:  %v\n", id, text, gold, got)
	})
	if err != nil {
		return err
	}
	if c.json {
		return json.NewEncoder(m.Stdout).Encode(res)
	}
	p, r := res.Plover, res.Root
	fmt.Fprintf(m.Stdout, "%s: %d records, %d sentences, %s\n", res.File, p.Records, res.Sentences, res.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(m.Stdout, "PLOVER (src country, tgt country, type): P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)\n", p.Precision, p.Recall, p.F1, p.TP, p.FP, p.FN)
	if r.Records > 0 {
		fmt.Fprintf(m.Stdout, "CAMEO root (src country, tgt country, root): P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d) over %d records\n", r.Precision, r.Recall, r.F1, r.TP, r.FP, r.FN, r.Records)
	}
	fmt.Fprintf(m.Stdout, "actors: %d of %d gold source/target countries found among the sentence's actors (%.1f%%)\n", res.ActorFound, res.ActorAll, 100*res.ActorRecall)
	fmt.Fprintf(m.Stdout, "events coded on records with no gold events: %d\n", p.NoEventFPs)
	return nil
}
