package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers"
	"github.com/diplograph/diplograph/resolvers/model"
	"github.com/diplograph/diplograph/resolvers/resolverstest"
)

// gqlResponse is a GraphQL response as a client sees it.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string { s, _ := e.Extensions["code"].(string); return s }

// client runs GraphQL requests against resolvers over a store, through
// gqlgen's POST transport, as the server mounts them (less HTTP limits).
type client struct {
	t   *testing.T
	h   *handler.Server
	res *resolvers.Resolver
}

func newClient(t *testing.T, store resolvers.Store) *client {
	t.Helper()
	res, err := resolvers.New(resolvers.Config{
		Store:    store,
		Coder:    resolverstest.Coder{},
		Codebook: resolverstest.Codebook,
	})
	if err != nil {
		t.Fatal(err)
	}
	h := handler.New(res.Schema())
	h.AddTransport(transport.POST{})
	h.Use(extension.Introspection{})
	h.Use(extension.FixedComplexityLimit(25000))
	h.Use(res.Dataloaders())
	h.SetErrorPresenter(resolvers.ErrorPresenter)
	h.SetRecoverFunc(resolvers.RecoverFunc(nil))
	return &client{t: t, h: h, res: res}
}

// do runs a query and returns the raw response.
func (c *client) do(query string, vars map[string]any) gqlResponse {
	c.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		c.t.Fatalf("decode response %q: %v", rec.Body.String(), err)
	}
	return resp
}

// query runs a query that must succeed and decodes its data into out.
func (c *client) query(query string, vars map[string]any, out any) {
	c.t.Helper()
	resp := c.do(query, vars)
	if len(resp.Errors) > 0 {
		c.t.Fatalf("query failed: %+v", resp.Errors)
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		c.t.Fatalf("decode data %s: %v", resp.Data, err)
	}
}

// wantError runs a query that must fail with the given code and a message
// containing msg.
func (c *client) wantError(query string, vars map[string]any, code, msg string) gqlError {
	c.t.Helper()
	resp := c.do(query, vars)
	if len(resp.Errors) == 0 {
		c.t.Fatalf("query succeeded, want %s error: %s", code, resp.Data)
	}
	e := resp.Errors[0]
	if e.code() != code || !strings.Contains(e.Message, msg) {
		c.t.Fatalf("got error %q (code %q), want code %s and message containing %q", e.Message, e.code(), code, msg)
	}
	return e
}

func sampleArticle(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "articles", "000_f64768faf15baae3.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const ingest = `mutation($in: ArticleInput!) {
  ingestArticle(input: $in) {
    article { id title published }
    events { id code status date source { code } target { code } mentions { sentence article { id } } }
    unchanged
  }
}`

type eventJSON struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	Root      string `json:"root"`
	Label     string `json:"label"`
	Status    string `json:"status"`
	Date      string `json:"date"`
	Precision string `json:"precision"`
	Source    *struct {
		Name    string `json:"name"`
		Code    string `json:"code"`
		Country *struct {
			Code string `json:"code"`
		} `json:"country"`
	} `json:"source"`
	Target *struct {
		Name string `json:"name"`
		Code string `json:"code"`
	} `json:"target"`
	Mentions []struct {
		Sentence string `json:"sentence"`
		Trigger  string `json:"trigger"`
		Article  *struct {
			ID string `json:"id"`
		} `json:"article"`
	} `json:"mentions"`
}

func TestIngestThenTimeline(t *testing.T) {
	c := newClient(t, resolverstest.NewMemStore())
	text := sampleArticle(t)
	var got struct {
		IngestArticle struct {
			Article struct {
				ID        string  `json:"id"`
				Title     *string `json:"title"`
				Published *string `json:"published"`
			} `json:"article"`
			Events    []eventJSON `json:"events"`
			Unchanged bool        `json:"unchanged"`
		} `json:"ingestArticle"`
	}
	c.query(ingest, map[string]any{"in": map[string]any{"text": text, "title": "US to push Beijing on cybersecurity talks", "published": "2014-06-27"}}, &got)
	ing := got.IngestArticle
	if ing.Unchanged || len(ing.Events) != 5 || !strings.HasPrefix(ing.Article.ID, "article:") {
		t.Fatalf("ingest: %+v", ing)
	}
	if ing.Article.Published == nil || *ing.Article.Published != "2014-06-27T00:00:00Z" {
		t.Errorf("published = %v", ing.Article.Published)
	}
	for _, e := range ing.Events {
		if len(e.Mentions) != 1 || e.Mentions[0].Article == nil || e.Mentions[0].Article.ID != ing.Article.ID || e.Mentions[0].Sentence == "" {
			t.Errorf("event %s mentions %+v", e.ID, e.Mentions)
		}
	}
	// Ingesting the same text again changes nothing.
	c.query(ingest, map[string]any{"in": map[string]any{"text": text}}, &got)
	if !got.IngestArticle.Unchanged {
		t.Error("re-ingest not reported unchanged")
	}

	var tl struct {
		Timeline []eventJSON `json:"timeline"`
	}
	c.query(`{ timeline(actors: ["USA", "CHN"]) { id code status date precision source { code } target { code } mentions { sentence trigger } } }`, nil, &tl)
	want := []struct{ date, code, status string }{
		{"2013-06", "040", "ASSERTED"},
		{"2014-05", "164", "ASSERTED"},
		{"2014-05", "173", "ASSERTED"},
		{"2014-07", "026", "PLANNED"},
		{"2014-07", "114", "PLANNED"},
	}
	if len(tl.Timeline) != len(want) {
		t.Fatalf("timeline has %d events, want %d: %+v", len(tl.Timeline), len(want), tl.Timeline)
	}
	// Events sharing a date and precision are ordered by id: compare sets per date.
	for i, w := range want {
		e := tl.Timeline[i]
		if e.Date != w.date {
			t.Errorf("event %d date %s, want %s", i, e.Date, w.date)
		}
		found := false
		for _, x := range tl.Timeline {
			if x.Date == w.date && x.Code == w.code && x.Status == w.status {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s event %s with status %s", w.date, w.code, w.status)
		}
		if len(e.Mentions) == 0 || !strings.Contains(e.Mentions[0].Sentence, e.Mentions[0].Trigger) {
			t.Errorf("event %d: mention %+v does not hold its trigger", i, e.Mentions)
		}
	}
	// The statuses filter and the date range narrow it.
	c.query(`{ timeline(actors: ["USA", "CHN"], from: "2014-06", statuses: [PLANNED]) { code status } }`, nil, &tl)
	if len(tl.Timeline) != 2 {
		t.Errorf("planned events from 2014-06: %+v", tl.Timeline)
	}
}

// storesUnderTest returns the in-memory store and, when it works, the real
// Badger store in a temporary directory.
func storesUnderTest(t *testing.T) map[string]func(t *testing.T) resolvers.Store {
	return map[string]func(t *testing.T) resolvers.Store{
		"memory": func(t *testing.T) resolvers.Store {
			s := resolverstest.NewMemStore()
			s.IDOnlyActors = true
			return s
		},
		"badger": func(t *testing.T) resolvers.Store {
			ctx := context.Background()
			s, err := graph.Open(ctx, t.TempDir())
			if err != nil {
				if strings.Contains(err.Error(), "not implemented") {
					t.Skipf("graph store not implemented yet: %v", err)
				}
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			return s
		},
	}
}

// criticisms writes n articles whose fake coding gives one USA→CHN event
// each, on n consecutive days from 2014-01-01, and returns their event ids.
func criticisms(t *testing.T, s resolvers.Store, n int) []string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	day := time.Date(2014, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := range n {
		a := dg.Article{
			Title:     fmt.Sprintf("Criticism %d", i),
			Published: day.AddDate(0, 0, i),
			Text:      fmt.Sprintf("Washington criticised Beijing over trade, report number %d said. Nothing else happened.", i),
		}
		coded, err := resolverstest.Coder{}.Code(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.WriteArticle(ctx, coded); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, coded.Events[0].ID)
	}
	return ids
}

// TestDataloadersBatchStoreReads counts the store calls of one page of
// 100 events with their actors, the actors' countries and mentions.
func TestDataloadersBatchStoreReads(t *testing.T) {
	for name, open := range storesUnderTest(t) {
		t.Run(name, func(t *testing.T) {
			base := open(t)
			criticisms(t, base, 150)
			counting := resolverstest.NewCounting(base)
			c := newClient(t, counting)

			var got struct {
				Events struct {
					Nodes      []eventJSON `json:"nodes"`
					TotalCount int         `json:"totalCount"`
				} `json:"events"`
			}
			c.query(`{ events(filter: {actors: ["USA"]}, first: 100) {
				totalCount
				nodes { id code date source { name code country { code } } target { name code } mentions { sentence trigger } }
			} }`, nil, &got)
			if len(got.Events.Nodes) != 100 || got.Events.TotalCount != 150 {
				t.Fatalf("got %d events of %d", len(got.Events.Nodes), got.Events.TotalCount)
			}
			for _, e := range got.Events.Nodes {
				if e.Source == nil || e.Source.Name != "United States" || e.Source.Country != nil || e.Target == nil || e.Target.Code != "CHN" || len(e.Mentions) != 1 {
					t.Fatalf("event %+v", e)
				}
			}
			calls := counting.Calls()
			t.Logf("store calls for 100 events + actors + countries + mentions: %s", counting)
			if calls["Events"] != 1 || calls["Mentions"] != 1 || calls["ActorsByID"] > 2 || counting.Total() > 4 {
				t.Errorf("store calls %s, want Events=1 Mentions=1 ActorsByID<=2, at most 4 in all", counting)
			}

			// Countries of actors (CHNMIL's is CHN) come in one read too.
			coded, err := resolverstest.Coder{}.Code(context.Background(), dg.Article{Text: sampleArticle(t)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := base.WriteArticle(context.Background(), coded); err != nil {
				t.Fatal(err)
			}
			counting.Reset()
			var tl struct {
				Timeline []struct {
					Target struct {
						Code    string `json:"code"`
						Country *struct {
							Code string `json:"code"`
						} `json:"country"`
					} `json:"target"`
				} `json:"timeline"`
			}
			c.query(`{ timeline(actors: ["CHN"], first: 200) { target { code country { code } } } }`, nil, &tl)
			sectors := 0
			for _, e := range tl.Timeline {
				if e.Target.Code == "CHNMIL" {
					sectors++
					if e.Target.Country == nil || e.Target.Country.Code != "CHN" {
						t.Errorf("country of CHNMIL: %+v", e.Target.Country)
					}
				}
			}
			if sectors != 1 || counting.Calls()["ActorsByID"] > 1 || counting.Total() > 2 {
				t.Errorf("%d CHNMIL targets; store calls %s, want Events and at most one ActorsByID", sectors, counting)
			}

			// Mentions' articles: one read per distinct article, not per mention.
			counting.Reset()
			c.query(`{ events(first: 20) { nodes { mentions { article { title } } } } }`, nil, &got)
			if n := counting.Calls()["Article"]; n > 20 {
				t.Errorf("%d article reads for 20 events of 20 articles", n)
			}
		})
	}
}

type connJSON struct {
	Edges []struct {
		Cursor string `json:"cursor"`
		Node   struct {
			ID string `json:"id"`
		} `json:"node"`
	} `json:"edges"`
	PageInfo struct {
		HasNextPage     bool    `json:"hasNextPage"`
		HasPreviousPage bool    `json:"hasPreviousPage"`
		EndCursor       *string `json:"endCursor"`
	} `json:"pageInfo"`
	TotalCount int `json:"totalCount"`
}

const eventsPage = `query($first: Int, $after: String) {
  events(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount }
}`

func TestPagination(t *testing.T) {
	for name, open := range storesUnderTest(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ids := criticisms(t, s, 23)
			c := newClient(t, s)

			var all []string
			var after any
			pages := 0
			for {
				var got struct {
					Events connJSON `json:"events"`
				}
				c.query(eventsPage, map[string]any{"first": 5, "after": after}, &got)
				pages++
				if got.Events.TotalCount != 23 {
					t.Fatalf("totalCount %d", got.Events.TotalCount)
				}
				if got.Events.PageInfo.HasPreviousPage != (after != nil) {
					t.Errorf("page %d: hasPreviousPage %v", pages, got.Events.PageInfo.HasPreviousPage)
				}
				for _, e := range got.Events.Edges {
					all = append(all, e.Node.ID)
				}
				if !got.Events.PageInfo.HasNextPage {
					break
				}
				if pages > 10 {
					t.Fatal("pagination does not end")
				}
				after = *got.Events.PageInfo.EndCursor
			}
			if pages != 5 || !slices.Equal(all, ids) {
				t.Fatalf("%d pages gave %d events %v, want 5 pages of %v", pages, len(all), all, ids)
			}

			// Resuming from an edge in the middle of a page continues right after it.
			var first struct {
				Events connJSON `json:"events"`
			}
			c.query(eventsPage, map[string]any{"first": 10}, &first)
			var next struct {
				Events connJSON `json:"events"`
			}
			c.query(eventsPage, map[string]any{"first": 3, "after": first.Events.Edges[3].Cursor}, &next)
			var got []string
			for _, e := range next.Events.Edges {
				got = append(got, e.Node.ID)
			}
			if !slices.Equal(got, ids[4:7]) {
				t.Errorf("after edge 3: %v, want %v", got, ids[4:7])
			}

			c.wantError(eventsPage, map[string]any{"first": 501}, resolvers.CodeBadUserInput, "first must be at most 500")
			c.wantError(eventsPage, map[string]any{"first": 5, "after": "not a cursor!"}, resolvers.CodeBadUserInput, "invalid cursor")
		})
	}
}

func TestQueries(t *testing.T) {
	s := resolverstest.NewMemStore()
	c := newClient(t, s)
	var ing struct {
		IngestArticle struct {
			Article struct {
				ID string `json:"id"`
			} `json:"article"`
		} `json:"ingestArticle"`
	}
	c.query(ingest, map[string]any{"in": map[string]any{"text": sampleArticle(t)}}, &ing)
	articleID := ing.IngestArticle.Article.ID

	t.Run("actor", func(t *testing.T) {
		var got struct {
			ByCode *struct {
				ID      string   `json:"id"`
				Kind    string   `json:"kind"`
				Aliases []string `json:"aliases"`
				Events  connJSON `json:"events"`
			} `json:"byCode"`
			Sector *struct {
				Sector  *string `json:"sector"`
				Country *struct {
					ID string `json:"id"`
				} `json:"country"`
			} `json:"sector"`
			Missing *struct{ ID string } `json:"missing"`
		}
		c.query(`{
			byCode: actor(code: "CHN") { id kind aliases events(filter: {statuses: [ASSERTED]}) { totalCount } }
			sector: actor(id: "actor:CHN-MIL") { sector country { id } }
			missing: actor(code: "XYZ") { id }
		}`, nil, &got)
		if got.ByCode == nil || got.ByCode.ID != "country:CHN" || got.ByCode.Kind != "COUNTRY" || got.ByCode.Events.TotalCount != 3 {
			t.Errorf("actor CHN: %+v", got.ByCode)
		}
		if got.Sector == nil || got.Sector.Sector == nil || *got.Sector.Sector != "MIL" || got.Sector.Country == nil || got.Sector.Country.ID != "country:CHN" {
			t.Errorf("actor CHN-MIL: %+v", got.Sector)
		}
		if got.Missing != nil {
			t.Errorf("missing actor: %+v", got.Missing)
		}
		c.wantError(`{ actor { id } }`, nil, resolvers.CodeBadUserInput, "id or code is required")
	})

	t.Run("actors", func(t *testing.T) {
		var got struct {
			Actors struct {
				Nodes []struct {
					Name string `json:"name"`
				} `json:"nodes"`
				TotalCount int `json:"totalCount"`
			} `json:"actors"`
		}
		c.query(`{ actors(country: "chn") { nodes { name } totalCount } }`, nil, &got)
		if got.Actors.TotalCount != 2 || got.Actors.Nodes[0].Name != "China" {
			t.Errorf("actors of CHN: %+v", got.Actors)
		}
	})

	t.Run("event and article", func(t *testing.T) {
		var tl struct {
			Timeline []eventJSON `json:"timeline"`
		}
		c.query(`{ timeline(actors: ["CHN"], first: 1) { id } }`, nil, &tl)
		var got struct {
			Event   *eventJSON `json:"event"`
			Missing *eventJSON `json:"missing"`
			Article *struct {
				Events []struct {
					ID string `json:"id"`
				} `json:"events"`
			} `json:"article"`
		}
		c.query(`query($id: ID!, $art: ID!) {
			event(id: $id) { id code root label mentions { sentence } }
			missing: event(id: "event:0000") { id }
			article(id: $art) { events { id } }
		}`, map[string]any{"id": tl.Timeline[0].ID, "art": articleID}, &got)
		if got.Event == nil || got.Event.Root != "04" || got.Event.Label != "Consult" || len(got.Event.Mentions) != 1 {
			t.Errorf("event: %+v", got.Event)
		}
		if got.Missing != nil {
			t.Errorf("missing event: %+v", got.Missing)
		}
		if got.Article == nil || len(got.Article.Events) != 5 {
			t.Errorf("article: %+v", got.Article)
		}
	})

	t.Run("dyad", func(t *testing.T) {
		var got struct {
			Dyad struct {
				A    struct{ Code string } `json:"a"`
				AToB struct {
					Count         int      `json:"count"`
					GoldsteinMean *float64 `json:"goldsteinMean"`
				} `json:"aToB"`
				BToA struct {
					Count int `json:"count"`
				} `json:"bToA"`
				Months []struct {
					Month string `json:"month"`
					AToB  int    `json:"aToB"`
					BToA  int    `json:"bToA"`
				} `json:"months"`
				Events connJSON `json:"events"`
			} `json:"dyad"`
		}
		c.query(`{ dyad(a: "USA", b: "CHN") { a { code } aToB { count goldsteinMean } bToA { count } months { month aToB bToA } events { totalCount } } }`, nil, &got)
		d := got.Dyad
		if d.A.Code != "USA" || d.AToB.Count != 4 || d.BToA.Count != 1 || d.Events.TotalCount != 5 {
			t.Errorf("dyad: %+v", d)
		}
		if d.AToB.GoldsteinMean == nil || *d.AToB.GoldsteinMean != (1.0-5.0+4.0-2.0)/4 {
			t.Errorf("dyad mean Goldstein a→b: %v", d.AToB.GoldsteinMean)
		}
		if len(d.Months) != 3 || d.Months[1].Month != "2014-05" || d.Months[1].AToB != 1 || d.Months[1].BToA != 1 {
			t.Errorf("dyad months: %+v", d.Months)
		}
		c.wantError(`{ dyad(a: "USA", b: "USA") { aToB { count } } }`, nil, resolvers.CodeBadUserInput, "must differ")
	})

	t.Run("eventCounts", func(t *testing.T) {
		var got struct {
			EventCounts []struct {
				Month     *string `json:"month"`
				Root      *string `json:"root"`
				Year      *string `json:"year"`
				QuadClass *int    `json:"quadClass"`
				Count     int     `json:"count"`
			} `json:"eventCounts"`
		}
		c.query(`{ eventCounts(filter: {actors: ["USA"]}, groupBy: [MONTH, ROOT]) { month root year quadClass count } }`, nil, &got)
		if len(got.EventCounts) != 5 {
			t.Fatalf("counts: %+v", got.EventCounts)
		}
		b := got.EventCounts[0]
		if b.Month == nil || *b.Month != "2013-06" || b.Root == nil || *b.Root != "04" || b.Year != nil || b.QuadClass != nil || b.Count != 1 {
			t.Errorf("first bucket: %+v", b)
		}
		c.wantError(`{ eventCounts(groupBy: [MONTH, MONTH]) { count } }`, nil, resolvers.CodeBadUserInput, "twice")
		c.wantError(`{ eventCounts(filter: {from: "June 2014"}, groupBy: [MONTH]) { count } }`, nil, resolvers.CodeBadUserInput, "ISO date prefix")
		c.wantError(`{ eventCounts(filter: {quadClass: [5]}, groupBy: [MONTH]) { count } }`, nil, resolvers.CodeBadUserInput, "quadClass")
	})

	t.Run("cameoCodes and stats", func(t *testing.T) {
		var got struct {
			CameoCodes []struct {
				Code   string  `json:"code"`
				Plover *string `json:"plover"`
			} `json:"cameoCodes"`
			Stats struct {
				Articles  int     `json:"articles"`
				Events    int     `json:"events"`
				FirstDate *string `json:"firstDate"`
				Backend   string  `json:"backend"`
			} `json:"stats"`
		}
		c.query(`{ cameoCodes(root: "11") { code plover } stats { articles events firstDate backend } }`, nil, &got)
		if len(got.CameoCodes) != 2 || got.CameoCodes[0].Code != "111" {
			t.Errorf("cameoCodes: %+v", got.CameoCodes)
		}
		if got.Stats.Articles != 1 || got.Stats.Events != 5 || got.Stats.FirstDate == nil || *got.Stats.FirstDate != "2013-06" {
			t.Errorf("stats: %+v", got.Stats)
		}
	})

	t.Run("deleteArticle", func(t *testing.T) {
		var got struct {
			DeleteArticle bool `json:"deleteArticle"`
		}
		c.query(`mutation($id: ID!) { deleteArticle(id: $id) }`, map[string]any{"id": articleID}, &got)
		if !got.DeleteArticle {
			t.Error("deleteArticle = false for a stored article")
		}
		c.query(`mutation($id: ID!) { deleteArticle(id: $id) }`, map[string]any{"id": articleID}, &got)
		if got.DeleteArticle {
			t.Error("deleteArticle = true for a deleted article")
		}
	})
}

func TestIngestErrors(t *testing.T) {
	c := newClient(t, resolverstest.NewMemStore())
	c.wantError(ingest, map[string]any{"in": map[string]any{"text": "  "}}, resolvers.CodeBadUserInput, "text is empty")
	c.wantError(ingest, map[string]any{"in": map[string]any{"text": "x", "published": "yesterday"}}, resolvers.CodeBadUserInput, "published")

	res, err := resolvers.New(resolvers.Config{Store: resolverstest.NewMemStore()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.Mutation().IngestArticle(context.Background(), modelInput("text")); resolvers.ErrorCode(err) != resolvers.CodeInternal || !strings.Contains(err.Error(), "no article coder") {
		t.Errorf("ingest without coder: %v", err)
	}
	if _, err := resolvers.New(resolvers.Config{}); err == nil {
		t.Error("New without a store succeeded")
	}
}

func TestErrorCodes(t *testing.T) {
	for _, tt := range []struct {
		err  error
		code string
	}{
		{dg.Errorf(dg.EInvalid, "x"), resolvers.CodeBadUserInput},
		{fmt.Errorf("wrapped: %w", dg.Errorf(dg.ENotFound, "x")), resolvers.CodeNotFound},
		{dg.Errorf(dg.EUnauthorized, "x"), resolvers.CodeUnauthorized},
		{dg.Errorf(dg.EConflict, "x"), resolvers.CodeConflict},
		{fmt.Errorf("plain"), resolvers.CodeInternal},
		{fmt.Errorf("store: %w", context.DeadlineExceeded), resolvers.CodeTimeout},
	} {
		if got := resolvers.ErrorCode(tt.err); got != tt.code {
			t.Errorf("ErrorCode(%v) = %s, want %s", tt.err, got, tt.code)
		}
		gerr := resolvers.ErrorPresenter(context.Background(), tt.err)
		if gerr.Extensions["code"] != tt.code || !strings.Contains(gerr.Message, tt.err.Error()) {
			t.Errorf("presented %v as %q %v", tt.err, gerr.Message, gerr.Extensions)
		}
	}
}

func modelInput(text string) model.ArticleInput { return model.ArticleInput{Text: text} }
