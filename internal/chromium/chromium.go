// Package chromium drives a headless Chromium to render pages the way a
// browser would, for tests that need to see what a person sees (for example
// that the embedded GraphiQL actually renders).
//
// Only the Chromium binary is needed: Debian's package installs it with
// `apt-get install -y chromium`. Tests that use this package should skip when
// [Path] reports that Chromium is absent.
package chromium

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// candidates are the names tried in PATH after /usr/bin/chromium.
var candidates = []string{"chromium", "chromium-browser"}

// Path returns the Chromium executable to use and whether one was found. It
// prefers /usr/bin/chromium (Debian's package) and falls back to a chromium
// (or chromium-browser) found in PATH.
func Path() (string, bool) {
	const debian = "/usr/bin/chromium"
	if fi, err := os.Stat(debian); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
		return debian, true
	}
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// hardLimit bounds a DumpDOM run beyond its virtual-time budget: the budget
// is virtual (it only advances while the page is idle), so a page that keeps
// a request pending could otherwise hold Chromium forever.
const hardLimit = time.Minute

// stderrTail is how much of Chromium's stderr an error quotes.
const stderrTail = 2000

// DumpDOM loads url in a fresh headless Chromium profile, lets the page's
// scripts run for up to budget of virtual time (timers fire as fast as the
// page is otherwise idle; network waits are real time), and returns the
// serialized DOM as Chromium's --dump-dom prints it.
//
// Chromium runs with --no-sandbox (needed as root), without GPU, QUIC,
// first-run, background networking, component updates or sync, in a new
// temporary --user-data-dir that is removed afterwards. The run is cancelled
// with ctx, and in any case after budget plus one minute of real time. A
// failure to start, a non-zero exit or an empty DOM is returned as an error
// that quotes the end of Chromium's stderr.
func DumpDOM(ctx context.Context, url string, budget time.Duration) (dom string, err error) {
	bin, ok := Path()
	if !ok {
		return "", errors.New("chromium: no chromium executable (looked for /usr/bin/chromium and chromium in PATH)")
	}
	if budget <= 0 {
		return "", fmt.Errorf("chromium: dump-dom %s: budget must be positive, got %v", url, budget)
	}

	profile, err := os.MkdirTemp("", "diplograph-chromium-*")
	if err != nil {
		return "", fmt.Errorf("chromium: dump-dom %s: create profile dir: %w", url, err)
	}
	defer func() {
		if rmErr := os.RemoveAll(profile); rmErr != nil && err == nil {
			err = fmt.Errorf("chromium: dump-dom %s: remove profile dir: %w", url, rmErr)
		}
	}()

	ctx, cancel := context.WithTimeout(ctx, budget+hardLimit)
	defer cancel()

	cmd := exec.CommandContext(ctx, bin,
		"--headless",
		"--no-sandbox",
		"--disable-gpu",
		"--disable-quic",
		"--no-first-run",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--user-data-dir="+profile,
		fmt.Sprintf("--virtual-time-budget=%d", budget.Milliseconds()),
		"--dump-dom",
		url,
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	reap := killGroup(cmd)
	// Chromium's helper processes inherit stdout and stderr; don't wait on
	// them for long once the browser process is gone.
	cmd.WaitDelay = 5 * time.Second

	start := time.Now()
	runErr := cmd.Run()
	reap()
	if runErr != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			runErr = fmt.Errorf("%w (%w after %v)", runErr, ctxErr, time.Since(start).Round(time.Millisecond))
		}
		return "", fmt.Errorf("chromium: dump-dom %s: %s: %w%s", url, bin, runErr, quote(stderr.String()))
	}
	dom = stdout.String()
	if strings.TrimSpace(dom) == "" {
		return "", fmt.Errorf("chromium: dump-dom %s: %s printed no DOM%s", url, bin, quote(stderr.String()))
	}
	return dom, nil
}

// quote formats the end of Chromium's stderr for an error message.
func quote(stderr string) string {
	stderr = strings.TrimSpace(stderr)
	if stderr == "" {
		return ""
	}
	if len(stderr) > stderrTail {
		stderr = "…" + stderr[len(stderr)-stderrTail:]
	}
	return "; stderr: " + stderr
}
