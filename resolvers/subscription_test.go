package resolvers_test

import (
	"context"
	"testing"
	"time"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers"
	"github.com/diplograph/diplograph/resolvers/resolverstest"
)

func event(src, tgt dg.Actor, code dg.Code, date string, status dg.Status, article string) dg.Event {
	return dg.Event{
		ID: dg.EventID(src.ID, tgt.ID, code.Code, date, dg.PrecisionMonth), Code: code,
		Source: &src, Target: &tgt, Date: date, Precision: dg.PrecisionMonth, Status: status,
		Mentions: []dg.Mention{{ArticleID: article}},
	}
}

func TestMatch(t *testing.T) {
	usa, chn, mil := resolverstest.USA, resolverstest.CHN, resolverstest.CHNMIL
	charge := event(usa, mil, resolverstest.Code173, "2014-05", dg.Asserted, "article:a")
	urge := event(usa, chn, resolverstest.Code026, "2014-07", dg.Planned, "article:b")
	for _, tt := range []struct {
		name string
		f    graph.EventFilter
		e    dg.Event
		want bool
	}{
		{"empty", graph.EventFilter{}, charge, true},
		{"one actor by code", graph.EventFilter{Actors: []string{"CHNMIL"}}, charge, true},
		{"country code covers sector", graph.EventFilter{Actors: []string{"CHN"}}, charge, true},
		{"country id covers sector", graph.EventFilter{Actors: []string{"country:CHN"}}, charge, true},
		{"one actor absent", graph.EventFilter{Actors: []string{"RUS"}}, charge, false},
		{"among two", graph.EventFilter{Actors: []string{"CHN", "USA"}}, charge, true},
		{"among two needs both", graph.EventFilter{Actors: []string{"USA", "RUS"}}, charge, false},
		{"among two needs different entries", graph.EventFilter{Actors: []string{"USA", "USAGOV"}}, charge, false},
		{"source", graph.EventFilter{Source: "USA"}, charge, true},
		{"source wrong way", graph.EventFilter{Source: "CHN"}, charge, false},
		{"target by id", graph.EventFilter{Target: "actor:CHN-MIL"}, charge, true},
		{"from day within month", graph.EventFilter{From: "2014-05-20"}, charge, true},
		{"from after", graph.EventFilter{From: "2014-06"}, charge, false},
		{"to year", graph.EventFilter{To: "2014"}, urge, true},
		{"to before", graph.EventFilter{To: "2014-06-30"}, urge, false},
		{"roots", graph.EventFilter{Roots: []string{"02", "04"}}, urge, true},
		{"codes", graph.EventFilter{Codes: []string{"173"}}, urge, false},
		{"quad class", graph.EventFilter{QuadClass: []int{4}}, charge, true},
		{"statuses", graph.EventFilter{Statuses: []dg.Status{dg.Planned}}, charge, false},
		{"article", graph.EventFilter{ArticleID: "article:b"}, urge, true},
		{"other article", graph.EventFilter{ArticleID: "article:b"}, charge, false},
	} {
		if got := resolvers.Match(tt.f, &tt.e); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestBroker(t *testing.T) {
	b := resolvers.NewBroker(2)
	ctx, cancel := context.WithCancel(context.Background())
	all := b.Subscribe(ctx, graph.EventFilter{})
	planned := b.Subscribe(ctx, graph.EventFilter{Statuses: []dg.Status{dg.Planned}})
	if b.Subscribers() != 2 {
		t.Fatalf("%d subscribers", b.Subscribers())
	}
	usa, chn := resolverstest.USA, resolverstest.CHN
	b.Publish([]dg.Event{
		event(usa, chn, resolverstest.Code040, "2013-06", dg.Asserted, "a"),
		event(usa, chn, resolverstest.Code026, "2014-07", dg.Planned, "a"),
		event(usa, chn, resolverstest.Code114, "2014-07", dg.Planned, "a"),
	})
	if e := <-planned; e.Code.Code != "026" {
		t.Errorf("planned subscriber got %s first", e.Code.Code)
	}
	if e := <-all; e.Code.Code != "040" {
		t.Errorf("subscriber got %s first", e.Code.Code)
	}
	// The third event overflowed the buffer of 2 of the first subscriber.
	if b.Dropped() != 1 {
		t.Errorf("dropped %d, want 1", b.Dropped())
	}
	cancel()
	deadline := time.After(5 * time.Second)
	for range all {
	}
	select {
	case <-deadline:
		t.Fatal("channel not closed after cancel")
	default:
	}
	for range planned {
	}
	if b.Subscribers() != 0 {
		t.Errorf("%d subscribers after cancel", b.Subscribers())
	}
}
