package graph

import "github.com/cayleygraph/quad"

// The vocabulary of the graph (see DESIGN.md, "Vocabulary"). Node IRIs are
// the domain ids: Actor.ID "country:CHN" is the node <country:CHN>. Every
// quad's label is the IRI of the article it came from.
//
// Literals: strings are quad.String; integers (quadClass, sentenceIndex,
// start, end) are quad.Int; goldstein and confidence are quad.Float; dates
// are ISO prefix strings ("2014-07"); an article's published time is a
// quad.String in RFC 3339 with nanoseconds, in UTC
// ("2014-06-27T00:00:00Z"), because a string round-trips unchanged through
// every Cayley backend while time values lose their zone or precision.
//
// Two predicates go beyond DESIGN.md: <dg:rel> holds an event's verb (the
// <rel:VERB> edge between two actors is shared by every event of the same
// article with the same actors and verb, so it cannot carry the verb of one
// event) and <dg:label> holds the CAMEO code's label.
const (
	// IRI prefixes of nodes.
	PrefixCountry = "country:"
	PrefixActor   = "actor:"
	PrefixEvent   = "event:"
	PrefixMention = "mention:"
	PrefixArticle = "article:"
	// PrefixRel starts the predicate of the direct edge between two
	// actors: <rel:urges>.
	PrefixRel = "rel:"

	// Predicates.
	PredType          = quad.IRI("rdf:type")
	PredName          = quad.IRI("dg:name")
	PredAlias         = quad.IRI("dg:alias")
	PredCode          = quad.IRI("dg:code")
	PredCountry       = quad.IRI("dg:country")
	PredSector        = quad.IRI("dg:sector")
	PredTitle         = quad.IRI("dg:title") // an actor's title, an article's title
	PredSource        = quad.IRI("dg:source")
	PredTarget        = quad.IRI("dg:target")
	PredCameo         = quad.IRI("dg:cameo")
	PredLabel         = quad.IRI("dg:label")
	PredRoot          = quad.IRI("dg:root")
	PredQuadClass     = quad.IRI("dg:quadClass")
	PredGoldstein     = quad.IRI("dg:goldstein")
	PredPlover        = quad.IRI("dg:plover")
	PredDate          = quad.IRI("dg:date")
	PredPrecision     = quad.IRI("dg:precision")
	PredStatus        = quad.IRI("dg:status")
	PredRelVerb       = quad.IRI("dg:rel")
	PredMention       = quad.IRI("dg:mention")
	PredArticle       = quad.IRI("dg:article")
	PredSentence      = quad.IRI("dg:sentence")
	PredSentenceIndex = quad.IRI("dg:sentenceIndex")
	PredStart         = quad.IRI("dg:start")
	PredEnd           = quad.IRI("dg:end")
	PredTrigger       = quad.IRI("dg:trigger")
	PredRule          = quad.IRI("dg:rule")
	PredConfidence    = quad.IRI("dg:confidence")
	PredPublished     = quad.IRI("dg:published")
	PredURL           = quad.IRI("dg:url")
	PredKind          = quad.IRI("dg:kind")

	// Types (objects of <rdf:type>).
	TypeCountry      = quad.IRI("dg:Country")
	TypePerson       = quad.IRI("dg:Person")
	TypeOrganization = quad.IRI("dg:Organization")
	TypeGroup        = quad.IRI("dg:Group")
	TypeSector       = quad.IRI("dg:Sector")
	TypeEvent        = quad.IRI("dg:Event")
	TypeMention      = quad.IRI("dg:Mention")
	TypeArticle      = quad.IRI("dg:Article")
)

// RelPredicate returns the predicate of the direct edge for a verb: <rel:urges>.
func RelPredicate(verb string) quad.IRI { return quad.IRI(PrefixRel + verb) }
