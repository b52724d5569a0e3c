package server

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/resolvers/model"
)

// Error messages of refused mutations.
const (
	msgReadOnly      = "mutations are disabled: the server runs with --read-only"
	msgNoToken       = "mutations are disabled: start the server with --write-token (or DIPLOGRAPH_WRITE_TOKEN)"
	msgMissingBearer = "mutations need an Authorization: Bearer <write token> header"
	msgWrongBearer   = "invalid write token"
)

type bearerKey struct{}

// withBearer returns ctx carrying an Authorization header value.
func withBearer(ctx context.Context, authorization string) context.Context {
	return context.WithValue(ctx, bearerKey{}, authorization)
}

// websocketInit takes the write token of a websocket connection from its
// connection_init payload ({"Authorization": "Bearer …"}), when given.
func websocketInit(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	if a := p.Authorization(); a != "" {
		ctx = withBearer(ctx, a)
	}
	return ctx, nil, nil
}

// fieldGuard runs around every field: it refuses mutation fields unless
// the request carries the write token (and the server is not read-only),
// counts ingests, and stops resolving fields once the request's deadline
// has passed, so that a timed-out query fails fast instead of reading on.
type fieldGuard struct {
	token    string
	readOnly bool
	metrics  *metrics
}

var _ interface {
	graphql.HandlerExtension
	graphql.FieldInterceptor
} = (*fieldGuard)(nil)

// ExtensionName implements graphql.HandlerExtension.
func (*fieldGuard) ExtensionName() string { return "DiplographFieldGuard" }

// Validate implements graphql.HandlerExtension.
func (*fieldGuard) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptField implements graphql.FieldInterceptor.
func (g *fieldGuard) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return next(ctx)
	}
	if fc.IsResolver {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", fc.Field.Name, err)
		}
	}
	if fc.Object != "Mutation" {
		return next(ctx)
	}
	if err := g.authorize(ctx); err != nil {
		return nil, err
	}
	res, err := next(ctx)
	if fc.Field.Name == "ingestArticle" && g.metrics != nil {
		switch r, _ := res.(*model.IngestResult); {
		case err != nil:
			g.metrics.ingests.WithLabelValues("error").Inc()
		case r != nil && r.Unchanged:
			g.metrics.ingests.WithLabelValues("unchanged").Inc()
		default:
			g.metrics.ingests.WithLabelValues("written").Inc()
		}
	}
	return res, err
}

func (g *fieldGuard) authorize(ctx context.Context) error {
	if g.readOnly {
		return dg.Errorf(dg.EUnauthorized, msgReadOnly)
	}
	if g.token == "" {
		return dg.Errorf(dg.EUnauthorized, msgNoToken)
	}
	auth, _ := ctx.Value(bearerKey{}).(string)
	scheme, token, ok := strings.Cut(strings.TrimSpace(auth), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return dg.Errorf(dg.EUnauthorized, msgMissingBearer)
	}
	if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(g.token)) != 1 {
		return dg.Errorf(dg.EUnauthorized, msgWrongBearer)
	}
	return nil
}

// depthLimit refuses operations whose selections nest deeper than max.
// Introspection fields (__schema, __type) are not counted: GraphiQL's own
// introspection query nests a dozen levels of ofType.
type depthLimit struct{ max int }

const errDepthLimit = "DEPTH_LIMIT_EXCEEDED"

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

// ExtensionName implements graphql.HandlerExtension.
func (depthLimit) ExtensionName() string { return "DepthLimit" }

// Validate implements graphql.HandlerExtension.
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if selectionDepth(oc.Operation.SelectionSet, d.max+1) > d.max {
		err := gqlerror.Errorf("operation is nested deeper than the limit of %d levels", d.max)
		errcode.Set(err, errDepthLimit)
		return err
	}
	return nil
}

// selectionDepth returns the depth of a selection set (1 for a set of
// scalar fields), stopping once it exceeds stop.
func selectionDepth(set ast.SelectionSet, stop int) int {
	if stop <= 0 {
		return 0
	}
	deepest := 0
	for _, sel := range set {
		var d int
		switch sel := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(sel.Name, "__") {
				continue
			}
			d = 1 + selectionDepth(sel.SelectionSet, stop-1)
		case *ast.InlineFragment:
			d = selectionDepth(sel.SelectionSet, stop)
		case *ast.FragmentSpread:
			if sel.Definition != nil {
				d = selectionDepth(sel.Definition.SelectionSet, stop)
			}
		}
		deepest = max(deepest, d)
		if deepest > stop {
			break
		}
	}
	return deepest
}
