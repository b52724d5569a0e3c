package resolvers

import (
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers/generated"

	dg "github.com/diplograph/diplograph"
)

// Assumed sizes of the lists that take no `first`, for query complexity.
const (
	costMentionsPerEvent = 3
	costEventsPerArticle = 50
	costBuckets          = 200
	costCodes            = 300
	costPaths            = 10
)

// costCap keeps complexity sums far from overflow however deep the query.
const costCap = 1 << 40

// listCost is the complexity of a list field of n elements whose elements
// cost child each: n × child, plus one for the field itself.
func listCost(n, child int) int {
	n = max(n, 1)
	if child > 0 && n > costCap/child {
		return costCap
	}
	return min(1+n*child, costCap)
}

// pageCost is listCost for a field with a `first` argument.
func pageCost(child int, first *int, def int) int {
	n := def
	if first != nil {
		n = *first
	}
	return listCost(n, child)
}

// complexityRoot returns the complexity functions: list fields cost by
// their `first` (or `limit`) argument, lists without one by an assumed size;
// other fields cost one plus their children, gqlgen's default.
func complexityRoot() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	c.Query.Actors = func(child int, _ *string, _ *string, _ *dg.ActorKind, first *int, _ *string) int {
		return pageCost(child, first, DefaultPageSize)
	}
	c.Query.Events = func(child int, _ *graph.EventFilter, first *int, _ *string) int {
		return pageCost(child, first, DefaultPageSize)
	}
	c.Query.Timeline = func(child int, _ []string, _ *string, _ *string, _ []string, _ []dg.Status, first *int) int {
		return pageCost(child, first, timelineFirst)
	}
	c.Query.Neighborhood = func(child int, _ string, _ *int, limit *int) int {
		return pageCost(child, limit, defaultLimit)
	}
	c.Query.Paths = func(child int, _ string, _ string, hops *int) int {
		n := 3
		if hops != nil {
			n = *hops
		}
		return listCost(costPaths*max(n, 1), child)
	}
	c.Query.EventCounts = func(child int, _ *graph.EventFilter, _ []graph.CountKey) int {
		return listCost(costBuckets, child)
	}
	c.Query.CameoCodes = func(child int, _ *string) int { return listCost(costCodes, child) }
	c.Actor.Events = func(child int, _ *graph.EventFilter, first *int, _ *string) int {
		return pageCost(child, first, DefaultPageSize)
	}
	c.Dyad.Events = func(child int, first *int, _ *string) int {
		return pageCost(child, first, timelineFirst)
	}
	c.Event.Mentions = func(child int) int { return listCost(costMentionsPerEvent, child) }
	c.Article.Events = func(child int) int { return listCost(costEventsPerArticle, child) }
	c.IngestResult.Events = func(child int) int { return listCost(costEventsPerArticle, child) }
	return c
}
