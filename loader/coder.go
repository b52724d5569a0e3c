package loader

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/loader/dates"
)

// Coder turns articles into coded events. It is safe for concurrent use:
// all state lives in one Code call.
type Coder struct {
	lex *Lexicon
}

// NewCoder returns a coder over the embedded lexicon.
func NewCoder() (*Coder, error) {
	lex, err := DefaultLexicon()
	if err != nil {
		return nil, fmt.Errorf("new coder: %w", err)
	}
	return &Coder{lex: lex}, nil
}

// Lexicon returns the coder's lexicon.
func (c *Coder) Lexicon() *Lexicon { return c.lex }

// Codebook returns the CAMEO codes the coder uses.
func (c *Coder) Codebook() []dg.Code { return c.lex.Codebook() }

// paragraphs returns the spans of an article to code: the layout of a
// plain-text article (header and pull quotes dropped), or the blank-line
// separated paragraphs of a text whose title came from elsewhere.
func paragraphs(a dg.Article) []Span {
	if a.Title == "" || strings.HasPrefix(strings.TrimSpace(a.Text), a.Title) {
		return Layout(a.Text).Paragraphs
	}
	var out []Span
	start := 0
	for _, part := range strings.Split(a.Text, "\n\n") {
		s, e := trimSpan(a.Text, start, start+len(part))
		if e > s {
			out = append(out, Span{s, e})
		}
		start += len(part) + 2
	}
	return out
}

// ActorSpan is one actor found in the text, with the words that named it.
type ActorSpan struct {
	Sentence   int
	Start, End int // byte offsets in the article text
	Text       string
	Actor      dg.Actor // Code is empty when the words name someone unknown
}

// DateSpan is one date expression found in the text, resolved.
type DateSpan struct {
	Sentence  int
	Expr      dates.Expr // offsets into the article text
	Precision dg.Precision
}

// Explanation is a coded article with the actor and date spans behind it.
type Explanation struct {
	*dg.Coded
	Actors []ActorSpan
	Dates  []DateSpan
}

// Explain codes an article and also returns every actor and date span
// found, for tests, golden files and debugging.
func (c *Coder) Explain(ctx context.Context, a dg.Article) (*Explanation, error) {
	x := &Explanation{}
	coded, err := c.code(ctx, a, x)
	x.Coded = coded
	return x, err
}

// Code finds the sentences, actors, dates and events of an article. It does
// no I/O; ctx is checked between sentences so a long article can be abandoned.
func (c *Coder) Code(ctx context.Context, a dg.Article) (*dg.Coded, error) {
	return c.code(ctx, a, nil)
}

func (c *Coder) code(ctx context.Context, a dg.Article, x *Explanation) (*dg.Coded, error) {
	if a.ID == "" {
		a.ID = dg.ArticleID(dg.NormalizeText(a.Title + "\n" + a.Text))
	}
	sents, err := Sentences(a.Text, paragraphs(a))
	if err != nil {
		return nil, fmt.Errorf("code %s: %w", a.ID, err)
	}
	out := &dg.Coded{Article: a, Sentences: sents}
	d := newDiscourse(c.lex, a.Published)
	var cands []candidate
	candSent := []int{}
	inQuote := false
	var speaker *dg.Actor
	lastPara := -1
	for _, s := range sents {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("code %s: %w", a.ID, err)
		}
		para := paragraphOf(a.Text, s.Start)
		if para != lastPara {
			inQuote, speaker, lastPara = false, nil, para
		}
		toks := Tokenize(s.Text, s.Start)
		quoted := make([]bool, len(toks))
		for k, t := range toks {
			if t.Text == "\"" {
				inQuote = !inQuote
				continue
			}
			quoted[k] = inQuote
		}
		actors := d.findActors(toks, quoted, speaker)
		if sp := attribution(toks, quoted, actors); sp != nil {
			speaker = sp
			// "We are ready," Russel said: we is Russel's side.
			for k := range actors {
				m := &actors[k]
				if !m.known() && m.end-m.start == 1 && quoted[m.start] && isFirstPlural(toks[m.start].Lower, toks[m.start].Text) && sp.Country != "" {
					m.actor = d.sectorActor(sp.Country, sp.Sector)
					m.plural = true
				}
			}
		}
		for _, m := range actors {
			if m.known() {
				d.actors[m.actor.ID] = m.actor
			}
			if x != nil {
				st, en := toks[m.start].Start, toks[m.end-1].End
				x.Actors = append(x.Actors, ActorSpan{Sentence: s.Index, Start: st, End: en, Text: a.Text[st:en], Actor: m.actor})
			}
		}
		sc := &sentenceCtx{toks: toks, actors: actors, clause: clauses(toks), anchor: a.Published, quoted: quoted, speaker: speaker}
		if !a.Published.IsZero() {
			for _, e := range dates.Find(s.Text, a.Published) {
				e.Start += s.Start
				e.End += s.Start
				sc.dates = append(sc.dates, e)
				sc.dateTok = append(sc.dateTok, tokenSpan(toks, e.Start, e.End))
				if x != nil {
					x.Dates = append(x.Dates, DateSpan{Sentence: s.Index, Expr: e, Precision: precisionOf(e.Precision)})
				}
			}
		}
		for _, cd := range c.codeSentence(sc) {
			if cd.trigStart < cd.trigEnd && cd.trigEnd <= len(toks) {
				cd.trigger = a.Text[toks[cd.trigStart].Start:toks[cd.trigEnd-1].End]
			}
			cands = append(cands, cd)
			candSent = append(candSent, s.Index)
		}
		d.prev = actors
	}
	out.Events = c.buildEvents(a, sents, cands, candSent)
	ids := make([]string, 0, len(d.actors))
	for id := range d.actors {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		out.Actors = append(out.Actors, d.actors[id])
	}
	return out, nil
}

func isFirstPlural(lower, text string) bool {
	return lower == "we" || lower == "our" || lower == "us" && text != "US"
}

// paragraphOf numbers paragraphs by counting blank lines before pos.
func paragraphOf(text string, pos int) int {
	return strings.Count(text[:pos], "\n\n")
}

// attribution finds the speaker of a sentence's quote: `"…," X said`,
// `X said: "…"`, `said X`.
func attribution(toks []Token, quoted []bool, actors []actorMention) *dg.Actor {
	hasQuote := false
	for _, q := range quoted {
		hasQuote = hasQuote || q
	}
	if !hasQuote {
		return nil
	}
	for k, t := range toks {
		if quoted[k] || !reportingVerbs[t.Lower] {
			continue
		}
		for _, m := range actors {
			if !m.known() || quoted[m.start] {
				continue
			}
			if m.end == k || m.start == k+1 {
				a := m.actor
				return &a
			}
		}
	}
	return nil
}

// tokenSpan maps a byte span to the tokens it covers.
func tokenSpan(toks []Token, start, end int) [2]int {
	s, e := -1, -1
	for k, t := range toks {
		if t.End > start && t.Start < end {
			if s < 0 {
				s = k
			}
			e = k + 1
		}
	}
	if s < 0 {
		return [2]int{len(toks), len(toks)}
	}
	return [2]int{s, e}
}

func precisionOf(p dates.Precision) dg.Precision {
	switch p {
	case dates.Day:
		return dg.PrecisionDay
	case dates.Week:
		return dg.PrecisionWeek
	case dates.Month:
		return dg.PrecisionMonth
	}
	return dg.PrecisionYear
}

// buildEvents turns candidates into events with ids and mentions, merging
// the ones that are the same event.
func (c *Coder) buildEvents(a dg.Article, sents []dg.Sentence, cands []candidate, candSent []int) []dg.Event {
	var evs []dg.Event
	perSentence := map[int]int{}
	for k, cd := range cands {
		si := candSent[k]
		s := sents[si]
		code := c.lex.Codes[forceCode(cd.rule.Code, cd.source, cd.target, cd.scene)]
		e := dg.Event{Code: code, Source: cd.source, Target: cd.target, Status: cd.status, Rel: cd.rule.Rel}
		if cd.hasDate {
			e.Date, e.Precision = cd.date.Date, precisionOf(cd.date.Precision)
		} else {
			e.Date, e.Precision = reportedDate(a.Published), dg.PrecisionReported
		}
		if e.Status == dg.Negated && cd.refusal {
			// "will not accept refugees", "declined to resign": the refusal
			// is the event (CAMEO 12x), asserted.
			if rc, ok := refusalCodes[code.Code]; ok {
				e.Code, e.Status = c.lex.Codes[rc], dg.Asserted
			} else if rc, ok := refusalCodes[code.Root]; ok {
				e.Code, e.Status = c.lex.Codes[rc], dg.Asserted
			}
		} else if e.Status == dg.Planned || e.Status == dg.Hypothetical && cd.conditional {
			// "will provide aid" is an intent to cooperate (CAMEO 03x), not
			// aid given; "will withdraw its force unless …" is a threat (13x).
			table := intentCodes
			if code.QuadClass >= 3 {
				table = threatCodes
			}
			if ic, ok := table[code.Code]; ok {
				e.Code = c.lex.Codes[ic]
			} else if ic, ok := table[code.Root]; ok {
				e.Code = c.lex.Codes[ic]
			}
		}
		n := perSentence[si]
		perSentence[si]++
		e.Mentions = []dg.Mention{{
			ID: dg.MentionID(a.ID, si, n), ArticleID: a.ID, SentenceIndex: si, Sentence: s.Text,
			Start: s.Start, End: s.End, Trigger: cd.trigger, Rule: cd.rule.Name(), Confidence: round2(cd.confidence),
		}}
		if cd.subjectRoot != "" && e.Source == nil {
			// "The indictment accused the officers …": the indictment's source.
			for k := len(evs) - 1; k >= 0; k-- {
				if p := evs[k]; p.Code.Root == cd.subjectRoot && p.Source != nil {
					e.Source = p.Source
					break
				}
			}
		}
		if cd.responseTo && e.Target == nil && e.Source != nil {
			// "It has rejected the charges": the charges were someone's;
			// the accuser is the latest earlier event accusing or charging
			// this source's side.
			for k := len(evs) - 1; k >= 0; k-- {
				p := evs[k]
				if (p.Code.Root == "11" || p.Code.Root == "17" || p.Code.Root == "16") && p.Source != nil && p.Target != nil && p.Target.Country == e.Source.Country {
					e.Target = p.Source
					break
				}
			}
		}
		evs = append(evs, e)
	}
	evs = mergeCoreferent(evs)
	// One node per (source, target, code, date): merge exact repeats.
	byID := map[string]int{}
	var out []dg.Event
	for _, e := range evs {
		e.ID = dg.EventID(actorID(e.Source), actorID(e.Target), e.Code.Code, e.Date, e.Precision)
		if k, ok := byID[e.ID]; ok {
			// One mention per sentence: two triggers of one sentence
			// ("established ties with and opened an embassy in") report it once.
			for _, m := range e.Mentions {
				dup := false
				for _, have := range out[k].Mentions {
					if have.SentenceIndex == m.SentenceIndex {
						dup = true
					}
				}
				if !dup {
					out[k].Mentions = append(out[k].Mentions, m)
				}
			}
			if statusRank(e.Status) < statusRank(out[k].Status) {
				out[k].Status = e.Status
			}
			continue
		}
		byID[e.ID] = len(out)
		out = append(out, e)
	}
	return out
}

// forceCode tells conventional military force (CAMEO 19x) from
// unconventional violence (18x) by who uses it against whom: a killing or
// bombing by armed forces is military force, an attack by others on
// civilians or refugees is an assault.
func forceCode(code string, src, tgt *dg.Actor, scene bool) string {
	// A state itself ("Israel killed …", "US Predator attacks killed …")
	// uses its armed forces.
	military := src != nil && (src.Sector == "MIL" || src.Sector == "" && src.Kind == dg.KindCountry && !scene)
	switch {
	case military && code == "180":
		return "190"
	case military && code == "183":
		return "195"
	case !military && code == "190" && tgt != nil && (tgt.Sector == "CVL" || tgt.Sector == "REF"):
		return "180"
	}
	return code
}

// intentCodes maps cooperative actions, by code or root, to CAMEO's
// "express intent to" code used when the action is only planned.
var intentCodes = map[string]string{
	"04": "036", "045": "039", "05": "032", "06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
	"07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334", "08": "035", "081": "0351",
	"083": "034", "084": "0353", "085": "0354", "086": "0355", "087": "0356",
}

// threatCodes maps conflictual actions, by code or root, to the CAMEO
// threat used when the action is only announced or made conditional.
var threatCodes = map[string]string{
	"14": "133", "16": "131", "161": "1313", "162": "1311", "1621": "1311", "1622": "1311", "1623": "1311",
	"163": "1312", "164": "134", "165": "135", "166": "136", "1661": "136", "1662": "136", "1663": "136",
	"17": "132", "172": "132", "1723": "1323", "1724": "1324", "175": "137", "18": "138", "180": "138",
	"19": "138", "191": "1381", "192": "1382", "195": "1384", "20": "1385",
}

// refusalCodes maps cooperative actions, by code or root, to the CAMEO
// rejection used when the subject refuses them.
var refusalCodes = map[string]string{
	"03": "120", "04": "125", "045": "126", "046": "125", "05": "120", "06": "121", "061": "1211", "062": "1212",
	"063": "1213", "064": "1214", "07": "122", "08": "124", "081": "1241", "084": "1243", "085": "1244",
	"086": "1245", "087": "1246",
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

func statusRank(s dg.Status) int {
	for k, v := range []dg.Status{dg.Asserted, dg.Reported, dg.Planned, dg.Hypothetical, dg.Negated} {
		if s == v {
			return k
		}
	}
	return 9
}

func reportedDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func actorID(a *dg.Actor) string {
	if a == nil {
		return ""
	}
	return a.ID
}

// mergeCoreferent folds events that report the same happening in one
// article: same CAMEO root, one shared actor, the other side equal or
// unknown, and dates that do not disagree ("the Americans charged five
// officers" … "the indictments against the five officers were unsealed last
// month"). The merged event keeps both actors, the precise date and all mentions.
func mergeCoreferent(evs []dg.Event) []dg.Event {
	dead := make([]bool, len(evs))
	for i := range evs {
		for j := i + 1; j < len(evs); j++ {
			if dead[i] || dead[j] {
				continue
			}
			a, b := &evs[i], &evs[j]
			// A planned, hypothetical or negated event is not the one that
			// happened; an asserted and a reported one may be.
			if a.Code.Root != b.Code.Root || a.Status != b.Status && !(factual(a.Status) && factual(b.Status)) {
				continue
			}
			shared := sameActor(a.Source, b.Source) && a.Source != nil || sameActor(a.Target, b.Target) && a.Target != nil
			if !shared || !compatible(a.Source, b.Source) || !compatible(a.Target, b.Target) {
				continue
			}
			if a.Precision != dg.PrecisionReported && b.Precision != dg.PrecisionReported && a.Date != b.Date {
				continue
			}
			if a.Source == nil {
				a.Source = b.Source
			}
			if a.Target == nil {
				a.Target = b.Target
			}
			if a.Precision == dg.PrecisionReported {
				a.Date, a.Precision = b.Date, b.Precision
			}
			a.Mentions = append(a.Mentions, b.Mentions...)
			dead[j] = true
		}
	}
	out := evs[:0]
	for i, e := range evs {
		if !dead[i] {
			out = append(out, e)
		}
	}
	return out
}

func factual(s dg.Status) bool { return s == dg.Asserted || s == dg.Reported }

func sameActor(a, b *dg.Actor) bool { return a != nil && b != nil && a.ID == b.ID }

func compatible(a, b *dg.Actor) bool { return a == nil || b == nil || a.ID == b.ID }
