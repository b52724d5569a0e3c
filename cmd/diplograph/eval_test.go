package main

import (
	"context"
	"os"
	"testing"

	"github.com/diplograph/diplograph/loader"
)

// The shared evaluation data lives beside the repository (../shared), not in it.
const ploverDev = "../../../shared/eval/plover_dev.jsonl"

// Floors the coder must keep on the PLOVER dev set; raise them as it
// improves (BENCHMARKS.md has the current figures and the goals).
const (
	minPloverF1   = 0.72
	minActorShare = 0.95
)

func TestEvalPloverDev(t *testing.T) {
	if _, err := os.Stat(ploverDev); err != nil {
		t.Skipf("no evaluation data at %s (it sits beside the repository on the project's machines)", ploverDev)
	}
	coder, err := loader.NewCoder()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Evaluate(context.Background(), coder, ploverDev, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PLOVER P=%.3f R=%.3f F1=%.3f; actors %.3f", res.Plover.Precision, res.Plover.Recall, res.Plover.F1, res.ActorRecall)
	if res.Plover.Records != 162 {
		t.Errorf("scored %d records, the file has 162", res.Plover.Records)
	}
	if res.Plover.F1 < minPloverF1 {
		t.Errorf("PLOVER F1 %.3f fell below %.2f", res.Plover.F1, minPloverF1)
	}
	if res.ActorRecall < minActorShare {
		t.Errorf("actor share %.3f fell below %.2f", res.ActorRecall, minActorShare)
	}
	if res.Plover.NoEventFPs != 0 {
		t.Errorf("%d events coded on records whose gold has none", res.Plover.NoEventFPs)
	}
}

// TestTally checks the scorer's multiset matching on a small case.
func TestTally(t *testing.T) {
	var s Score
	miss := tally(&s, []string{"USA|CHN|AGREE", "CHN|USA|AGREE"}, []string{"USA|CHN|AGREE", "USA|CHN|AGREE", "RUS||FIGHT"}, true)
	s.finish()
	if !miss || s.TP != 1 || s.FP != 2 || s.FN != 1 {
		t.Fatalf("tally: %+v miss=%v", s, miss)
	}
	if s.Precision < 0.333 || s.Precision > 0.334 || s.Recall != 0.5 {
		t.Fatalf("precision %.3f recall %.3f", s.Precision, s.Recall)
	}
}
