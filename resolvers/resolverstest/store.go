package resolverstest

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers"
)

// MemStore is a small in-memory resolvers.Store with the store's ordering
// and filter semantics, for tests of the GraphQL layer that should not
// depend on the real store. Events it returns carry their source and target
// as ids only when IDOnlyActors is set, so that the actor loader is used.
// Neighborhood and Paths are not implemented.
type MemStore struct {
	// IDOnlyActors makes Events, Event and EventsByID return actors with
	// only their ids, as a store that does not join actors would.
	IDOnlyActors bool

	mu       sync.RWMutex
	actors   map[string]dg.Actor
	articles map[string]dg.Article
	events   map[string]*dg.Event       // with all mentions
	byArt    map[string]map[string]bool // article id → event ids
}

var _ resolvers.Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{
		actors:   map[string]dg.Actor{},
		articles: map[string]dg.Article{},
		events:   map[string]*dg.Event{},
		byArt:    map[string]map[string]bool{},
	}
}

// WriteArticle implements resolvers.Store.
func (s *MemStore) WriteArticle(_ context.Context, c *dg.Coded) (graph.WriteResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := c.Article.ID
	if _, ok := s.articles[id]; ok {
		return graph.WriteResult{ArticleID: id, Unchanged: true}, nil
	}
	s.articles[id] = c.Article
	s.byArt[id] = map[string]bool{}
	for _, a := range c.Actors {
		s.actors[a.ID] = a
	}
	for _, e := range c.Events {
		for _, a := range []*dg.Actor{e.Source, e.Target} {
			if a != nil && a.Name != "" {
				s.actors[a.ID] = *a
			}
		}
		stored := s.events[e.ID]
		if stored == nil {
			cp := e
			cp.Mentions = nil
			stored = &cp
			s.events[e.ID] = stored
		}
		stored.Mentions = append(stored.Mentions, e.Mentions...)
		s.byArt[id][e.ID] = true
	}
	return graph.WriteResult{ArticleID: id, Events: len(c.Events), Quads: 10 * len(c.Events)}, nil
}

// DeleteArticle implements resolvers.Store.
func (s *MemStore) DeleteArticle(_ context.Context, id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.articles[id]; !ok {
		return false, nil
	}
	for eid := range s.byArt[id] {
		e := s.events[eid]
		kept := e.Mentions[:0]
		for _, m := range e.Mentions {
			if m.ArticleID != id {
				kept = append(kept, m)
			}
		}
		e.Mentions = kept
		if len(kept) == 0 {
			delete(s.events, eid)
		}
	}
	delete(s.articles, id)
	delete(s.byArt, id)
	return true, nil
}

// Article implements resolvers.Store.
func (s *MemStore) Article(_ context.Context, id string) (*dg.Article, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.articles[id]
	if !ok {
		return nil, dg.Errorf(dg.ENotFound, "article %s not found", id)
	}
	return &a, nil
}

// ArticleEvents implements resolvers.Store.
func (s *MemStore) ArticleEvents(_ context.Context, id string) ([]dg.Event, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []dg.Event
	for eid := range s.byArt[id] {
		out = append(out, s.view(s.events[eid]))
	}
	sortEvents(out)
	return out, nil
}

// Actor implements resolvers.Store.
func (s *MemStore) Actor(_ context.Context, idOrCode string) (*dg.Actor, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if a, ok := s.actors[idOrCode]; ok {
		return &a, nil
	}
	for _, a := range s.actors {
		if strings.EqualFold(a.Code, idOrCode) {
			return &a, nil
		}
	}
	return nil, dg.Errorf(dg.ENotFound, "actor %s not found", idOrCode)
}

// ActorsByID implements resolvers.Store.
func (s *MemStore) ActorsByID(_ context.Context, ids []string) ([]*dg.Actor, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*dg.Actor, len(ids))
	for i, id := range ids {
		if a, ok := s.actors[id]; ok {
			out[i] = &a
		}
	}
	return out, nil
}

// SearchActors implements resolvers.Store; the cursor is an offset.
func (s *MemStore) SearchActors(_ context.Context, q graph.ActorQuery, p graph.Page) (graph.ActorPage, error) {
	s.mu.RLock()
	var all []dg.Actor
	for _, a := range s.actors {
		if q.Country != "" && a.Country != q.Country || q.Kind != "" && a.Kind != q.Kind {
			continue
		}
		if q.Search != "" && !hasPrefixFold(q.Search, a.Name, a.Aliases) {
			continue
		}
		all = append(all, a)
	}
	s.mu.RUnlock()
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	lo, err := offset(p.After)
	if err != nil {
		return graph.ActorPage{}, err
	}
	lo = min(lo, len(all))
	hi := min(lo+p.First, len(all))
	return graph.ActorPage{Actors: all[lo:hi], EndCursor: strconv.Itoa(hi), HasNext: hi < len(all), TotalCount: len(all)}, nil
}

func hasPrefixFold(prefix, name string, aliases []string) bool {
	for _, n := range append([]string{name}, aliases...) {
		if len(n) >= len(prefix) && strings.EqualFold(n[:len(prefix)], prefix) {
			return true
		}
	}
	return false
}

func offset(cursor string) (int, error) {
	if cursor == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(cursor)
	if err != nil || n < 0 {
		return 0, dg.Errorf(dg.EInvalid, "bad cursor %q", cursor)
	}
	return n, nil
}

// view is an event as the store returns it: no mentions, and actors as
// ids only when IDOnlyActors is set.
func (s *MemStore) view(e *dg.Event) dg.Event {
	v := *e
	v.Mentions = nil
	if s.IDOnlyActors {
		if v.Source != nil {
			v.Source = &dg.Actor{ID: v.Source.ID}
		}
		if v.Target != nil {
			v.Target = &dg.Actor{ID: v.Target.ID}
		}
	}
	return v
}

// Event implements resolvers.Store.
func (s *MemStore) Event(_ context.Context, id string) (*dg.Event, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.events[id]
	if !ok {
		return nil, dg.Errorf(dg.ENotFound, "event %s not found", id)
	}
	v := s.view(e)
	return &v, nil
}

// EventsByID implements resolvers.Store.
func (s *MemStore) EventsByID(_ context.Context, ids []string) ([]*dg.Event, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*dg.Event, len(ids))
	for i, id := range ids {
		if e, ok := s.events[id]; ok {
			v := s.view(e)
			out[i] = &v
		}
	}
	return out, nil
}

// matching returns the events matching f in store order, with all their
// data (mentions included).
func (s *MemStore) matching(f graph.EventFilter) []dg.Event {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []dg.Event
	for _, e := range s.events {
		if resolvers.Match(f, e) {
			out = append(out, *e)
		}
	}
	sortEvents(out)
	return out
}

func sortEvents(es []dg.Event) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Precision.Rank() != b.Precision.Rank() {
			return a.Precision.Rank() < b.Precision.Rank()
		}
		return a.ID < b.ID
	})
}

// Events implements resolvers.Store; the cursor is an offset.
func (s *MemStore) Events(_ context.Context, f graph.EventFilter, p graph.Page) (graph.EventPage, error) {
	all := s.matching(f)
	lo, err := offset(p.After)
	if err != nil {
		return graph.EventPage{}, err
	}
	lo = min(lo, len(all))
	hi := min(lo+p.First, len(all))
	page := graph.EventPage{EndCursor: strconv.Itoa(hi), HasNext: hi < len(all), TotalCount: len(all)}
	for i := lo; i < hi; i++ {
		page.Events = append(page.Events, s.view(&all[i]))
	}
	return page, nil
}

// Mentions implements resolvers.Store.
func (s *MemStore) Mentions(_ context.Context, eventIDs []string) ([][]dg.Mention, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([][]dg.Mention, len(eventIDs))
	for i, id := range eventIDs {
		if e, ok := s.events[id]; ok {
			out[i] = append([]dg.Mention(nil), e.Mentions...)
		}
	}
	return out, nil
}

// Counts implements resolvers.Store.
func (s *MemStore) Counts(_ context.Context, f graph.EventFilter, by []graph.CountKey) ([]graph.CountBucket, error) {
	type acc struct {
		keys map[graph.CountKey]string
		n    int
		sum  float64
	}
	groups := map[string]*acc{}
	var order []string
	for _, e := range s.matching(f) {
		keys := map[graph.CountKey]string{}
		var parts []string
		for _, k := range by {
			v, err := keyOf(e, k)
			if err != nil {
				return nil, err
			}
			keys[k] = v
			parts = append(parts, v)
		}
		g := strings.Join(parts, "\x00")
		if groups[g] == nil {
			groups[g] = &acc{keys: keys}
			order = append(order, g)
		}
		groups[g].n++
		groups[g].sum += e.Code.Goldstein
	}
	sort.Strings(order)
	out := make([]graph.CountBucket, 0, len(order))
	for _, g := range order {
		a := groups[g]
		out = append(out, graph.CountBucket{Keys: a.keys, Count: a.n, GoldsteinMean: a.sum / float64(a.n)})
	}
	return out, nil
}

func keyOf(e dg.Event, k graph.CountKey) (string, error) {
	country := func(a *dg.Actor) string {
		if a == nil {
			return ""
		}
		return a.Country
	}
	switch k {
	case graph.ByYear:
		return e.Date[:min(4, len(e.Date))], nil
	case graph.ByMonth:
		return e.Date[:min(7, len(e.Date))], nil
	case graph.ByRoot:
		return e.Code.Root, nil
	case graph.ByCode:
		return e.Code.Code, nil
	case graph.ByQuadClass:
		return strconv.Itoa(e.Code.QuadClass), nil
	case graph.BySourceCountry:
		return country(e.Source), nil
	case graph.ByTargetCountry:
		return country(e.Target), nil
	case graph.ByStatus:
		return string(e.Status), nil
	}
	return "", dg.Errorf(dg.EInvalid, "unknown count key %q", k)
}

// Neighborhood implements resolvers.Store: not implemented.
func (s *MemStore) Neighborhood(context.Context, string, int, int) (graph.Subgraph, error) {
	return graph.Subgraph{}, dg.Errorf(dg.EInternal, "memstore: neighborhood not implemented")
}

// Paths implements resolvers.Store: not implemented.
func (s *MemStore) Paths(context.Context, string, string, int) ([]graph.Path, error) {
	return nil, dg.Errorf(dg.EInternal, "memstore: paths not implemented")
}

// Stats implements resolvers.Store.
func (s *MemStore) Stats(context.Context) (graph.Stats, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := graph.Stats{Articles: len(s.articles), Events: len(s.events), Actors: len(s.actors), Backend: "memory"}
	for _, e := range s.events {
		st.Mentions += len(e.Mentions)
		if st.FirstDate == "" || e.Date < st.FirstDate {
			st.FirstDate = e.Date
		}
		if e.Date > st.LastDate {
			st.LastDate = e.Date
		}
	}
	return st, nil
}

// Counting wraps a Store and counts the calls of each method, for tests
// that bound how many store reads a query costs.
type Counting struct {
	resolvers.Store
	mu    sync.Mutex
	calls map[string]int
	total atomic.Int64
}

var _ resolvers.Store = (*Counting)(nil)

// NewCounting returns a Counting over s.
func NewCounting(s resolvers.Store) *Counting {
	return &Counting{Store: s, calls: map[string]int{}}
}

func (c *Counting) count(method string) {
	c.mu.Lock()
	c.calls[method]++
	c.mu.Unlock()
	c.total.Add(1)
}

// Calls returns the number of calls per method since the last Reset.
func (c *Counting) Calls() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.calls))
	for k, v := range c.calls {
		out[k] = v
	}
	return out
}

// Total returns the number of calls since the last Reset.
func (c *Counting) Total() int { return int(c.total.Load()) }

// Reset zeroes the counts.
func (c *Counting) Reset() {
	c.mu.Lock()
	c.calls = map[string]int{}
	c.total.Store(0)
	c.mu.Unlock()
}

// String formats the counts, for test failures.
func (c *Counting) String() string {
	calls := c.Calls()
	names := make([]string, 0, len(calls))
	for k := range calls {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		fmt.Fprintf(&b, "%s=%d ", k, calls[k])
	}
	return strings.TrimSpace(b.String())
}

// WriteArticle implements resolvers.Store.
func (c *Counting) WriteArticle(ctx context.Context, a *dg.Coded) (graph.WriteResult, error) {
	c.count("WriteArticle")
	return c.Store.WriteArticle(ctx, a)
}

// DeleteArticle implements resolvers.Store.
func (c *Counting) DeleteArticle(ctx context.Context, id string) (bool, error) {
	c.count("DeleteArticle")
	return c.Store.DeleteArticle(ctx, id)
}

// Article implements resolvers.Store.
func (c *Counting) Article(ctx context.Context, id string) (*dg.Article, error) {
	c.count("Article")
	return c.Store.Article(ctx, id)
}

// ArticleEvents implements resolvers.Store.
func (c *Counting) ArticleEvents(ctx context.Context, id string) ([]dg.Event, error) {
	c.count("ArticleEvents")
	return c.Store.ArticleEvents(ctx, id)
}

// Actor implements resolvers.Store.
func (c *Counting) Actor(ctx context.Context, idOrCode string) (*dg.Actor, error) {
	c.count("Actor")
	return c.Store.Actor(ctx, idOrCode)
}

// ActorsByID implements resolvers.Store.
func (c *Counting) ActorsByID(ctx context.Context, ids []string) ([]*dg.Actor, error) {
	c.count("ActorsByID")
	return c.Store.ActorsByID(ctx, ids)
}

// SearchActors implements resolvers.Store.
func (c *Counting) SearchActors(ctx context.Context, q graph.ActorQuery, p graph.Page) (graph.ActorPage, error) {
	c.count("SearchActors")
	return c.Store.SearchActors(ctx, q, p)
}

// Event implements resolvers.Store.
func (c *Counting) Event(ctx context.Context, id string) (*dg.Event, error) {
	c.count("Event")
	return c.Store.Event(ctx, id)
}

// EventsByID implements resolvers.Store.
func (c *Counting) EventsByID(ctx context.Context, ids []string) ([]*dg.Event, error) {
	c.count("EventsByID")
	return c.Store.EventsByID(ctx, ids)
}

// Events implements resolvers.Store.
func (c *Counting) Events(ctx context.Context, f graph.EventFilter, p graph.Page) (graph.EventPage, error) {
	c.count("Events")
	return c.Store.Events(ctx, f, p)
}

// Mentions implements resolvers.Store.
func (c *Counting) Mentions(ctx context.Context, eventIDs []string) ([][]dg.Mention, error) {
	c.count("Mentions")
	return c.Store.Mentions(ctx, eventIDs)
}

// Counts implements resolvers.Store.
func (c *Counting) Counts(ctx context.Context, f graph.EventFilter, by []graph.CountKey) ([]graph.CountBucket, error) {
	c.count("Counts")
	return c.Store.Counts(ctx, f, by)
}

// Neighborhood implements resolvers.Store.
func (c *Counting) Neighborhood(ctx context.Context, actor string, hops, limit int) (graph.Subgraph, error) {
	c.count("Neighborhood")
	return c.Store.Neighborhood(ctx, actor, hops, limit)
}

// Paths implements resolvers.Store.
func (c *Counting) Paths(ctx context.Context, from, to string, maxHops int) ([]graph.Path, error) {
	c.count("Paths")
	return c.Store.Paths(ctx, from, to, maxHops)
}

// Stats implements resolvers.Store.
func (c *Counting) Stats(ctx context.Context) (graph.Stats, error) {
	c.count("Stats")
	return c.Store.Stats(ctx)
}
