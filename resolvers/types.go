package resolvers

import (
	"context"
	"fmt"
	"time"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers/model"
)

// nonEmpty maps "" to null.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Country resolves Actor.country.
func (r *actorResolver) Country(ctx context.Context, a *dg.Actor) (*dg.Actor, error) {
	id := a.CountryID()
	if id == "" || id == a.ID {
		return nil, nil
	}
	return r.actorByID(ctx, id)
}

// Sector resolves Actor.sector.
func (r *actorResolver) Sector(_ context.Context, a *dg.Actor) (*string, error) {
	return nonEmpty(a.Sector), nil
}

// Title resolves Actor.title.
func (r *actorResolver) Title(_ context.Context, a *dg.Actor) (*string, error) {
	return nonEmpty(a.Title), nil
}

// Events resolves Actor.events: the filter's actors are added to this one.
func (r *actorResolver) Events(ctx context.Context, a *dg.Actor, filter *graph.EventFilter, first *int, after *string) (*model.EventConnection, error) {
	f, err := checkFilter(filter)
	if err != nil {
		return nil, err
	}
	f.Actors = append([]string{a.ID}, f.Actors...)
	return r.events(ctx, f, first, after, DefaultPageSize)
}

// Mentions resolves Event.mentions: those the event came with (a freshly
// coded one), else the stored ones through the mentions loader.
func (r *eventResolver) Mentions(ctx context.Context, e *model.Event) ([]dg.Mention, error) {
	if len(e.Coded) > 0 {
		return e.Coded, nil
	}
	return r.mentionsOf(ctx, e.ID)
}

// Article resolves Mention.article.
func (r *mentionResolver) Article(ctx context.Context, m *dg.Mention) (*dg.Article, error) {
	a, err := r.articleByID(ctx, m.ArticleID)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, dg.Errorf(dg.ENotFound, "article %s of mention %s is not stored", m.ArticleID, m.ID)
	}
	return a, nil
}

// Title resolves Article.title.
func (r *articleResolver) Title(_ context.Context, a *dg.Article) (*string, error) {
	return nonEmpty(a.Title), nil
}

// URL resolves Article.url.
func (r *articleResolver) URL(_ context.Context, a *dg.Article) (*string, error) {
	return nonEmpty(a.URL), nil
}

// Published resolves Article.published.
func (r *articleResolver) Published(_ context.Context, a *dg.Article) (*string, error) {
	return rfc3339(a.Published), nil
}

func rfc3339(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.RFC3339)
	return &s
}

// Events resolves Article.events.
func (r *articleResolver) Events(ctx context.Context, a *dg.Article) ([]model.Event, error) {
	es, err := r.store.ArticleEvents(ctx, a.ID)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", a.ID, err)
	}
	return r.eventsOut(ctx, es)
}

// Plover resolves CameoCode.plover.
func (r *cameoCodeResolver) Plover(_ context.Context, c *dg.Code) (*string, error) {
	return nonEmpty(c.Plover), nil
}

// A resolves Dyad.a.
func (r *dyadResolver) A(ctx context.Context, d *model.Dyad) (*dg.Actor, error) {
	return r.Query().Actor(ctx, nil, &d.ActorA)
}

// B resolves Dyad.b.
func (r *dyadResolver) B(ctx context.Context, d *model.Dyad) (*dg.Actor, error) {
	return r.Query().Actor(ctx, nil, &d.ActorB)
}

// Events resolves Dyad.events: both directions, by date.
func (r *dyadResolver) Events(ctx context.Context, d *model.Dyad, first *int, after *string) (*model.EventConnection, error) {
	return r.events(ctx, graph.EventFilter{Actors: []string{d.ActorA, d.ActorB}}, first, after, timelineFirst)
}

// Source resolves Edge.source.
func (r *edgeResolver) Source(ctx context.Context, e *graph.Edge) (*dg.Actor, error) {
	return r.edgeEnd(ctx, e.Source)
}

// Target resolves Edge.target.
func (r *edgeResolver) Target(ctx context.Context, e *graph.Edge) (*dg.Actor, error) {
	return r.edgeEnd(ctx, e.Target)
}

func (r *edgeResolver) edgeEnd(ctx context.Context, id string) (*dg.Actor, error) {
	a, err := r.actorByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, dg.Errorf(dg.ENotFound, "edge actor %s is not stored", id)
	}
	return a, nil
}

// Length resolves Path.length.
func (r *pathResolver) Length(_ context.Context, p *graph.Path) (int, error) {
	return len(p.Edges), nil
}

// FirstDate resolves Stats.firstDate.
func (r *statsResolver) FirstDate(_ context.Context, s *graph.Stats) (*string, error) {
	return nonEmpty(s.FirstDate), nil
}

// LastDate resolves Stats.lastDate.
func (r *statsResolver) LastDate(_ context.Context, s *graph.Stats) (*string, error) {
	return nonEmpty(s.LastDate), nil
}

// UpdatedAt resolves Stats.updatedAt.
func (r *statsResolver) UpdatedAt(_ context.Context, s *graph.Stats) (*string, error) {
	return rfc3339(s.UpdatedAt), nil
}
