package loader

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	dg "github.com/diplograph/diplograph"
)

// actorMention is an actor found in a sentence: a span of tokens and the
// actor it codes. An unknown actor (empty Code) still blocks the search for
// a subject: "officials said" names someone, just not whom.
type actorMention struct {
	start, end int // token indices, [start, end)
	actor      dg.Actor
	inPP       bool // object of a preposition: not a subject
	possessive bool // followed by 's
	modifier   bool // a country word modifying a noun ("an Australian ultimatum"): a target, never a subject
	location   bool // a place ("in Iraq"): a target of last resort, never a subject, never a pronoun's antecedent
	plural     bool
	ethnic     bool   // "ethnic Albanians": people of the place they live in
	possessed  bool   // "their forces": of the possessor's country, not a party of its own
	named      bool   // a named body of no known country: "the Homeland Union"
	count      int    // "five officers" → 5
	noun       string // head noun of a group: "officers"
}

func (m *actorMention) known() bool { return m.actor.Code != "" }

// prepositions that make the following noun phrase an object, not a subject.
var prepositions = set("of", "in", "at", "from", "by", "with", "for", "on", "against", "to", "into", "over", "about",
	"between", "among", "after", "before", "under", "near", "toward", "towards", "across", "through", "during", "without",
	"including", "like", "via", "upon", "within", "despite", "amid", "behind", "beyond", "around")

// subordinators can also be prepositions; before an actor they usually open a clause.
var subordinators = set("after", "before", "since", "until", "as")

// backedSuffixes after "Russian-" say who backs a group, not whose it is.
var backedSuffixes = set("backed", "funded", "supported", "sponsored", "allied", "armed", "trained", "leaning", "speaking")

// locative prepositions: a capital or country after one is a place, not an actor.
var locatives = set("in", "at", "from", "near", "outside", "inside", "across", "around", "within", "throughout")

var determiners = set("the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those", "some", "two", "three", "both")

var numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "hundreds": 100, "thousands": 1000}

// groupHeads are plural heads that a sector word can modify: "opposition groups".
var groupHeads = set("groups", "leaders", "members", "forces", "activists", "supporters", "officials", "figures",
	"parties", "units", "officers", "sources", "representatives", "spokesmen", "fighters", "commanders",
	"coalition", "alliance", "bloc", "movement", "party", "front", "group")

// roleHeads name roles within a body: after a sector word they keep its sector.
var roleHeads = set("commanders", "commander", "officers", "officer", "officials", "official", "chiefs", "chief",
	"leaders", "leader", "members", "spokesmen", "spokesman", "representatives")

// groupNouns are heads that, after "the" and a number, refer back to an earlier group.
var groupNouns = set("men", "women", "people", "suspects", "individuals", "members", "officers", "soldiers", "defendants")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var sectorNames = map[string]string{
	"GOV": "government", "MIL": "military", "JUD": "judiciary", "LEG": "legislature", "COP": "police",
	"REB": "rebels", "OPP": "opposition", "BUS": "business", "MED": "media", "NGO": "NGOs", "CVL": "civilians",
	"EDU": "education", "REL": "religious", "LAB": "labour", "REF": "refugees", "ELI": "elites", "SPY": "intelligence",
	"HLH": "health", "AGR": "agriculture", "ENV": "environment", "CRM": "criminals", "UAF": "armed forces",
}

// article-level state for coreference.
type discourse struct {
	lex       *Lexicon
	date      time.Time
	persons   map[string]dg.Actor // by full name and by surname
	ambiguous map[string]bool     // surnames shared by two persons
	groups    []actorMention      // plural groups seen, most recent last
	prev      []actorMention      // actors of the previous sentence
	cur       []actorMention      // actors found so far in the sentence being read
	actors    map[string]dg.Actor // every actor seen, by id
	countries map[string]int      // mentions per country so far: the article's home
}

func newDiscourse(lex *Lexicon, date time.Time) *discourse {
	return &discourse{lex: lex, date: date, persons: map[string]dg.Actor{}, ambiguous: map[string]bool{}, actors: map[string]dg.Actor{}, countries: map[string]int{}}
}

func (d *discourse) countryActor(iso string) dg.Actor {
	name := iso
	if c := d.lex.Countries[iso]; c != nil {
		name = c.Name
	}
	return dg.Actor{ID: dg.CountryActorID(iso), Name: name, Code: iso, Kind: dg.KindCountry, Country: iso}
}

func (d *discourse) sectorActor(iso, sector string) dg.Actor {
	if sector == "" {
		return d.countryActor(iso)
	}
	if iso == "" {
		// A sector of an unknown country: a mention, but no code.
		return dg.Actor{Name: sectorNames[sector], Sector: sector, Kind: dg.KindSector}
	}
	return countrySector(d.lex, iso, sector)
}

func (d *discourse) person(name, iso, sector, title string) dg.Actor {
	a := dg.Actor{ID: dg.PersonActorID(name), Name: name, Kind: dg.KindPerson, Country: iso, Sector: sector, Title: title}
	if iso != "" {
		a.Code = iso + sector
	}
	return a
}

func (d *discourse) leaderValid(l *Leader) bool {
	if d.date.IsZero() {
		return true // undated text: any holder of the name
	}
	return !d.date.Before(l.From) && (l.To.IsZero() || !d.date.After(l.To))
}

// register remembers a person for surname coreference.
func (d *discourse) register(a dg.Actor) {
	d.persons[fold(a.Name)] = a
	parts := strings.Fields(a.Name)
	if len(parts) < 2 {
		return
	}
	for _, s := range []string{parts[len(parts)-1], parts[0]} {
		if p, ok := d.persons[fold(s)]; ok && p.ID != a.ID {
			d.ambiguous[fold(s)] = true
		}
		if p, ok := d.persons[fold(s)]; !ok || p.ID == a.ID {
			d.persons[fold(s)] = a // the same person, perhaps now with a country
		}
	}
}

// findActors codes the actors of one sentence. quoteSpeaker, when known,
// is whom "we" and "our" inside quotes stand for.
func (d *discourse) findActors(toks []Token, inQuote []bool, speaker *dg.Actor) []actorMention {
	var out []actorMention
	for i := 0; i < len(toks); {
		d.cur = out
		m, n := d.actorAt(toks, i, inQuote, speaker)
		if n == 0 {
			i++
			continue
		}
		if m != nil && !m.known() && m.actor.Kind == dg.KindSector && i > 0 && possessiveDeterminers[toks[i-1].Lower] {
			// "their forces", "its citizens": the possessor's, resolved like
			// the pronoun it stands for.
			if p := d.possessor(toks, i-1); p != nil && d.lex.Countries[p.Country] != nil {
				m.actor = d.sectorActor(p.Country, m.actor.Sector)
				m.possessed = true
			}
		}
		// "a Fernandez government", "the Obama administration": the person's state.
		if m != nil && m.actor.Kind == dg.KindPerson && d.lex.Countries[m.actor.Country] != nil && m.end < len(toks) && governmentWords[toks[m.end].Lower] {
			m.actor = d.sectorActor(m.actor.Country, "GOV")
			m.end++
			n = m.end - i
		}
		// "the Sudan People's Liberation Movement-North (SPLM-N)": the
		// acronym in brackets repeats the actor before it.
		if k := len(out) - 1; m != nil && k >= 0 && i > 0 && toks[i-1].Text == "(" && out[k].end == i-1 &&
			m.end < len(toks) && toks[m.end].Text == ")" && out[k].actor.ID == m.actor.ID && m.known() {
			out[k].end = m.end + 1
			i = m.end + 1
			continue
		}
		if m != nil {
			// "after the Americans charged": a subordinator, not a preposition.
			if w := prevWord(toks, i); prepositions[w] && !subordinators[w] && !partitive(toks, i) {
				m.inPP = true
			}
			// "of the Syrian Golan": the head of a modified object is in it too.
			if k := len(out) - 1; k >= 0 && out[k].end == m.start && out[k].inPP && out[k].modifier {
				m.inPP = true
			}
			if m.end < len(toks) && toks[m.end].Lower == "'s" {
				m.possessive = true
			}
			// "Iran's religious leader Ayatollah Ruhollah Khomeini": a person
			// of unknown country right after an actor of a known one is theirs.
			if k := len(out) - 1; k >= 0 && m.actor.Kind == dg.KindPerson && m.actor.Country == "" && out[k].end == m.start && out[k].actor.Country != "" && !out[k].inPP {
				if d.lex.Countries[out[k].actor.Country] == nil {
					// "U.N. Middle East envoy X": an official of the body.
					m.actor.Country, m.actor.Sector, m.actor.Code = out[k].actor.Country, "", out[k].actor.Code
				} else {
					m.actor.Country = out[k].actor.Country
					if m.actor.Sector == "" {
						m.actor.Sector = out[k].actor.Sector
					}
					m.actor.Code = m.actor.Country + m.actor.Sector
				}
				d.register(m.actor)
			}
			out = append(out, *m)
		}
		i += n
	}
	d.attach(toks, out)
	d.localize(toks, out)
	d.homeActors(out)
	return out
}

// attachCues link a group to the body it belongs to: "workers affiliated
// with the Serbian Workers' Union", "fighters loyal to the Taliban".
var attachCues = [][]string{{"affiliated", "with"}, {"loyal", "to"}, {"belonging", "to"}, {"linked", "to"}, {"allied", "with"}}

// attach gives unknown groups the country of the body they are attached
// to, by a phrase ("affiliated with X") or by position ("the Montenegro
// Municipality Association (AKK) officials").
func (d *discourse) attach(toks []Token, out []actorMention) {
	for k := range out {
		m := &out[k]
		if m.known() || m.actor.Sector == "" || m.actor.Kind != dg.KindSector {
			continue
		}
		if k > 0 && out[k-1].known() && !out[k-1].location && onlyParenthetical(toks[out[k-1].end:m.start]) && out[k-1].end < m.start {
			m.actor = d.sectorActor(out[k-1].actor.Country, out[k-1].actor.Sector)
			continue
		}
		for _, cue := range attachCues {
			j := m.end
			if j+len(cue) >= len(toks) || toks[j].Lower != cue[0] || toks[j+1].Lower != cue[1] {
				continue
			}
			j += len(cue)
			if k+1 < len(out) && out[k+1].known() && !out[k+1].location && out[k+1].start <= j+1 && len(out[k+1].actor.Country) == 3 {
				m.actor = d.sectorActor(out[k+1].actor.Country, m.actor.Sector)
			}
		}
	}
}

// onlyParenthetical reports tokens that are a bracketed acronym: "(AKK)".
func onlyParenthetical(toks []Token) bool {
	if len(toks) < 3 || toks[0].Text != "(" || toks[len(toks)-1].Text != ")" {
		return false
	}
	for _, t := range toks[1 : len(toks)-1] {
		if !t.Word || strings.ToUpper(t.Text) != t.Text {
			return false
		}
	}
	return true
}

// foreignNouns name groups usually from elsewhere, and weapons (as often
// the object of supplies as the subject of attacks): never given the home
// country.
var foreignNouns = set("diplomats", "diplomat", "envoys", "mediators", "observers", "monitors", "peacekeepers", "inspectors",
	"reporters",
	"tanks", "aircraft", "jets", "helicopters", "gunships", "bombers", "warplanes", "warships", "artillery", "gunboats")

// homeGroups is how many mentions of its home an article needs before
// unnamed groups are taken to be of it.
const homeGroups = 3

// homeActors gives titled people and sector groups of no known country the
// article's home country: the one its actors so far belong to most often
// ("Interior Minister Nestor Reverol" in an article about Venezuela).
func (d *discourse) homeActors(out []actorMention) {
	for _, m := range out {
		if m.known() && !m.location && d.lex.Countries[m.actor.Country] != nil {
			d.countries[m.actor.Country]++
		}
	}
	home, best, tie := "", 0, false
	for iso, n := range d.countries {
		switch {
		case n > best:
			home, best, tie = iso, n, false
		case n == best:
			tie = true
		}
	}
	if home == "" {
		// Nothing else known yet: a person takes the one place the
		// sentence is in ("President X threatened a curfew in Algiers").
		for _, m := range out {
			if m.location && m.known() && d.lex.Countries[m.actor.Country] != nil {
				if home != "" && home != m.actor.Country {
					return
				}
				home = m.actor.Country
			}
		}
		best = 0
	}
	if home == "" || tie {
		return
	}
	for k := range out {
		m := &out[k]
		if m.known() || m.actor.Sector == "" || m.location {
			continue
		}
		switch {
		case m.named && best > 0:
			// A named body ("the Homeland Union") of the country the
			// article is about.
			m.actor = d.sectorActor(home, m.actor.Sector)
		case m.actor.Kind == dg.KindPerson:
			m.actor.Country, m.actor.Code = home, home+m.actor.Sector
			d.register(m.actor)
		case m.actor.Kind == dg.KindSector && best >= homeGroups && !foreignNouns[m.noun]:
			// Groups ("opposition leaders") only once the article has
			// said enough about one country.
			m.actor = d.sectorActor(home, m.actor.Sector)
		}
	}
}

var compass = set("northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
	"northeastern", "northwestern", "southeastern", "southwestern", "occupied")

// ofPlace reads "of [the] [southern] <country or place>" at i and returns
// the country and the tokens read (0 when there is none).
func (d *discourse) ofPlace(toks []Token, i int) (string, int) {
	if i >= len(toks) || toks[i].Lower != "of" {
		return "", 0
	}
	j := i + 1
	if j < len(toks) && toks[j].Lower == "the" {
		j++
	}
	if j < len(toks) && compass[toks[j].Lower] {
		j++
	}
	if j >= len(toks) {
		return "", 0
	}
	q := d.lex.phrases.match(toks, j)
	if q == nil {
		return "", 0
	}
	if qe := pick(q, d); (qe.kind == entCountry || qe.kind == entMetonym || qe.kind == entPlace ||
		qe.kind == entDemonym && j+len(q.words) < len(toks) && toks[j+len(q.words)].Cap) && len(qe.country) == 3 {
		return qe.country, j + len(q.words) - i
	}
	return "", 0
}

// orgHeads are the words that make a capitalised name a body, with the
// sector it gets; "Union" is labour only with a labour word in the name.
var orgHeads = map[string]string{
	"Party": "OPP", "Movement": "OPP", "Front": "OPP", "Alliance": "OPP", "Congress": "OPP", "Union": "OPP",
	"Federation": "LAB", "Confederation": "LAB", "Association": "CVL", "Society": "CVL", "League": "CVL",
	"Council": "GOV", "Commission": "GOV", "Commision": "GOV", "Committee": "GOV", "Agency": "GOV", "Authority": "GOV",
	"Assembly": "LEG", "Parliament": "LEG", "Court": "JUD", "Tribunal": "JUD", "Army": "MIL", "Police": "COP",
	"Radio": "MED", "Television": "MED", "News": "MED", "University": "EDU", "Church": "REL", "Bank": "BUS",
	"Company": "BUS", "Corporation": "BUS", "Chamber": "BUS",
}

var labourWords = set("Workers", "Workers'", "Teachers", "Trade", "Labour", "Labor", "Journalists", "Miners", "Unions", "Employees")

// namedOrg reads "<country> <Capitalised name with an org head>" from i
// (the country phrase ends at end): "Nigerian Union of Teachers".
func (d *discourse) namedOrg(toks []Token, i, end int, iso string) (*actorMention, int) {
	sector, last, labour := "", -1, false
	for k := end; k < len(toks) && k < end+7; k++ {
		t := toks[k]
		switch {
		case t.Word && t.Cap:
			if s, ok := orgHeads[t.Text]; ok && sector == "" {
				sector = s
			}
			if sector != "" {
				last = k + 1
			}
			if labourWords[t.Text] {
				labour = true
			}
		case t.Lower == "of" || t.Lower == "for" || t.Lower == "and" || t.Lower == "the" || t.Text == "'" || t.Text == "-" || t.Lower == "'s":
			if k == end {
				return nil, 0
			}
		default:
			k = len(toks)
		}
	}
	if last < 0 {
		return nil, 0
	}
	if labour && (sector == "OPP" || sector == "LAB") {
		sector = "LAB"
	}
	return &actorMention{start: i, end: last, actor: d.sectorActor(iso, sector)}, last - i
}

// peopleCues before a plural demonym make it people rather than a state:
// "thousands of Nigerians", "young Algerians".
var peopleCues = set("of", "young", "angry", "ordinary", "many", "some", "most", "jobless", "unemployed", "poor",
	"frightened", "fleeing", "displaced", "stranded", "wounded", "dead", "innocent", "local", "elderly")

// localize gives sector groups of no known country ("opposition groups",
// "ethnic Albanians") the country of the one place the sentence says "in".
func (d *discourse) localize(toks []Token, out []actorMention) {
	var clause []int
	for k := range out {
		m := &out[k]
		if m.known() || m.actor.Sector == "" || m.actor.Kind != dg.KindSector ||
			m.start > 0 && possessiveDeterminers[toks[m.start-1].Lower] {
			continue
		}
		// "residents of the Syrian Golan", "workers of Tehran": of the place.
		if iso, n := d.ofPlace(toks, m.end); n > 0 && m.actor.Sector != "MIL" {
			m.actor = d.sectorActor(iso, m.actor.Sector)
			continue
		}
		if clause == nil {
			clause = clauses(toks)
		}
		iso := ""
		for _, l := range out {
			// Armed forces only with the place right after them ("Moslem
			// forces in east Bosnia"): "sent troops to a force in Liberia"
			// are the sender's.
			if m.actor.Sector == "MIL" && l.start > m.end+3 || abs(l.start-m.end) > 12 {
				continue
			}
			if !l.location || l.actor.Country == "" || clause[l.start] != clause[m.start] ||
				placePrep(toks, l.start) != "in" {
				continue
			}
			if iso != "" && iso != l.actor.Country {
				iso = ""
				break
			}
			iso = l.actor.Country
		}
		if len(iso) == 3 && iso != "IGO" && iso != "NGO" {
			m.actor = d.sectorActor(iso, m.actor.Sector)
		}
	}
}

var governmentWords = set("government", "administration", "regime", "cabinet")

// partitiveHeads head a noun phrase whose "of" object is the real actor:
// "a group of Moroccan diplomats", "leaders of the opposition".
var partitiveHeads = set("group", "groups", "leaders", "leader", "members", "member", "delegation", "representatives",
	"some", "many", "most", "all", "one", "two", "dozens", "hundreds", "thousands", "team", "contingent", "unit", "units",
	"head", "chief", "officials", "supporters", "troops", "forces", "government", "ministry", "ministers", "minister")

// partitive reports "<head> of [the] <actor>" at i.
func partitive(toks []Token, i int) bool {
	j := i - 1
	for j >= 0 && determiners[toks[j].Lower] {
		j--
	}
	return j >= 1 && toks[j].Lower == "of" && partitiveHeads[toks[j-1].Lower]
}

// prevWord is the lower-cased word before i, skipping determiners and numbers.
func prevWord(toks []Token, i int) string {
	for j := i - 1; j >= 0; j-- {
		l := toks[j].Lower
		if determiners[l] || numberWords[l] > 0 || isNumber(l) || compass[l] {
			continue
		}
		return l
	}
	return ""
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	return err == nil
}

// capName returns the length of a run of capitalised words starting at i
// that no lexicon phrase claims: a candidate person name.
func (d *discourse) capName(toks []Token, i int) int {
	n := 0
	for j := i; j < len(toks) && j < i+4; j++ {
		t := toks[j]
		if !t.Word || !t.Cap || len(t.Text) < 2 || strings.ToUpper(t.Text) == t.Text && len(t.Text) > 1 && n == 0 && len(t.Text) < 4 {
			break
		}
		if p := d.lex.phrases.match(toks, j); p != nil && !onlyLeaderOrTitleless(p) {
			break
		}
		n++
	}
	return n
}

func onlyLeaderOrTitleless(p *phrase) bool {
	for _, e := range p.entries {
		if e.kind != entLeader {
			return false
		}
	}
	return true
}

// actorAt tries to read an actor starting at token i. It returns the
// mention (nil when the span is consumed but is no actor, e.g. a place) and
// the number of tokens consumed (0 when nothing starts here).
func (d *discourse) actorAt(toks []Token, i int, inQuote []bool, speaker *dg.Actor) (*actorMention, int) {
	t := toks[i]
	// we/us/our inside a quote: the speaker's organisation.
	if inQuote != nil && inQuote[i] && (t.Lower == "we" || t.Lower == "us" && t.Text != "US" || t.Lower == "our") {
		if speaker != nil && speaker.Country != "" {
			a := d.sectorActor(speaker.Country, speaker.Sector)
			return &actorMention{start: i, end: i + 1, actor: a, plural: true}, 1
		}
		return &actorMention{start: i, end: i + 1}, 1
	}
	if m := d.pronoun(toks, i); m != nil {
		return m, 1
	}
	if m, n := d.definiteGroup(toks, i); n > 0 {
		return m, n
	}
	p := d.lex.phrases.match(toks, i)
	if p == nil {
		// An unknown capitalised name followed by ", <country> <title>" (appositive).
		if n := d.capName(toks, i); n >= 2 {
			if m, used := d.appositive(toks, i, n); m != nil {
				return m, used
			}
			name := joinTokens(toks[i : i+n])
			if a, ok := d.persons[fold(name)]; ok {
				return &actorMention{start: i, end: i + n, actor: a}, n
			}
			// "the Homeland Union": a named body; its country may come later.
			if sector, ok := orgHeads[toks[i+n-1].Text]; ok {
				return &actorMention{start: i, end: i + n, actor: d.sectorActor("", sector), named: true}, n
			}
			return nil, n
		}
		if t.Cap && t.Word {
			if a, ok := d.persons[fold(t.Text)]; ok && !d.ambiguous[fold(t.Text)] {
				return &actorMention{start: i, end: i + 1, actor: a}, 1
			}
		}
		return nil, 0
	}
	end := i + len(p.words)
	e := pick(p, d)
	switch e.kind {
	case entLeader:
		if e.surname && d.continuesName(toks, end) {
			// "Michel Aoun": a known surname used as someone's first name.
			if n := d.capName(toks, i); n >= 2 {
				name := joinTokens(toks[i : i+n])
				if a, ok := d.persons[fold(name)]; ok {
					return &actorMention{start: i, end: i + n, actor: a}, n
				}
				return nil, n
			}
		}
		if e.surname {
			// A surname already seen in full in this article takes precedence.
			if a, ok := d.persons[fold(t.Text)]; ok && !d.ambiguous[fold(t.Text)] {
				return &actorMention{start: i, end: end, actor: a}, end - i
			}
		}
		a := d.person(e.leader.Name, e.leader.Country, e.leader.Sector, e.leader.Title)
		if !e.surname {
			d.register(a)
		}
		return &actorMention{start: i, end: end, actor: a}, end - i
	case entIGO:
		a := dg.Actor{ID: dg.PersonActorID(e.name), Name: e.name, Code: e.code, Kind: dg.KindOrganization, Country: e.country}
		// "European Community foreign ministers", "UN Secretary-General X": the body acts.
		for k := end; k < len(toks) && k < end+4; {
			q := d.lex.phrases.match(toks, k)
			if q != nil {
				if qe := pick(q, d); qe.kind == entNoun || qe.kind == entTitle {
					k += len(q.words)
					end = k
					continue
				}
				break
			}
			if t := toks[k]; t.Word && !t.Cap && !functionWord(t.Lower) && !d.verbLike(t.Lower) {
				k++ // a modifier: "relief", "top"
				continue
			}
			break
		}
		// "the OSCE's special envoy": an official of the body.
		if end+1 < len(toks) && toks[end].Lower == "'s" {
			k := end + 1
			for k < len(toks) && (titleAdjectives[toks[k].Lower] || toks[k].Lower == "special") {
				k++
			}
			var q *phrase
			if k < len(toks) {
				q = d.lex.phrases.match(toks, k)
			}
			if q != nil {
				if qe := pick(q, d); qe.kind == entTitle {
					k += len(q.words)
					return d.official(toks, i, k, a)
				}
			}
		}
		return d.official(toks, i, end, a)
	case entTitle:
		// "directors-general": part of a compound, not a title.
		if i > 0 && toks[i-1].Text == "-" && toks[i-1].End == toks[i].Start {
			return nil, end - i
		}
		return d.titled(toks, i, end, "", e)
	case entOrg:
		// "Kremlin spokesman Dmitry Peskov": the body gives the country of the titled person.
		if end < len(toks) && e.country != "" {
			if q := d.lex.phrases.match(toks, end); q != nil {
				if qe := pick(q, d); qe.kind == entTitle {
					// "SPLM-N spokesman", "Pentagon spokesman": the body's sector.
					if e.sector != "" {
						qe.sector = e.sector
					}
					return d.titled(toks, i, end+len(q.words), e.country, qe)
				}
			}
		}
		// "Hamas leaders", "Taliban fighters": people of the body.
		if end < len(toks) && (groupHeads[toks[end].Lower] || toks[end].Lower == "official" || toks[end].Lower == "leader") {
			end++
		}
		return &actorMention{start: i, end: end, actor: d.sectorActor(e.country, e.sector)}, end - i
	case entNoun:
		// "military action", "military and civilian personnel": a sector
		// word used as an adjective names nobody.
		// "Opposition groups", "army officers": a sector word before a
		// plural head names a group of that sector.
		if !e.plural && end < len(toks) && groupHeads[toks[end].Lower] {
			e.plural = true
			end++
		}
		// "the rebel Sudan People's Liberation Movement": a sector word
		// before a named body describes it.
		if end < len(toks) {
			if q := d.lex.phrases.match(toks, end); q != nil {
				if qe := pick(q, d); qe.kind == entOrg || qe.kind == entIGO {
					if m, n := d.actorAt(toks, end, inQuote, speaker); m != nil {
						m.start = i
						return m, end + n - i
					}
				}
			}
		}
		if !e.plural && (i == 0 || toks[i-1].Lower != "the") {
			return nil, end - i
		}
		m := &actorMention{start: i, end: end, actor: d.sectorActor("", e.sector), plural: e.plural, noun: toks[end-1].Lower}
		// "demonstrators in Baghdad", "rebels in Iraq": the place gives the country.
		if end+1 < len(toks) && toks[end].Lower == "in" {
			if q := d.lex.phrases.match(toks, end+1); q != nil {
				if qe := pick(q, d); (qe.kind == entCountry || qe.kind == entMetonym) && qe.country != "" {
					m.actor = d.sectorActor(qe.country, e.sector)
					m.end = end + 1 + len(q.words)
					return m, m.end - i
				}
			}
		}
		// "the officials" / "officials": an unknown actor unless it refers back.
		return m, end - i
	case entPlace:
		// "Shan-e-Mustafa": part of a compound name.
		if end < len(toks) && toks[end].Text == "-" && toks[end].Start == toks[end-1].End || i > 0 && toks[i-1].Text == "-" && toks[i-1].End == toks[i].Start {
			return nil, end - i
		}
		// A city or region where something happens ("in Lagos", "near the
		// town of Samarra") is a place; otherwise ("the invasion of South
		// Lebanon") it stands for its country.
		// "an Istanbul court", "Gaza militants": a group of the place's country.
		if g, n := d.group(toks, i, end, e.country); g != nil {
			return g, n
		}
		m := &actorMention{start: i, end: end, actor: d.countryActor(e.country), inPP: prepositions[prevWord(toks, i)]}
		if locatives[placePrep(toks, i)] {
			m.location, m.inPP = true, true
		}
		return m, end - i
	case entCountry, entDemonym, entMetonym:
		iso := e.country
		// "an anti-Syria journalist", "pro-Western parties": an attitude, not a party.
		if i >= 2 && toks[i-1].Text == "-" && (toks[i-2].Lower == "anti" || toks[i-2].Lower == "pro") {
			return nil, end - i
		}
		// "South America", "Latin American": a continent.
		if i > 0 && continentPrefixes[toks[i-1].Text] && strings.HasPrefix(toks[i].Text, "America") {
			return nil, end - i
		}
		// "Bosnian Serbs", "Iraqi Kurds": an ethnic group of the first country.
		if e.kind == entDemonym && end < len(toks) {
			if q := d.lex.phrases.match(toks, end); q != nil {
				if qe := pick(q, d); qe.kind == entDemonym && qe.plural && qe.country != iso {
					n := end + len(q.words)
					return &actorMention{start: i, end: n, actor: d.sectorActor(iso, "CVL"), plural: true}, n - i
				}
			}
		}
		// Locative: "in Beijing", "in Iraq" is a place: never a subject, and
		// a target only where no actor is (the country where it happened).
		// "from US officials", "from the Montenegro Assembly": a body of the
		// country, not a place.
		if i > 0 && locatives[prevWord(toks, i)] && e.kind != entDemonym && !(e.kind == entMetonym && prevWord(toks, i) == "from") ||
			i > 1 && toks[i-1].Lower == "the" && locatives[toks[i-2].Lower] && e.kind == entCountry {
			if m, n := d.group(toks, i, end, iso); m != nil {
				return m, n
			}
			if m, n := d.namedOrg(toks, i, end, iso); m != nil {
				return m, n
			}
			return &actorMention{start: i, end: end, actor: d.countryActor(iso), location: true, inPP: true}, end - i
		}
		// "Russian-backed separatists": the backer, not the group's country.
		if end+1 < len(toks) && toks[end].Text == "-" && backedSuffixes[toks[end+1].Lower] {
			if m, n := d.group(toks, end+2, end+2, ""); m != nil {
				m.start = i
				return m, end + 2 + n - i
			}
			return nil, end + 2 - i
		}
		// <country|demonym> ['s] [adjectives] <title> <Name>: "US President Barack Obama",
		// "Lebanon's new President Elias Hrawi".
		j := end
		if j < len(toks) && toks[j].Lower == "'s" {
			j++
		}
		// Up to three words of the office: "new", "Chief Cabinet" (a
		// capitalised word right before a title), or lower-case words after
		// "'s".
		for k := 0; j < len(toks) && k < 3; k++ {
			t := toks[j]
			if titleAdjectives[t.Lower] || t.Word && t.Cap && d.titleAt(toks, j+1) {
				j++
				continue
			}
			if d.lex.phrases.match(toks, j) != nil {
				break
			}
			if t.Word && !t.Cap && j > end && toks[end].Lower == "'s" && !functionWord(t.Lower) {
				j++
				continue
			}
			break
		}
		if j < len(toks) {
			if q := d.lex.phrases.match(toks, j); q != nil {
				if qe := pick(q, d); qe.kind == entTitle {
					return d.titled(toks, i, j+len(q.words), iso, qe)
				}
			}
		}
		// <country|demonym> [modifiers] <sector noun|org>: "five Chinese military officers", "US companies".
		if m, n := d.group(toks, i, end, iso); m != nil {
			return m, n
		}
		// "the Nigerian Union of Teachers", "Serbian Workers' Union": a named body of the country.
		if m, n := d.namedOrg(toks, i, end, iso); m != nil {
			return m, n
		}
		// "Hungarian and Romanian officials": the first demonym shares the second's noun.
		if e.kind == entDemonym && end+1 < len(toks) && (toks[end].Lower == "and" || toks[end].Text == ",") {
			if q := d.lex.phrases.match(toks, end+1); q != nil {
				if qe := pick(q, d); qe.kind == entDemonym {
					if m, _ := d.group(toks, end+1, end+1+len(q.words), qe.country); m != nil {
						m.start, m.end = i, end
						m.actor = d.sectorActor(iso, m.actor.Sector)
						return m, end - i
					}
				}
			}
		}
		switch e.kind {
		case entMetonym:
			return &actorMention{start: i, end: end, actor: d.sectorActor(iso, e.sector)}, end - i
		case entDemonym:
			// "thousands of Nigerians", "young Algerians": people, not the
			// state; "ethnic Albanians" are people of wherever they live.
			if e.plural || strings.HasSuffix(toks[end-1].Lower, "s") {
				// "the Albanians of southern Serbia": people of that place.
				if iso, n := d.ofPlace(toks, end); n > 0 {
					return &actorMention{start: i, end: end + n, actor: d.sectorActor(iso, "CVL"), plural: true}, end + n - i
				}
				if w := prevWord(toks, i); w == "ethnic" {
					return &actorMention{start: i - 1, end: end, actor: d.sectorActor("", "CVL"), plural: true, ethnic: true}, end - i
				} else if peopleCues[w] || i > 0 && (isNumber(toks[i-1].Lower) || numberWords[toks[i-1].Lower] > 0) {
					return &actorMention{start: i, end: end, actor: d.sectorActor(iso, "CVL"), plural: true}, end - i
				}
			}
			// "the Russian language": a language, nobody's party.
			if end < len(toks) && (toks[end].Lower == "language" || toks[end].Lower == "languages") {
				return nil, end - i
			}
			// An adjective before some other noun ("an Australian
			// ultimatum", "Chinese state-owned enterprises") names the
			// country as a party to that thing: a possible target, not a
			// subject. A demonym standing alone ("the Chinese must") acts.
			m := &actorMention{start: i, end: end, actor: d.countryActor(iso), plural: true}
			if end < len(toks) && toks[end].Word && !functionWord(toks[end].Lower) && !e.plural {
				m.modifier = true
			}
			return m, end - i
		}
		m := &actorMention{start: i, end: end, actor: d.countryActor(iso)}
		// "a key U.S. ally": the country name modifies a noun.
		if end < len(toks) && toks[end].Word && !toks[end].Cap && !functionWord(toks[end].Lower) && !d.verbLike(toks[end].Lower) {
			m.modifier = true
		}
		return m, end - i
	}
	return nil, end - i
}

// official reads the name of an official of the body a after its mention
// (tokens i to k): "UN Secretary-General Antonio Guterres" is a person coded
// as the body; without a name the mention is the body itself.
func (d *discourse) official(toks []Token, i, k int, a dg.Actor) (*actorMention, int) {
	if n := d.capName(toks, k); n >= 2 {
		p := a
		p.ID, p.Name, p.Kind = dg.PersonActorID(joinTokens(toks[k:k+n])), joinTokens(toks[k:k+n]), dg.KindPerson
		d.register(p)
		return &actorMention{start: i, end: k + n, actor: p}, k + n - i
	}
	return &actorMention{start: i, end: k, actor: a}, k - i
}

// pick chooses the meaning of a phrase: a leader in office at the
// article's date first, then a named body (its sector is the more precise:
// "Pentagon" is MIL, not GOV), then any other meaning.
func pick(p *phrase, d *discourse) entry {
	var fallback, undated *entry
	for k := range p.entries {
		e := &p.entries[k]
		if e.kind == entLeader {
			if e.surname && hasPlace(p) {
				continue // "in Lagos": the city, not Ricardo Lagos
			}
			if d.date.IsZero() {
				// Undated text: the person's government office over a
				// rebel or opposition past ("Paul Kagame" is RWAGOV).
				if undated == nil || e.leader.Sector == "GOV" && undated.leader.Sector != "GOV" {
					undated = e
				}
				continue
			}
			if d.leaderValid(e.leader) {
				return *e
			}
			continue
		}
		if fallback == nil || e.kind == entOrg && fallback.kind != entOrg {
			fallback = e
		}
	}
	if undated != nil {
		return *undated
	}
	if fallback != nil {
		return *fallback
	}
	return entry{}
}

func hasPlace(p *phrase) bool {
	for _, e := range p.entries {
		if e.kind == entPlace {
			return true
		}
	}
	return false
}

// placeNouns head "the town of Samarra": the preposition before them
// governs the place.
var placeNouns = set("town", "city", "village", "district", "province", "region", "area", "outskirts", "suburb",
	"suburbs", "enclave", "camp", "capital", "port", "state", "county", "neighbourhood", "neighborhood", "border")

// placePrep returns the preposition governing a place starting at i,
// across determiners, compass words and "the town of": "near the town of
// Samarra" → "near".
func placePrep(toks []Token, i int) string {
	w := prevWord(toks, i)
	if w != "of" {
		return w
	}
	j := i - 1
	for j >= 0 && toks[j].Lower != "of" {
		j--
	}
	if j < 1 || !placeNouns[toks[j-1].Lower] {
		return w
	}
	k := j - 1
	for k > 0 && !prepositions[toks[k-1].Lower] && (determiners[toks[k-1].Lower] || toks[k-1].Word && !toks[k-1].Cap && k >= j-4) {
		k--
	}
	return prevWord(toks, k)
}

// functionWord reports words that can follow a noun-standing demonym:
// auxiliaries, prepositions, conjunctions, adverbs.
func functionWord(w string) bool {
	return auxiliaries[w] || prepositions[w] || adverbs[w] || w == "and" || w == "or" || w == "but" || w == "who" || w == "which" ||
		w == "that" || strings.HasSuffix(w, "ly") || reportingVerbs[w] || clauseWords[w]
}

var adverbs = set("today", "yesterday", "tonight", "now", "again", "also", "still", "already", "once", "then", "later",
	"soon", "here", "there", "too", "even", "never", "ever", "just", "last", "this", "next", "earlier", "first", "finally",
	"alone", "itself", "themselves", "himself", "herself", "instead", "meanwhile")

var auxiliaries = set("is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "shall",
	"should", "can", "could", "may", "might", "must", "do", "does", "did", "'s", "'ll", "'d", "'re", "'ve", "n't", "not")

// commonVerbs are frequent non-event verbs that may follow a country name
// used as a subject ("the US views it as essential").
var commonVerbs = set("views", "viewed", "sees", "saw", "wants", "wanted", "needs", "needed", "hopes", "hoped", "believes",
	"believed", "remains", "remained", "continues", "continued", "seeks", "sought", "plans", "planned", "expects", "expected",
	"insists", "insisted", "considers", "considered", "has", "had", "is", "was", "will", "would", "says", "said", "wants",
	"appears", "appeared", "seems", "seemed", "regards", "regarded", "contends", "contended", "maintains", "maintained",
	"intends", "intended", "fears", "feared", "knows", "knew", "thinks", "thought", "tried", "tries", "became", "becomes")

// isEventVerb reports an inflected form of a lexicon verb.
func (d *discourse) isEventVerb(w string) bool {
	_, ok := d.lex.inflect[w]
	return ok
}

func (d *discourse) verbLike(w string) bool {
	if commonVerbs[w] || strings.HasSuffix(w, "ed") {
		return true
	}
	_, ok := d.lex.inflect[w]
	return ok
}

// titleAdjectives may stand between a country and a title: "Lebanon's new President".
var titleAdjectives = set("new", "former", "then", "acting", "interim", "top", "senior", "deputy", "outgoing", "incoming", "late", "veteran", "chief")

var reportingVerbs = set("said", "says", "say", "told", "tells", "added", "stated", "announced", "declared", "reported",
	"noted", "insisted", "claimed", "argued", "saying", "according")

var continentPrefixes = set("South", "Latin", "Central", "North")

// adjectivalTitles are ranks that, in lower case and before a common
// noun, are adjectives.
var adjectivalTitles = set("general", "major", "captain", "marshal")

// portfolios are the capitalised words of a ministry after "Minister for".
var portfolios = set("Interior", "Foreign", "Affairs", "Home", "Defence", "Defense", "Finance", "Justice", "Information",
	"Trade", "Commerce", "Economy", "Economic", "Health", "Education", "Energy", "Oil", "Petroleum", "Agriculture",
	"Labour", "Labor", "Internal", "External", "Security", "Public", "Culture", "Industry", "Planning", "Development",
	"Transport", "Communications", "Religious", "Refugees", "Immigration", "Environment", "Water", "Mines", "Tourism")

// titled reads "<title> <Name>" from i (title ends at j); iso is a country
// given before the title.
func (d *discourse) titled(toks []Token, i, j int, iso string, title entry) (*actorMention, int) {
	// Titles may chain: "Treasury Secretary", "assistant secretary of state".
	for j < len(toks) {
		q := d.lex.phrases.match(toks, j)
		if q == nil {
			break
		}
		if qe := pick(q, d); qe.kind == entTitle {
			title = qe
			j += len(q.words)
			continue
		}
		break
	}
	// "Minister for Interior", "Minister of Foreign Affairs": the portfolio.
	if j+1 < len(toks) && (toks[j].Lower == "for" || toks[j].Lower == "of") && portfolios[toks[j+1].Text] {
		j += 2
		for j < len(toks) && (portfolios[toks[j].Text] || toks[j].Lower == "and") {
			j++
		}
	}
	if iso == "" {
		iso = title.country
	}
	titleText := strings.ToLower(joinTokens(toks[i:j]))
	// A known leader after the title.
	if j < len(toks) {
		if q := d.lex.phrases.match(toks, j); q != nil {
			if qe := pick(q, d); qe.kind == entLeader && !(qe.surname && d.continuesName(toks, j+len(q.words))) {
				if qe.surname {
					if a, ok := d.persons[fold(toks[j].Text)]; ok && !d.ambiguous[fold(toks[j].Text)] {
						return &actorMention{start: i, end: j + 1, actor: a}, j + 1 - i
					}
				}
				a := d.person(qe.leader.Name, qe.leader.Country, qe.leader.Sector, qe.leader.Title)
				d.register(a)
				return &actorMention{start: i, end: j + len(q.words), actor: a}, j + len(q.words) - i
			}
		}
	}
	if n := d.capName(toks, j); n >= 1 {
		name := joinTokens(toks[j : j+n])
		if n == 1 {
			if a, ok := d.persons[fold(name)]; ok && !d.ambiguous[fold(name)] {
				return &actorMention{start: i, end: j + 1, actor: a}, j + 1 - i
			}
		}
		a := d.person(name, iso, title.sector, titleText)
		if n >= 2 {
			d.register(a)
		}
		return &actorMention{start: i, end: j + n, actor: a}, j + n - i
	}
	// "a general strike", "a major offensive": an adjective, not a rank.
	if adjectivalTitles[toks[j-1].Text] && j < len(toks) && toks[j].Word && !toks[j].Cap && !functionWord(toks[j].Lower) {
		if iso != "" && j-1 > i {
			// "the Chilean general strike": the country modifies the noun.
			return &actorMention{start: i, end: j - 1, actor: d.countryActor(iso), modifier: true}, j - 1 - i
		}
		return nil, j - i
	}
	// A title with no name: "the president", "US officials".
	return &actorMention{start: i, end: j, actor: d.sectorActor(iso, title.sector)}, j - i
}

// titleAt reports a title phrase starting at i.
func (d *discourse) titleAt(toks []Token, i int) bool {
	if i >= len(toks) {
		return false
	}
	q := d.lex.phrases.match(toks, i)
	return q != nil && pick(q, d).kind == entTitle
}

// continuesName reports a capitalised word at i that no lexicon phrase
// claims: the name before it goes on ("Michel Aoun"), so a surname match
// just before it is a first name.
func (d *discourse) continuesName(toks []Token, i int) bool {
	if i >= len(toks) || !toks[i].Word || !toks[i].Cap || len(toks[i].Text) < 2 {
		return false
	}
	if _, ok := weekdaysMonths[toks[i].Lower]; ok {
		return false
	}
	return d.lex.phrases.match(toks, i) == nil
}

var weekdaysMonths = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
	"february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")

// appositive reads "<Name>, [the] [<country>] <title>" from i, with a
// name of n tokens.
func (d *discourse) appositive(toks []Token, i, n int) (*actorMention, int) {
	j := i + n
	if j >= len(toks) || toks[j].Text != "," {
		return nil, 0
	}
	k := j + 1
	for k < len(toks) && (toks[k].Lower == "the" || toks[k].Lower == "a" || toks[k].Lower == "former" || toks[k].Lower == "top" || toks[k].Lower == "senior") {
		k++
	}
	iso := ""
	if k < len(toks) {
		if q := d.lex.phrases.match(toks, k); q != nil {
			if qe := pick(q, d); qe.kind == entCountry || qe.kind == entDemonym {
				iso = qe.country
				k += len(q.words)
			}
		}
	}
	for k < len(toks) && (toks[k].Lower == "top" || toks[k].Lower == "senior" || toks[k].Lower == "deputy" || toks[k].Lower == "chief") {
		k++
	}
	if k >= len(toks) {
		return nil, 0
	}
	q := d.lex.phrases.match(toks, k)
	if q == nil {
		return nil, 0
	}
	qe := pick(q, d)
	if qe.kind != entTitle {
		return nil, 0
	}
	if iso == "" {
		iso = qe.country
	}
	name := joinTokens(toks[i : i+n])
	a := d.person(name, iso, qe.sector, strings.ToLower(joinTokens(toks[k:k+len(q.words)])))
	d.register(a)
	// Only the name is the mention; the appositive is read again as text.
	return &actorMention{start: i, end: i + n, actor: a}, n
}

// group reads "<country|demonym> [modifiers] <sector noun>" starting at i
// (the country phrase ends at end), with an optional number before i.
func (d *discourse) group(toks []Token, i, end int, iso string) (*actorMention, int) {
	j := end
	if j < len(toks) && toks[j].Lower == "'s" {
		j++
	}
	sector, last := "", -1
	for k := j; k < len(toks) && k < j+4; {
		q := d.lex.phrases.match(toks, k)
		if q != nil {
			qe := pick(q, d)
			if qe.kind == entNoun || qe.kind == entOrg {
				// "police commanders", "army officers": a role keeps the
				// sector of the body before it.
				if sector == "" || !roleHeads[toks[k+len(q.words)-1].Lower] {
					sector = qe.sector
				}
				last = k + len(q.words)
				k += len(q.words)
				continue
			}
			break
		}
		t := toks[k]
		// Modifiers: lower-case words and hyphens ("state-owned", "military"),
		// and after "'s" unknown names ("Ankara's Cankaya district administration").
		if last < 0 && (t.Word && !t.Cap && !functionWord(t.Lower) && !commonVerbs[t.Lower] && !d.isEventVerb(t.Lower) || t.Text == "-" ||
			t.Word && t.Cap && j > end) {
			k++
			continue
		}
		break
	}
	if last < 0 {
		return nil, 0
	}
	m := &actorMention{start: i, end: last, actor: d.sectorActor(iso, sector), noun: toks[last-1].Lower}
	m.plural = strings.HasSuffix(m.noun, "s")
	// "Libyan leader Muammar Gaddafi": a singular head before a name is a title.
	if !m.plural && iso != "" {
		if n := d.capName(toks, last); n >= 2 {
			a := d.person(joinTokens(toks[last:last+n]), iso, sector, strings.ToLower(joinTokens(toks[j:last])))
			d.register(a)
			return &actorMention{start: i, end: last + n, actor: a}, last + n - i
		}
	}
	if i > 0 {
		if n, ok := numberWords[toks[i-1].Lower]; ok {
			m.count = n
		} else if n, err := strconv.Atoi(toks[i-1].Text); err == nil {
			m.count = n
		}
	}
	if m.plural || m.count > 0 {
		d.groups = append(d.groups, *m)
	}
	return m, last - i
}

// definiteGroup resolves "the [five] officers" / "the five men" to the most
// recent earlier group it can only mean.
func (d *discourse) definiteGroup(toks []Token, i int) (*actorMention, int) {
	if toks[i].Lower != "the" || i+1 >= len(toks) {
		return nil, 0
	}
	j := i + 1
	count := 0
	if n, ok := numberWords[toks[j].Lower]; ok {
		count = n
		j++
	}
	if j >= len(toks) {
		return nil, 0
	}
	head := toks[j].Lower
	sector := ""
	if q := d.lex.phrases.match(toks, j); q != nil {
		if qe := pick(q, d); qe.kind == entNoun && len(q.words) == 1 {
			sector = qe.sector
		} else {
			return nil, 0
		}
	} else if !groupNouns[head] {
		return nil, 0
	}
	if count == 0 && sector == "" {
		return nil, 0
	}
	for k := len(d.groups) - 1; k >= 0; k-- {
		g := d.groups[k]
		if !g.known() {
			continue
		}
		if count > 0 && g.count != count {
			continue
		}
		if sector != "" && g.actor.Sector != sector {
			continue
		}
		return &actorMention{start: i, end: j + 1, actor: g.actor, plural: true, count: g.count, noun: head}, j + 1 - i
	}
	return nil, 0
}

// possessor resolves the possessive determiner at i ("its", "their") to the
// sentence's first actor that is no object of a preposition, else to the
// one compatible actor of the previous sentence.
func (d *discourse) possessor(toks []Token, i int) *dg.Actor {
	plural := toks[i].Lower == "their"
	personal := toks[i].Lower == "his" || toks[i].Lower == "her"
	for _, m := range d.cur {
		if m.known() && !m.inPP && !m.location && !m.modifier && (m.actor.Kind != dg.KindPerson) != personal {
			a := m.actor
			return &a
		}
	}
	var found *dg.Actor
	for _, m := range d.prev {
		if !m.known() || m.location || m.inPP || m.actor.Kind == dg.KindPerson || m.plural != plural {
			continue
		}
		if found != nil && found.ID != m.actor.ID {
			return nil
		}
		a := m.actor
		found = &a
	}
	return found
}

// pronoun resolves he/she/it/they only when one compatible antecedent is
// in the previous sentence.
func (d *discourse) pronoun(toks []Token, i int) *actorMention {
	w := toks[i].Lower
	var want func(m actorMention) bool
	switch w {
	case "he", "she", "him", "her":
		if w == "her" && i+1 < len(toks) && toks[i+1].Word && !functionWord(toks[i+1].Lower) {
			return nil // possessive determiner
		}
		want = func(m actorMention) bool { return m.actor.Kind == dg.KindPerson }
	case "it":
		want = func(m actorMention) bool {
			return !m.inPP && !m.plural && (m.actor.Kind == dg.KindCountry || m.actor.Kind == dg.KindSector || m.actor.Kind == dg.KindOrganization)
		}
	case "they", "them":
		want = func(m actorMention) bool { return m.plural && m.actor.Kind != dg.KindPerson }
	default:
		return nil
	}
	// "X announced that it has …", "X refused, saying he would …": the
	// sentence's first actor that is no object of a preposition.
	if i > 0 && (toks[i-1].Lower == "that" || reportingVerbs[toks[i-1].Lower]) {
		for _, m := range d.cur {
			if m.known() && !m.inPP && !m.location && !m.modifier && want(m) {
				return &actorMention{start: i, end: i + 1, actor: m.actor, plural: m.plural}
			}
		}
	}
	// "the National Assembly has been sidelined since it took office": the
	// one compatible subject earlier in this sentence.
	if w == "it" {
		var one *actorMention
		for k := range d.cur {
			m := d.cur[k]
			if !m.known() || m.inPP || m.location || m.modifier || !want(m) {
				continue
			}
			if one != nil && one.actor.ID != m.actor.ID {
				one = nil
				break
			}
			one = &m
		}
		if one != nil {
			return &actorMention{start: i, end: i + 1, actor: one.actor}
		}
	}
	var found *actorMention
	seen := map[string]bool{}
	for k := range d.prev {
		m := d.prev[k]
		if !m.known() || m.location || !want(m) || seen[m.actor.ID] {
			continue
		}
		seen[m.actor.ID] = true
		if found != nil {
			return &actorMention{start: i, end: i + 1} // ambiguous: unknown, never guessed
		}
		found = &m
	}
	if found == nil {
		return nil
	}
	return &actorMention{start: i, end: i + 1, actor: found.actor, plural: found.plural}
}

// fold removes accents so that "Fernandez" finds "Fernández".
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func joinTokens(toks []Token) string {
	var b strings.Builder
	for k, t := range toks {
		if k > 0 && t.Word && toks[k-1].Text != "-" {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}
