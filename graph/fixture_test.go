package graph

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	dg "github.com/diplograph/diplograph"
)

// The hand-made graph: four articles about the USA, China and Japan.
var (
	actUSA    = dg.Actor{ID: "country:USA", Name: "United States", Code: "USA", Kind: dg.KindCountry, Country: "USA", Aliases: []string{"Washington", "US"}}
	actCHN    = dg.Actor{ID: "country:CHN", Name: "China", Code: "CHN", Kind: dg.KindCountry, Country: "CHN", Aliases: []string{"Beijing"}}
	actJPN    = dg.Actor{ID: "country:JPN", Name: "Japan", Code: "JPN", Kind: dg.KindCountry, Country: "JPN", Aliases: []string{"Tokyo"}}
	actUSAGOV = dg.Actor{ID: "actor:USA-GOV", Name: "US government", Code: "USAGOV", Kind: dg.KindSector, Country: "USA", Sector: "GOV"}
	actCHNGOV = dg.Actor{ID: "actor:CHN-GOV", Name: "Chinese government", Code: "CHNGOV", Kind: dg.KindSector, Country: "CHN", Sector: "GOV"}
	actCHNMIL = dg.Actor{ID: "actor:CHN-MIL", Name: "Chinese military", Code: "CHNMIL", Kind: dg.KindSector, Country: "CHN", Sector: "MIL"}
	actXi     = dg.Actor{ID: "actor:xi-jinping", Name: "Xi Jinping", Code: "CHNGOV", Kind: dg.KindPerson, Country: "CHN", Sector: "GOV", Title: "President", Aliases: []string{"Xi"}}
	actRussel = dg.Actor{ID: "actor:daniel-russel", Name: "Daniel Russel", Code: "USAGOV", Kind: dg.KindPerson, Country: "USA", Sector: "GOV", Title: "Assistant Secretary of State", Aliases: []string{"Russel"}}
)

type evSpec struct {
	name      string
	src, tgt  dg.Actor
	code      dg.Code
	date      string
	precision dg.Precision
	status    dg.Status
	rel       string
}

func code(c, label string, qc int, g float64) dg.Code {
	return dg.Code{Code: c, Label: label, Root: c[:2], QuadClass: qc, Goldstein: g}
}

var (
	evCharge  = evSpec{"charge", actUSAGOV, actCHNMIL, code("173", "Arrest, detain, or charge with legal action", 4, -5), "2014-05", dg.PrecisionMonth, dg.Asserted, "charges"}
	evSuspend = evSpec{"suspend", actCHNGOV, actUSA, code("164", "Reduce or break diplomatic relations", 4, -4.4), "2014-05", dg.PrecisionMonth, dg.Asserted, "suspends"}
	evUrge    = evSpec{"urge", actRussel, actCHN, code("026", "Appeal to others to meet or negotiate", 1, 3), "2014-07", dg.PrecisionMonth, dg.Planned, "urges"}
	evMeet    = evSpec{"meet", actXi, actUSAGOV, code("040", "Consult", 1, 1), "2013-06", dg.PrecisionMonth, dg.Asserted, "meets"}
	evAccuse  = evSpec{"accuse", actJPN, actCHN, code("112", "Accuse", 3, -2), "2014-07-08", dg.PrecisionDay, dg.Asserted, "accuses"}
	evCrit    = evSpec{"criticize", actCHN, actJPN, code("111", "Criticize or denounce", 3, -2), "2014-07-09", dg.PrecisionDay, dg.Negated, "criticizes"}
	evSign    = evSpec{"sign", actUSA, actJPN, code("057", "Sign formal agreement", 1, 8), "2015", dg.PrecisionYear, dg.Asserted, "signs"}
	evOffer   = evSpec{"offer", actXi, actJPN, code("036", "Express intent to meet or negotiate", 1, 4), "2015-01-10", dg.PrecisionDay, dg.Hypothetical, "offers"}
	evFight   = evSpec{"fight", actCHNMIL, actJPN, code("190", "Use conventional military force", 4, -10), "2014-06-27", dg.PrecisionReported, dg.Reported, "fights"}
	evPlan    = evSpec{"plan", actUSAGOV, actCHN, code("114", "Complain officially", 3, -2), "2014-07", dg.PrecisionMonth, dg.Planned, "complains"}
)

func (e evSpec) id() string {
	return dg.EventID(e.src.ID, e.tgt.ID, e.code.Code, e.date, e.precision)
}

// article builds a coded article whose events are mentioned one per
// sentence.
func article(text, title string, published time.Time, actors []dg.Actor, evs ...evSpec) *dg.Coded {
	id := dg.ArticleID(dg.NormalizeText(text))
	c := &dg.Coded{Article: dg.Article{ID: id, Title: title, URL: "https://example.org/" + strings.TrimPrefix(id, "article:"),
		Published: published, Text: text}, Actors: actors}
	off := 0
	for i, e := range evs {
		sent := "Sentence " + e.name + " in " + title + "."
		c.Sentences = append(c.Sentences, dg.Sentence{Index: i, Start: off, End: off + len(sent), Text: sent})
		src, tgt := e.src, e.tgt
		c.Events = append(c.Events, dg.Event{
			ID: e.id(), Code: e.code, Source: &src, Target: &tgt, Status: e.status, Date: e.date,
			Precision: e.precision, Rel: e.rel,
			Mentions: []dg.Mention{{ID: dg.MentionID(id, i, 0), ArticleID: id, SentenceIndex: i, Sentence: sent,
				Start: off, End: off + len(sent), Trigger: e.rel, Rule: "rule-" + e.name, Confidence: 0.75}},
		})
		off += len(sent) + 1
	}
	return c
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

var (
	art1 = article("Cyber talks: the US charged five officers; Beijing suspended the working group.", "Cyber talks",
		day("2014-06-27"), []dg.Actor{actUSA, actCHN, actUSAGOV, actCHNGOV, actCHNMIL, actRussel, actXi},
		evCharge, evSuspend, evUrge, evMeet)
	art2 = article("Japan and China trade accusations; Russel will urge talks.", "Island dispute",
		day("2014-07-10"), []dg.Actor{actJPN, actCHN, actRussel},
		evUrge, evAccuse, evCrit, evPlan)
	art3 = article("The US and Japan sign a pact; Xi may offer talks.", "Pact", day("2015-01-15"),
		[]dg.Actor{actUSA, actJPN, actXi}, evSign, evOffer)
	art4 = article("Clashes reported between Chinese forces and Japan.", "Clashes", day("2014-06-27"),
		nil, evFight)
	allArticles = []*dg.Coded{art1, art2, art3, art4}
	allSpecs    = []evSpec{evCharge, evSuspend, evUrge, evMeet, evAccuse, evCrit, evSign, evOffer, evFight, evPlan}
)

// backends lists the stores the suite runs on.
type backend struct {
	name string
	open func(t *testing.T) (url string)
}

func backends() []backend {
	return []backend{
		{"badger", func(t *testing.T) string { return t.TempDir() }},
		{"postgres", func(t *testing.T) string { return postgresDB(t) }},
	}
}

// forEachBackend runs fn on a fresh store of every backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, url string)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			fn(t, b.open(t))
		})
	}
}

const postgresEnv = "DIPLOGRAPH_TEST_POSTGRES"

// postgresDB creates a fresh database on the server named by
// DIPLOGRAPH_TEST_POSTGRES, drops it after the test and returns its URL.
func postgresDB(t *testing.T) string {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		if os.Getenv("DIPLOGRAPH_REQUIRE_POSTGRES") != "" {
			t.Fatal("DIPLOGRAPH_REQUIRE_POSTGRES is set (as .ci/run sets it) but postgres is not available")
		}
		t.Skip("set " + postgresEnv + " to a PostgreSQL URL (e.g. postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable) to run the PostgreSQL tests")
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "dgtest_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("postgres", base)
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func openStore(t *testing.T, url string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func loaded(t *testing.T, url string) *Store {
	t.Helper()
	s := openStore(t, url)
	for _, c := range allArticles {
		if _, err := s.WriteArticle(context.Background(), c); err != nil {
			t.Fatalf("write %s: %v", c.Article.Title, err)
		}
	}
	return s
}

func eventIDs(es []dg.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func specIDs(specs ...evSpec) []string {
	out := make([]string, len(specs))
	for i, e := range specs {
		out[i] = e.id()
	}
	return out
}

// ordered sorts event specs as the store orders events.
func ordered(specs ...evSpec) []string {
	s := append([]evSpec(nil), specs...)
	sort.Slice(s, func(i, j int) bool {
		return sortKey(s[i].date, s[i].precision, s[i].id()) < sortKey(s[j].date, s[j].precision, s[j].id())
	})
	return specIDs(s...)
}

func names(specs []evSpec, ids []string) []string {
	byID := map[string]string{}
	for _, s := range specs {
		byID[s.id()] = s.name
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
		if out[i] == "" {
			out[i] = id
		}
	}
	return out
}

// dumpIndex returns every index key and value, except the time of the
// last write.
func dumpIndex(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.view(context.Background(), func(tx *itx) error {
		return tx.scan(nil, nil, func(k, v []byte) (bool, error) {
			if string(k) != string(key(tagStat, "updated")) {
				out[string(k)] = string(v)
			}
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
