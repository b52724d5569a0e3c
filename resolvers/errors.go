package resolvers

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	dg "github.com/diplograph/diplograph"
)

// GraphQL error codes, in each error's extensions.code.
const (
	CodeBadUserInput = "BAD_USER_INPUT"
	CodeNotFound     = "NOT_FOUND"
	CodeUnauthorized = "UNAUTHORIZED"
	CodeConflict     = "CONFLICT"
	CodeInternal     = "INTERNAL"
	CodeTimeout      = "TIMEOUT"
)

// ErrorCode maps an error to its GraphQL extensions code: by its dg kind,
// TIMEOUT for a deadline exceeded.
func ErrorCode(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return CodeTimeout
	}
	switch dg.KindOf(err) {
	case dg.EInvalid:
		return CodeBadUserInput
	case dg.ENotFound:
		return CodeNotFound
	case dg.EUnauthorized:
		return CodeUnauthorized
	case dg.EConflict:
		return CodeConflict
	}
	return CodeInternal
}

// ErrorPresenter is the gqlgen error presenter: it keeps the message and
// path and sets extensions.code from the error's kind. Errors gqlgen
// already coded (parse, validation, complexity) keep their code.
func ErrorPresenter(ctx context.Context, err error) *gqlerror.Error {
	var gerr *gqlerror.Error
	if errors.As(err, &gerr) {
		if _, coded := gerr.Extensions["code"]; coded {
			return gerr
		}
		if gerr.Err != nil {
			err = gerr.Err
		}
	} else {
		gerr = gqlerror.WrapPath(graphql.GetPath(ctx), err)
	}
	code := ErrorCode(err)
	if gerr.Extensions == nil {
		gerr.Extensions = map[string]any{}
	}
	gerr.Extensions["code"] = code
	if code == CodeTimeout {
		gerr.Message = "request timed out: " + gerr.Message
	}
	return gerr
}

// RecoverFunc returns the gqlgen recover function: a panic in a resolver is
// logged with its field and becomes an INTERNAL error, not a crash.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	if log == nil {
		log = slog.Default()
	}
	return func(ctx context.Context, v any) error {
		path := graphql.GetPath(ctx).String()
		log.ErrorContext(ctx, "resolver panic", "path", path, "panic", v)
		return dg.Errorf(dg.EInternal, "internal error resolving %s", path)
	}
}
