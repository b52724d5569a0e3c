package resolvers

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"

	dg "github.com/diplograph/diplograph"
)

// loaders batch the store reads of one GraphQL response: the actors and
// mentions of a page of events cost one store call each, whatever the page
// size. They live as long as the response, so their caches never go stale.
type loaders struct {
	actors   *dataloadgen.Loader[string, *dg.Actor]
	mentions *dataloadgen.Loader[string, []dg.Mention]
	articles *dataloadgen.Loader[string, *dg.Article]
}

type loadersKey struct{}

// newLoaders returns fresh loaders over the resolver's store.
func (r *Resolver) newLoaders() *loaders {
	wait := dataloadgen.WithWait(r.wait)
	return &loaders{
		actors:   dataloadgen.NewLoader(r.fetchActors, wait),
		mentions: dataloadgen.NewLoader(r.fetchMentions, wait),
		articles: dataloadgen.NewLoader(r.fetchArticles, wait),
	}
}

// WithLoaders returns ctx carrying fresh dataloaders. The extension returned
// by [Resolver.Dataloaders] calls it for every response; resolvers reached
// without loaders (a subscription's events) read the store directly.
func (r *Resolver) WithLoaders(ctx context.Context) context.Context {
	return context.WithValue(ctx, loadersKey{}, r.newLoaders())
}

func loadersFrom(ctx context.Context) *loaders {
	l, _ := ctx.Value(loadersKey{}).(*loaders)
	return l
}

// Dataloaders returns the gqlgen extension that gives each response its own
// dataloaders. Add it to the handler with Use.
func (r *Resolver) Dataloaders() graphql.HandlerExtension { return dataloaderExtension{r} }

type dataloaderExtension struct{ r *Resolver }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = dataloaderExtension{}

// ExtensionName implements graphql.HandlerExtension.
func (dataloaderExtension) ExtensionName() string { return "DiplographDataloaders" }

// Validate implements graphql.HandlerExtension.
func (dataloaderExtension) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor.
func (e dataloaderExtension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	return next(e.r.WithLoaders(ctx))
}

func (r *Resolver) fetchActors(ctx context.Context, ids []string) ([]*dg.Actor, []error) {
	actors, err := r.store.ActorsByID(ctx, ids)
	if err != nil {
		return nil, []error{fmt.Errorf("load actors: %w", err)}
	}
	if len(actors) != len(ids) {
		return nil, []error{dg.Errorf(dg.EInternal, "load actors: store returned %d actors for %d ids", len(actors), len(ids))}
	}
	return actors, nil
}

func (r *Resolver) fetchMentions(ctx context.Context, eventIDs []string) ([][]dg.Mention, []error) {
	mentions, err := r.store.Mentions(ctx, eventIDs)
	if err != nil {
		return nil, []error{fmt.Errorf("load mentions: %w", err)}
	}
	if len(mentions) != len(eventIDs) {
		return nil, []error{dg.Errorf(dg.EInternal, "load mentions: store returned %d lists for %d events", len(mentions), len(eventIDs))}
	}
	return mentions, nil
}

// fetchArticles reads articles one by one (the store has no batch read for
// them); the loader still reads each article once per response.
func (r *Resolver) fetchArticles(ctx context.Context, ids []string) ([]*dg.Article, []error) {
	out := make([]*dg.Article, len(ids))
	errs := make([]error, len(ids))
	failed := false
	for i, id := range ids {
		a, err := r.store.Article(ctx, id)
		if err != nil {
			errs[i] = fmt.Errorf("load article %s: %w", id, err)
			failed = true
			continue
		}
		out[i] = a
	}
	if !failed {
		errs = nil
	}
	return out, errs
}

// actorByID returns an actor by id through the response's loader, or
// straight from the store when there is none; nil when it does not exist.
func (r *Resolver) actorByID(ctx context.Context, id string) (*dg.Actor, error) {
	if id == "" {
		return nil, nil
	}
	if l := loadersFrom(ctx); l != nil {
		return l.actors.Load(ctx, id)
	}
	actors, errs := r.fetchActors(ctx, []string{id})
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return actors[0], nil
}

// primeActors puts actors the store already returned into the loader, so
// that resolving them again (edges of a subgraph) costs nothing.
func primeActors(ctx context.Context, actors []dg.Actor) {
	l := loadersFrom(ctx)
	if l == nil {
		return
	}
	for i := range actors {
		l.actors.Prime(actors[i].ID, &actors[i])
	}
}

// mentionsOf returns an event's mentions through the response's loader, or
// straight from the store when there is none.
func (r *Resolver) mentionsOf(ctx context.Context, eventID string) ([]dg.Mention, error) {
	if l := loadersFrom(ctx); l != nil {
		return l.mentions.Load(ctx, eventID)
	}
	ms, errs := r.fetchMentions(ctx, []string{eventID})
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return ms[0], nil
}

// articleByID returns an article through the response's loader, or
// straight from the store when there is none.
func (r *Resolver) articleByID(ctx context.Context, id string) (*dg.Article, error) {
	if l := loadersFrom(ctx); l != nil {
		return l.articles.Load(ctx, id)
	}
	as, errs := r.fetchArticles(ctx, []string{id})
	if len(errs) > 0 && errs[0] != nil {
		return nil, errs[0]
	}
	return as[0], nil
}

// selectionsAt returns the selection sets of the fields at path below set.
func selectionsAt(oc *graphql.OperationContext, set ast.SelectionSet, path []string) []ast.SelectionSet {
	if len(path) == 0 {
		return []ast.SelectionSet{set}
	}
	var out []ast.SelectionSet
	for _, f := range graphql.CollectFields(oc, set, nil) {
		if f.Name == path[0] {
			out = append(out, selectionsAt(oc, f.Selections, path[1:])...)
		}
	}
	return out
}
