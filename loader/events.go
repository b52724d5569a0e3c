package loader

import (
	"strings"
	"time"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/loader/dates"
)

// clause boundaries: a new clause starts after these tokens.
var clauseWords = set("but", "while", "although", "though", "whereas", "after", "before", "when", "because", "since",
	"until", "unless", "if", "who", "which", "where", "whether", "as", "once", "so")

var clausePunct = set(";", ":", "\"", "—")

var beForms = set("is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "'s", "'re")

var plannedCues = set("will", "'ll", "shall", "would", "'d")

var plannedPhrases = [][]string{
	{"plans", "to"}, {"plan", "to"}, {"planned", "to"}, {"planning", "to"}, {"set", "to"}, {"is", "to"}, {"are", "to"},
	{"expected", "to"}, {"intends", "to"}, {"intend", "to"}, {"aims", "to"}, {"going", "to"}, {"scheduled", "to"},
	{"due", "to"}, {"preparing", "to"}, {"poised", "to"}, {"prepared", "to"}, {"hopes", "to"}, {"seeks", "to"},
	{"ready", "to"}, {"willing", "to"},
}

var hypotheticalCues = set("could", "may", "might", "should", "if", "unless", "whether", "possible", "possibly", "perhaps", "can")

var negationCues = set("not", "n't", "never", "no", "neither", "nor", "refused", "refuses", "refuse", "declined", "failed")

var reportedCues = set("reportedly", "allegedly", "alleged", "purportedly", "rumoured", "rumored")

// reciprocal verbs: coordinated subjects with no object act on each other.
var reciprocalRels = set("meets", "consults", "negotiates", "talks", "agrees", "clashes", "fights", "cooperates",
	"signs", "discusses", "holds-talks", "trades", "summits", "exchanges-fire")

// pluralNounUse reports a verb trigger in its -s form used as a plural
// noun: followed by "have", "are", or a comma and a participle.
func pluralNounUse(toks []Token, i, end int) bool {
	if end != i+1 || end >= len(toks) || !strings.HasSuffix(toks[i].Lower, "s") || strings.HasSuffix(toks[i].Lower, "ss") {
		return false
	}
	switch toks[end].Lower {
	case "have", "had", "are", "were", "'ve":
		return true
	case ",":
		return end+1 < len(toks) && strings.HasSuffix(toks[end+1].Lower, "ing")
	}
	return false
}

// nominalSubject returns the index of a violent nominal event that is the
// subject of the verb at i: earlier in its clause, with no actor between
// but places. It returns -1 when there is none.
func nominalSubject(sc *sentenceCtx, nominal []candidate, i int) int {
	for k := len(nominal) - 1; k >= 0; k-- {
		n := nominal[k]
		if n.trigEnd > i || sc.clause[n.trigStart] != sc.clause[i] || !violent(n.rule) {
			continue
		}
		for _, m := range sc.actors {
			if m.start >= n.trigEnd && m.end <= i && !m.location {
				return -1
			}
		}
		return k
	}
	return -1
}

// reactionCues before a nominal say it is others' response to the
// sentence's subject.
var reactionCues = set("drawing", "drew", "draws", "prompting", "prompted", "sparking", "sparked", "triggering",
	"triggered", "provoking", "provoked", "earning", "earned", "attracting", "attracted")

// reactionFrom returns the actors after "from" that a nominal reaction at i
// comes from ("drawing condemnation from Seoul and Tokyo"), or none when
// the nominal is not a reaction.
func reactionFrom(sc *sentenceCtx, i, compEnd int) []*dg.Actor {
	toks := sc.toks
	cue := false
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if reactionCues[toks[k].Lower] {
			cue = true
		}
	}
	if !cue {
		return nil
	}
	var out []*dg.Actor
	for k, m := range sc.actors {
		if m.start < compEnd || m.start > compEnd+3 && len(out) == 0 {
			continue
		}
		if len(out) == 0 && prevWord(toks, m.start) != "from" {
			continue
		}
		if len(out) > 0 && !coordination(toks[sc.actors[k-1].end:m.start]) {
			break
		}
		if a := actorPtr(m); a != nil {
			out = append(out, a)
		}
	}
	return out
}

// nounPreps after "a call", "the attack" show a noun taking its object.
var nounPreps = set("for", "on", "to", "with", "against", "of", "by", "from")

// reducedRelative reports a participle at i that modifies the common
// noun before it: no actor ends there, and a preposition or a time follows.
func reducedRelative(sc *sentenceCtx, i, end int) bool {
	toks := sc.toks
	if i == 0 || end >= len(toks) || !strings.HasSuffix(toks[i].Lower, "ed") {
		return false
	}
	prev := toks[i-1]
	if !prev.Word || prev.Cap || functionWord(prev.Lower) || determiners[prev.Lower] {
		return false
	}
	for _, m := range sc.actors {
		if m.end == i {
			return false
		}
	}
	return relativeFollowers[toks[end].Lower]
}

var relativeFollowers = set("in", "on", "at", "by", "last", "earlier", "during", "under", "between", "since", "from")

// subordinateOpeners start relative clauses, whose dates belong to their
// own events.
var subordinateOpeners = set("who", "which")

// sc0 returns the lower-cased first word of the clause holding token k.
func (sc *sentenceCtx) sc0(k int) string {
	for k > 0 && sc.clause[k-1] == sc.clause[k] {
		k--
	}
	return sc.toks[k].Lower
}

// accuseVerbs take "<actor> of <gerund>": the gerund is the act alleged.
var accuseVerbs = set("accused", "accuses", "accuse", "accusing", "blamed", "blames", "blame", "blaming", "suspected",
	"suspects", "charged", "charges", "convicted", "condemned", "condemns", "criticised", "criticized")

// accusedOf returns the index in sc.actors of the accused when the gerund
// at i follows "<accuse verb> <actor> of", or -1.
func accusedOf(sc *sentenceCtx, i int) int {
	toks := sc.toks
	if i < 2 || !strings.HasSuffix(toks[i].Lower, "ing") || toks[i-1].Lower != "of" {
		return -1
	}
	for k := len(sc.actors) - 1; k >= 0; k-- {
		m := sc.actors[k]
		if m.end > i-1 {
			continue
		}
		if m.end != i-1 || !m.known() {
			return -1
		}
		// The accuse verb right before the accused (adverbs aside).
		j := m.start - 1
		for j >= 0 && (strings.HasSuffix(toks[j].Lower, "ly") || toks[j].Lower == "also") {
			j--
		}
		if j >= 0 && accuseVerbs[toks[j].Lower] {
			return k
		}
		return -1
	}
	return -1
}

// eventSubject returns the root of the CAMEO code of "the <event noun>"
// right before the verb at i ("The indictment accused …"), or "".
func (c *Coder) eventSubject(sc *sentenceCtx, i int) string {
	toks := sc.toks
	j := i - 1
	for j >= 0 && (auxiliaries[toks[j].Lower] || adverbs[toks[j].Lower]) {
		j--
	}
	// The noun, possibly plural, and "the" before it.
	if j < 1 || toks[j-1].Lower != "the" {
		return ""
	}
	r, _, _ := c.matchKind(toks, j, "N")
	if r == nil {
		return ""
	}
	return r.Code[:2]
}

// conditionClause reports a trigger inside an "if" or "unless" clause.
func conditionClause(toks []Token, clause []int, i int) bool {
	k := i
	for k > 0 && clause[k-1] == clause[i] {
		k--
	}
	return toks[k].Lower == "if" || toks[k].Lower == "unless"
}

// outOfQuestion reports "out of the question" later in the clause that
// starts at from.
func outOfQuestion(toks []Token, clause []int, from int) bool {
	for k := from; k+3 < len(toks) && clause[k] == clause[from]; k++ {
		if toks[k].Lower == "out" && toks[k+1].Lower == "of" && toks[k+2].Lower == "the" && toks[k+3].Lower == "question" {
			return true
		}
	}
	return false
}

// thatClause reports a "that" opening the noun phrase that starts at
// start, after the earlier trigger ended at from: "demanded an admission
// that Soviet NKVD security forces murdered …" reports content, not a new event.
func thatClause(toks []Token, from, start int) bool {
	for k := start - 1; k >= from && k >= start-5; k-- {
		w := toks[k].Lower
		if w == "that" {
			return true
		}
		if !toks[k].Word || functionWord(w) && !determiners[w] {
			return false
		}
	}
	return false
}

// mutual reports events that two parties do together whichever is named
// first: consultations, calls, meetings, negotiations, signings, clashes.
func mutual(r *VerbRule) bool {
	switch r.Code {
	case "040", "041", "044", "046", "057":
		return true
	}
	return mutualRels[r.Rel]
}

var mutualRels = set("meets", "holds-talks", "negotiates", "clashes", "exchanges-fire")

// scenePrep before a place says where something happened.
var scenePrep = set("in", "near", "at", "outside", "inside")

// Roots of CAMEO codes by what the coder does with them:
var (
	// populationRoots: by these a state acts on the people of a place
	// (yielding, threats, coercion: curfews, emergencies, bans).
	populationRoots = set("08", "13", "17")
	// violentRoots: assaults, fights and mass violence.
	violentRoots = set("18", "19", "20")
	// domesticRoots: demands, threats and protests, whose unnamed target is
	// the source's own government.
	domesticRoots = set("10", "13", "14")
)

func onPopulation(r *VerbRule) bool   { return populationRoots[r.Code[:2]] }
func violent(r *VerbRule) bool        { return violentRoots[r.Code[:2]] }
func domesticTarget(r *VerbRule) bool { return domesticRoots[r.Code[:2]] }

// authorities act on the groups of their own country.
var authorities = set("GOV", "COP", "JUD", "LEG")

// domesticGroups are the groups a state's authorities act on at home.
var domesticGroups = set("CVL", "EDU", "LAB", "OPP", "REL", "MED", "BUS", "AGR", "REB")

// nonState sectors act towards their own government by default.
var nonState = set("OPP", "CVL", "REB", "LAB", "REL", "EDU", "BUS", "MED", "NGO", "REF", "AGR", "ELI")

// countrySector is the actor of one sector of a country: "Iran labour".
func countrySector(lex *Lexicon, iso, sector string) dg.Actor {
	name := iso
	if c := lex.Countries[iso]; c != nil {
		name = c.Name
	} else if iso == "IMG" {
		name = "International militant"
	}
	if s := sectorNames[sector]; s != "" {
		name += " " + s
	} else {
		name += " " + sector
	}
	return dg.Actor{ID: dg.SectorActorID(iso, sector), Name: name, Code: iso + sector, Kind: dg.KindSector, Country: iso, Sector: sector}
}

// candidate is one event a trigger produced, before ids.
type candidate struct {
	rule               *VerbRule
	trigStart, trigEnd int    // token span of the trigger (and complement)
	trigger            string // the words of that span, filled by the caller that has the text
	source, target     *dg.Actor
	status             dg.Status
	date               dates.Expr
	hasDate            bool
	confidence         float64
	responseTo         bool   // the complement names an earlier accusation ("rejected the charges")
	subjectRoot        string // the subject is an earlier event named by a noun ("The indictment accused …"): its root
	conditional        bool   // "unless" or "if" in the sentence: a hypothetical that may be a threat
	refusal            bool   // negated by the subject's own will: "will not", "refused to", "declined to"
	scene              bool   // the source is only the country where unattributed violence happened
}

// sentenceCtx is what the event coder needs about one sentence.
type sentenceCtx struct {
	toks    []Token
	actors  []actorMention
	dates   []dates.Expr
	dateTok [][2]int // token spans of dates
	clause  []int    // clause id per token
	anchor  time.Time
	// extraTargets are the coordinated targets after the first of the
	// trigger being coded ("defended Iraq and Libya").
	extraTargets []*dg.Actor
	targetMod    bool      // the target found was a modifier ("US-China dialogue")
	quoted       []bool    // tokens inside quotation marks
	speaker      *dg.Actor // who the quotes of this paragraph are attributed to
}

func (c *Coder) codeSentence(sc *sentenceCtx) []candidate {
	lex := c.lex
	toks := sc.toks
	var out []candidate
	consumed := make([]bool, len(toks))
	verbal := false // a verbal trigger fired earlier in the sentence
	lastVerbEnd, lastVerbClause := 0, 0
	var lastSources []*dg.Actor
	lastResponse := false // the last verbal trigger answered an accusation
	var nominal []candidate
	for i := 0; i < len(toks); i++ {
		if consumed[i] || !toks[i].Word {
			continue
		}
		rule, end, compEnd := c.matchRule(toks, i)
		if rule == nil {
			continue
		}
		if rule.Kind == "V" && pluralNounUse(toks, i, end) {
			// "US attacks have killed …", "attacks, occurring daily,": the
			// plural noun, coded as a nominal.
			r := *rule
			r.Kind = "N"
			rule = &r
		}
		if verbal && sc.clause[i] < lastVerbClause {
			// Back in the clause a parenthetical interrupted: its verb is
			// not this one's object.
			verbal = false
		}
		// "agreed to set up", "suspected of blowing up": an infinitive or a
		// gerund after an earlier event verb is its complement, not a new event.
		// "accused Indian troops of targeting villages": the act alleged is
		// an event of its own, by the accused, reported.
		accused := -1
		if rule.Kind != "N" && verbal {
			accused = accusedOf(sc, i)
		}
		if rule.Kind != "N" && verbal && accused < 0 && complementVerb(toks, i) {
			continue
		}
		// A later verb keeps its own event only with a subject of its own
		// after the earlier event ("… after the Americans charged …"), not
		// one introduced by "that" or right after the earlier verb
		// ("demanded that the government provide", "demanded they be
		// withdrawn"); a verb coordinated with the earlier one shares its
		// subject ("rejected the charges and demanded …").
		coordinated := false
		if rule.Kind != "N" && verbal && accused < 0 {
			if coordinatedVerb(toks, i) && !c.coordinatedWithOther(toks, i, lastVerbEnd) {
				coordinated = true
			} else {
				k := subjectOf(sc, i, rule)
				if k < 0 || sc.actors[k].start < lastVerbEnd || thatClause(toks, lastVerbEnd, sc.actors[k].start) ||
					sc.actors[k].start <= lastVerbEnd+1 && sc.clause[sc.actors[k].start] == lastVerbClause {
					continue
				}
			}
		}
		// "threatened to launch an offensive unless Baghdad accepted its
		// conditions": the condition of an earlier event is not an event.
		if verbal && conditionClause(toks, sc.clause, i) {
			continue
		}
		// A nominal after a verb is mostly its object ("accepted demands"),
		// except a reaction drawn from others: "fired a missile, drawing
		// condemnation from Seoul and Tokyo".
		if rule.Kind == "N" && verbal {
			if from := reactionFrom(sc, i, compEnd); len(from) > 0 && len(lastSources) > 0 && lastSources[0] != nil {
				for k := i; k < compEnd; k++ {
					consumed[k] = true
				}
				for _, src := range from {
					if !sameSide(src, lastSources[0]) {
						e := candidate{rule: rule, trigStart: i, trigEnd: end, source: src, target: lastSources[0], confidence: 0.6}
						e.status = status(toks, sc, i, rule)
						e.date, e.hasDate = bindDate(sc, i, e.status)
						out = append(out, e)
					}
				}
			}
			continue
		}
		// "long-threatened": part of a compound, not a verb.
		if i > 0 && toks[i-1].Text == "-" && toks[i-1].End == toks[i].Start {
			continue
		}
		// "the occupied West Bank", "an agreed plan": a participle after a
		// determiner is an adjective, not a verb.
		if rule.Kind != "N" && end == i+1 && i > 0 && articles[toks[i-1].Lower] && strings.HasSuffix(toks[i].Lower, "ed") {
			continue
		}
		// "behind bars", "for talks": a verb right after a preposition is a
		// noun (the infinitive "to" and gerunds aside).
		if rule.Kind != "N" && i > 0 && prepositions[toks[i-1].Lower] && toks[i-1].Lower != "to" && !strings.HasSuffix(toks[i].Lower, "ing") {
			continue
		}
		// "a call for restraint", "the attack on": a verb's base form after
		// an article is a noun; the nominal rules code what it names.
		if rule.Kind != "N" && i > 0 && (toks[i-1].Lower == "a" || toks[i-1].Lower == "an" || toks[i-1].Lower == "the") &&
			!strings.HasSuffix(toks[i].Lower, "ed") && !strings.HasSuffix(toks[i].Lower, "ing") && end < len(toks) && nounPreps[toks[end].Lower] {
			if rule, end, compEnd = c.matchKind(toks, i, "N"); rule == nil {
				continue
			}
		}
		// "the ceasefire agreed in November 2003", "weapons seized last
		// year": a participle after a common noun, then a preposition or
		// a time, modifies the noun.
		if rule.Kind != "N" && reducedRelative(sc, i, end) {
			continue
		}
		// The trigger must not sit inside an actor's name ("Security Council").
		if insideActor(sc.actors, i) {
			continue
		}
		for k := i; k < compEnd && k < len(toks); k++ {
			consumed[k] = true
		}
		cand := candidate{rule: rule, trigStart: i, trigEnd: end, confidence: 0.7}
		if len(rule.Complement) > 0 {
			cand.confidence = 0.8
		}
		if rule.Kind == "N" {
			cand.confidence = 0.5
		}
		if rule.Kind != "N" {
			verbal = true
			lastVerbEnd = compEnd
			lastVerbClause = sc.clause[i]
		}
		passive := rule.Kind != "N" && isPassive(toks, i, lex)
		sources, target := c.roles(sc, i, end, compEnd, rule, passive)
		if accused >= 0 {
			sources = []*dg.Actor{actorPtr(sc.actors[accused])}
		}
		// "A roadside bomb near Samarra killed two soldiers": the verb
		// tells whom the nominal attack hit; it is one event.
		if rule.Kind != "N" && !passive && len(sources) == 0 && (violent(rule) || rule.Code == "175") {
			if k := nominalSubject(sc, nominal, i); k >= 0 {
				if nominal[k].target == nil {
					nominal[k].target = target
				}
				continue
			}
		}
		if coordinated && !passive {
			sources = lastSources
		}
		if rule.Kind != "N" {
			lastSources = sources
			if passive && target != nil {
				// "was indicted by the court and will resign": the
				// coordinated verb shares the grammatical subject.
				lastSources = []*dg.Actor{target}
			}
		}
		cand.responseTo = complementNamesAccusation(toks, end, max(compEnd, min(end+3, len(toks))))
		if rule.Kind != "N" && len(sources) == 0 && !passive {
			cand.subjectRoot = c.eventSubject(sc, i)
		}
		if coordinated && lastResponse && !passive {
			// "rejected the charges and demanded they be withdrawn": the
			// second verb answers the same accusation; "they" are the charges.
			cand.responseTo = true
			if target != nil && len(sources) == 1 && sources[0] != nil && target.Country == sources[0].Country {
				target = nil
			}
		}
		if rule.Kind != "N" {
			lastResponse = cand.responseTo
		}
		cand.status = status(toks, sc, i, rule)
		if accused >= 0 && cand.status == dg.Asserted {
			cand.status = dg.Reported
		}
		cand.refusal = cand.status == dg.Negated && refusalCue(toks, i)
		if rule.Kind != "N" && end < len(toks) && (toks[end].Lower == "not" || toks[end].Lower == "never") && end+1 < len(toks) && toks[end+1].Lower == "to" {
			// "vowed not to return": the refusal of what was vowed.
			cand.status, cand.refusal = dg.Negated, true
		}
		if outOfQuestion(toks, sc.clause, compEnd) {
			// "removing the sanctions is out of the question": refused.
			cand.status, cand.refusal = dg.Negated, true
		}
		for _, t := range toks {
			if t.Lower == "unless" || t.Lower == "if" {
				cand.conditional = true
			}
		}
		if cand.conditional && cand.status == dg.Planned {
			cand.status = dg.Hypothetical
		}
		cand.date, cand.hasDate = bindDate(sc, i, cand.status)
		if cand.hasDate && cand.status == dg.Asserted && isFuture(cand.date, sc.anchor) && rule.Kind == "N" {
			cand.status = dg.Planned
		}
		reciprocal := reciprocalRels[rule.Rel] || rule.Code[:2] == "04" && rule.Code != "042" && rule.Code != "043" && rule.Code != "045" ||
			rule.Code == "050" || rule.Code == "057" || rule.Code[:2] == "06" || strings.HasPrefix(rule.Code, "03")
		if len(sources) > 1 && reciprocal {
			// "X and Y agreed": each acts towards the other.
			for a := range sources {
				for b := range sources {
					if a != b && sources[a].ID != sources[b].ID {
						e := cand
						e.source, e.target = sources[a], sources[b]
						out = append(out, e)
					}
				}
			}
			continue
		}
		dst := &out
		if rule.Kind == "N" {
			dst = &nominal
		}
		if len(sources) == 0 {
			sources = []*dg.Actor{nil}
		}
		if (len(sources) == 0 || len(sources) == 1 && sources[0] == nil) && violent(rule) {
			// "A roadside bomb near Samarra killed a soldier": unattributed
			// violence is coded to the country where it happened.
			for _, m := range sc.actors {
				if m.location && m.known() && lex.Countries[m.actor.Country] != nil && sc.clause[m.start] == sc.clause[i] && scenePrep[placePrep(toks, m.start)] {
					sources = []*dg.Actor{actorPtr(m)}
					cand.scene = true
					break
				}
			}
		}
		if target == nil && len(sources) == 1 && sources[0] != nil && domesticTarget(rule) {
			// "Opposition groups are demanding reforms", "thousands
			// protested": a domestic group demands of, protests against or
			// threatens its own government when the sentence names no one else.
			if s := sources[0]; len(s.Country) == 3 && lex.Countries[s.Country] != nil && nonState[s.Sector] {
				g := countrySector(lex, s.Country, "GOV")
				target = &g
			}
		}
		targets := append([]*dg.Actor{target}, sc.extraTargets...)
		for _, pair := range crossPairs(sources, targets) {
			s, target := pair[0], pair[1]
			e := cand
			e.source, e.target = s, target
			if e.source == nil || e.target == nil {
				e.confidence -= 0.2
			}
			if e.source == nil && (e.target == nil || sc.targetMod) {
				// No actor at all, or only a country word modifying a noun:
				// nothing said about relations.
				continue
			}
			if e.source != nil && e.target != nil && sameSide(e.source, e.target) && !e.scene {
				continue
			}
			*dst = append(*dst, e)
			// "X telephoned Y", "X met Y": each side does it with the other.
			if e.source != nil && e.target != nil && e.status == dg.Asserted && mutual(rule) {
				r := e
				r.source, r.target = e.target, e.source
				*dst = append(*dst, r)
			}
		}
	}
	// Nominal events before the first verb ("After the indictments … were
	// unsealed, Beijing pulled …") stand; those after a verb were skipped.
	out = append(out, nominal...)
	return c.mustDemands(sc, out)
}

// demandRule stands for the reported "must" of a speaker: "Russia said
// Sudan must return the helicopter" is Russia demanding of Sudan (CAMEO 100).
var demandRule = &VerbRule{Code: "100", Kind: "V", Head: []string{"must"}, Rel: "demands"}

// mustDemands turns "<speaker> <said> [that] <actor> must <verb>" into a
// demand from the speaker to that actor, replacing the events of the
// reported verb (which has not happened).
func (c *Coder) mustDemands(sc *sentenceCtx, cands []candidate) []candidate {
	toks := sc.toks
	for i, t := range toks {
		if t.Lower != "must" {
			continue
		}
		subj := -1
		for k := len(sc.actors) - 1; k >= 0; k-- {
			// "President X and his Rwandan Patriotic Front must": the
			// named actor stands for the coordinated phrase.
			if m := sc.actors[k]; m.end <= i && (i-m.end <= 2 || i-m.end <= 6 && toks[m.end].Lower == "and") && m.known() && !m.inPP {
				subj = k
				break
			}
		}
		if subj < 0 {
			continue
		}
		// "US and British forces must": every coordinated subject is addressed.
		first := subj
		for first > 0 && coordination(toks[sc.actors[first-1].end:sc.actors[first].start]) && sc.actors[first-1].known() {
			first--
		}
		// The reporting verb before the subject, and its speaker before it.
		j := sc.actors[first].start - 1
		for j >= 0 && (toks[j].Lower == "that" || toks[j].Lower == "on" || determiners[toks[j].Lower] ||
			adverbs[toks[j].Lower] || strings.HasSuffix(toks[j].Lower, "day")) {
			j-- // "said on Tuesday that"
		}
		var src *dg.Actor
		if j >= 0 && (reportingVerbs[toks[j].Lower] || toks[j].Lower == "announced") {
			for k := first - 1; k >= 0; k-- {
				if m := sc.actors[k]; m.end <= j && m.known() && !m.inPP {
					src = actorPtr(m)
					break
				}
			}
		} else if sc.quoted != nil && sc.quoted[i] && sc.speaker != nil && sc.speaker.Code != "" {
			// "China must back off," Locsin said: the quoted speaker demands.
			sp := *sc.speaker
			src = &sp
		}
		if src == nil {
			continue
		}
		var demands []candidate
		for k := first; k <= subj; k++ {
			tgt := actorPtr(sc.actors[k])
			if tgt == nil || sameSide(src, tgt) {
				continue
			}
			d := candidate{rule: demandRule, trigStart: i, trigEnd: i + 1, source: src, target: tgt, status: dg.Asserted, confidence: 0.6}
			d.date, d.hasDate = bindDate(sc, j, dg.Asserted)
			demands = append(demands, d)
		}
		if len(demands) == 0 {
			continue
		}
		kept := cands[:0]
		for _, cd := range cands {
			if cd.trigStart < i {
				kept = append(kept, cd)
			}
		}
		return append(kept, demands...)
	}
	return cands
}

// refusalCue reports a negation that is a refusal: "will not", "won't",
// "refused to", "declined to", "would not" right before the verb.
func refusalCue(toks []Token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		switch toks[j].Lower {
		case "refused", "refuses", "refuse", "declined", "declines", "decline", "rejected":
			return true
		case "not", "n't":
			if j > 0 {
				switch toks[j-1].Lower {
				case "will", "would", "wo", "shall", "can", "ca", "could", "vowed", "vows", "vow", "pledged", "pledges",
					"promised", "promises", "swore", "swears", "threatened", "decided", "chose", "agreed":
					return true
				}
			}
		}
	}
	return false
}

// coordinatedVerb reports a verb joined to an earlier one by "and"/"but"
// ("rejected the charges and demanded …"), auxiliaries and adverbs skipped.
func coordinatedVerb(toks []Token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		l := toks[j].Lower
		if auxiliaries[l] || strings.HasSuffix(l, "ly") || adverbs[l] {
			continue
		}
		return l == "and" || l == "but"
	}
	return false
}

// coordinatedWithOther reports a verb joined by "and"/"but" to another verb
// than the last trigger ("… after ships blocked and fired …", where
// "blocked" coded nothing): the two share their own subject.
func (c *Coder) coordinatedWithOther(toks []Token, i, lastVerbEnd int) bool {
	j := i - 1
	for j >= 0 && toks[j].Lower != "and" && toks[j].Lower != "but" {
		j--
	}
	for j--; j >= 0 && (adverbs[toks[j].Lower] || strings.HasSuffix(toks[j].Lower, "ly")); j-- {
	}
	if j < lastVerbEnd || j > 0 && (determiners[toks[j-1].Lower] || articles[toks[j-1].Lower]) {
		return false // "criticise the launch and called on": a noun ends the object
	}
	w := toks[j].Lower
	_, known := c.lex.inflect[w]
	return known || strings.HasSuffix(w, "ed")
}

var accusationWords = []string{"charge", "accusation", "allegation", "claim", "indictment", "criticism", "accuse", "sanction"}

// complementNamesAccusation reports a complement that names an earlier
// accusation: "rejected the charges", "denied the allegations".
func complementNamesAccusation(toks []Token, from, to int) bool {
	for k := from; k < to && k < len(toks); k++ {
		for _, w := range accusationWords {
			if strings.HasPrefix(toks[k].Lower, w) {
				return true
			}
		}
	}
	return false
}

// crossPairs returns every (source, target) pair.
func crossPairs(sources, targets []*dg.Actor) [][2]*dg.Actor {
	var out [][2]*dg.Actor
	for _, s := range sources {
		for _, t := range targets {
			out = append(out, [2]*dg.Actor{s, t})
		}
	}
	return out
}

// complementVerb reports a verb introduced by "to" or a preposition
// ("to help", "of blowing up", "for helping"), with adverbs skipped.
func complementVerb(toks []Token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		l := toks[j].Lower
		if strings.HasSuffix(l, "ly") || l == "not" || l == "also" || l == "then" {
			continue
		}
		return l == "to" || prepositions[l] && strings.HasSuffix(toks[i].Lower, "ing")
	}
	return false
}

// sameSide reports actors that are one party for coding: the same actor, or
// a country and a sector of it, or two actors of one country and sector.
func sameSide(a, b *dg.Actor) bool {
	if a.ID == b.ID {
		return true
	}
	if a.Country == "" || a.Country != b.Country {
		return false
	}
	// A country and its government are one side ("the United States" and
	// "the White House"); its other sectors may act on each other.
	if a.Sector == "" && (b.Sector == "" || b.Sector == "GOV") || b.Sector == "" && a.Sector == "GOV" {
		return true
	}
	return a.Sector == b.Sector && a.Kind != dg.KindPerson && b.Kind != dg.KindPerson
}

func insideActor(actors []actorMention, i int) bool {
	for _, m := range actors {
		if i >= m.start && i < m.end && m.end-m.start > 1 {
			return true
		}
	}
	return false
}

// matchRule finds the best rule triggered at token i: the longest head,
// then a rule whose complement matches over one without. It returns the
// rule, the end of its head and the end of the complement match.
func (c *Coder) matchRule(toks []Token, i int) (*VerbRule, int, int) {
	return c.matchKind(toks, i, "")
}

// matchKind is matchRule restricted to rules of one kind ("N", "V"), or
// any kind when kind is empty.
func (c *Coder) matchKind(toks []Token, i int, kind string) (*VerbRule, int, int) {
	cands := c.lex.verbIndex[toks[i].Lower]
	var best *VerbRule
	bestEnd, bestComp, bestScore := 0, 0, -1
	for _, idx := range cands {
		r := &c.lex.Verbs[idx]
		if kind != "" && r.Kind != kind {
			continue
		}
		end, ok := matchHead(toks, i, r)
		if !ok {
			continue
		}
		compEnd := end
		score := (end - i) * 10
		if len(r.Complement) > 0 {
			ce, ok := matchComplement(toks, end, r)
			if !ok {
				continue
			}
			compEnd = ce
			score += 5
		}
		if r.Kind == "N" {
			score--
		}
		if score > bestScore {
			best, bestEnd, bestComp, bestScore = r, end, compEnd, score
		}
	}
	return best, bestEnd, bestComp
}

var skippableDeterminers = set("a", "an", "the", "its", "their", "his", "her", "our", "new", "further", "more")

// matchHead matches the head words after the first (which matched through
// the index), letting one determiner or an actor-free adverb sit between.
func matchHead(toks []Token, i int, r *VerbRule) (int, bool) {
	j := i + 1
	for _, w := range r.Head[1:] {
		if j < len(toks) && toks[j].Lower != w && (skippableDeterminers[toks[j].Lower] || strings.HasSuffix(toks[j].Lower, "ly")) {
			j++
		}
		if j >= len(toks) {
			return 0, false
		}
		if toks[j].Lower != w && !(r.Kind == "N" && toks[j].Lower == plural(w)) && !(r.Kind != "N" && toks[j].Lower == plural(w)) {
			return 0, false
		}
		j++
	}
	return j, true
}

// matchComplement looks for one of the keywords after the head, within the
// same clause and a dozen tokens.
// complementStops open a subordinate clause: a complement keyword after
// one belongs to another verb ("cancelled a visit after a state of siege
// was declared").
var complementStops = set("after", "before", "because", "while", "when", "although", "though", "unless", "whereas", "since")

func matchComplement(toks []Token, from int, r *VerbRule) (int, bool) {
	for j := from; j < len(toks) && j < from+12; j++ {
		if clausePunct[toks[j].Text] || toks[j].Text == "." || j > from && complementStops[toks[j].Lower] {
			break
		}
		for a, alt := range r.Complement {
			if matchWords(toks, j, alt, r.plurals[a]) {
				return j + len(alt), true
			}
		}
	}
	return 0, false
}

// matchWords matches keywords at j: "talk*" is a prefix, other words match
// as written or in their plural.
func matchWords(toks []Token, j int, words, plurals []string) bool {
	if j+len(words) > len(toks) {
		return false
	}
	for k, w := range words {
		t := toks[j+k].Lower
		if strings.HasSuffix(w, "*") {
			if !strings.HasPrefix(t, w[:len(w)-1]) {
				return false
			}
		} else if t != w && t != plurals[k] {
			return false
		}
	}
	return true
}

// isPassive reports "were charged", "was suspended", "has been imposed".
func isPassive(toks []Token, i int, lex *Lexicon) bool {
	w := toks[i].Lower
	// "is opposed to", "was committed to": a state of the subject, not a passive.
	if i+1 < len(toks) && toks[i+1].Lower == "to" {
		return false
	}
	if !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "en") && !isIrregularParticiple(lex, w) {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		l := toks[j].Lower
		if beForms[l] {
			return true
		}
		if !strings.HasSuffix(l, "ly") && l != "not" && l != "n't" && l != "also" && l != "reportedly" && l != "allegedly" {
			return false
		}
	}
	return false
}

func isIrregularParticiple(lex *Lexicon, w string) bool {
	_, ok := lex.inflect[w]
	return ok && !strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ing")
}

// roles finds the sources and the target of a trigger.
func (c *Coder) roles(sc *sentenceCtx, i, end, compEnd int, rule *VerbRule, passive bool) ([]*dg.Actor, *dg.Actor) {
	toks := sc.toks
	var left []*dg.Actor // subject side, possibly coordinated
	subj := subjectOf(sc, i, rule)
	if subj >= 0 {
		left = append(left, actorPtr(sc.actors[subj]))
		// Walk back over "X, Y and Z".
		for k := subj - 1; k >= 0; k-- {
			between := toks[sc.actors[k].end:sc.actors[k+1].start]
			if !coordination(between) || sc.actors[k].inPP {
				break
			}
			left = append([]*dg.Actor{actorPtr(sc.actors[k])}, left...)
		}
	}
	// Target: the first actor to the right of the trigger, within the
	// sentence but not past a reporting verb that closes it ("…, officials said").
	var right []*dg.Actor
	var place *dg.Actor // the first place named after the trigger
	sc.targetMod = false
	from := end
	for k := range sc.actors {
		m := sc.actors[k]
		if m.start < from {
			continue
		}
		if crossesReporting(toks, from, m.start) || c.crossesCoordinatedVerb(toks, from, m.start) || sc.clause[m.start] < sc.clause[i] ||
			crossesReaction(toks, from, m.start) {
			break // past a reporting verb, a coordinated verb, or the end of a parenthetical
		}
		// ", the White House announced": the speaker, not a target.
		if m.end < len(toks) && reportingVerbs[toks[m.end].Lower] && m.start > 0 && (toks[m.start-1].Text == "," || toks[m.start-1].Lower == "the" && m.start > 1 && toks[m.start-2].Text == ",") {
			break
		}
		if rule.Kind == "N" && m.start-from > 4 || m.start-compEnd > 10 && m.start-from > 10 {
			break
		}
		a := actorPtr(m)
		// "warned that Tehran could halt …": the subject of a reported
		// clause is no target, except of a demand or an appeal ("demanded
		// that the government resign").
		if prevWord(toks, m.start) == "that" && m.start > end && rule.Code[:2] != "10" && rule.Code[:2] != "02" {
			continue
		}
		if m.location {
			if place == nil && a != nil && (len(left) == 0 || left[0] == nil || !sameSide(a, left[0])) {
				place = a
			} else if place == nil && a != nil && len(left) > 0 && left[0] != nil && onPopulation(rule) {
				// "lifted the state of emergency in West Darfur",
				// "threatened a curfew in Algiers": a government acting on
				// the people of a place in its own country.
				p := countrySector(c.lex, a.Country, "CVL")
				place = &p
			}
			continue
		}
		// "offered its troops to …": the subject's own, not a party.
		if (a == nil || m.possessed) && m.start > 0 && possessiveDeterminers[toks[m.start-1].Lower] {
			continue
		}
		if a == nil {
			// "mobilized reservists for a war against Iraq": armed forces
			// of no named country after the verb are the subject's own.
			if m.actor.Sector == "MIL" {
				continue
			}
			// "Turkish police prevented a demonstration by students",
			// "authorities pressured workers": the state acts on groups of
			// its own country.
			// (Aid and cooperation with rebels is foreign support as often.)
			if len(right) == 0 && len(left) > 0 && left[0] != nil && authorities[left[0].Sector] && domesticGroups[m.actor.Sector] &&
				!(m.actor.Sector == "REB" && (rule.Code[:2] == "06" || rule.Code[:2] == "07")) &&
				len(left[0].Country) == 3 && c.lex.Countries[left[0].Country] != nil && m.start < compEnd+6 {
				g := countrySector(c.lex, left[0].Country, m.actor.Sector)
				right = append(right, &g)
				break
			}
			if len(right) == 0 && m.start < compEnd+2 {
				// An unknown object right after the verb ("urged officials") blocks the search.
				break
			}
			continue
		}
		if len(left) > 0 && left[0] != nil && sameSide(a, left[0]) {
			continue
		}
		right = append(right, a)
		sc.targetMod = m.modifier
		// "X and Y" as objects: each is a target.
		for k2 := k + 1; k2 < len(sc.actors); k2++ {
			between := toks[sc.actors[k2-1].end:sc.actors[k2].start]
			b := actorPtr(sc.actors[k2])
			m2 := sc.actors[k2]
			if !coordination(between) || b == nil || m2.end < len(toks) && reportingVerbs[toks[m2.end].Lower] {
				break // ", the Israeli army said": the speaker, not another target
			}
			right = append(right, b)
		}
		break
	}
	var target *dg.Actor
	if len(right) > 0 {
		target = right[0]
	} else if place != nil && rule.Kind != "N" {
		target = place
		sc.targetMod = true // weak: a place, not a party
	}
	sc.extraTargets = nil
	if len(right) > 1 {
		sc.extraTargets = right[1:]
	}
	if passive {
		// "X were charged by Y": the left is the target, the agent after "by" the source.
		var agent *dg.Actor
		var agents []*dg.Actor // "by police and National Guard troops": each is an agent
		for k := range sc.actors {
			m := sc.actors[k]
			if m.start >= end && m.start > 0 && toks[m.start-1].Lower == "by" || m.start >= end && m.start > 1 && toks[m.start-2].Lower == "by" {
				agent = actorPtr(m)
				for k2 := k + 1; agent != nil && k2 < len(sc.actors) && coordination(toks[sc.actors[k2-1].end:sc.actors[k2].start]); k2++ {
					if b := actorPtr(sc.actors[k2]); b != nil {
						agents = append(agents, b)
					}
				}
				break
			}
		}
		sc.extraTargets = nil
		var tgt *dg.Actor
		if len(left) > 0 {
			tgt = left[0]
		} else {
			// "A camp for Congolese refugees was attacked": the patient
			// may be inside the subject's noun phrase.
			for k := len(sc.actors) - 1; k >= 0; k-- {
				m := sc.actors[k]
				if m.end > i {
					continue
				}
				if sc.clause[m.start] == sc.clause[i] && m.known() && !m.location {
					tgt = actorPtr(m)
				}
				break
			}
		}
		if agent == nil && (rule.Code[:2] == "09" || rule.Code[:2] == "17") {
			// "was put under investigation in Italy", "were arrested in
			// France": the state where it happened did it.
			for _, m := range sc.actors {
				if m.location && m.known() && m.start > i && sc.clause[m.start] == sc.clause[i] && placePrep(toks, m.start) == "in" && c.lex.Countries[m.actor.Country] != nil {
					agent = actorPtr(m)
					break
				}
			}
		}
		if agent == nil {
			return nil, tgt
		}
		return append([]*dg.Actor{agent}, agents...), tgt
	}
	var sources []*dg.Actor
	for _, a := range left {
		if a != nil {
			sources = append(sources, a)
		}
	}
	return sources, target
}

// subjectOf returns the index in sc.actors of the subject of the trigger at
// i: the nearest actor to the left in the same clause that is not the
// object of a preposition (for a nominal, a possessive or adjective right
// before it); -1 when there is none.
func subjectOf(sc *sentenceCtx, i int, rule *VerbRule) int {
	toks := sc.toks
	if rule.Kind == "N" {
		subj := -1
		for k := len(sc.actors) - 1; k >= 0; k-- {
			m := sc.actors[k]
			if m.end <= i && i-m.end <= 3 && (m.possessive || m.end == i || m.modifier && !m.inPP) {
				subj = k
			}
			if m.end <= i {
				break
			}
		}
		if subj >= 0 {
			return subj
		}
		// "X undertook a mediation mission", "mounted its long-threatened
		// invasion": the light verb's subject.
		if !afterLightVerb(toks, i) {
			return -1
		}
		rule = &VerbRule{Kind: "V"}
	}
	// "Benin opened its borders but was still refusing": a verb coordinated
	// with "and"/"but" and no subject of its own takes the earlier clause's.
	shared := coordinatedVerb(toks, i)
	for k := len(sc.actors) - 1; k >= 0; k-- {
		m := sc.actors[k]
		if m.end > i {
			continue
		}
		if sc.clause[m.start] > sc.clause[i] {
			continue // inside a parenthetical clause that has closed
		}
		if sc.clause[m.start] != sc.clause[i] && !relativeBridge(toks, m.end, i) && !shared {
			return -1
		}
		// A country name modifying a noun ("a key U.S. ally") is no subject;
		// a demonym heading its noun phrase is ("Russian aircraft killed").
		if m.inPP || m.possessive || m.modifier && m.actor.Kind == dg.KindCountry && !m.plural {
			continue
		}
		// "Pakistan, a key U.S. ally in the war, has refused": the subject
		// is before the appositive, not inside it.
		if k > 0 && appositive(toks, sc.actors[k-1].end, m.start, i) && sc.actors[k-1].known() && !sc.actors[k-1].inPP {
			return k - 1
		}
		return k
	}
	return -1
}

// articles make a following participle an adjective.
var articles = set("the", "a", "an", "its", "their", "his", "her")

// afterLightVerb reports a light verb before the nominal at i, across
// determiners, modifiers and hyphens: "launched a major new offensive".
func afterLightVerb(toks []Token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		t := toks[j]
		if lightVerbs[t.Lower] {
			return true
		}
		if t.Text == "-" || t.Word && !t.Cap && !functionWord(t.Lower) || determiners[t.Lower] {
			continue
		}
		return false
	}
	return false
}

// appositive reports ", a|an|the … <m> … ," between the end of an earlier
// actor (prevEnd) and the verb at i, with m starting at start.
func appositive(toks []Token, prevEnd, start, i int) bool {
	if prevEnd >= start || toks[prevEnd].Text != "," {
		return false
	}
	if d := toks[prevEnd+1].Lower; d != "a" && d != "an" && d != "the" && prevEnd+1 != start {
		return false
	}
	for k := start; k < i; k++ {
		if toks[k].Text == "," {
			return true
		}
	}
	return false
}

// lightVerbs carry a nominal event: "held talks", "launched an offensive".
var lightVerbs = set("held", "hold", "holds", "holding", "launched", "launch", "launches", "undertook", "undertake",
	"mounted", "mount", "waged", "wage", "began", "begun", "conducted", "stepped",
	"made", "make", "makes", "conducted", "conduct", "began", "begin", "opened", "open", "staged", "stage", "issued", "issue",
	"carried", "started", "start", "resumed", "resume", "renewed", "renew", "announced", "announce", "imposed", "impose",
	"ordered", "order", "orders")

// relativeBridge lets a relative clause's verb reach back to its antecedent:
// "the officers who were charged", "China, which rejected".
func relativeBridge(toks []Token, from, to int) bool {
	n := 0
	for k := from; k < to; k++ {
		switch toks[k].Lower {
		case "who", "which", "that":
			n++
		case ",":
		default:
			if clauseWords[toks[k].Lower] || clausePunct[toks[k].Text] {
				return false
			}
		}
	}
	return n == 1
}

var possessiveDeterminers = set("its", "their", "his", "our", "my")

func coordination(between []Token) bool {
	if len(between) == 0 || len(between) > 3 {
		return false
	}
	and := false
	for _, t := range between {
		switch t.Lower {
		case "and", "&":
			and = true
		case ",", "the", "a", "an", "his", "her", "its", "their":
		default:
			return false
		}
	}
	// ", a Saudi-owned weekly" is an appositive; "and an Israeli delegation"
	// a second party.
	return and || between[len(between)-1].Lower != "a" && between[len(between)-1].Lower != "an"
}

// crossesCoordinatedVerb reports "… and demanded …" between from and to:
// the object of the first verb ends where a coordinated one begins.
func (c *Coder) crossesCoordinatedVerb(toks []Token, from, to int) bool {
	for k := from + 1; k < to; k++ {
		if l := toks[k-1].Lower; l == "and" || l == "but" {
			if _, ok := c.lex.inflect[toks[k].Lower]; ok {
				return true
			}
		}
	}
	return false
}

// crossesReaction reports ", drawing …" between from and to: what follows
// is others' response, not the object.
func crossesReaction(toks []Token, from, to int) bool {
	for k := from; k < to; k++ {
		if reactionCues[toks[k].Lower] && k > 0 && toks[k-1].Text == "," {
			return true
		}
	}
	return false
}

func crossesReporting(toks []Token, from, to int) bool {
	for k := from; k < to; k++ {
		if reportingVerbs[toks[k].Lower] && k > 0 && (toks[k-1].Text == "," || toks[k-1].Text == "\"") {
			return true
		}
		if toks[k].Text == ";" {
			return true
		}
	}
	return false
}

func actorPtr(m actorMention) *dg.Actor {
	if !m.known() {
		return nil
	}
	a := m.actor
	return &a
}

// status reads the modality of the trigger at i from the words before it
// in its clause.
func status(toks []Token, sc *sentenceCtx, i int, rule *VerbRule) dg.Status {
	from := i - 1
	for from >= 0 && sc.clause[from] == sc.clause[i] && i-from <= 6 {
		// "did not criticise the launch and called on": the coordinated
		// verb has its own modality.
		if l := toks[from].Lower; (l == "and" || l == "but") && coordinatedVerb(toks, i) {
			break
		}
		from--
	}
	from++
	window := toks[from:i]
	neg, hyp, plan, rep := false, false, false, false
	for k, t := range window {
		l := t.Lower
		switch {
		case negationCues[l]:
			// "refused to meet" has its own code when the rule says so.
			if (l == "refused" || l == "refuses" || l == "refuse" || l == "declined") && strings.HasPrefix(rule.Head[0], "refus") {
				continue
			}
			neg = true
		case hypotheticalCues[l]:
			hyp = true
		case plannedCues[l]:
			plan = true
		case reportedCues[l]:
			rep = true
		}
		for _, p := range plannedPhrases {
			if k+len(p) <= len(window) && window[k].Lower == p[0] && window[k+1].Lower == p[1] {
				plan = true
			}
		}
	}
	// Sentence-level cues before the trigger: "if", "no evidence that", "accused of".
	for k := 0; k < i; k++ {
		l := toks[k].Lower
		if l == "if" || l == "unless" || l == "whether" || l == "no" && k+1 < len(toks) && toks[k+1].Lower == "evidence" {
			if sc.clause[k] == sc.clause[i] || k+1 < len(toks) && toks[k+1].Lower == "evidence" {
				hyp = true
			}
		}
		if (l == "accused" || l == "accusing" || l == "accuse" || l == "suspected" || l == "alleged") && k+3 < i {
			for m := k + 1; m < i; m++ {
				if toks[m].Lower == "of" {
					rep = true
					break
				}
			}
		}
	}
	switch {
	case neg:
		return dg.Negated
	case hyp:
		return dg.Hypothetical
	case plan:
		return dg.Planned
	case rep:
		return dg.Reported
	}
	return dg.Asserted
}

// bindDate picks the date expression of the trigger's clause; else the
// nearest one in the sentence whose tense agrees with the event (future for
// planned events, past otherwise).
func bindDate(sc *sentenceCtx, i int, st dg.Status) (dates.Expr, bool) {
	best, bestDist := -1, 1<<30
	// "accused Moscow of sending tanks last week": a date after "of" and a
	// gerund dates the act accused, not the accusation.
	gerund := len(sc.toks)
	for k := i + 1; k+1 < len(sc.toks) && sc.clause[k] == sc.clause[i]; k++ {
		if sc.toks[k].Lower == "of" && strings.HasSuffix(sc.toks[k+1].Lower, "ing") {
			gerund = k
			break
		}
	}
	for k, span := range sc.dateTok {
		if span[0] > gerund {
			continue
		}
		if span[0] < len(sc.clause) && sc.clause[span[0]] == sc.clause[i] {
			d := abs(span[0] - i)
			if d < bestDist {
				best, bestDist = k, d
			}
		}
	}
	if best >= 0 {
		return sc.dates[best], true
	}
	future := st == dg.Planned
	for k, span := range sc.dateTok {
		e := sc.dates[k]
		if isFuture(e, sc.anchor) != future && !isPresent(e, sc.anchor) || span[0] > gerund {
			continue
		}
		// ", who won last month's primary,": a date of a relative clause
		// dates its own event.
		if span[0] < len(sc.clause) && subordinateOpeners[sc.sc0(span[0])] {
			continue
		}
		d := abs(span[0] - i)
		if span[0] > i {
			d += 1000 // prefer the preceding ones
		}
		if d < bestDist {
			best, bestDist = k, d
		}
	}
	if best >= 0 {
		return sc.dates[best], true
	}
	return dates.Expr{}, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// anchorAt formats the anchor at a date's precision, for comparisons.
func anchorAt(e dates.Expr, anchor time.Time) string {
	switch e.Precision {
	case dates.Year:
		return anchor.Format("2006")
	case dates.Month:
		return anchor.Format("2006-01")
	case dates.Week:
		wd := (int(anchor.Weekday()) + 6) % 7
		return anchor.AddDate(0, 0, -wd).Format("2006-01-02")
	}
	return anchor.Format("2006-01-02")
}

func isFuture(e dates.Expr, anchor time.Time) bool {
	return !anchor.IsZero() && e.Date > anchorAt(e, anchor)
}

func isPresent(e dates.Expr, anchor time.Time) bool {
	return anchor.IsZero() || e.Date == anchorAt(e, anchor)
}

// clauses numbers the clauses of a sentence: a new clause begins at a
// subordinating word or clause punctuation.
// adverbialUse reports a clause word used in a fixed adverbial phrase:
// "once again", "once every three days", "as well as", "so far".
func adverbialUse(toks []Token, k int) bool {
	next := ""
	if k+1 < len(toks) {
		next = toks[k+1].Lower
	}
	switch toks[k].Lower {
	case "once":
		return next == "again" || next == "more" || next == "every" || next == "a" || next == "," || next == "."
	case "as":
		return next == "well" || k > 1 && toks[k-1].Lower == "well" || next == "part" || next == "of"
	case "so":
		return next == "far"
	}
	return false
}

func clauses(toks []Token) []int {
	ids := make([]int, len(toks))
	id, next := 0, 1
	outer := -1 // the clause a parenthetical ", which …," interrupts
	for k, t := range toks {
		switch {
		case outer >= 0 && t.Text == "," && k+1 < len(toks) && toks[k+1].Word && !toks[k+1].Cap && !clauseWords[toks[k+1].Lower] &&
			!determiners[toks[k+1].Lower]:
			// "Berlin and Paris, which helped broker the deal, called on …":
			// the verb after the closing comma is the outer clause's.
			ids[k] = id
			id, outer = outer, -1
			continue
		case clausePunct[t.Text] || clauseWords[t.Lower] && k > 0 && !adverbialUse(toks, k):
			// "that" only after a reporting verb or a noun is too ambiguous: keep it in.
			if (t.Lower == "which" || t.Lower == "who") && toks[k-1].Text == "," {
				outer = id
			}
			id = next
			next++
		}
		ids[k] = id
	}
	return ids
}
