package graph

import (
	"time"

	dg "github.com/diplograph/diplograph"
)

// EventFilter selects events. Zero fields do not filter. Actors holds actor
// ids ("actor:daniel-russel", "country:CHN") or CAMEO codes ("CHN",
// "USAGOV"); a country id or a three-letter country code covers every actor
// of that country. With one actor, events touching it are selected; with
// several, only the events among them (source in the set and target in the
// set, each side matched by a different entry).
type EventFilter struct {
	Actors     []string
	Source     string   // actor id or code that must be the source
	Target     string   // actor id or code that must be the target
	From, To   string   // inclusive ISO date prefixes: "2014", "2014-05", "2014-05-01"
	Roots      []string // CAMEO roots, "02"
	Codes      []string // CAMEO codes, "026"
	QuadClass  []int
	Statuses   []dg.Status
	ArticleID  string
	MaxResults int // for counts and traversals: a bound on work; 0 means the store's default
}

// Page asks for one page of an ordered result. After is an opaque cursor
// returned by an earlier page.
type Page struct {
	First int
	After string
	// SkipTotal leaves EventPage.TotalCount at 0 instead of counting every
	// matching event, for callers that show no total (a timeline): on a
	// large filter the count costs more than the page.
	SkipTotal bool
}

// EventPage is one page of events ordered by date, then precision, then id.
type EventPage struct {
	Events     []dg.Event // with Source, Target and Code filled; Mentions empty (see Mentions)
	EndCursor  string     // cursor of the last event, for Page.After
	HasNext    bool
	TotalCount int // number of events matching the filter
}

// ActorPage is one page of actors ordered by name.
type ActorPage struct {
	Actors     []dg.Actor
	EndCursor  string
	HasNext    bool
	TotalCount int
}

// ActorQuery selects actors for search.
type ActorQuery struct {
	Search  string       // case-insensitive prefix of the name or an alias; "" for all
	Country string       // ISO3; "" for all
	Kind    dg.ActorKind // "" for all
}

// CountKey is one dimension of an event count.
type CountKey string

// Count keys.
const (
	ByYear          CountKey = "year"
	ByMonth         CountKey = "month"
	ByRoot          CountKey = "root"
	ByCode          CountKey = "code"
	ByQuadClass     CountKey = "quadClass"
	BySourceCountry CountKey = "sourceCountry"
	ByTargetCountry CountKey = "targetCountry"
	ByStatus        CountKey = "status"
)

// CountBucket is the number of events sharing one value per grouped key.
type CountBucket struct {
	Keys          map[CountKey]string
	Count         int
	GoldsteinMean float64
}

// Edge is a relation between two actors: the events from Source to Target.
type Edge struct {
	Source, Target string // actor ids
	Rel            string // most frequent verb
	Count          int
	GoldsteinMean  float64
}

// Subgraph is a set of actors and the edges among them.
type Subgraph struct {
	Actors []dg.Actor
	Edges  []Edge
}

// Path is a chain of actors from one to another, with the edge taken at each hop.
type Path struct {
	Actors []dg.Actor
	Edges  []Edge
}

// WriteResult says what a write did.
type WriteResult struct {
	ArticleID string
	Unchanged bool // the article was already stored with the same content: nothing written
	Replaced  bool // an earlier version of the article was replaced
	Quads     int  // quads written
	Events    int
}

// Stats are the store's totals.
type Stats struct {
	Articles, Events, Mentions, Actors int
	Quads                              int64
	FirstDate, LastDate                string
	SizeBytes                          int64
	Backend                            string
	UpdatedAt                          time.Time
}
