package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	dg "github.com/diplograph/diplograph"
)

// GenOptions configures a synthetic graph (for benchmarks, load tests and
// crash tests). Zero fields take the defaults noted.
type GenOptions struct {
	Seed             uint64 // default 1
	Events           int    // number of event mentions; default 100,000
	EventsPerArticle int    // default 10
	Countries        int    // default 200
	PersonsPerPer    int    // persons per country; default 5
	FirstYear        int    // default 2005
	Years            int    // default 20
	// Shared is the probability that an article repeats an event of the
	// previous article (same event, another mention); default 0.05.
	Shared float64
	// Version changes the content of every article (titles, statuses,
	// sentences) while keeping its id, to test re-writes; default 0.
	Version int
}

// Generator makes deterministic synthetic coded articles: about 200
// countries, their sectors (GOV, MIL, …) and persons, events with every
// CAMEO root over 20 years at mixed precisions and statuses. Article i is a
// pure function of the options and i.
type Generator struct {
	opt       GenOptions
	countries []string
	codes     []dg.Code
}

// Sectors used by the generator.
var genSectors = []string{"GOV", "MIL", "JUD", "LEG", "BUS", "MED", "OPP", "REB", "COP", "EDU"}

// NewGenerator returns a generator.
func NewGenerator(opt GenOptions) *Generator {
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Events <= 0 {
		opt.Events = 100_000
	}
	if opt.EventsPerArticle <= 0 {
		opt.EventsPerArticle = 10
	}
	if opt.Countries <= 0 {
		opt.Countries = 200
	}
	if opt.PersonsPerPer <= 0 {
		opt.PersonsPerPer = 5
	}
	if opt.FirstYear == 0 {
		opt.FirstYear = 2005
	}
	if opt.Years <= 0 {
		opt.Years = 20
	}
	if opt.Shared == 0 {
		opt.Shared = 0.05
	}
	g := &Generator{opt: opt}
	seen := map[string]bool{"IGO": true, "NGO": true}
	for _, c := range []string{"USA", "CHN", "RUS", "JPN", "GBR", "FRA", "DEU", "IND", "BRA", "ZAF"} {
		if len(g.countries) < opt.Countries {
			g.countries = append(g.countries, c)
			seen[c] = true
		}
	}
	for i := 0; len(g.countries) < opt.Countries && i < 26*26*26; i++ {
		c := string([]byte{byte('A' + i/676), byte('A' + i/26%26), byte('A' + i%26)})
		if !seen[c] {
			seen[c] = true
			g.countries = append(g.countries, c)
		}
	}
	for root := 1; root <= 20; root++ {
		qc, gs := 4, -7.0
		switch {
		case root <= 5:
			qc, gs = 1, 1+float64(root)/2
		case root <= 8:
			qc, gs = 2, 5+float64(root-5)
		case root <= 13:
			qc, gs = 3, -2-float64(root-9)/2
		}
		r := fmt.Sprintf("%02d", root)
		g.codes = append(g.codes, dg.Code{Code: r + "0", Root: r, QuadClass: qc, Goldstein: gs, Label: "Generic " + r})
		for k := 1; k <= 6; k++ {
			g.codes = append(g.codes, dg.Code{Code: fmt.Sprintf("%s%d", r, k), Root: r, QuadClass: qc,
				Goldstein: math.Round((gs+float64(k)/10)*10) / 10, Label: fmt.Sprintf("Code %s%d", r, k)})
		}
	}
	return g
}

// Articles returns the number of articles the generator makes.
func (g *Generator) Articles() int {
	return (g.opt.Events + g.opt.EventsPerArticle - 1) / g.opt.EventsPerArticle
}

// Batches streams the generator's articles in batches of at most n,
// generating the next batch while the caller writes this one.
func (g *Generator) Batches(n int) <-chan []*dg.Coded {
	ch := make(chan []*dg.Coded, 1)
	go func() {
		defer close(ch)
		for i := 0; i < g.Articles(); i += n {
			b := make([]*dg.Coded, 0, min(n, g.Articles()-i))
			for j := i; j < min(i+n, g.Articles()); j++ {
				b = append(b, g.Article(j))
			}
			ch <- b
		}
	}()
	return ch
}

// skewed picks an index in [0, n) with a heavy head (a few hubs).
func skewed(r *rand.Rand, n int) int {
	x := r.Float64()
	return min(n-1, int(float64(n)*x*x*x))
}

func (g *Generator) actor(r *rand.Rand) dg.Actor {
	c := g.countries[skewed(r, len(g.countries))]
	switch x := r.IntN(10); {
	case x < 4:
		return dg.Actor{ID: dg.CountryActorID(c), Name: "Country " + c, Code: c, Kind: dg.KindCountry, Country: c,
			Aliases: []string{"Capital of " + c}}
	case x < 8:
		s := genSectors[r.IntN(len(genSectors))]
		return dg.Actor{ID: dg.SectorActorID(c, s), Name: c + " " + strings.ToLower(s), Code: c + s, Kind: dg.KindSector,
			Country: c, Sector: s}
	default:
		p := r.IntN(g.opt.PersonsPerPer)
		name := fmt.Sprintf("Person %d of %s", p, c)
		return dg.Actor{ID: dg.PersonActorID(name), Name: name, Code: c + "GOV", Kind: dg.KindPerson, Country: c,
			Sector: "GOV", Title: "Minister", Aliases: []string{fmt.Sprintf("%s-%d", c, p)}}
	}
}

var genRels = []string{"", "says", "meets", "appeals", "promises", "consults", "engages", "cooperates", "aids",
	"yields", "investigates", "demands", "disapproves", "rejects", "threatens", "protests", "exhibits", "reduces",
	"coerces", "assaults", "fights", "kills"}

// event makes the j-th event (without mentions); version changes its
// status.
func (g *Generator) event(j, version int) dg.Event {
	r := rand.New(rand.NewPCG(g.opt.Seed, uint64(j)))
	src := g.actor(r)
	tgt := g.actor(r)
	for tgt.ID == src.ID {
		tgt = g.actor(r)
	}
	code := g.codes[r.IntN(len(g.codes))]
	days := r.IntN(g.opt.Years * 365)
	t := time.Date(g.opt.FirstYear, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days)
	var date string
	var p dg.Precision
	switch x := r.IntN(100); {
	case x < 70:
		date, p = t.Format("2006-01-02"), dg.PrecisionDay
	case x < 90:
		date, p = t.Format("2006-01"), dg.PrecisionMonth
	case x < 95:
		date, p = t.Format("2006"), dg.PrecisionYear
	case x < 98:
		date, p = t.Format("2006-01-02"), dg.PrecisionWeek
	default:
		date, p = t.Format("2006-01-02"), dg.PrecisionReported
	}
	st := dg.Asserted
	if x := r.IntN(100); x < 20 {
		st = dg.Statuses[1+x%4]
	}
	if version > 0 {
		st = dg.Statuses[(j+version)%len(dg.Statuses)]
	}
	rootN := int(code.Root[0]-'0')*10 + int(code.Root[1]-'0')
	e := dg.Event{Code: code, Source: &src, Target: &tgt, Status: st, Date: date, Precision: p, Rel: genRels[rootN]}
	e.ID = dg.EventID(src.ID, tgt.ID, code.Code, date, p)
	return e
}

// Article returns article i (0 ≤ i < Articles()).
func (g *Generator) Article(i int) *dg.Coded {
	r := rand.New(rand.NewPCG(g.opt.Seed^0x9e3779b97f4a7c15, uint64(i)))
	text := fmt.Sprintf("Synthetic article %d of seed %d.", i, g.opt.Seed)
	id := dg.ArticleID(dg.NormalizeText(text))
	title := fmt.Sprintf("Article %d", i)
	if g.opt.Version > 0 {
		title += fmt.Sprintf(" (version %d)", g.opt.Version)
	}
	first := i * g.opt.EventsPerArticle
	var idx []int
	for j := first; j < min(first+g.opt.EventsPerArticle, g.opt.Events); j++ {
		idx = append(idx, j)
	}
	if i > 0 && r.Float64() < g.opt.Shared {
		idx = append(idx, first-1) // an event of the previous article
	}
	published := time.Date(g.opt.FirstYear, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(g.opt.Years*365)).Add(time.Duration(i) * time.Second)
	c := &dg.Coded{Article: dg.Article{ID: id, Title: title, URL: fmt.Sprintf("https://example.org/gen/%d", i),
		Published: published, Text: text}}
	off := 0
	for n, j := range idx {
		e := g.event(j, g.opt.Version)
		sent := fmt.Sprintf("%s %s %s (%s, %s).", e.Source.Name, e.Rel, e.Target.Name, e.Code.Code, e.Date)
		if g.opt.Version > 0 {
			sent += fmt.Sprintf(" Version %d.", g.opt.Version)
		}
		c.Sentences = append(c.Sentences, dg.Sentence{Index: n, Start: off, End: off + len(sent), Text: sent})
		e.Mentions = []dg.Mention{{ID: dg.MentionID(id, n, 0), ArticleID: id, SentenceIndex: n, Sentence: sent,
			Start: off, End: off + len(sent), Trigger: e.Rel, Rule: "gen." + e.Code.Code, Confidence: 0.5 + r.Float64()/2}}
		off += len(sent) + 1
		c.Events = append(c.Events, e)
	}
	return c
}
