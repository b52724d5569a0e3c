// Package resolvers implements diplograph's GraphQL API with gqlgen: the
// resolvers are thin, each calls the store (package graph) and maps its
// types. The schema lives in schema/*.graphqls, gqlgen's configuration in
// gqlgen.yml at the repository root; the executable schema it generates is
// in resolvers/generated and the generated models in resolvers/model.
//
// The package knows nothing of HTTP: package server mounts the executable
// schema returned by [Resolver.Schema] with its transports and limits.
package resolvers

//go:generate go tool gqlgen generate

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers/generated"
)

// Store is what the resolvers need of the knowledge graph. *graph.Store
// implements it; tests wrap it, for example to count calls.
type Store interface {
	WriteArticle(ctx context.Context, c *dg.Coded) (graph.WriteResult, error)
	DeleteArticle(ctx context.Context, id string) (bool, error)
	Article(ctx context.Context, id string) (*dg.Article, error)
	ArticleEvents(ctx context.Context, id string) ([]dg.Event, error)
	Actor(ctx context.Context, idOrCode string) (*dg.Actor, error)
	ActorsByID(ctx context.Context, ids []string) ([]*dg.Actor, error)
	SearchActors(ctx context.Context, q graph.ActorQuery, p graph.Page) (graph.ActorPage, error)
	Event(ctx context.Context, id string) (*dg.Event, error)
	EventsByID(ctx context.Context, ids []string) ([]*dg.Event, error)
	Events(ctx context.Context, f graph.EventFilter, p graph.Page) (graph.EventPage, error)
	Mentions(ctx context.Context, eventIDs []string) ([][]dg.Mention, error)
	Counts(ctx context.Context, f graph.EventFilter, by []graph.CountKey) ([]graph.CountBucket, error)
	Neighborhood(ctx context.Context, actor string, hops, limit int) (graph.Subgraph, error)
	Paths(ctx context.Context, from, to string, maxHops int) ([]graph.Path, error)
	Stats(ctx context.Context) (graph.Stats, error)
}

var _ Store = (*graph.Store)(nil)

// Coder codes an article: sentences, actors, events and dates. The loader
// implements it; main injects it so that this package does not depend on
// the loader.
type Coder interface {
	Code(ctx context.Context, a dg.Article) (*dg.Coded, error)
}

// Config configures a Resolver.
type Config struct {
	// Store is the knowledge graph. Required.
	Store Store
	// Coder codes articles for ingestArticle. Without one, ingestArticle
	// fails with an internal error.
	Coder Coder
	// Codebook returns the CAMEO event codebook for cameoCodes. Without
	// one, cameoCodes is empty.
	Codebook func() []dg.Code
	// Broker carries ingested events to eventAdded subscribers. Nil means
	// a new broker.
	Broker *Broker
	// LoaderWait is how long a dataloader gathers keys before it calls the
	// store; 0 means DefaultLoaderWait.
	LoaderWait time.Duration
	// Logger receives the resolvers' warnings (slow subscribers, events
	// missing from the store). Nil means slog.Default().
	Logger *slog.Logger
}

// DefaultLoaderWait is the default batching window of the dataloaders:
// gqlgen resolves the fields of a list's elements concurrently, so a
// page's keys all arrive within well under a millisecond.
const DefaultLoaderWait = 2 * time.Millisecond

// Resolver is the root of the resolvers. It implements the generated
// ResolverRoot and is safe for concurrent use.
type Resolver struct {
	store    Store
	coder    Coder
	codebook func() []dg.Code
	broker   *Broker
	wait     time.Duration
	log      *slog.Logger
}

// New returns a Resolver for cfg.
func New(cfg Config) (*Resolver, error) {
	if cfg.Store == nil {
		return nil, errors.New("resolvers: Config.Store is required")
	}
	r := &Resolver{
		store:    cfg.Store,
		coder:    cfg.Coder,
		codebook: cfg.Codebook,
		broker:   cfg.Broker,
		wait:     cfg.LoaderWait,
		log:      cfg.Logger,
	}
	if r.broker == nil {
		r.broker = NewBroker(0)
	}
	if r.wait <= 0 {
		r.wait = DefaultLoaderWait
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	return r, nil
}

// Broker returns the broker that carries ingested events to subscribers.
func (r *Resolver) Broker() *Broker { return r.broker }

// Schema returns the executable schema with the resolvers and the
// complexity functions (list fields cost by their page size).
func (r *Resolver) Schema() graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{
		Resolvers:  r,
		Complexity: complexityRoot(),
	})
}

// Actor returns the resolvers of Actor fields.
func (r *Resolver) Actor() generated.ActorResolver { return &actorResolver{r} }

// Article returns the resolvers of Article fields.
func (r *Resolver) Article() generated.ArticleResolver { return &articleResolver{r} }

// CameoCode returns the resolvers of CameoCode fields.
func (r *Resolver) CameoCode() generated.CameoCodeResolver { return &cameoCodeResolver{r} }

// Dyad returns the resolvers of Dyad fields.
func (r *Resolver) Dyad() generated.DyadResolver { return &dyadResolver{r} }

// Edge returns the resolvers of Edge fields.
func (r *Resolver) Edge() generated.EdgeResolver { return &edgeResolver{r} }

// Event returns the resolvers of Event fields.
func (r *Resolver) Event() generated.EventResolver { return &eventResolver{r} }

// Mention returns the resolvers of Mention fields.
func (r *Resolver) Mention() generated.MentionResolver { return &mentionResolver{r} }

// Mutation returns the resolvers of mutations.
func (r *Resolver) Mutation() generated.MutationResolver { return &mutationResolver{r} }

// Path returns the resolvers of Path fields.
func (r *Resolver) Path() generated.PathResolver { return &pathResolver{r} }

// Query returns the resolvers of queries.
func (r *Resolver) Query() generated.QueryResolver { return &queryResolver{r} }

// Stats returns the resolvers of Stats fields.
func (r *Resolver) Stats() generated.StatsResolver { return &statsResolver{r} }

// Subscription returns the resolvers of subscriptions.
func (r *Resolver) Subscription() generated.SubscriptionResolver { return &subscriptionResolver{r} }

type (
	actorResolver        struct{ *Resolver }
	articleResolver      struct{ *Resolver }
	cameoCodeResolver    struct{ *Resolver }
	dyadResolver         struct{ *Resolver }
	edgeResolver         struct{ *Resolver }
	eventResolver        struct{ *Resolver }
	mentionResolver      struct{ *Resolver }
	mutationResolver     struct{ *Resolver }
	pathResolver         struct{ *Resolver }
	queryResolver        struct{ *Resolver }
	statsResolver        struct{ *Resolver }
	subscriptionResolver struct{ *Resolver }
)

var _ generated.ResolverRoot = (*Resolver)(nil)
