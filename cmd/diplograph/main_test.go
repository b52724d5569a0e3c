package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad/nquads"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/loader"
)

// run drives the program as the binary does and returns its exit code and output.
func run(t *testing.T, ctx context.Context, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return env[k] }}
	code := m.Main(ctx, args)
	return code, stdout.String(), stderr.String()
}

const articles = "../../testdata/articles"

func statsOf(t *testing.T, db string) graph.Stats {
	t.Helper()
	code, out, errOut := run(t, context.Background(), nil, "stats", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("stats: exit %d: %s", code, errOut)
	}
	var s graph.Stats
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("stats output %q: %v", out, err)
	}
	return s
}

func TestLoadStatsReloadExport(t *testing.T) {
	db := t.TempDir()
	code, out, errOut := run(t, context.Background(), nil, "load", articles, "--db", db)
	if code != 0 {
		t.Fatalf("load: exit %d: %s", code, errOut)
	}
	files, _ := filepath.Glob(articles + "/*.txt")
	wantArticles := len(files) + 5 // the .txt articles and the five records of more.jsonl
	if !strings.Contains(out, fmt.Sprintf("articles read %d, new %d, unchanged 0", wantArticles, wantArticles)) {
		t.Fatalf("load summary: %s", out)
	}
	s := statsOf(t, db)
	if s.Articles != wantArticles || s.Events == 0 || s.Quads == 0 || s.Actors == 0 {
		t.Fatalf("stats after load: %+v", s)
	}

	// Loading again changes nothing.
	code, out, errOut = run(t, context.Background(), nil, "load", articles, "--db", db)
	if code != 0 {
		t.Fatalf("reload: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, fmt.Sprintf("new 0, unchanged %d", wantArticles)) {
		t.Fatalf("reload summary: %s", out)
	}
	if s2 := statsOf(t, db); s2.Quads != s.Quads || s2.Events != s.Events {
		t.Fatalf("reload changed the store: %+v then %+v", s, s2)
	}

	t.Run("nquads", func(t *testing.T) {
		code, out, errOut := run(t, context.Background(), nil, "export", "--format", "nquads", "--db", db)
		if code != 0 {
			t.Fatalf("export: exit %d: %s", code, errOut)
		}
		r := nquads.NewReader(strings.NewReader(out), false)
		n := 0
		for {
			q, err := r.ReadQuad()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("quad %d: %v", n, err)
			}
			if !strings.HasPrefix(q.Label.String(), "<article:") {
				t.Fatalf("quad %v is not labelled with its article", q)
			}
			n++
		}
		if int64(n) != s.Quads {
			t.Fatalf("exported %d quads, stats say %d", n, s.Quads)
		}
	})
	t.Run("jsonl", func(t *testing.T) {
		code, out, errOut := run(t, context.Background(), nil, "export", "--format", "jsonl", "--db", db)
		if code != 0 {
			t.Fatalf("export: exit %d: %s", code, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != s.Events {
			t.Fatalf("exported %d events, stats say %d", len(lines), s.Events)
		}
		for _, l := range lines {
			var e ExportEvent
			if err := json.Unmarshal([]byte(l), &e); err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			if e.ID == "" || e.Code.Code == "" || len(e.Mentions) == 0 || e.Mentions[0].Sentence == "" {
				t.Fatalf("event without id, code or sentence: %s", l)
			}
		}
	})
	t.Run("csv", func(t *testing.T) {
		code, out, errOut := run(t, context.Background(), nil, "export", "--format", "csv", "--db", db, "--actor", "USA")
		if code != 0 {
			t.Fatalf("export: exit %d: %s", code, errOut)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
			t.Fatalf("header %v", rows[0])
		}
		if len(rows) < 2 {
			t.Fatal("no USA events exported")
		}
		for _, r := range rows[1:] {
			if !strings.HasPrefix(r[3], "USA") && !strings.HasPrefix(r[7], "USA") {
				t.Fatalf("row does not touch USA: %v", r)
			}
		}
	})
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	unreadable := filepath.Join(dir, "secret.txt")
	if err := os.WriteFile(unreadable, []byte("x"), 0o000); err != nil {
		t.Fatal(err)
	}
	binary := filepath.Join(dir, "bin.txt")
	if err := os.WriteFile(binary, []byte("abc\x00def"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing path", []string{"load", "--db", filepath.Join(dir, "db1"), filepath.Join(dir, "nope.txt")}, "nope.txt"},
		{"binary file", []string{"load", "--db", filepath.Join(dir, "db2"), binary}, "bin.txt"},
		{"bad db url", []string{"stats", "--db", "mysql://x"}, "unsupported url"},
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"bad format", []string{"export", "--format", "xml", "--db", filepath.Join(dir, "db3")}, "--format"},
		{"bad flag", []string{"load", "--nope"}, "nope"},
	}
	if os.Geteuid() != 0 { // root reads files whatever their mode
		tests = append(tests, struct {
			name string
			args []string
			want string
		}{"unreadable file", []string{"load", "--db", filepath.Join(dir, "db4"), unreadable}, "secret.txt"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, context.Background(), nil, tt.args...)
			if code == 0 {
				t.Fatalf("exit 0, want an error")
			}
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			if !strings.Contains(errOut, tt.want) {
				t.Fatalf("stderr %q does not name %q", errOut, tt.want)
			}
			if tt.name != "bad flag" && len(lines) != 1 {
				t.Fatalf("want one line, got %q", errOut)
			}
		})
	}
}

func TestEnvFlags(t *testing.T) {
	db := t.TempDir()
	env := map[string]string{"DIPLOGRAPH_DB": db}
	code, _, errOut := run(t, context.Background(), env, "load", filepath.Join(articles, "000_f64768faf15baae3.txt"))
	if code != 0 {
		t.Fatalf("load: %s", errOut)
	}
	if s := statsOf(t, db); s.Articles != 1 {
		t.Fatalf("DIPLOGRAPH_DB not used: %+v", s)
	}
}

// TestStoreMemoryFlags loads with Badger's memory knobs turned down, from
// flags and from the environment, and refuses a bad value.
func TestStoreMemoryFlags(t *testing.T) {
	db := t.TempDir()
	env := map[string]string{"DIPLOGRAPH_MEMTABLES": "2"}
	code, _, errOut := run(t, context.Background(), env, "load", "--db", db, "--block-cache-mb", "16", "--compactors", "2",
		filepath.Join(articles, "000_f64768faf15baae3.txt"))
	if code != 0 {
		t.Fatalf("load with memory flags: %s", errOut)
	}
	if s := statsOf(t, db); s.Articles != 1 || s.Events == 0 {
		t.Fatalf("stats after load: %+v", s)
	}
	code, _, errOut = run(t, context.Background(), nil, "load", "--db", t.TempDir(), "--memtables", "many", articles)
	if code == 0 || !strings.Contains(errOut, "memtables") {
		t.Fatalf("bad --memtables: exit %d: %s", code, errOut)
	}
}

// TestInterruptedLoad cancels a load as SIGINT does (main wires SIGINT to
// the context) and checks that every stored article is whole: its events
// in the store are exactly those the coder gives it.
func TestInterruptedLoad(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "many.jsonl")
	var b strings.Builder
	sample, err := os.ReadFile(filepath.Join(articles, "000_f64768faf15baae3.txt"))
	if err != nil {
		t.Fatal(err)
	}
	body := string(sample[strings.Index(string(sample), "The United States"):])
	for i := range 400 {
		rec, _ := json.Marshal(map[string]any{"id": fmt.Sprint(i), "title": fmt.Sprintf("Copy %d", i), "published": "2014-06-27", "text": fmt.Sprintf("Edition %d.\n\n%s", i, body)})
		b.Write(rec)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(input, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "db")
	ctx, cancel := context.WithCancel(context.Background())
	st, err := graph.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	coder, err := loader.NewCoder()
	if err != nil {
		t.Fatal(err)
	}
	batches := 0
	_, err = LoadFiles(ctx, st, coder, []string{input}, LoadOptions{Workers: 2, Batch: 8, Progress: func(s *LoadSummary) {
		batches++
		if batches == 3 {
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("interrupted load returned no error")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = graph.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles == 0 || stats.Articles >= 400 {
		t.Fatalf("interrupted load stored %d of 400 articles; want some, not all", stats.Articles)
	}
	whole := 0
	for rec := range loader.Read(context.Background(), []string{input}, loader.ReadOptions{}) {
		ok, err := st.HasArticle(context.Background(), rec.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			continue
		}
		coded, err := coder.Code(context.Background(), rec.Article)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := st.ArticleEvents(context.Background(), rec.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != len(coded.Events) {
			t.Fatalf("article %s has %d events stored, %d coded: not whole", rec.Article.ID, len(evs), len(coded.Events))
		}
		whole++
	}
	if whole != stats.Articles {
		t.Fatalf("%d whole articles, store has %d", whole, stats.Articles)
	}
}

func TestCodeCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	in := `{"id":"a","text":"The United States will next month urge China to resume talks.","date":"2014-06-27"}
{"id":"b","text":"","date":null}
{"id":"c","text":"Officials met on Thursday."}
`
	m := &Main{Stdin: strings.NewReader(in), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := m.Main(context.Background(), []string{"code", "--workers", "3"}); code != 0 {
		t.Fatalf("code: exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines in input order, got %q", stdout.String())
	}
	var recs []CodedRecord
	for _, l := range lines {
		var r CodedRecord
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if recs[0].ID != "a" || recs[1].ID != "b" || recs[2].ID != "c" {
		t.Fatalf("order: %v %v %v", recs[0].ID, recs[1].ID, recs[2].ID)
	}
	if len(recs[0].Events) != 1 {
		t.Fatalf("record a: %+v", recs[0])
	}
	e := recs[0].Events[0]
	if e.Source != "USA" || e.Target != "CHN" || e.Code != "026" || e.Status != string(dg.Planned) || e.Date != "2014-07" || e.Precision != "month" || e.Plover == "" {
		t.Fatalf("record a event: %+v", e)
	}
	if recs[1].Error == "" || !strings.Contains(recs[1].Error, ":2") {
		t.Fatalf("record b should fail naming line 2: %+v", recs[1])
	}
	if len(recs[2].Events) != 0 {
		t.Fatalf("record c names no actor and should have no events: %+v", recs[2])
	}
}
