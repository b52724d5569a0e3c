package server_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/diplograph/diplograph/internal/chromium"
)

// TestGraphiQLRendersInChromium loads GraphiQL from the server in headless
// Chromium: the IDE renders with its example timeline query, fetches the
// real schema by introspection, and the editor finds the example valid
// against it.
func TestGraphiQLRendersInChromium(t *testing.T) {
	if _, ok := chromium.Path(); !ok {
		if os.Getenv("DIPLOGRAPH_REQUIRE_CHROMIUM") != "" {
			t.Fatal("DIPLOGRAPH_REQUIRE_CHROMIUM is set (as .ci/run sets it) but chromium is not available")
		}
		t.Skip("chromium not installed (no /usr/bin/chromium, no chromium in PATH): apt-get install -y chromium; .ci/run installs it")
	}
	s := start(t)
	begin := time.Now()
	dom, err := chromium.DumpDOM(context.Background(), s.url+"/", 15*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("rendered in %v, %d bytes of DOM", time.Since(begin).Round(time.Millisecond), len(dom))
	for _, want := range []string{
		"<title>diplograph · GraphiQL</title>",
		"graphiql-container",
		"CodeMirror",
		"Timeline of events between the USA and China",
		"timeline",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	// With the schema loaded, CodeMirror lints the query against it.
	if strings.Contains(dom, "CodeMirror-lint-mark-error") {
		t.Error("the editor marks the example query as invalid against the schema")
	}
	_, metrics := s.get(t, "/metrics")
	if !strings.Contains(metrics, `diplograph_graphql_requests_total{operation="IntrospectionQuery",outcome="ok",type="query"}`) {
		t.Errorf("GraphiQL's introspection query did not succeed; graphql metrics:\n%s", grepLines(metrics, "diplograph_graphql_requests_total"))
	}
	if t.Failed() {
		t.Logf("DOM:\n%s", dom)
	}
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
