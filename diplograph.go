// Package diplograph holds the domain types shared by every part of
// diplograph: actors, events, mentions, articles, CAMEO codes and error
// kinds. It imports nothing but the standard library; the loader produces
// these values, the graph stores them and the resolvers serve them.
package diplograph

import "time"

// ActorKind says what sort of thing an actor is.
type ActorKind string

// Actor kinds, as the graph types them.
const (
	KindCountry      ActorKind = "country"
	KindPerson       ActorKind = "person"
	KindOrganization ActorKind = "organization"
	KindGroup        ActorKind = "group"
	KindSector       ActorKind = "sector"
)

// Actor is a country, person, organisation, group or sector of a country.
type Actor struct {
	ID      string    // stable id: "country:CHN", "actor:daniel-russel", "actor:CHN-MIL"
	Name    string    // display name
	Code    string    // CAMEO actor code: "USA", "USAGOV", "CHNMIL", "IGOUNO"
	Kind    ActorKind // country, person, organization, group or sector
	Country string    // ISO alpha-3 of the actor's country, or "IGO"/"NGO"; empty when unknown
	Sector  string    // CAMEO sector: GOV, MIL, JUD...; empty for a whole country
	Title   string    // a person's title as of the article's date
	Aliases []string  // other names: surnames, metonyms, demonyms
}

// CountryID returns the id of the actor's country node, or "" when the actor has none.
func (a Actor) CountryID() string {
	if len(a.Country) != 3 || a.Country == "IGO" || a.Country == "NGO" {
		return ""
	}
	return "country:" + a.Country
}

// Status is the modality of an event as its sentence reports it.
type Status string

// Event statuses.
const (
	Asserted     Status = "asserted"
	Planned      Status = "planned"
	Negated      Status = "negated"
	Hypothetical Status = "hypothetical"
	Reported     Status = "reported"
)

// Statuses lists every valid status.
var Statuses = []Status{Asserted, Planned, Negated, Hypothetical, Reported}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Precision is how precisely an event's date is known.
type Precision string

// Date precisions. PrecisionReported means the sentence gave no date and the
// article's date stands in.
const (
	PrecisionDay      Precision = "day"
	PrecisionWeek     Precision = "week"
	PrecisionMonth    Precision = "month"
	PrecisionYear     Precision = "year"
	PrecisionReported Precision = "reported"
)

// Valid reports whether p is a known precision.
func (p Precision) Valid() bool {
	switch p {
	case PrecisionDay, PrecisionWeek, PrecisionMonth, PrecisionYear, PrecisionReported:
		return true
	}
	return false
}

// Rank orders precisions from finest (0) to coarsest, for sorting events
// that share a date prefix.
func (p Precision) Rank() int {
	switch p {
	case PrecisionDay:
		return 0
	case PrecisionWeek:
		return 1
	case PrecisionMonth:
		return 2
	case PrecisionYear:
		return 3
	}
	return 4
}

// Code is one entry of the CAMEO event codebook.
type Code struct {
	Code      string  // "026", "1125"
	Label     string  // "Appeal to others to meet or negotiate"
	Root      string  // "02"
	QuadClass int     // 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
	Goldstein float64 // -10 .. +10
	Plover    string  // PLOVER event type, empty where PLOVER has none
}

// Event is who did what to whom and when. Its ID is a hash of source,
// target, code and date at its precision, so the same event reported by
// several sentences or articles is one event with several mentions.
type Event struct {
	ID        string
	Code      Code
	Source    *Actor // nil when the sentence names none
	Target    *Actor // nil when the sentence names none
	Status    Status
	Date      string    // ISO prefix at its precision: "2014", "2014-07", "2014-07-07"
	Precision Precision // day, week, month, year or reported
	Rel       string    // the short verb of the direct edge: "urges", "charges"
	Mentions  []Mention
}

// Mention is one sentence of one article reporting an event.
type Mention struct {
	ID            string // "mention:<article hash>/<sentence>/<n>"
	ArticleID     string
	SentenceIndex int
	Sentence      string // the sentence's text
	Start, End    int    // byte offsets of the sentence in the article text
	Trigger       string // the words that fired the rule
	Rule          string // the lexicon entry that fired
	Confidence    float64
}

// Article is one news story. Its ID is derived from its normalised text, so
// the same story loaded twice is one article.
type Article struct {
	ID        string // "article:<sha256 prefix>"
	Source    string // where it was read: file path and line, or "stdin"
	ExtID     string // the id the input gave it, if any
	Title     string
	URL       string
	Published time.Time // zero when unknown
	Text      string
}

// Coded is an article with everything the loader found in it: the unit the
// graph writes in one transaction.
type Coded struct {
	Article   Article
	Sentences []Sentence
	Actors    []Actor
	Events    []Event
}

// Sentence is a span of an article's text.
type Sentence struct {
	Index      int
	Start, End int // byte offsets into Article.Text
	Text       string
}
