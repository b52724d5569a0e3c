package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/diplograph/diplograph/internal/chromium"
)

// TestGraphiQLRenders loads the embedded page in headless Chromium, next to a
// fake /graphql that answers GraphiQL's introspection query, and checks that
// the IDE rendered with the example query in its editor.
func TestGraphiQLRenders(t *testing.T) {
	if _, ok := chromium.Path(); !ok {
		if os.Getenv("DIPLOGRAPH_REQUIRE_CHROMIUM") != "" {
			t.Fatal("DIPLOGRAPH_REQUIRE_CHROMIUM is set (as .ci/run sets it) but chromium is not available")
		}
		t.Skip("chromium not installed (no /usr/bin/chromium, no chromium in PATH); apt-get install -y chromium")
	}

	var introspected atomic.Bool
	mux := http.NewServeMux()
	mux.Handle("/", Handler())
	mux.HandleFunc("POST /graphql", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if !strings.Contains(string(body), "__schema") {
			_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": "the fake /graphql only answers introspection"}}})
			return
		}
		introspected.Store(true)
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"__schema": fakeSchema()}})
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	start := time.Now()
	dom, err := chromium.DumpDOM(context.Background(), srv.URL+"/", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("rendered in %v, %d bytes of DOM", time.Since(start).Round(time.Millisecond), len(dom))

	for _, want := range []string{
		"<title>diplograph · GraphiQL</title>",
		"graphiql-container",
		"CodeMirror",
		"timeline",
		"Timeline of events between the USA and China",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	// Once the schema is in, CodeMirror lints the query against it: the
	// example must be valid for the (fake) timeline field.
	if strings.Contains(dom, "CodeMirror-lint-mark-error") {
		t.Error("the editor marks the example query as invalid")
	}
	if !introspected.Load() {
		t.Error("the page never sent its introspection query to /graphql")
	}
	if t.Failed() {
		t.Logf("DOM:\n%s", dom)
	}
}

// fakeSchema is the __schema of a small introspection result shaped like
// diplograph's timeline query, written out by hand.
func fakeSchema() map[string]any {
	named := func(kind, name string) map[string]any {
		return map[string]any{"kind": kind, "name": name, "ofType": nil}
	}
	wrap := func(kind string, of map[string]any) map[string]any {
		return map[string]any{"kind": kind, "name": nil, "ofType": of}
	}
	str := named("SCALAR", "String")
	arg := func(name string, typ map[string]any) map[string]any {
		return map[string]any{"name": name, "description": nil, "type": typ, "defaultValue": nil, "isDeprecated": false, "deprecationReason": nil}
	}
	field := func(name string, typ map[string]any, args ...any) map[string]any {
		if args == nil {
			args = []any{}
		}
		return map[string]any{"name": name, "description": nil, "args": args, "type": typ, "isDeprecated": false, "deprecationReason": nil}
	}
	object := func(name string, fields ...any) map[string]any {
		return map[string]any{"kind": "OBJECT", "name": name, "description": nil, "fields": fields, "inputFields": nil, "interfaces": []any{}, "enumValues": nil, "possibleTypes": nil}
	}
	scalar := func(name string) map[string]any {
		return map[string]any{"kind": "SCALAR", "name": name, "description": nil, "fields": nil, "inputFields": nil, "interfaces": nil, "enumValues": nil, "possibleTypes": nil}
	}
	return map[string]any{
		"description":      nil,
		"queryType":        map[string]any{"name": "Query"},
		"mutationType":     nil,
		"subscriptionType": nil,
		"directives":       []any{},
		"types": []any{
			object("Query",
				field("timeline", wrap("NON_NULL", wrap("LIST", wrap("NON_NULL", named("OBJECT", "Event")))),
					arg("actors", wrap("LIST", wrap("NON_NULL", str))),
					arg("first", named("SCALAR", "Int")))),
			object("Event",
				field("date", str), field("precision", str), field("code", str),
				field("label", str), field("status", str),
				field("source", named("OBJECT", "Actor")), field("target", named("OBJECT", "Actor")),
				field("mentions", wrap("NON_NULL", wrap("LIST", wrap("NON_NULL", named("OBJECT", "Mention")))))),
			object("Actor", field("name", str), field("code", str)),
			object("Mention", field("sentence", str), field("trigger", str), field("article", named("OBJECT", "Article"))),
			object("Article", field("title", str)),
			scalar("String"),
			scalar("Int"),
			scalar("Boolean"),
		},
	}
}
