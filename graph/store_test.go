package graph

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/quad"

	dg "github.com/diplograph/diplograph"
)

func TestOpenURLs(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{"mysql://x", "bolt://x", "http://example.org"} {
		_, err := Open(ctx, u)
		if dg.KindOf(err) != dg.EInvalid || !strings.Contains(err.Error(), "unsupported url") {
			t.Errorf("Open(%q) = %v, want EInvalid unsupported url", u, err)
		}
	}
	dir := t.TempDir()
	s, err := Open(ctx, "badger://"+dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Backend() != BackendBadger {
		t.Errorf("backend %q", s.Backend())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stats(ctx); dg.KindOf(err) != dg.EInvalid {
		t.Errorf("Stats after Close = %v, want an error", err)
	}
}

func TestActorLookup(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		s := loaded(t, url)
		ctx := context.Background()
		for _, tc := range []struct {
			q    string
			want string // id; "" for not found
		}{
			{"country:CHN", "country:CHN"},
			{"CHN", "country:CHN"},
			{"USAGOV", "actor:USA-GOV"}, // the sector, not Russel
			{"CHNGOV", "actor:CHN-GOV"}, // the sector, not Xi
			{"CHNMIL", "actor:CHN-MIL"},
			{"actor:xi-jinping", "actor:xi-jinping"},
			{"actor:nobody", ""},
			{"XYZ", ""},
			{"", ""},
		} {
			a, err := s.Actor(ctx, tc.q)
			if tc.want == "" {
				if dg.KindOf(err) != dg.ENotFound {
					t.Errorf("Actor(%q) = %v, %v; want ENotFound", tc.q, a, err)
				}
				continue
			}
			if err != nil || a.ID != tc.want {
				t.Errorf("Actor(%q) = %v, %v; want %s", tc.q, a, err, tc.want)
			}
		}
		xi, err := s.Actor(ctx, "actor:xi-jinping")
		if err != nil {
			t.Fatal(err)
		}
		want := actXi
		if !reflect.DeepEqual(*xi, want) {
			t.Errorf("Xi = %+v, want %+v", *xi, want)
		}
		as, err := s.ActorsByID(ctx, []string{"country:JPN", "actor:none", "actor:CHN-MIL"})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 3 || as[0].ID != "country:JPN" || as[1] != nil || as[2].ID != "actor:CHN-MIL" {
			t.Errorf("ActorsByID = %v", as)
		}
	})
}

func TestSearchActors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		s := loaded(t, url)
		ctx := context.Background()
		for _, tc := range []struct {
			name string
			q    ActorQuery
			want []string
		}{
			{"prefix of name", ActorQuery{Search: "xi"}, []string{"actor:xi-jinping"}},
			{"case-insensitive", ActorQuery{Search: "CHINESE"}, []string{"actor:CHN-GOV", "actor:CHN-MIL"}},
			{"alias", ActorQuery{Search: "beij"}, []string{"country:CHN"}},
			{"alias and name", ActorQuery{Search: "russ"}, []string{"actor:daniel-russel"}},
			{"country", ActorQuery{Country: "CHN"}, []string{"country:CHN", "actor:CHN-GOV", "actor:CHN-MIL", "actor:xi-jinping"}},
			{"kind", ActorQuery{Kind: dg.KindPerson}, []string{"actor:daniel-russel", "actor:xi-jinping"}},
			{"country and prefix", ActorQuery{Search: "u", Country: "USA"}, []string{"country:USA", "actor:USA-GOV"}},
			{"none", ActorQuery{Search: "zz"}, nil},
			{"all", ActorQuery{}, []string{"country:CHN", "actor:CHN-GOV", "actor:CHN-MIL", "actor:daniel-russel",
				"country:JPN", "country:USA", "actor:USA-GOV", "actor:xi-jinping"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				for _, first := range []int{0, 1, 3} {
					var got []string
					after := ""
					for pages := 0; pages < 20; pages++ {
						p, err := s.SearchActors(ctx, tc.q, Page{First: first, After: after})
						if err != nil {
							t.Fatal(err)
						}
						if p.TotalCount != len(tc.want) {
							t.Errorf("first %d: TotalCount %d, want %d", first, p.TotalCount, len(tc.want))
						}
						for _, a := range p.Actors {
							got = append(got, a.ID)
						}
						if !p.HasNext {
							break
						}
						after = p.EndCursor
					}
					if !slices.Equal(got, tc.want) {
						t.Errorf("first %d: got %v, want %v", first, got, tc.want)
					}
				}
			})
		}
		if _, err := s.SearchActors(ctx, ActorQuery{}, Page{After: "bogus!"}); dg.KindOf(err) != dg.EInvalid {
			t.Errorf("bad cursor: %v", err)
		}
	})
}

func TestEvents(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		s := loaded(t, url)
		ctx := context.Background()
		for _, tc := range []struct {
			name string
			f    EventFilter
			want []evSpec
		}{
			{"all", EventFilter{}, allSpecs},
			{"actor", EventFilter{Actors: []string{"actor:xi-jinping"}}, []evSpec{evMeet, evOffer}},
			{"actor by code", EventFilter{Actors: []string{"CHNMIL"}}, []evSpec{evCharge, evFight}},
			{"country covers sectors and persons", EventFilter{Actors: []string{"CHN"}},
				[]evSpec{evCharge, evSuspend, evUrge, evMeet, evAccuse, evCrit, evOffer, evFight, evPlan}},
			{"country id", EventFilter{Actors: []string{"country:JPN"}}, []evSpec{evAccuse, evCrit, evSign, evOffer, evFight}},
			{"two countries", EventFilter{Actors: []string{"CHN", "JPN"}}, []evSpec{evAccuse, evCrit, evOffer, evFight}},
			{"two actors (dyad)", EventFilter{Actors: []string{"actor:xi-jinping", "USAGOV"}}, []evSpec{evMeet}},
			{"actor and country", EventFilter{Actors: []string{"actor:daniel-russel", "CHN"}}, []evSpec{evUrge}},
			{"among three", EventFilter{Actors: []string{"USA", "CHN", "JPN"}},
				[]evSpec{evCharge, evSuspend, evUrge, evMeet, evAccuse, evCrit, evSign, evOffer, evFight, evPlan}},
			{"date range months", EventFilter{From: "2014-05", To: "2014-06"}, []evSpec{evCharge, evSuspend, evFight}},
			{"date range days", EventFilter{From: "2014-07-08", To: "2014-07-09"}, []evSpec{evAccuse, evCrit}},
			{"date from year", EventFilter{From: "2015"}, []evSpec{evSign, evOffer}},
			{"date to", EventFilter{To: "2013"}, []evSpec{evMeet}},
			{"roots", EventFilter{Roots: []string{"11", "17"}}, []evSpec{evCharge, evAccuse, evCrit, evPlan}},
			{"codes", EventFilter{Codes: []string{"026", "036"}}, []evSpec{evUrge, evOffer}},
			{"quadclass", EventFilter{QuadClass: []int{4}}, []evSpec{evCharge, evSuspend, evFight}},
			{"statuses", EventFilter{Statuses: []dg.Status{dg.Planned, dg.Negated}}, []evSpec{evUrge, evCrit, evPlan}},
			{"source", EventFilter{Source: "CHN"}, []evSpec{evSuspend, evMeet, evCrit, evOffer, evFight}},
			{"target", EventFilter{Target: "JPN"}, []evSpec{evCrit, evSign, evOffer, evFight}},
			{"source and target", EventFilter{Source: "USA", Target: "CHN"}, []evSpec{evCharge, evUrge, evPlan}},
			{"article", EventFilter{ArticleID: art2.Article.ID}, []evSpec{evUrge, evAccuse, evCrit, evPlan}},
			{"article and status", EventFilter{ArticleID: art2.Article.ID, Statuses: []dg.Status{dg.Planned}}, []evSpec{evUrge, evPlan}},
			{"country, quadclass and dates", EventFilter{Actors: []string{"CHN"}, QuadClass: []int{1, 3}, From: "2014"},
				[]evSpec{evUrge, evAccuse, evCrit, evOffer, evPlan}},
			{"unknown actor", EventFilter{Actors: []string{"actor:nobody"}}, nil},
			{"unknown code", EventFilter{Actors: []string{"ZZZGOV"}}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				want := ordered(tc.want...)
				if len(tc.want) == 0 {
					want = nil
				}
				for _, first := range []int{0, 1, 2, 4} {
					var got []string
					after := ""
					for pages := 0; pages < 20; pages++ {
						p, err := s.Events(ctx, tc.f, Page{First: first, After: after})
						if err != nil {
							t.Fatal(err)
						}
						if p.TotalCount != len(want) {
							t.Errorf("first %d page %d: TotalCount %d, want %d", first, pages, p.TotalCount, len(want))
						}
						if first > 0 && len(p.Events) > first {
							t.Errorf("page of %d events, asked %d", len(p.Events), first)
						}
						for _, e := range p.Events {
							if e.Source == nil || e.Target == nil || e.Source.Name == "" || e.Code.Label == "" {
								t.Errorf("event %s lacks actors or code: %+v", e.ID, e)
							}
						}
						got = append(got, eventIDs(p.Events)...)
						if !p.HasNext {
							break
						}
						if p.EndCursor == "" {
							t.Fatal("HasNext without EndCursor")
						}
						after = p.EndCursor
					}
					if !slices.Equal(got, want) {
						t.Errorf("first %d: got %v, want %v", first, names(allSpecs, got), names(allSpecs, want))
					}
				}
			})
		}
		if _, err := s.Events(ctx, EventFilter{}, Page{After: "not a cursor"}); dg.KindOf(err) != dg.EInvalid {
			t.Errorf("invalid cursor: err %v, want EInvalid", err)
		}
		if _, err := s.Events(ctx, EventFilter{From: "May 2014"}, Page{}); dg.KindOf(err) != dg.EInvalid {
			t.Errorf("invalid date: err %v, want EInvalid", err)
		}
		e, err := s.Event(ctx, evUrge.id())
		if err != nil {
			t.Fatal(err)
		}
		if e.Source.ID != actRussel.ID || e.Target.ID != actCHN.ID || e.Code.Code != "026" || e.Status != dg.Planned ||
			e.Date != "2014-07" || e.Precision != dg.PrecisionMonth || e.Rel != "urges" || e.Code.Goldstein != 3 || e.Code.QuadClass != 1 {
			t.Errorf("Event(urge) = %+v", e)
		}
		if _, err := s.Event(ctx, "event:nothing"); dg.KindOf(err) != dg.ENotFound {
			t.Errorf("missing event: %v", err)
		}
		es, err := s.EventsByID(ctx, []string{evSign.id(), "event:none", evMeet.id()})
		if err != nil || len(es) != 3 || es[0].ID != evSign.id() || es[1] != nil || es[2].ID != evMeet.id() {
			t.Errorf("EventsByID = %v, %v", es, err)
		}
	})
}

// countOracle counts specs by brute force.
func countOracle(specs []evSpec, keep func(evSpec) bool, by []CountKey) map[string]int {
	out := map[string]int{}
	for _, e := range specs {
		if !keep(e) {
			continue
		}
		var parts []string
		s := summary{Root: e.code.Root, Code: e.code.Code, QuadClass: e.code.QuadClass, Status: e.status,
			SrcCountry: e.src.Country, TgtCountry: e.tgt.Country}
		for _, k := range by {
			parts = append(parts, string(k)+"="+dimValue(k, bucket(e.date), &s))
		}
		out[strings.Join(parts, ",")]++
	}
	return out
}

func bucketsMap(bs []CountBucket, by []CountKey) map[string]int {
	out := map[string]int{}
	for _, b := range bs {
		var parts []string
		for _, k := range by {
			parts = append(parts, string(k)+"="+b.Keys[k])
		}
		out[strings.Join(parts, ",")] += b.Count
	}
	return out
}

func TestCounts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		s := loaded(t, url)
		ctx := context.Background()
		all := func(evSpec) bool { return true }
		for _, tc := range []struct {
			name string
			f    EventFilter
			by   []CountKey
			keep func(evSpec) bool
		}{
			{"total", EventFilter{}, nil, all},
			{"month x root", EventFilter{}, []CountKey{ByMonth, ByRoot}, all},
			{"year", EventFilter{}, []CountKey{ByYear}, all},
			{"source x target country", EventFilter{}, []CountKey{BySourceCountry, ByTargetCountry}, all},
			{"code x status", EventFilter{}, []CountKey{ByCode, ByStatus}, all},
			{"quadclass, filtered by months", EventFilter{From: "2014-05", To: "2014-07"}, []CountKey{ByQuadClass},
				func(e evSpec) bool { return e.date >= "2014-05" && e.date < "2014-08" }},
			{"month, filtered by country", EventFilter{Actors: []string{"CHN"}}, []CountKey{ByMonth},
				func(e evSpec) bool { return e.src.Country == "CHN" || e.tgt.Country == "CHN" }},
			{"target country, filtered by source", EventFilter{Source: "CHN"}, []CountKey{ByTargetCountry},
				func(e evSpec) bool { return e.src.Country == "CHN" }},
			{"root, filtered by status and quadclass", EventFilter{Statuses: []dg.Status{dg.Asserted}, QuadClass: []int{3, 4}},
				[]CountKey{ByRoot}, func(e evSpec) bool { return e.status == dg.Asserted && e.code.QuadClass >= 3 }},
			// these need a scan of events
			{"month, filtered by actor", EventFilter{Actors: []string{"actor:xi-jinping"}}, []CountKey{ByMonth},
				func(e evSpec) bool { return e.src.ID == actXi.ID || e.tgt.ID == actXi.ID }},
			{"root, filtered by days", EventFilter{From: "2014-07-08"}, []CountKey{ByRoot},
				func(e evSpec) bool { return e.date >= "2014-07-08" }},
			{"status, filtered by article", EventFilter{ArticleID: art1.Article.ID}, []CountKey{ByStatus},
				func(e evSpec) bool { return slices.Contains([]string{"charge", "suspend", "urge", "meet"}, e.name) }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				bs, err := s.Counts(ctx, tc.f, tc.by)
				if err != nil {
					t.Fatal(err)
				}
				got, want := bucketsMap(bs, tc.by), countOracle(allSpecs, tc.keep, tc.by)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got %v\nwant %v", got, want)
				}
			})
		}
		// Hand-checked figures.
		bs, err := s.Counts(ctx, EventFilter{Actors: []string{"CHN"}, Roots: []string{"11"}}, []CountKey{ByMonth, ByRoot})
		if err != nil {
			t.Fatal(err)
		}
		if len(bs) != 1 || bs[0].Count != 3 || bs[0].Keys[ByMonth] != "2014-07" || bs[0].Keys[ByRoot] != "11" || bs[0].GoldsteinMean != -2 {
			t.Errorf("CHN x root 11 = %+v", bs)
		}
		bs, err = s.Counts(ctx, EventFilter{}, []CountKey{ByYear})
		if err != nil {
			t.Fatal(err)
		}
		if len(bs) != 3 || bs[0].Keys[ByYear] != "2013" || bs[0].Count != 1 || bs[1].Count != 7 || bs[2].Count != 2 {
			t.Errorf("by year = %+v", bs)
		}
		if _, err := s.Counts(ctx, EventFilter{Actors: []string{"actor:xi-jinping"}, MaxResults: 1}, nil); dg.KindOf(err) != dg.EInvalid {
			t.Errorf("counts over MaxResults: %v", err)
		}
		if _, err := s.Counts(ctx, EventFilter{}, []CountKey{"week"}); dg.KindOf(err) != dg.EInvalid {
			t.Errorf("unknown key: %v", err)
		}
	})
}

func TestNeighborhoodAndPaths(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		s := loaded(t, url)
		ctx := context.Background()
		ids := func(sg Subgraph) []string {
			var out []string
			for _, a := range sg.Actors {
				out = append(out, a.ID)
			}
			return out
		}
		// JPN: CHN (accuse, criticize: 2), USA, Xi, CHN-MIL (1 each).
		sg, err := s.Neighborhood(ctx, "JPN", 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ids(sg), []string{"country:JPN", "country:CHN", "actor:CHN-MIL", "actor:xi-jinping", "country:USA"}; !slices.Equal(got, want) {
			t.Errorf("1 hop: %v, want %v", got, want)
		}
		var jc *Edge
		for i, e := range sg.Edges {
			if e.Source == "country:JPN" && e.Target == "country:CHN" {
				jc = &sg.Edges[i]
			}
		}
		if jc == nil || jc.Count != 1 || jc.Rel != "accuses" || jc.GoldsteinMean != -2 {
			t.Errorf("edge JPN->CHN = %+v in %+v", jc, sg.Edges)
		}
		if len(sg.Edges) != 5 { // JPN<->CHN both ways, CHN-MIL->JPN, Xi->JPN, USA->JPN
			t.Errorf("1 hop edges: %+v", sg.Edges)
		}
		sg, err = s.Neighborhood(ctx, "JPN", 1, 3)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(sg); len(got) != 3 || got[1] != "country:CHN" {
			t.Errorf("limit 3: %v", got)
		}
		sg, err = s.Neighborhood(ctx, "actor:daniel-russel", 2, 0)
		if err != nil {
			t.Fatal(err)
		}
		// Russel - CHN; CHN's neighbours: JPN (2 events), USA-GOV, Russel.
		if got, want := ids(sg), []string{"actor:daniel-russel", "country:CHN", "country:JPN", "actor:USA-GOV"}; !slices.Equal(got, want) {
			t.Errorf("2 hops from Russel: %v, want %v", got, want)
		}
		sg, err = s.Neighborhood(ctx, "actor:daniel-russel", 3, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(sg.Actors) != 4 {
			t.Errorf("3 hops limit 4: %v", ids(sg))
		}
		if _, err := s.Neighborhood(ctx, "JPN", 4, 0); dg.KindOf(err) != dg.EInvalid {
			t.Errorf("hops 4: %v", err)
		}
		if _, err := s.Neighborhood(ctx, "actor:nobody", 1, 0); dg.KindOf(err) != dg.ENotFound {
			t.Errorf("unknown actor: %v", err)
		}

		// Paths from Russel to CHN-MIL: Russel-CHN, then CHN-USAGOV (plan)
		// or CHN-JPN, then USAGOV-CHNMIL (charge) or JPN-CHNMIL (fight).
		ps, err := s.Paths(ctx, "actor:daniel-russel", "CHNMIL", 4)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range ps {
			var ids []string
			for _, a := range p.Actors {
				ids = append(ids, a.ID)
			}
			if len(p.Edges) != len(p.Actors)-1 {
				t.Errorf("path %v has %d edges", ids, len(p.Edges))
			}
			got = append(got, strings.Join(ids, " "))
		}
		if want := []string{"actor:daniel-russel country:CHN actor:USA-GOV actor:CHN-MIL",
			"actor:daniel-russel country:CHN country:JPN actor:CHN-MIL"}; !slices.Equal(got, want) {
			t.Fatalf("paths = %v, want %v", got, want)
		}
		if e := ps[1].Edges[2]; e.Source != "actor:CHN-MIL" || e.Target != "country:JPN" || e.Rel != "fights" || e.Count != 1 {
			t.Errorf("last edge %+v", e)
		}
		if e := ps[0].Edges[1]; e.Source != "actor:USA-GOV" || e.Target != "country:CHN" || e.Rel != "complains" {
			t.Errorf("middle edge %+v", e)
		}
		ps, err = s.Paths(ctx, "actor:daniel-russel", "CHNMIL", 2)
		if err != nil || len(ps) != 0 {
			t.Errorf("paths within 2 = %v, %v", ps, err)
		}
		// USA's neighbours: CHN-GOV (suspend), JPN (sign). CHN's: Russel,
		// JPN, USA-GOV. One shortest path, through JPN.
		ps, err = s.Paths(ctx, "USA", "CHN", 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 1 || len(ps[0].Actors) != 3 || ps[0].Actors[1].ID != "country:JPN" {
			t.Errorf("USA to CHN: %+v", ps)
		}
		if _, err := s.Paths(ctx, "USA", "CHN", 5); dg.KindOf(err) != dg.EInvalid {
			t.Errorf("maxHops 5: %v", err)
		}
	})
}

func TestArticleReads(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		s := loaded(t, url)
		ctx := context.Background()
		a, err := s.Article(ctx, art1.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "Cyber talks" || a.URL != art1.Article.URL || !a.Published.Equal(art1.Article.Published) {
			t.Errorf("Article = %+v", a)
		}
		if _, err := s.Article(ctx, "article:none"); dg.KindOf(err) != dg.ENotFound {
			t.Errorf("missing article: %v", err)
		}
		es, err := s.ArticleEvents(ctx, art1.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := eventIDs(es), ordered(evCharge, evSuspend, evUrge, evMeet); !slices.Equal(got, want) {
			t.Errorf("ArticleEvents = %v, want %v", names(allSpecs, got), names(allSpecs, want))
		}
		ok, err := s.HasArticle(ctx, art3.Article.ID)
		if err != nil || !ok {
			t.Errorf("HasArticle = %v, %v", ok, err)
		}
		ms, err := s.Mentions(ctx, []string{evUrge.id(), evSign.id(), "event:none"})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 3 || len(ms[0]) != 2 || len(ms[1]) != 1 || len(ms[2]) != 0 {
			t.Fatalf("Mentions = %+v", ms)
		}
		m := ms[1][0]
		if m.ArticleID != art3.Article.ID || m.Sentence != "Sentence sign in Pact." || m.SentenceIndex != 0 ||
			m.Trigger != "signs" || m.Rule != "rule-sign" || m.Confidence != 0.75 || m.End != len(m.Sentence) {
			t.Errorf("mention = %+v", m)
		}
		arts := map[string]bool{ms[0][0].ArticleID: true, ms[0][1].ArticleID: true}
		if !arts[art1.Article.ID] || !arts[art2.Article.ID] {
			t.Errorf("urge mentioned by %v", arts)
		}
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantQuads := 0
		for _, c := range allArticles {
			wantQuads += len(Quads(c))
		}
		if st.Articles != 4 || st.Events != 10 || st.Mentions != 11 || st.Actors != 8 || st.Quads != int64(wantQuads) ||
			st.FirstDate != "2013-06" || st.LastDate != "2015-01-10" || st.Backend != s.Backend() || st.UpdatedAt.IsZero() {
			t.Errorf("Stats = %+v (want %d quads)", st, wantQuads)
		}
	})
}

func TestSharedEventAndDelete(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		s := loaded(t, url)
		ctx := context.Background()
		before := dumpIndex(t, s)
		counts := func() []CountBucket {
			bs, err := s.Counts(ctx, EventFilter{}, []CountKey{ByMonth, ByRoot, BySourceCountry})
			if err != nil {
				t.Fatal(err)
			}
			return bs
		}
		countsBefore := counts()

		ok, err := s.DeleteArticle(ctx, art1.Article.ID)
		if err != nil || !ok {
			t.Fatalf("delete = %v, %v", ok, err)
		}
		if ok, err := s.DeleteArticle(ctx, art1.Article.ID); err != nil || ok {
			t.Errorf("second delete = %v, %v", ok, err)
		}
		// urge stays (art2 mentions it), with one mention; the others go.
		e, err := s.Event(ctx, evUrge.id())
		if err != nil {
			t.Fatalf("urge after delete: %v", err)
		}
		if e.Status != dg.Planned {
			t.Errorf("urge = %+v", e)
		}
		ms, err := s.Mentions(ctx, []string{evUrge.id()})
		if err != nil || len(ms[0]) != 1 || ms[0][0].ArticleID != art2.Article.ID {
			t.Errorf("urge mentions = %+v, %v", ms, err)
		}
		for _, gone := range []evSpec{evCharge, evSuspend, evMeet} {
			if _, err := s.Event(ctx, gone.id()); dg.KindOf(err) != dg.ENotFound {
				t.Errorf("%s after delete: %v", gone.name, err)
			}
		}
		p, err := s.Events(ctx, EventFilter{}, Page{First: 100})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := eventIDs(p.Events), ordered(evUrge, evAccuse, evCrit, evSign, evOffer, evFight, evPlan); !slices.Equal(got, want) {
			t.Errorf("events after delete = %v", names(allSpecs, got))
		}
		// Actors only art1 named are gone; shared ones stay.
		if _, err := s.Actor(ctx, "actor:CHN-GOV"); dg.KindOf(err) != dg.ENotFound {
			t.Errorf("CHN-GOV after delete: %v", err)
		}
		if _, err := s.Actor(ctx, "actor:CHN-MIL"); err != nil { // art4's fight names it
			t.Errorf("CHN-MIL after delete: %v", err)
		}
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Articles != 3 || st.Events != 7 || st.Mentions != 7 {
			t.Errorf("stats after delete = %+v", st)
		}
		var buf quadBuf
		if err := s.ExportQuads(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		for _, q := range buf {
			if q.Label == quad.IRI(art1.Article.ID) {
				t.Fatalf("quad of the deleted article left: %v", q)
			}
		}

		// Re-ingest: the index is what it was.
		if r, err := s.WriteArticle(ctx, art1); err != nil || r.Unchanged || r.Replaced {
			t.Fatalf("re-ingest = %+v, %v", r, err)
		}
		if got := counts(); !reflect.DeepEqual(got, countsBefore) {
			t.Errorf("counts after re-ingest %+v, want %+v", got, countsBefore)
		}
		diffIndex(t, before, dumpIndex(t, s))
	})
}

type quadBuf []quad.Quad

func (b *quadBuf) WriteQuad(q quad.Quad) error { *b = append(*b, q); return nil }
func (b *quadBuf) WriteQuads(qs []quad.Quad) (int, error) {
	*b = append(*b, qs...)
	return len(qs), nil
}

func diffIndex(t *testing.T, want, got map[string]string) {
	t.Helper()
	n := 0
	for k, v := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("index lacks %q", k)
			n++
		} else if g != v {
			t.Errorf("index %q = %x, want %x", k, g, v)
			n++
		}
		if n > 10 {
			return
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("index has extra %q", k)
			n++
		}
		if n > 10 {
			return
		}
	}
}

func TestRewrite(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		s := loaded(t, url)
		ctx := context.Background()
		r, err := s.WriteArticle(ctx, art2)
		if err != nil || !r.Unchanged || r.Replaced {
			t.Fatalf("unchanged rewrite = %+v, %v", r, err)
		}
		before := dumpIndex(t, s)
		// Change art2: criticise becomes asserted, plan goes, a new event.
		changed := article("Japan and China trade accusations; Russel will urge talks.", "Island dispute (updated)",
			day("2014-07-10"), []dg.Actor{actJPN, actCHN, actRussel},
			evUrge, evAccuse, evSpec{"criticize", actCHN, actJPN, evCrit.code, evCrit.date, evCrit.precision, dg.Asserted, "criticizes"},
			evSign)
		r, err = s.WriteArticle(ctx, changed)
		if err != nil || r.Unchanged || !r.Replaced || r.Events != 4 {
			t.Fatalf("changed rewrite = %+v, %v", r, err)
		}
		e, err := s.Event(ctx, evCrit.id())
		if err != nil || e.Status != dg.Asserted {
			t.Errorf("criticize = %+v, %v", e, err)
		}
		if _, err := s.Event(ctx, evPlan.id()); dg.KindOf(err) != dg.ENotFound {
			t.Errorf("plan after rewrite: %v", err)
		}
		ms, err := s.Mentions(ctx, []string{evSign.id()})
		if err != nil || len(ms[0]) != 2 {
			t.Errorf("sign mentions = %v, %v", ms, err)
		}
		a, err := s.Article(ctx, art2.Article.ID)
		if err != nil || a.Title != "Island dispute (updated)" {
			t.Errorf("article = %+v, %v", a, err)
		}
		checkReindex(t, s)
		// And back.
		if _, err := s.WriteArticle(ctx, art2); err != nil {
			t.Fatal(err)
		}
		diffIndex(t, before, dumpIndex(t, s))
	})
}

// checkReindex asserts that Reindex gives the index incremental writes gave.
func checkReindex(t *testing.T, s *Store) {
	t.Helper()
	before := dumpIndex(t, s)
	if err := s.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	diffIndex(t, before, dumpIndex(t, s))
}

func TestReindex(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		s := loaded(t, url)
		checkReindex(t, s)
		if _, err := s.DeleteArticle(context.Background(), art3.Article.ID); err != nil {
			t.Fatal(err)
		}
		checkReindex(t, s)
	})
}

func TestWriteBatch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := openStore(t, url)
		rs, err := s.WriteBatch(ctx, allArticles)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rs {
			if r.ArticleID != allArticles[i].Article.ID || r.Unchanged || r.Replaced || r.Quads != len(Quads(allArticles[i])) {
				t.Errorf("result %d = %+v", i, r)
			}
		}
		batch := dumpIndex(t, s)
		// The same index as one article at a time.
		one := loaded(t, backendURL(t, s))
		diffIndex(t, dumpIndex(t, one), batch)
		rs, err = s.WriteBatch(ctx, allArticles)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if !r.Unchanged {
				t.Errorf("second batch: %+v", r)
			}
		}
		if _, err := s.WriteBatch(ctx, []*dg.Coded{art1, art1}); dg.KindOf(err) != dg.EInvalid {
			t.Errorf("duplicate in batch: %v", err)
		}
	})
}

// backendURL returns a fresh store URL of the same backend as s.
func backendURL(t *testing.T, s *Store) string {
	if s.Backend() == BackendPostgres {
		return postgresDB(t)
	}
	return t.TempDir()
}

func TestValidation(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	mod := func(f func(c *dg.Coded)) *dg.Coded {
		c := article("Validation text.", "V", day("2014-01-01"), nil, evSign)
		f(c)
		return c
	}
	for _, tc := range []struct {
		name  string
		c     *dg.Coded
		field string
	}{
		{"nil", nil, "nil article"},
		{"article id", mod(func(c *dg.Coded) { c.Article.ID = "x" }), "Article.ID"},
		{"status", mod(func(c *dg.Coded) { c.Events[0].Status = "maybe" }), "Events[0].Status"},
		{"precision", mod(func(c *dg.Coded) { c.Events[0].Precision = "decade" }), "Events[0].Precision"},
		{"date", mod(func(c *dg.Coded) { c.Events[0].Date = "July 2014" }), "Events[0].Date"},
		{"code", mod(func(c *dg.Coded) { c.Events[0].Code.Code = "" }), "Events[0].Code.Code"},
		{"actor id", mod(func(c *dg.Coded) { c.Events[0].Source.ID = "usa" }), "Events[0].Source.ID"},
		{"actor kind", mod(func(c *dg.Coded) { c.Events[0].Target.Kind = "planet" }), "Events[0].Target.Kind"},
		{"mention article", mod(func(c *dg.Coded) { c.Events[0].Mentions[0].ArticleID = "article:other" }), "Events[0].Mentions[0].ArticleID"},
		{"rel", mod(func(c *dg.Coded) { c.Events[0].Rel = "two words" }), "Events[0].Rel"},
		{"utf8", mod(func(c *dg.Coded) { c.Article.Title = "\xff" }), "Article.Title"},
	} {
		_, err := s.WriteArticle(ctx, tc.c)
		if dg.KindOf(err) != dg.EInvalid || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: err %v, want EInvalid naming %s", tc.name, err, tc.field)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Articles != 0 || st.Quads != 0 {
		t.Errorf("stats after invalid writes = %+v, %v", st, err)
	}
}

// TestFailedWrite injects failures around the Cayley transaction and checks
// that nothing is left: no quad, no index entry.
func TestFailedWrite(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := openStore(t, url)
		if _, err := s.WriteArticle(ctx, art3); err != nil {
			t.Fatal(err)
		}
		index := dumpIndex(t, s)
		quads := exportSet(t, s)
		check := func(name string) {
			t.Helper()
			diffIndex(t, index, dumpIndex(t, s))
			if got := exportSet(t, s); !reflect.DeepEqual(got, quads) {
				t.Errorf("%s: quads changed: %d, want %d", name, len(got), len(quads))
			}
		}

		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.WriteArticle(cctx, art1); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled write: %v", err)
		}
		check("cancelled")

		boom := errors.New("injected failure")
		s.afterCayley = func([]string) error { return boom }
		if _, err := s.WriteBatch(ctx, []*dg.Coded{art1, art2}); !errors.Is(err, boom) {
			t.Errorf("failing hook: %v", err)
		}
		check("hook after cayley")
		// A failed replacement and a failed delete restore the old article.
		changed := article("The US and Japan sign a pact; Xi may offer talks.", "Pact 2", day("2015-01-15"), nil, evSign)
		if _, err := s.WriteArticle(ctx, changed); !errors.Is(err, boom) {
			t.Errorf("failing replacement: %v", err)
		}
		check("replacement")
		if _, err := s.DeleteArticle(ctx, art3.Article.ID); !errors.Is(err, boom) {
			t.Errorf("failing delete: %v", err)
		}
		check("delete")
		s.afterCayley = nil

		// The store still works afterwards.
		if _, err := s.WriteBatch(ctx, []*dg.Coded{art1, art2}); err != nil {
			t.Fatal(err)
		}
		checkReindex(t, s)
	})
}

func exportSet(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	var buf quadBuf
	if err := s.ExportQuads(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, q := range buf {
		out[q.NQuad()] = true
	}
	return out
}

func TestReopen(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.WriteBatch(ctx, allArticles[:2]); err != nil {
			t.Fatal(err)
		}
		before := dumpIndex(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("second close: %v", err)
		}
		s = openStore(t, url)
		diffIndex(t, before, dumpIndex(t, s))
		r, err := s.WriteArticle(ctx, art1)
		if err != nil || !r.Unchanged {
			t.Errorf("rewrite after reopen = %+v, %v", r, err)
		}
		if _, err := s.WriteBatch(ctx, allArticles[2:]); err != nil {
			t.Fatal(err)
		}
		p, err := s.Events(ctx, EventFilter{}, Page{})
		if err != nil || p.TotalCount != 10 {
			t.Errorf("events after reopen: %d, %v", p.TotalCount, err)
		}
	})
}

// TestConcurrentReaders runs readers while a writer writes and deletes;
// every read must see a consistent state (run with -race).
func TestConcurrentReaders(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := openStore(t, url)
		if _, err := s.WriteArticle(ctx, art4); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		stop := make(chan struct{})
		errs := make(chan error, 16)
		for r := 0; r < 4; r++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					p, err := s.Events(ctx, EventFilter{Actors: []string{"CHN"}}, Page{First: 100})
					if err != nil {
						errs <- err
						return
					}
					// A consistent state: every article is fully there or
					// not, so the number of events is one of a few totals.
					if p.TotalCount != len(p.Events) {
						errs <- fmt.Errorf("total %d but %d events", p.TotalCount, len(p.Events))
						return
					}
					if _, err := s.Counts(ctx, EventFilter{}, []CountKey{ByMonth}); err != nil {
						errs <- err
						return
					}
					if _, err := s.Neighborhood(ctx, "actor:CHN-MIL", 2, 10); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		for i := 0; i < 5; i++ {
			if _, err := s.WriteBatch(ctx, allArticles[:3]); err != nil {
				t.Fatal(err)
			}
			for _, c := range allArticles[:3] {
				if _, err := s.DeleteArticle(ctx, c.Article.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		close(stop)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

// TestSkipTotal: a page asked without its total has the same events and no count.
func TestSkipTotal(t *testing.T) {
	forEachBackend(t, func(t *testing.T, url string) {
		s := loaded(t, url)
		ctx := context.Background()
		f := EventFilter{Actors: []string{"USA"}}
		full, err := s.Events(ctx, f, Page{First: 2})
		if err != nil {
			t.Fatal(err)
		}
		quick, err := s.Events(ctx, f, Page{First: 2, SkipTotal: true})
		if err != nil {
			t.Fatal(err)
		}
		if full.TotalCount <= 2 || quick.TotalCount != 0 || len(quick.Events) != len(full.Events) || quick.EndCursor != full.EndCursor || quick.HasNext != full.HasNext {
			t.Fatalf("full %d events total %d next %v; quick %d events total %d next %v", len(full.Events), full.TotalCount, full.HasNext, len(quick.Events), quick.TotalCount, quick.HasNext)
		}
	})
}
