package diplograph

import (
	"errors"
	"fmt"
)

// ErrorKind classifies an error so the edges (GraphQL, exit codes) can map it.
type ErrorKind string

// Error kinds.
const (
	EInvalid      ErrorKind = "invalid"      // bad input: a file, a record, a flag
	ENotFound     ErrorKind = "not_found"    // no such article, actor or event
	EConflict     ErrorKind = "conflict"     // a concurrent change won
	EUnauthorized ErrorKind = "unauthorized" // missing or wrong write token
	EInternal     ErrorKind = "internal"     // anything else
)

// Error is an error with a kind and a message meant for the user. The
// message is complete: it already includes the cause's text when Errorf
// wrapped one.
type Error struct {
	Kind    ErrorKind
	Message string
	Err     error // the cause, if any
}

// Error implements error.
func (e *Error) Error() string {
	if e.Message == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted message. A
// %w verb wraps the cause as fmt.Errorf does.
func Errorf(kind ErrorKind, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: kind, Message: err.Error(), Err: errors.Unwrap(err)}
}

// KindOf returns the kind of the first *Error in err's chain, EInternal when
// there is none, and "" for a nil error.
func KindOf(err error) ErrorKind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return EInternal
}

// ExitCode maps an error to a process exit code: 0 for nil, 2 for invalid
// input, 3 not found, 4 conflict, 5 unauthorized, 1 otherwise.
func ExitCode(err error) int {
	switch KindOf(err) {
	case "":
		return 0
	case EInvalid:
		return 2
	case ENotFound:
		return 3
	case EConflict:
		return 4
	case EUnauthorized:
		return 5
	}
	return 1
}
