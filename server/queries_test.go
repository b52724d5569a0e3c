package server_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestGraphQueries runs the traversal and dashboard queries against the
// real store, after ingesting the sample article.
func TestGraphQueries(t *testing.T) {
	s := start(t)
	articleID := s.ingest(t, sampleText(t), "2014-06-27").IngestArticle.Article.ID
	var got struct {
		Neighborhood struct {
			Nodes []struct {
				Code string `json:"code"`
			} `json:"nodes"`
			Edges []struct {
				Source        struct{ Code string } `json:"source"`
				Target        struct{ Code string } `json:"target"`
				Rel           string                `json:"rel"`
				Count         int                   `json:"count"`
				GoldsteinMean float64               `json:"goldsteinMean"`
			} `json:"edges"`
		} `json:"neighborhood"`
		Paths []struct {
			Length int `json:"length"`
			Actors []struct {
				Code string `json:"code"`
			} `json:"actors"`
		} `json:"paths"`
		Dyad struct {
			AToB   struct{ Count int } `json:"aToB"`
			BToA   struct{ Count int } `json:"bToA"`
			Months []struct {
				Month string `json:"month"`
			} `json:"months"`
			Events struct {
				TotalCount int `json:"totalCount"`
			} `json:"events"`
		} `json:"dyad"`
		EventCounts []struct {
			Year  *string `json:"year"`
			Root  *string `json:"root"`
			Count int     `json:"count"`
		} `json:"eventCounts"`
		Actors struct {
			TotalCount int `json:"totalCount"`
			Nodes      []struct {
				Code    string `json:"code"`
				Country *struct {
					Code string `json:"code"`
				} `json:"country"`
			} `json:"nodes"`
		} `json:"actors"`
		Article *struct {
			Published *string `json:"published"`
			Events    []struct {
				Code string `json:"code"`
			} `json:"events"`
		} `json:"article"`
		CameoCodes []struct {
			Code string `json:"code"`
		} `json:"cameoCodes"`
		Stats struct {
			Articles int    `json:"articles"`
			Events   int    `json:"events"`
			Backend  string `json:"backend"`
		} `json:"stats"`
	}
	s.query(t, request{Query: `query($art: ID!) {
		neighborhood(actor: "USA", hops: 1) { nodes { code } edges { source { code } target { code } rel count goldsteinMean } }
		paths(from: "CHNMIL", to: "CHN", maxHops: 3) { length actors { code } }
		dyad(a: "USA", b: "CHN") { aToB { count } bToA { count } months { month } events { totalCount } }
		eventCounts(groupBy: [YEAR, ROOT]) { year root count }
		actors(search: "Chin") { totalCount nodes { code country { code } } }
		article(id: $art) { published events { code } }
		cameoCodes { code }
		stats { articles events backend }
	}`, Variables: map[string]any{"art": articleID}}, &got)

	if n := len(got.Neighborhood.Nodes); n < 3 || len(got.Neighborhood.Edges) == 0 {
		t.Errorf("neighborhood of USA: %+v", got.Neighborhood)
	}
	for _, e := range got.Neighborhood.Edges {
		if e.Source.Code == "" || e.Target.Code == "" || e.Count == 0 {
			t.Errorf("edge %+v", e)
		}
	}
	if len(got.Paths) == 0 || got.Paths[0].Length < 1 || len(got.Paths[0].Actors) != got.Paths[0].Length+1 {
		t.Errorf("paths CHNMIL→CHN: %+v", got.Paths)
	}
	// A country code covers its sectors: USA→CHNMIL counts as USA→CHN.
	if d := got.Dyad; d.AToB.Count != 4 || d.BToA.Count != 1 || d.Events.TotalCount != 5 || len(d.Months) != 3 {
		t.Errorf("dyad USA/CHN: %+v", d)
	}
	total := 0
	for _, b := range got.EventCounts {
		if b.Year == nil || b.Root == nil {
			t.Errorf("bucket %+v lacks its keys", b)
		}
		total += b.Count
	}
	if total != 5 {
		t.Errorf("eventCounts total %d, want 5: %+v", total, got.EventCounts)
	}
	if got.Actors.TotalCount < 2 {
		t.Errorf("actors matching Chin: %+v", got.Actors)
	}
	if got.Article == nil || len(got.Article.Events) != 5 || got.Article.Published == nil || !strings.HasPrefix(*got.Article.Published, "2014-06-27") {
		t.Errorf("article: %+v", got.Article)
	}
	if len(got.CameoCodes) != 6 || got.Stats.Articles != 1 || got.Stats.Events != 5 || got.Stats.Backend != "badger4" {
		t.Errorf("cameoCodes %d, stats %+v", len(got.CameoCodes), got.Stats)
	}

	// Queries over GET, as a dashboard behind a cache sends them.
	res, body := s.get(t, "/graphql?query="+url.QueryEscape(`{ stats { events } }`))
	if res.StatusCode != 200 || !strings.Contains(body, `"events":5`) {
		t.Errorf("GET /graphql: %d %s", res.StatusCode, body)
	}
	// Mutations are refused over GET.
	res, body = s.get(t, "/graphql?query="+url.QueryEscape(`mutation { deleteArticle(id: "x") }`))
	if !strings.Contains(body, "errors") {
		t.Errorf("mutation over GET: %d %s", res.StatusCode, body)
	}
}
