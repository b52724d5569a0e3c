package graph

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	dg "github.com/diplograph/diplograph"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestQuadsGolden pins the quads of a hand-made article (reviewed by hand in
// testdata/quads.golden.nq).
func TestQuadsGolden(t *testing.T) {
	var b strings.Builder
	for _, q := range Quads(art1) {
		b.WriteString(q.NQuad())
		b.WriteByte('\n')
	}
	path := filepath.Join("testdata", "quads.golden.nq")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestQuadsGolden -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("Quads(art1) differ from %s:\n%s", path, got)
	}
}

func TestQuadsRoundTrip(t *testing.T) {
	for _, c := range allArticles {
		qs := Quads(c)
		for _, q := range qs {
			if q.Label != quad.Value(quad.IRI(c.Article.ID)) {
				t.Fatalf("quad %v not labelled with its article", q)
			}
		}
		if !reflect.DeepEqual(Quads(c), qs) {
			t.Error("Quads is not deterministic")
		}
		n, err := parseQuads(c.Article.ID, qs)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(n, normalize(c)) {
			t.Errorf("parse(render(%s)) != normalize:\n%+v\n%+v", c.Article.Title, n, normalize(c))
		}
		// Order does not matter to the hash.
		rev := append([]quad.Quad(nil), qs...)
		for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
			rev[i], rev[j] = rev[j], rev[i]
		}
		if quadsHash(rev) != quadsHash(qs) {
			t.Error("hash depends on order")
		}
	}
}

func TestQuadsDefaults(t *testing.T) {
	c := &dg.Coded{
		Article:   dg.Article{ID: "article:0123456789abcdef", Title: "T"},
		Sentences: []dg.Sentence{{Index: 0, Text: "Beijing suspended the talks."}},
		Events: []dg.Event{{
			Code: dg.Code{Code: "164"}, Status: dg.Asserted, Date: "2014-05", Precision: dg.PrecisionMonth, Rel: "suspends",
			Source:   &dg.Actor{ID: "country:CHN", Name: "China"},
			Target:   &dg.Actor{ID: "actor:USA-GOV", Sector: "GOV", Country: "USA"},
			Mentions: []dg.Mention{{SentenceIndex: 0}},
		}},
	}
	n := normalize(c)
	e := n.Events[0]
	if want := dg.EventID("country:CHN", "actor:USA-GOV", "164", "2014-05", dg.PrecisionMonth); e.ID != want {
		t.Errorf("event id %s, want %s", e.ID, want)
	}
	if e.Code.Root != "16" {
		t.Errorf("root %q", e.Code.Root)
	}
	m := e.Mentions[0]
	if m.ID != dg.MentionID(c.Article.ID, 0, 0) || m.ArticleID != c.Article.ID || m.Sentence != "Beijing suspended the talks." {
		t.Errorf("mention %+v", m)
	}
	if len(n.Actors) != 2 || n.Actors[0].ID != "actor:USA-GOV" || n.Actors[0].Kind != dg.KindSector ||
		n.Actors[1].Kind != dg.KindCountry || n.Actors[1].Country != "CHN" {
		t.Errorf("actors %+v", n.Actors)
	}
}
