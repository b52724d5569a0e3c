package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs "diplograph serve --load testdata/articles" as README's
// first command does, on a free port, and returns its base URL.
func startServe(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	db := t.TempDir() // before the cleanup below, so it is removed after the server stops
	done := make(chan struct{})
	code := 0
	go func() {
		code = m.Main(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--load", articles})
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
			if code != 0 {
				t.Errorf("serve exited %d: %s", code, stderr.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not shut down")
		}
	})
	re := regexp.MustCompile(`GraphiQL: (http://\S+)/`)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
		select {
		case <-done:
			t.Fatalf("serve exited before serving: %s", stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("serve printed no URL: %s", stderr.String())
	return ""
}

func postQuery(t *testing.T, base, query string) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if errs, ok := out["errors"]; ok {
		t.Fatalf("query %s: errors %v", query, errs)
	}
	return out["data"].(map[string]any)
}

// TestREADMEQueries serves the sample articles as README's first command
// does and runs every GraphQL query README shows, so README stays true.
func TestREADMEQueries(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 3 {
		t.Fatalf("README shows %d GraphQL queries, want at least 3", len(blocks))
	}
	base := startServe(t)
	for _, b := range blocks {
		q := b[1]
		if strings.Contains(q, "mutation") {
			continue // needs a token; the server tests cover mutations
		}
		postQuery(t, base, q)
	}

	// The DESIGN.md timeline of the sample article, through the API.
	data := postQuery(t, base, `{ timeline(actors: ["USA", "CHN"], first: 200) { date precision code root status source { code } target { code } mentions { sentence trigger } } }`)
	events := data["timeline"].([]any)
	type row struct{ src, tgt, root, status, date string }
	var got []row
	prev := ""
	for _, e := range events {
		ev := e.(map[string]any)
		code := func(k string) string {
			if a, ok := ev[k].(map[string]any); ok {
				return a["code"].(string)
			}
			return ""
		}
		r := row{code("source"), code("target"), ev["root"].(string), ev["status"].(string), ev["date"].(string)}
		if r.date < prev {
			t.Errorf("timeline out of order: %s after %s", r.date, prev)
		}
		prev = r.date
		if ms := ev["mentions"].([]any); len(ms) == 0 || ms[0].(map[string]any)["sentence"] == "" {
			t.Errorf("event %v does not reach its sentence", r)
		}
		got = append(got, r)
	}
	want := []row{
		{"USAGOV", "CHNGOV", "04", "ASSERTED", "2013"}, // the summit a year ago
		{"USA", "CHNMIL", "17", "ASSERTED", "2014-05"}, // the indictment last month
		{"CHNGOV", "USA", "16", "ASSERTED", "2014-05"}, // Beijing pulled the plug
		{"CHN", "USA", "12", "ASSERTED", "2014"},       // rejected the charges
		{"USA", "CHN", "02", "PLANNED", "2014-07"},     // will next month urge
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			if strings.HasPrefix(g.src, w.src) && strings.HasPrefix(g.tgt, w.tgt) && g.root == w.root && g.status == w.status && strings.HasPrefix(g.date, w.date) {
				found = true
			}
		}
		if !found {
			t.Errorf("timeline lacks %+v; got %+v", w, got)
		}
	}
}
