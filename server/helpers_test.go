package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers"
	"github.com/diplograph/diplograph/resolvers/resolverstest"
	"github.com/diplograph/diplograph/server"
)

// testToken is the write token of test servers.
const testToken = "test-write-token"

// testServer is a server listening on a random loopback port over a
// temporary Badger store, with the fake coder.
type testServer struct {
	*server.Server
	url   string
	store *graph.Store
	// stop cancels ListenAndServe's context and waits for it to return;
	// the test's cleanup calls it too.
	stop func() error
}

// options tweak a test server's config.
type option func(*server.Config)

func withToken(tok string) option        { return func(c *server.Config) { c.WriteToken = tok } }
func readOnly() option                   { return func(c *server.Config) { c.ReadOnly = true } }
func withLimits(l server.Limits) option  { return func(c *server.Config) { c.Limits = l } }
func withCoder(c resolvers.Coder) option { return func(cfg *server.Config) { cfg.Coder = c } }

// start starts a server; the test's cleanup shuts it down, checks that
// ListenAndServe returned nil and closes the store.
func start(t testing.TB, opts ...option) *testServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	store, err := graph.Open(ctx, t.TempDir())
	if err != nil {
		cancel()
		t.Fatalf("open store: %v", err)
	}
	cfg := server.Config{
		Addr:       "127.0.0.1:0",
		Store:      store,
		Coder:      resolverstest.Coder{},
		Codebook:   resolverstest.Codebook,
		WriteToken: testToken,
		Logger:     testLogger(t),
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.ListenAndServe(ctx) }()
	<-srv.Listening()
	if srv.URL() == "" {
		cancel()
		t.Fatalf("server did not listen: %v", <-done)
	}
	var once sync.Once
	var stopErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(30 * time.Second):
				stopErr = errors.New("server did not shut down within 30s")
			}
		})
		return stopErr
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("ListenAndServe: %v", err)
		}
		if err := store.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return &testServer{Server: srv, url: srv.URL(), store: store, stop: stop}
}

// testLogger logs through t at warning level and above, or everything with
// DIPLOGRAPH_TEST_LOG=1.
func testLogger(t testing.TB) *slog.Logger {
	level := slog.LevelWarn
	if os.Getenv("DIPLOGRAPH_TEST_LOG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: level}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

type gqlResponse struct {
	Status int             `json:"-"`
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string { s, _ := e.Extensions["code"].(string); return s }

// request is one GraphQL POST.
type request struct {
	Query         string         `json:"query,omitempty"`
	OperationName string         `json:"operationName,omitempty"`
	Variables     map[string]any `json:"variables,omitempty"`
	Extensions    map[string]any `json:"extensions,omitempty"`
	token         string
}

// post sends a GraphQL request; a token adds the Authorization header.
func (s *testServer) post(t testing.TB, req request) gqlResponse {
	t.Helper()
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	hr, err := http.NewRequest(http.MethodPost, s.url+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Content-Type", "application/json")
	if req.token != "" {
		hr.Header.Set("Authorization", "Bearer "+req.token)
	}
	res, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out gqlResponse
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("HTTP %d: decode %q: %v", res.StatusCode, b, err)
	}
	out.Status = res.StatusCode
	return out
}

// query runs a request that must succeed and decodes its data into out.
func (s *testServer) query(t testing.TB, req request, out any) {
	t.Helper()
	resp := s.post(t, req)
	if len(resp.Errors) > 0 || resp.Status != http.StatusOK {
		t.Fatalf("HTTP %d: %+v", resp.Status, resp.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			t.Fatalf("decode %s: %v", resp.Data, err)
		}
	}
}

// wantError runs a request that must fail with code and a message
// containing msg, and returns the response.
func (s *testServer) wantError(t testing.TB, req request, code, msg string) gqlResponse {
	t.Helper()
	resp := s.post(t, req)
	if len(resp.Errors) == 0 {
		t.Fatalf("HTTP %d: succeeded, want a %s error: %s", resp.Status, code, resp.Data)
	}
	e := resp.Errors[0]
	if e.code() != code || !strings.Contains(e.Message, msg) {
		t.Fatalf("HTTP %d: error %q (code %q), want code %s with %q", resp.Status, e.Message, e.code(), code, msg)
	}
	return resp
}

// get fetches a path and returns the response with its body read.
func (s *testServer) get(t testing.TB, path string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(s.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

const ingestMutation = `mutation Ingest($in: ArticleInput!) {
  ingestArticle(input: $in) { article { id } events { id code status date } unchanged }
}`

type ingestResult struct {
	IngestArticle struct {
		Article struct {
			ID string `json:"id"`
		} `json:"article"`
		Events []struct {
			ID     string `json:"id"`
			Code   string `json:"code"`
			Status string `json:"status"`
			Date   string `json:"date"`
		} `json:"events"`
		Unchanged bool `json:"unchanged"`
	} `json:"ingestArticle"`
}

// ingest ingests an article through the mutation.
func (s *testServer) ingest(t testing.TB, text, published string) ingestResult {
	t.Helper()
	in := map[string]any{"text": text}
	if published != "" {
		in["published"] = published
	}
	var out ingestResult
	s.query(t, request{Query: ingestMutation, Variables: map[string]any{"in": in}, token: testToken}, &out)
	return out
}

func sampleText(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "articles", "000_f64768faf15baae3.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// criticism is an article the fake coder codes as one USA→CHN criticism
// dated on its publication day.
func criticism(i int) (text, published string) {
	day := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
	return fmt.Sprintf("Washington criticised Beijing over trade, report number %d said. Nothing else happened.", i), day.Format(time.DateOnly)
}

// wsMessage is a graphql-transport-ws message.
type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// wsClient is a graphql-transport-ws client.
type wsClient struct {
	t    testing.TB
	ctx  context.Context
	conn *websocket.Conn
}

// dialWS opens a graphql-transport-ws connection with the given
// connection_init payload and waits for its acknowledgement.
func (s *testServer) dialWS(t testing.TB, ctx context.Context, initPayload map[string]any) *wsClient {
	t.Helper()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.url, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.CloseNow() })
	if conn.Subprotocol() != "graphql-transport-ws" {
		t.Fatalf("subprotocol %q", conn.Subprotocol())
	}
	c := &wsClient{t: t, ctx: ctx, conn: conn}
	if initPayload == nil {
		initPayload = map[string]any{}
	}
	p, _ := json.Marshal(initPayload)
	c.write(wsMessage{Type: "connection_init", Payload: p})
	if m := c.read(); m.Type != "connection_ack" {
		t.Fatalf("got %s, want connection_ack", m.Type)
	}
	return c
}

func (c *wsClient) write(m any) {
	c.t.Helper()
	if err := wsjson.Write(c.ctx, c.conn, m); err != nil {
		c.t.Fatal(err)
	}
}

// read returns the next message that is not a ping (pings are answered).
func (c *wsClient) read() wsMessage {
	c.t.Helper()
	for {
		var m wsMessage
		if err := wsjson.Read(c.ctx, c.conn, &m); err != nil {
			c.t.Fatal(err)
		}
		if m.Type == "ping" {
			c.write(wsMessage{Type: "pong"})
			continue
		}
		return m
	}
}

// subscribe starts an operation with the given id.
func (c *wsClient) subscribe(id, query string, vars map[string]any) {
	c.t.Helper()
	c.write(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}})
}
