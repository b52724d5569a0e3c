package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/server"
)

type timelineEvent struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	Status    string `json:"status"`
	Date      string `json:"date"`
	Precision string `json:"precision"`
	Source    struct {
		Code string `json:"code"`
	} `json:"source"`
	Target struct {
		Code string `json:"code"`
	} `json:"target"`
	Mentions []struct {
		Sentence string `json:"sentence"`
		Trigger  string `json:"trigger"`
		Article  struct {
			ID string `json:"id"`
		} `json:"article"`
	} `json:"mentions"`
}

const timelineQuery = `query Timeline {
  timeline(actors: ["USA", "CHN"]) {
    id code status date precision
    source { code } target { code }
    mentions { sentence trigger article { id } }
  }
}`

// TestIngestThenTimeline ingests the sample article through the mutation
// (coded by the fake coder) and reads the USA–China timeline back.
func TestIngestThenTimeline(t *testing.T) {
	s := start(t)
	ing := s.ingest(t, sampleText(t), "2014-06-27")
	if ing.IngestArticle.Unchanged || len(ing.IngestArticle.Events) != 5 {
		t.Fatalf("ingest: %+v", ing)
	}
	articleID := ing.IngestArticle.Article.ID

	var got struct {
		Timeline []timelineEvent `json:"timeline"`
	}
	s.query(t, request{Query: timelineQuery}, &got)
	want := []struct{ date, code, status, source, target string }{
		{"2013-06", "040", "ASSERTED", "USA", "CHN"},
		{"2014-05", "164", "ASSERTED", "CHN", "USA"},
		{"2014-05", "173", "ASSERTED", "USA", "CHNMIL"},
		{"2014-07", "026", "PLANNED", "USA", "CHN"},
		{"2014-07", "114", "PLANNED", "USA", "CHN"},
	}
	tl := got.Timeline
	if len(tl) != len(want) {
		t.Fatalf("timeline has %d events, want %d: %+v", len(tl), len(want), tl)
	}
	// Date order; events of one date and precision come by id, so compare
	// each date's events as a set.
	for i := range want {
		if tl[i].Date != want[i].date {
			t.Errorf("event %d dated %s, want %s", i, tl[i].Date, want[i].date)
		}
		if !slices.ContainsFunc(tl, func(e timelineEvent) bool {
			return e.Date == want[i].date && e.Code == want[i].code && e.Status == want[i].status &&
				e.Source.Code == want[i].source && e.Target.Code == want[i].target
		}) {
			t.Errorf("timeline lacks %+v", want[i])
		}
	}
	for _, e := range tl {
		if e.Precision != "MONTH" || len(e.Mentions) != 1 || e.Mentions[0].Article.ID != articleID ||
			!strings.Contains(e.Mentions[0].Sentence, e.Mentions[0].Trigger) {
			t.Errorf("event %s %s: precision %s, mentions %+v", e.Date, e.Code, e.Precision, e.Mentions)
		}
	}

	// Re-ingesting the same text writes nothing.
	if again := s.ingest(t, sampleText(t), "2014-06-27"); !again.IngestArticle.Unchanged {
		t.Error("re-ingest not unchanged")
	}
}

const eventsPage = `query Page($first: Int, $after: String) {
  events(filter: {actors: ["USA"]}, first: $first, after: $after) {
    edges { cursor node { id date } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`

type eventsConn struct {
	Events struct {
		Edges []struct {
			Cursor string `json:"cursor"`
			Node   struct {
				ID   string `json:"id"`
				Date string `json:"date"`
			} `json:"node"`
		} `json:"edges"`
		PageInfo struct {
			HasNextPage     bool    `json:"hasNextPage"`
			HasPreviousPage bool    `json:"hasPreviousPage"`
			StartCursor     *string `json:"startCursor"`
			EndCursor       *string `json:"endCursor"`
		} `json:"pageInfo"`
		TotalCount int `json:"totalCount"`
	} `json:"events"`
}

// TestPaginationRoundTrip pages through 12 ingested events 5 at a time and
// checks they are the single page of all, in date order.
func TestPaginationRoundTrip(t *testing.T) {
	s := start(t)
	for i := range 12 {
		text, pub := criticism(i)
		s.ingest(t, text, pub)
	}
	var all eventsConn
	s.query(t, request{Query: eventsPage, Variables: map[string]any{"first": 50}}, &all)
	if all.Events.TotalCount != 12 || len(all.Events.Edges) != 12 || all.Events.PageInfo.HasNextPage {
		t.Fatalf("one page of all: %+v", all.Events)
	}
	var want []string
	for i, e := range all.Events.Edges {
		want = append(want, e.Node.ID)
		if i > 0 && e.Node.Date < all.Events.Edges[i-1].Node.Date {
			t.Errorf("events out of date order at %d", i)
		}
	}

	var paged []string
	var after any
	for page := 1; ; page++ {
		var p eventsConn
		s.query(t, request{Query: eventsPage, Variables: map[string]any{"first": 5, "after": after}}, &p)
		if p.Events.TotalCount != 12 || p.Events.PageInfo.HasPreviousPage != (page > 1) {
			t.Errorf("page %d: totalCount %d, hasPreviousPage %v", page, p.Events.TotalCount, p.Events.PageInfo.HasPreviousPage)
		}
		for _, e := range p.Events.Edges {
			paged = append(paged, e.Node.ID)
		}
		if n := len(p.Events.Edges); n > 0 && *p.Events.PageInfo.EndCursor != p.Events.Edges[n-1].Cursor {
			t.Errorf("page %d: endCursor is not the last edge's cursor", page)
		}
		if !p.Events.PageInfo.HasNextPage {
			if page != 3 {
				t.Errorf("%d pages of 5 for 12 events", page)
			}
			break
		}
		if page > 5 {
			t.Fatal("pagination does not end")
		}
		after = *p.Events.PageInfo.EndCursor
	}
	if !slices.Equal(paged, want) {
		t.Errorf("paged %v\nwant  %v", paged, want)
	}
	s.wantError(t, request{Query: eventsPage, Variables: map[string]any{"first": 501}}, "BAD_USER_INPUT", "first must be at most 500")
}

// TestComplexityLimit sends a query whose lists multiply past the limit.
func TestComplexityLimit(t *testing.T) {
	s := start(t)
	q := `{ actors(first: 500) { nodes { events(first: 500) { nodes { id mentions { sentence } } } } } }`
	begin := time.Now()
	resp := s.wantError(t, request{Query: q}, "COMPLEXITY_LIMIT_EXCEEDED", "exceeds the limit of 25000")
	t.Logf("refused in %v (HTTP %d): %s", time.Since(begin), resp.Status, resp.Errors[0].Message)
	if resp.Data != nil && string(resp.Data) != "null" {
		t.Errorf("data with a refused query: %s", resp.Data)
	}
	// The same shape with small pages passes.
	s.query(t, request{Query: `{ actors(first: 10) { nodes { events(first: 10) { nodes { id mentions { sentence } } } } } }`}, nil)
}

// TestDepthLimit nests actor.country past the depth limit; GraphiQL's
// introspection query, deeper still, is not counted.
func TestDepthLimit(t *testing.T) {
	s := start(t, withLimits(server.Limits{Depth: 5}))
	s.query(t, request{Query: `{ actor(code: "USA") { country { country { country { id } } } } }`}, nil)
	s.wantError(t, request{Query: `{ actor(code: "USA") { country { country { country { country { id } } } } } }`},
		"DEPTH_LIMIT_EXCEEDED", "deeper than the limit of 5")
	s.wantError(t, request{Query: `query { ...A } fragment A on Query { actor(code: "USA") { country { ...C } } } fragment C on Actor { country { country { country { id } } } }`},
		"DEPTH_LIMIT_EXCEEDED", "deeper than the limit of 5")
	var intro struct {
		Schema struct {
			Types []struct {
				Name string `json:"name"`
			} `json:"types"`
		} `json:"__schema"`
	}
	s.query(t, request{Query: introspectionQuery}, &intro)
	if len(intro.Schema.Types) < 20 {
		t.Errorf("introspection returned %d types", len(intro.Schema.Types))
	}
}

// introspectionQuery is the shape of GraphiQL's, nine levels of ofType.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
  }
}
fragment FullType on __Type {
  kind name
  fields(includeDeprecated: true) { name args { name type { ...TypeRef } } type { ...TypeRef } }
}
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`

// TestMutationAuth checks that mutations need the write token.
func TestMutationAuth(t *testing.T) {
	text := "Washington criticised Beijing. The end."
	ingest := func(token string) request {
		return request{Query: ingestMutation, Variables: map[string]any{"in": map[string]any{"text": text}}, token: token}
	}
	del := func(token string) request {
		return request{Query: `mutation { deleteArticle(id: "article:0") }`, token: token}
	}

	s := start(t)
	s.wantError(t, ingest(""), "UNAUTHORIZED", "Authorization: Bearer")
	s.wantError(t, ingest("wrong"), "UNAUTHORIZED", "invalid write token")
	s.wantError(t, del(""), "UNAUTHORIZED", "Authorization: Bearer")
	var stats struct {
		Stats struct {
			Articles int `json:"articles"`
		} `json:"stats"`
	}
	s.query(t, request{Query: `{ stats { articles } }`}, &stats)
	if stats.Stats.Articles != 0 {
		t.Fatalf("refused mutation wrote %d articles", stats.Stats.Articles)
	}
	s.query(t, ingest(testToken), nil)
	var deleted struct {
		DeleteArticle bool `json:"deleteArticle"`
	}
	s.query(t, del(testToken), &deleted)

	t.Run("no token configured", func(t *testing.T) {
		s := start(t, withToken(""))
		s.wantError(t, ingest(""), "UNAUTHORIZED", "mutations are disabled: start the server with --write-token")
		s.wantError(t, ingest(testToken), "UNAUTHORIZED", "mutations are disabled: start the server with --write-token")
	})
	t.Run("read-only", func(t *testing.T) {
		s := start(t, readOnly())
		s.wantError(t, ingest(testToken), "UNAUTHORIZED", "--read-only")
		s.query(t, request{Query: `{ stats { articles } }`}, nil)
	})
}

// TestSubscription subscribes to planned events over graphql-transport-ws
// and receives those of an article ingested meanwhile.
func TestSubscription(t *testing.T) {
	s := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ws := s.dialWS(t, ctx, nil)
	ws.subscribe("1", `subscription { eventAdded(filter: {statuses: [PLANNED]}) { code status date source { code } target { code } mentions { sentence } } }`, nil)
	for s.Broker().Subscribers() == 0 {
		if ctx.Err() != nil {
			t.Fatal("subscription never registered")
		}
		time.Sleep(5 * time.Millisecond)
	}

	s.ingest(t, sampleText(t), "2014-06-27")
	var codes []string
	for range 2 {
		m := ws.read()
		if m.Type != "next" || m.ID != "1" {
			t.Fatalf("got %s %s: %s", m.Type, m.ID, m.Payload)
		}
		var p struct {
			Data struct {
				EventAdded struct {
					Code     string `json:"code"`
					Status   string `json:"status"`
					Source   struct{ Code string }
					Mentions []struct{ Sentence string }
				} `json:"eventAdded"`
			} `json:"data"`
			Errors []gqlError `json:"errors"`
		}
		if err := json.Unmarshal(m.Payload, &p); err != nil || len(p.Errors) > 0 {
			t.Fatalf("payload %s: %v", m.Payload, err)
		}
		e := p.Data.EventAdded
		if e.Status != "PLANNED" || e.Source.Code != "USA" || len(e.Mentions) != 1 {
			t.Errorf("event %+v", e)
		}
		codes = append(codes, e.Code)
	}
	slices.Sort(codes)
	if !slices.Equal(codes, []string{"026", "114"}) {
		t.Errorf("planned events received: %v, want 026 and 114", codes)
	}
	ws.write(wsMessage{ID: "1", Type: "complete"})
	_ = ws.conn.Close(websocket.StatusNormalClosure, "done")
}

// TestMutationOverWebsocket sends mutations over graphql-transport-ws: the
// write token comes in the connection_init payload.
func TestMutationOverWebsocket(t *testing.T) {
	s := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	in := map[string]any{"in": map[string]any{"text": "Washington criticised Beijing. The end."}}

	anon := s.dialWS(t, ctx, nil)
	anon.subscribe("1", ingestMutation, in)
	if m := anon.read(); m.Type != "next" || !strings.Contains(string(m.Payload), "UNAUTHORIZED") {
		t.Errorf("mutation without token over websocket: %s %s", m.Type, m.Payload)
	}

	authed := s.dialWS(t, ctx, map[string]any{"Authorization": "Bearer " + testToken})
	authed.subscribe("1", ingestMutation, in)
	if m := authed.read(); m.Type != "next" || strings.Contains(string(m.Payload), "errors") || !strings.Contains(string(m.Payload), `"code":"111"`) {
		t.Errorf("mutation with token over websocket: %s %s", m.Type, m.Payload)
	}
}

// TestProbesAndMetrics checks /healthz, /readyz and /metrics.
func TestProbesAndMetrics(t *testing.T) {
	s := start(t)
	s.ingest(t, sampleText(t), "2014-06-27")
	s.query(t, request{Query: timelineQuery, OperationName: "Timeline"}, nil)

	if res, body := s.get(t, "/healthz"); res.StatusCode != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", res.StatusCode, body)
	}
	if res, body := s.get(t, "/readyz"); res.StatusCode != 200 || body != "ready\n" {
		t.Errorf("/readyz: %d %q", res.StatusCode, body)
	}
	res, body := s.get(t, "/metrics")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`diplograph_graphql_requests_total{operation="Timeline",outcome="ok",type="query"} 1`,
		`diplograph_graphql_requests_total{operation="Ingest",outcome="ok",type="mutation"} 1`,
		`diplograph_graphql_request_duration_seconds_bucket{operation="Timeline",le="+Inf"} 1`,
		`diplograph_ingests_total{result="written"} 1`,
		`diplograph_ingests_total{result="unchanged"} 0`,
		`diplograph_store_up 1`,
		`diplograph_store_objects{kind="events"} 5`,
		`diplograph_store_objects{kind="articles"} 1`,
		`diplograph_store_size_bytes `,
		`diplograph_http_requests_total{code="200",route="graphql"} 2`,
		`diplograph_subscriptions 0`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(body)
	}
}

// TestGraphiQLServed checks the GraphiQL page and its bundle.
func TestGraphiQLServed(t *testing.T) {
	s := start(t)
	for _, tt := range []struct {
		path, contentType, contains string
		minSize                     int
	}{
		{"/", "text/html", `<script src="./graphiql.js">`, 200},
		{"/graphiql.js", "text/javascript", "GraphiQL", 500_000},
		{"/graphiql.css", "text/css", ".graphiql-container", 10_000},
	} {
		res, body := s.get(t, tt.path)
		ct := res.Header.Get("Content-Type")
		if res.StatusCode != 200 || !strings.HasPrefix(ct, tt.contentType) || len(body) < tt.minSize || !strings.Contains(body, tt.contains) {
			t.Errorf("%s: HTTP %d, %s, %d bytes, contains %q: %v", tt.path, res.StatusCode, ct, len(body), tt.contains, strings.Contains(body, tt.contains))
		}
		t.Logf("%s: %s, %d bytes", tt.path, ct, len(body))
	}
	if res, _ := s.get(t, "/nope.js"); res.StatusCode != http.StatusNotFound {
		t.Errorf("/nope.js: HTTP %d", res.StatusCode)
	}
}

// TestPersistedQueries runs the automatic persisted query handshake.
func TestPersistedQueries(t *testing.T) {
	s := start(t)
	q := `query Stats { stats { events } }`
	sum := sha256.Sum256([]byte(q))
	apq := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	s.wantError(t, request{Extensions: apq}, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
	s.query(t, request{Query: q, Extensions: apq}, nil)
	var got struct {
		Stats struct {
			Events int `json:"events"`
		} `json:"stats"`
	}
	s.query(t, request{Extensions: apq}, &got)
}

// TestRequestLimits checks the body size limit and the request timeout.
func TestRequestLimits(t *testing.T) {
	s := start(t, withLimits(server.Limits{BodyBytes: 1 << 10}))
	resp := s.post(t, request{Query: `{ stats { events } }`, Variables: map[string]any{"pad": strings.Repeat("x", 2<<10)}})
	if len(resp.Errors) == 0 || resp.Status == http.StatusOK {
		t.Errorf("oversized body: HTTP %d %+v", resp.Status, resp.Errors)
	} else {
		t.Logf("oversized body: HTTP %d %s", resp.Status, resp.Errors[0].Message)
	}

	// A coder that takes until the request's deadline: the mutation fails
	// with TIMEOUT once the per-request timeout passes.
	slow := start(t, withLimits(server.Limits{Timeout: 100 * time.Millisecond}), withCoder(stuckCoder{}))
	begin := time.Now()
	slow.wantError(t, request{Query: ingestMutation, Variables: map[string]any{"in": map[string]any{"text": "x"}}, token: testToken},
		"TIMEOUT", "request timed out")
	t.Logf("timed out after %v", time.Since(begin))
}

// stuckCoder codes nothing until its context is done.
type stuckCoder struct{}

func (stuckCoder) Code(ctx context.Context, _ dg.Article) (*dg.Coded, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestGizmo queries the graph through Cayley's read-only Gizmo endpoint.
func TestGizmo(t *testing.T) {
	s := start(t, withLimits(server.Limits{GizmoLimit: 3}))
	s.ingest(t, sampleText(t), "2014-06-27")
	post := func(path, body string) (int, string) {
		res, err := http.Post(s.url+path, "application/javascript", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b strings.Builder
		_, _ = io.Copy(&b, res.Body)
		return res.StatusCode, b.String()
	}
	code, body := post("/cayley/api/v2/query?lang=gizmo", `g.V("<country:CHN>").Out("<dg:name>").All()`)
	if code != 200 || !strings.Contains(body, `"China"`) {
		t.Errorf("gizmo: HTTP %d %s", code, body)
	}
	// The result limit bounds a query over every event.
	code, body = post("/cayley/api/v2/query?lang=gizmo", `g.V().Has("<rdf:type>", "<dg:Event>").All()`)
	var res struct {
		Result []any `json:"result"`
	}
	if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil || len(res.Result) != 3 {
		t.Errorf("gizmo with limit 3: HTTP %d, %d results: %s", code, len(res.Result), body)
	}
	if code, body := post("/cayley/api/v2/query?lang=sql", `SELECT 1`); code != http.StatusBadRequest {
		t.Errorf("lang=sql: HTTP %d %s", code, body)
	}
	if code, _ := post("/cayley/api/v2/write", `<a> <b> <c> .`); code != http.StatusNotFound && code != http.StatusMethodNotAllowed {
		t.Errorf("write endpoint: HTTP %d", code)
	}
}

// TestGracefulShutdown cancels the server's context while a subscription
// is open: ListenAndServe returns (the cleanup checks it returns nil) and
// the websocket is closed.
func TestGracefulShutdown(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s := start(t)
	ws := s.dialWS(t, ctx, nil)
	ws.subscribe("1", `subscription { eventAdded { id } }`, nil)
	for s.Broker().Subscribers() == 0 && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	closed := make(chan error, 1)
	go func() {
		var m map[string]any
		for {
			if err := wsjson.Read(ctx, ws.conn, &m); err != nil {
				closed <- err
				return
			}
		}
	}()
	begin := time.Now()
	if err := s.stop(); err != nil {
		t.Fatalf("ListenAndServe: %v", err)
	}
	t.Logf("shut down in %v", time.Since(begin))
	select {
	case err := <-closed:
		t.Logf("websocket closed on shutdown: %v", err)
	case <-ctx.Done():
		t.Fatal("websocket still open after shutdown")
	}
	if _, err := http.Get(s.url + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}
