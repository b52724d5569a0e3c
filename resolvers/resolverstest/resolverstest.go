// Package resolverstest provides test doubles for the GraphQL layer, as
// net/http/httptest does for HTTP: a deterministic fake Coder, a small
// in-memory Store and a Store wrapper that counts calls. They are for tests
// only; the real store is package graph and the real coder the loader.
package resolverstest

import (
	"context"
	"strings"
	"time"

	dg "github.com/diplograph/diplograph"
)

// Actors the fake coder knows.
var (
	USA = dg.Actor{ID: "country:USA", Name: "United States", Code: "USA", Kind: dg.KindCountry, Country: "USA", Aliases: []string{"Washington", "US", "the Americans"}}
	CHN = dg.Actor{ID: "country:CHN", Name: "China", Code: "CHN", Kind: dg.KindCountry, Country: "CHN", Aliases: []string{"Beijing", "Chinese"}}
	// CHNMIL is the Chinese military, a sector of China.
	CHNMIL = dg.Actor{ID: "actor:CHN-MIL", Name: "Chinese military", Code: "CHNMIL", Kind: dg.KindSector, Country: "CHN", Sector: "MIL"}
)

// Codes the fake coder uses, as in the CAMEO codebook.
var (
	Code026 = dg.Code{Code: "026", Label: "Appeal to others to meet or negotiate", Root: "02", QuadClass: 1, Goldstein: 4.0}
	Code040 = dg.Code{Code: "040", Label: "Consult", Root: "04", QuadClass: 1, Goldstein: 1.0, Plover: "CONSULT"}
	Code111 = dg.Code{Code: "111", Label: "Criticize or denounce", Root: "11", QuadClass: 3, Goldstein: -2.0, Plover: "ACCUSE"}
	Code114 = dg.Code{Code: "114", Label: "Complain officially", Root: "11", QuadClass: 3, Goldstein: -2.0, Plover: "ACCUSE"}
	Code164 = dg.Code{Code: "164", Label: "Halt negotiations", Root: "16", QuadClass: 4, Goldstein: -7.0, Plover: "SANCTION"}
	Code173 = dg.Code{Code: "173", Label: "Arrest, detain, or charge with legal action", Root: "17", QuadClass: 4, Goldstein: -5.0, Plover: "COERCE"}
)

// Codebook returns the codes above, as a Codebook function would.
func Codebook() []dg.Code {
	return []dg.Code{Code026, Code040, Code111, Code114, Code164, Code173}
}

// rule is one trigger of the fake coder.
type rule struct {
	trigger        string
	source, target dg.Actor
	code           dg.Code
	rel            string
	date           string // "" for the article's publication day
	precision      dg.Precision
	status         dg.Status
}

// rules code the sample article (testdata/articles/000_…) the way DESIGN.md
// tells it, and any article saying "criticised" on its publication day.
var rules = []rule{
	{"held a summit", USA, CHN, Code040, "meets", "2013-06", dg.PrecisionMonth, dg.Asserted},
	{"charged five Chinese military officers", USA, CHNMIL, Code173, "charges", "2014-05", dg.PrecisionMonth, dg.Asserted},
	{"pulled the plug", CHN, USA, Code164, "suspends", "2014-05", dg.PrecisionMonth, dg.Asserted},
	{"will next month urge", USA, CHN, Code026, "urges", "2014-07", dg.PrecisionMonth, dg.Planned},
	{"would raise concerns", USA, CHN, Code114, "complains", "2014-07", dg.PrecisionMonth, dg.Planned},
	{"criticised", USA, CHN, Code111, "criticises", "", dg.PrecisionDay, dg.Asserted},
}

// Coder is a deterministic fake of the loader: it finds a handful of fixed
// triggers in the text and codes one event per trigger found, between the
// USA and China, with the sentence that holds it. Events triggered by
// "criticised" are dated on the article's publication day (default
// 2014-06-27), so articles published on different days give different
// events.
type Coder struct{}

// Code implements resolvers.Coder.
func (Coder) Code(ctx context.Context, a dg.Article) (*dg.Coded, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(a.Text) == "" {
		return nil, dg.Errorf(dg.EInvalid, "fake coder: empty text")
	}
	a.ID = dg.ArticleID(dg.NormalizeText(a.Text))
	if a.Published.IsZero() {
		a.Published = time.Date(2014, 6, 27, 22, 44, 0, 0, time.UTC)
	}
	c := &dg.Coded{Article: a, Sentences: splitSentences(a.Text)}
	seen := map[string]bool{}
	perSentence := map[int]int{} // events so far per sentence, for mention ids
	for _, r := range rules {
		s, ok := sentenceWith(c.Sentences, r.trigger)
		if !ok {
			continue
		}
		date := r.date
		if date == "" {
			date = a.Published.Format(time.DateOnly)
		}
		for _, act := range []dg.Actor{r.source, r.target} {
			if !seen[act.ID] {
				seen[act.ID] = true
				c.Actors = append(c.Actors, act)
			}
		}
		src, tgt := r.source, r.target
		n := perSentence[s.Index]
		perSentence[s.Index]++
		c.Events = append(c.Events, dg.Event{
			ID:        dg.EventID(src.ID, tgt.ID, r.code.Code, date, r.precision),
			Code:      r.code,
			Source:    &src,
			Target:    &tgt,
			Status:    r.status,
			Date:      date,
			Precision: r.precision,
			Rel:       r.rel,
			Mentions: []dg.Mention{{
				ID:            dg.MentionID(a.ID, s.Index, n),
				ArticleID:     a.ID,
				SentenceIndex: s.Index,
				Sentence:      s.Text,
				Start:         s.Start,
				End:           s.End,
				Trigger:       r.trigger,
				Rule:          "fake:" + r.rel,
				Confidence:    0.9,
			}},
		})
	}
	return c, nil
}

// splitSentences splits text at ". " and line breaks, keeping byte offsets.
func splitSentences(text string) []dg.Sentence {
	var out []dg.Sentence
	start := 0
	flush := func(end int) {
		t := strings.TrimSpace(text[start:end])
		if t != "" {
			off := start + strings.Index(text[start:end], t)
			out = append(out, dg.Sentence{Index: len(out), Start: off, End: off + len(t), Text: t})
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '\n':
			flush(i + 1)
		case text[i] == '.' && i+1 < len(text) && text[i+1] == ' ':
			flush(i + 1)
		}
	}
	flush(len(text))
	return out
}

func sentenceWith(ss []dg.Sentence, trigger string) (dg.Sentence, bool) {
	for _, s := range ss {
		if strings.Contains(s.Text, trigger) {
			return s, true
		}
	}
	return dg.Sentence{}, false
}
