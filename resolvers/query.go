package resolvers

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers/model"
)

// Bounds of the traversal arguments.
const (
	maxHops       = 3
	maxPathHops   = 6
	defaultLimit  = 100
	timelineFirst = 100
)

// notFoundIsNil turns a store's not-found error into a null result.
func notFoundIsNil[T any](v *T, err error) (*T, error) {
	if dg.KindOf(err) == dg.ENotFound {
		return nil, nil
	}
	return v, err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Actor resolves Query.actor.
func (r *queryResolver) Actor(ctx context.Context, id *string, code *string) (*dg.Actor, error) {
	key := deref(id)
	switch {
	case key != "" && deref(code) != "":
		return nil, dg.Errorf(dg.EInvalid, "actor: give id or code, not both")
	case key == "":
		key = deref(code)
	}
	if key == "" {
		return nil, dg.Errorf(dg.EInvalid, "actor: id or code is required")
	}
	a, err := r.store.Actor(ctx, key)
	if err != nil {
		err = fmt.Errorf("actor %s: %w", key, err)
	}
	return notFoundIsNil(a, err)
}

// Actors resolves Query.actors.
func (r *queryResolver) Actors(ctx context.Context, search *string, country *string, kind *dg.ActorKind, first *int, after *string) (*model.ActorConnection, error) {
	q := graph.ActorQuery{Search: deref(search), Country: strings.ToUpper(deref(country))}
	if kind != nil {
		q.Kind = *kind
	}
	return actorConnection(func(p graph.Page) (graph.ActorPage, error) {
		page, err := r.store.SearchActors(ctx, q, p)
		if err != nil {
			return page, fmt.Errorf("search actors: %w", err)
		}
		return page, nil
	}, first, after)
}

// Event resolves Query.event.
func (r *queryResolver) Event(ctx context.Context, id string) (*model.Event, error) {
	e, err := r.store.Event(ctx, id)
	if err != nil {
		err = fmt.Errorf("event %s: %w", id, err)
	}
	if e, err = notFoundIsNil(e, err); e == nil || err != nil {
		return nil, err
	}
	out, err := r.eventsOut(ctx, []dg.Event{*e})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// Events resolves Query.events.
func (r *queryResolver) Events(ctx context.Context, filter *graph.EventFilter, first *int, after *string) (*model.EventConnection, error) {
	f, err := checkFilter(filter)
	if err != nil {
		return nil, err
	}
	return r.events(ctx, f, first, after, DefaultPageSize)
}

// events serves one page of the events matching f.
func (r *Resolver) events(ctx context.Context, f graph.EventFilter, first *int, after *string, def int) (*model.EventConnection, error) {
	return r.eventConnection(ctx, func(p graph.Page) (graph.EventPage, error) {
		page, err := r.store.Events(ctx, f, p)
		if err != nil {
			return page, fmt.Errorf("events: %w", err)
		}
		return page, nil
	}, first, after, def)
}

// Timeline resolves Query.timeline.
func (r *queryResolver) Timeline(ctx context.Context, actors []string, from *string, to *string, roots []string, statuses []dg.Status, first *int) ([]model.Event, error) {
	if len(actors) == 0 {
		return nil, dg.Errorf(dg.EInvalid, "timeline: at least one actor is required")
	}
	n, err := pageSize(first, timelineFirst)
	if err != nil {
		return nil, err
	}
	f, err := checkFilter(&graph.EventFilter{Actors: actors, From: deref(from), To: deref(to), Roots: roots, Statuses: statuses})
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return []model.Event{}, nil
	}
	page, err := r.store.Events(ctx, f, graph.Page{First: n, SkipTotal: true}) // a timeline shows no total
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	return r.eventsOut(ctx, page.Events)
}

// Dyad resolves Query.dyad: the counts by month both ways now, the actors
// and events when asked for.
func (r *queryResolver) Dyad(ctx context.Context, a string, b string) (*model.Dyad, error) {
	if a == "" || b == "" {
		return nil, dg.Errorf(dg.EInvalid, "dyad: both actors are required")
	}
	if a == b {
		return nil, dg.Errorf(dg.EInvalid, "dyad: the two actors must differ, got %q twice", a)
	}
	ab, err := r.store.Counts(ctx, graph.EventFilter{Source: a, Target: b}, []graph.CountKey{graph.ByMonth})
	if err != nil {
		return nil, fmt.Errorf("dyad %s→%s: %w", a, b, err)
	}
	ba, err := r.store.Counts(ctx, graph.EventFilter{Source: b, Target: a}, []graph.CountKey{graph.ByMonth})
	if err != nil {
		return nil, fmt.Errorf("dyad %s→%s: %w", b, a, err)
	}
	return dyadOf(a, b, ab, ba), nil
}

// dyadOf merges the monthly counts of both directions.
func dyadOf(a, b string, ab, ba []graph.CountBucket) *model.Dyad {
	type acc struct {
		n1, n2 int
		s1, s2 float64
	}
	months := map[string]*acc{}
	get := func(m string) *acc {
		if months[m] == nil {
			months[m] = &acc{}
		}
		return months[m]
	}
	var tab, tba acc
	for _, c := range ab {
		x := get(c.Keys[graph.ByMonth])
		x.n1 += c.Count
		x.s1 += c.GoldsteinMean * float64(c.Count)
		tab.n1 += c.Count
		tab.s1 += c.GoldsteinMean * float64(c.Count)
	}
	for _, c := range ba {
		x := get(c.Keys[graph.ByMonth])
		x.n2 += c.Count
		x.s2 += c.GoldsteinMean * float64(c.Count)
		tba.n1 += c.Count
		tba.s1 += c.GoldsteinMean * float64(c.Count)
	}
	d := &model.Dyad{
		ActorA: a, ActorB: b,
		AToB:   &model.DyadTotals{Count: tab.n1, GoldsteinMean: mean(tab.s1, tab.n1)},
		BToA:   &model.DyadTotals{Count: tba.n1, GoldsteinMean: mean(tba.s1, tba.n1)},
		Months: make([]model.DyadMonth, 0, len(months)),
	}
	for m, x := range months {
		d.Months = append(d.Months, model.DyadMonth{
			Month: m, AToB: x.n1, BToA: x.n2,
			GoldsteinMeanAToB: mean(x.s1, x.n1),
			GoldsteinMeanBToA: mean(x.s2, x.n2),
			GoldsteinMean:     mean(x.s1+x.s2, x.n1+x.n2),
		})
	}
	sort.Slice(d.Months, func(i, j int) bool { return d.Months[i].Month < d.Months[j].Month })
	return d
}

func mean(sum float64, n int) *float64 {
	if n == 0 {
		return nil
	}
	m := sum / float64(n)
	return &m
}

// Neighborhood resolves Query.neighborhood.
func (r *queryResolver) Neighborhood(ctx context.Context, actor string, hops *int, limit *int) (*graph.Subgraph, error) {
	h := 1
	if hops != nil {
		h = *hops
	}
	if h < 1 || h > maxHops {
		return nil, dg.Errorf(dg.EInvalid, "neighborhood: hops must be 1 to %d, got %d", maxHops, h)
	}
	n, err := pageSize(limit, defaultLimit)
	if err != nil {
		return nil, fmt.Errorf("neighborhood: limit: %w", err)
	}
	g, err := r.store.Neighborhood(ctx, actor, h, n)
	if err != nil {
		return nil, fmt.Errorf("neighborhood of %s: %w", actor, err)
	}
	primeActors(ctx, g.Actors)
	return &g, nil
}

// Paths resolves Query.paths.
func (r *queryResolver) Paths(ctx context.Context, from string, to string, maxHopsArg *int) ([]graph.Path, error) {
	h := 3
	if maxHopsArg != nil {
		h = *maxHopsArg
	}
	if h < 1 || h > maxPathHops {
		return nil, dg.Errorf(dg.EInvalid, "paths: maxHops must be 1 to %d, got %d", maxPathHops, h)
	}
	ps, err := r.store.Paths(ctx, from, to, h)
	if err != nil {
		return nil, fmt.Errorf("paths %s→%s: %w", from, to, err)
	}
	for _, p := range ps {
		primeActors(ctx, p.Actors)
	}
	return ps, nil
}

// EventCounts resolves Query.eventCounts.
func (r *queryResolver) EventCounts(ctx context.Context, filter *graph.EventFilter, groupBy []graph.CountKey) ([]model.CountBucket, error) {
	f, err := checkFilter(filter)
	if err != nil {
		return nil, err
	}
	seen := map[graph.CountKey]bool{}
	for _, k := range groupBy {
		if seen[k] {
			return nil, dg.Errorf(dg.EInvalid, "eventCounts: %s is grouped by twice", k)
		}
		seen[k] = true
	}
	bs, err := r.store.Counts(ctx, f, groupBy)
	if err != nil {
		return nil, fmt.Errorf("event counts: %w", err)
	}
	out := make([]model.CountBucket, len(bs))
	for i, b := range bs {
		if out[i], err = countBucket(b); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// countBucket flattens a store count bucket.
func countBucket(b graph.CountBucket) (model.CountBucket, error) {
	key := func(k graph.CountKey) *string {
		v, ok := b.Keys[k]
		if !ok {
			return nil
		}
		return &v
	}
	out := model.CountBucket{
		Year: key(graph.ByYear), Month: key(graph.ByMonth), Root: key(graph.ByRoot), Code: key(graph.ByCode),
		SourceCountry: key(graph.BySourceCountry), TargetCountry: key(graph.ByTargetCountry),
		Count: b.Count, GoldsteinMean: b.GoldsteinMean,
	}
	if v := key(graph.ByQuadClass); v != nil && *v != "" {
		n, err := strconv.Atoi(*v)
		if err != nil {
			return out, dg.Errorf(dg.EInternal, "count bucket: quad class %q is not a number", *v)
		}
		out.QuadClass = &n
	}
	if v := key(graph.ByStatus); v != nil && *v != "" {
		s := dg.Status(*v)
		if !s.Valid() {
			return out, dg.Errorf(dg.EInternal, "count bucket: unknown status %q", *v)
		}
		out.Status = &s
	}
	return out, nil
}

// Article resolves Query.article.
func (r *queryResolver) Article(ctx context.Context, id string) (*dg.Article, error) {
	a, err := r.store.Article(ctx, id)
	if err != nil {
		err = fmt.Errorf("article %s: %w", id, err)
	}
	return notFoundIsNil(a, err)
}

// CameoCodes resolves Query.cameoCodes.
func (r *queryResolver) CameoCodes(ctx context.Context, root *string) ([]dg.Code, error) {
	if r.codebook == nil {
		return []dg.Code{}, nil
	}
	all := r.codebook()
	if deref(root) == "" {
		return all, nil
	}
	out := make([]dg.Code, 0, 32)
	for _, c := range all {
		if c.Root == *root {
			out = append(out, c)
		}
	}
	return out, nil
}

// Stats resolves Query.stats.
func (r *queryResolver) Stats(ctx context.Context) (*graph.Stats, error) {
	s, err := r.store.Stats(ctx)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	return &s, nil
}
