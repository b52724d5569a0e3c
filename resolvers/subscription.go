package resolvers

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers/model"
)

// DefaultSubscriberBuffer is how many events a subscriber may lag behind
// before the broker drops events for it.
const DefaultSubscriberBuffer = 256

// Broker carries the events ingestArticle writes to eventAdded subscribers,
// in process. A subscriber that falls more than its buffer behind loses
// events rather than slowing ingestion; Dropped counts them.
type Broker struct {
	buffer  int
	mu      sync.RWMutex
	subs    map[*subscriber]struct{}
	dropped atomic.Int64
}

type subscriber struct {
	filter graph.EventFilter
	ch     chan *dg.Event
}

// NewBroker returns a broker whose subscribers buffer up to buffer events;
// buffer <= 0 means DefaultSubscriberBuffer.
func NewBroker(buffer int) *Broker {
	if buffer <= 0 {
		buffer = DefaultSubscriberBuffer
	}
	return &Broker{buffer: buffer, subs: map[*subscriber]struct{}{}}
}

// Subscribe returns a channel of the published events that match f. The
// channel is closed once ctx is done.
func (b *Broker) Subscribe(ctx context.Context, f graph.EventFilter) <-chan *dg.Event {
	s := &subscriber{filter: f, ch: make(chan *dg.Event, b.buffer)}
	b.mu.Lock()
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	context.AfterFunc(ctx, func() {
		b.mu.Lock()
		delete(b.subs, s)
		close(s.ch)
		b.mu.Unlock()
	})
	return s.ch
}

// Publish sends each event to the subscribers whose filter it matches.
// It never blocks.
func (b *Broker) Publish(events []dg.Event) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for i := range events {
		e := &events[i]
		for s := range b.subs {
			if !Match(s.filter, e) {
				continue
			}
			select {
			case s.ch <- e:
			default:
				b.dropped.Add(1)
			}
		}
	}
}

// Subscribers returns the number of live subscriptions.
func (b *Broker) Subscribers() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.subs)
}

// Dropped returns how many events were dropped for slow subscribers.
func (b *Broker) Dropped() int64 { return b.dropped.Load() }

// EventAdded resolves Subscription.eventAdded: the broker's events that
// match the filter, mapped for the API, until the subscription ends.
func (r *subscriptionResolver) EventAdded(ctx context.Context, filter *graph.EventFilter) (<-chan *model.Event, error) {
	f, err := checkFilter(filter)
	if err != nil {
		return nil, err
	}
	in := r.broker.Subscribe(ctx, f)
	out := make(chan *model.Event, 1)
	go func() {
		defer close(out)
		for e := range in {
			es, err := r.eventsOut(ctx, []dg.Event{*e})
			if err != nil {
				r.log.WarnContext(ctx, "eventAdded: event dropped", "event", e.ID, "err", err)
				continue
			}
			select {
			case out <- &es[0]:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// Match reports whether an event passes a filter, with the store's
// semantics: actors are ids or codes, a country id or three-letter code
// covers every actor of that country; one actor selects the events touching
// it, several the events among them; dates are inclusive ISO prefixes.
func Match(f graph.EventFilter, e *dg.Event) bool {
	switch len(f.Actors) {
	case 0:
	case 1:
		if !actorMatches(f.Actors[0], e.Source) && !actorMatches(f.Actors[0], e.Target) {
			return false
		}
	default:
		if !amongActors(f.Actors, e.Source, e.Target) {
			return false
		}
	}
	if f.Source != "" && !actorMatches(f.Source, e.Source) {
		return false
	}
	if f.Target != "" && !actorMatches(f.Target, e.Target) {
		return false
	}
	if f.From != "" && prefixCompare(e.Date, f.From) < 0 {
		return false
	}
	if f.To != "" && prefixCompare(e.Date, f.To) > 0 {
		return false
	}
	if len(f.Roots) > 0 && !slices.Contains(f.Roots, e.Code.Root) {
		return false
	}
	if len(f.Codes) > 0 && !slices.Contains(f.Codes, e.Code.Code) {
		return false
	}
	if len(f.QuadClass) > 0 && !slices.Contains(f.QuadClass, e.Code.QuadClass) {
		return false
	}
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, e.Status) {
		return false
	}
	if f.ArticleID != "" {
		found := false
		for _, m := range e.Mentions {
			if m.ArticleID == f.ArticleID {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// amongActors reports whether source and target match two different
// entries of keys.
func amongActors(keys []string, source, target *dg.Actor) bool {
	for i, k := range keys {
		if !actorMatches(k, source) {
			continue
		}
		for j, l := range keys {
			if j != i && actorMatches(l, target) {
				return true
			}
		}
	}
	return false
}

// actorMatches reports whether key (an actor id or code, or a country's id
// or code) names a, or a's country.
func actorMatches(key string, a *dg.Actor) bool {
	if a == nil || key == "" {
		return false
	}
	if key == a.ID || strings.EqualFold(key, a.Code) {
		return true
	}
	if a.Country == "" {
		return false
	}
	if iso, ok := strings.CutPrefix(key, "country:"); ok {
		return iso == a.Country
	}
	return len(key) == 3 && strings.EqualFold(key, a.Country)
}

// prefixCompare compares an event date with a filter bound on their common
// prefix, so that 2014-05 is within from 2014-05-20 and to 2014.
func prefixCompare(date, bound string) int {
	n := min(len(date), len(bound))
	return strings.Compare(date[:n], bound[:n])
}
