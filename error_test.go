package diplograph

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	tests := []struct {
		name string
		err  error
		kind ErrorKind
		code int
		msg  string
	}{
		{"nil", nil, "", 0, ""},
		{"plain", io.EOF, EInternal, 1, "EOF"},
		{"invalid", Errorf(EInvalid, "a.txt:3: empty text"), EInvalid, 2, "a.txt:3: empty text"},
		{"wrapped cause", Errorf(ENotFound, "article %s: %w", "x", io.EOF), ENotFound, 3, "article x: EOF"},
		{"wrapped twice", fmt.Errorf("load: %w", Errorf(EConflict, "busy")), EConflict, 4, "load: busy"},
		{"unauthorized", Errorf(EUnauthorized, "no token"), EUnauthorized, 5, "no token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KindOf(tt.err); got != tt.kind {
				t.Errorf("KindOf = %q, want %q", got, tt.kind)
			}
			if got := ExitCode(tt.err); got != tt.code {
				t.Errorf("ExitCode = %d, want %d", got, tt.code)
			}
			if tt.err != nil && tt.err.Error() != tt.msg {
				t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.msg)
			}
		})
	}
	if !errors.Is(Errorf(EInvalid, "x: %w", io.EOF), io.EOF) {
		t.Error("Errorf does not keep the wrapped cause")
	}
}
