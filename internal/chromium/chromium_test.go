package chromium

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func requireChromium(t *testing.T) {
	t.Helper()
	if _, ok := Path(); !ok {
		if os.Getenv("DIPLOGRAPH_REQUIRE_CHROMIUM") != "" {
			t.Fatal("DIPLOGRAPH_REQUIRE_CHROMIUM is set (as .ci/run sets it) but chromium is not available")
		}
		t.Skip("chromium not installed (no /usr/bin/chromium, no chromium in PATH); apt-get install -y chromium")
	}
}

// page writes into the DOM from a script, once at once and once from a timer
// that only fires if virtual time is granted.
const page = `<!doctype html>
<html><head><title>dump-dom test</title></head>
<body>
<p id="now">static</p>
<p id="later">static</p>
<script>
document.getElementById("now").textContent = "written by " + "script: " + (6 * 7);
setTimeout(function () {
  document.getElementById("later").textContent = "timer" + "-fired";
}, 3000);
</script>
</body></html>`

func TestDumpDOMRunsScripts(t *testing.T) {
	requireChromium(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()

	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // the profile goes there, so leftovers are ours alone
	start := time.Now()
	dom, err := DumpDOM(context.Background(), srv.URL, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("DumpDOM took %v", time.Since(start).Round(time.Millisecond))
	for _, want := range []string{"written by script: 42", "timer-fired", "<title>dump-dom test</title>"} {
		if !strings.Contains(dom, want) {
			t.Errorf("DOM lacks %q:\n%s", want, dom)
		}
	}
	left, err := filepath.Glob(filepath.Join(tmp, "diplograph-chromium-*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("DumpDOM left its profile behind: %v", left)
	}
}

func TestDumpDOMCancelled(t *testing.T) {
	requireChromium(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := DumpDOM(ctx, "about:blank", time.Second)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("DumpDOM with a cancelled context: got %v, want an error wrapping context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "chromium: dump-dom about:blank") {
		t.Errorf("error lacks context: %v", err)
	}
}

func TestDumpDOMBadBudget(t *testing.T) {
	requireChromium(t)
	if _, err := DumpDOM(context.Background(), "about:blank", 0); err == nil {
		t.Fatal("DumpDOM with a zero budget: got no error")
	}
}

func TestQuoteKeepsTheEnd(t *testing.T) {
	long := strings.Repeat("x", 3*stderrTail) + "the real error"
	q := quote(long)
	if !strings.HasSuffix(q, "the real error") || len(q) > stderrTail+len("; stderr: …") {
		t.Errorf("quote(%d bytes) = %d bytes ending %q", len(long), len(q), q[len(q)-20:])
	}
	if quote(" \n") != "" {
		t.Error("quote of blank stderr is not empty")
	}
}
