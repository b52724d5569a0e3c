package graph

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	dg "github.com/diplograph/diplograph"
)

const (
	crashStoreEnv = "DIPLOGRAPH_CRASH_STORE"
	crashRoundEnv = "DIPLOGRAPH_CRASH_ROUND"
	crashSeed     = 7
	crashPerRound = 100_000 // article indexes of round r start at r*crashPerRound
)

func crashGenerators() [2]*Generator {
	opt := GenOptions{Seed: crashSeed, Events: 10 * crashPerRound * 5, EventsPerArticle: 5, Shared: 0.2}
	v1 := opt
	v1.Version = 1
	return [2]*Generator{NewGenerator(opt), NewGenerator(v1)}
}

// TestHelperCrashWriter is not a test: TestCrashRecovery runs the test
// binary with it to get a process that writes until it is killed.
func TestHelperCrashWriter(t *testing.T) {
	url := os.Getenv(crashStoreEnv)
	if url == "" {
		t.Skip("helper process of TestCrashRecovery")
	}
	round, _ := strconv.Atoi(os.Getenv(crashRoundEnv))
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	gens := crashGenerators()
	r := rand.New(rand.NewPCG(uint64(round), 99))
	next := round * crashPerRound
	fmt.Println("ready")
	for {
		var err error
		switch x := r.IntN(10); {
		case x < 6: // new articles, in one batch
			var batch []*dg.Coded
			for n := 1 + r.IntN(4); n > 0; n-- {
				batch = append(batch, gens[0].Article(next))
				next++
			}
			_, err = s.WriteBatch(ctx, batch)
		case x < 8: // re-write an earlier article with other content
			j := r.IntN(next + 1)
			_, err = s.WriteArticle(ctx, gens[r.IntN(2)].Article(j))
		default:
			_, err = s.DeleteArticle(ctx, gens[0].Article(r.IntN(next+1)).Article.ID)
		}
		if err != nil {
			fmt.Println("write:", err)
			os.Exit(3)
		}
	}
}

// TestCrashRecovery kills a writing process at random points and checks
// that reopening the store leaves every article whole or absent in Cayley
// and an index that agrees with Cayley.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: kills and restarts a writer several times")
	}
	forEachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		gens := crashGenerators()
		rounds := 6
		for round := 0; round < rounds; round++ {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCrashWriter$", "-test.count=1")
			cmd.Env = append(os.Environ(), crashStoreEnv+"="+url, crashRoundEnv+"="+strconv.Itoa(round))
			cmd.Stderr = os.Stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			if !sc.Scan() || sc.Text() != "ready" {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("round %d: writer did not start: %q", round, sc.Text())
			}
			go func() {
				for sc.Scan() {
					t.Logf("writer: %s", sc.Text())
				}
			}()
			time.Sleep(time.Duration(50+rand.IntN(400)) * time.Millisecond)
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
			_ = cmd.Wait()

			s, err := Open(ctx, url)
			if err != nil {
				t.Fatalf("round %d: open after kill: %v", round, err)
			}
			n := checkRecovered(t, s, gens)
			t.Logf("round %d: %d articles consistent after kill", round, n)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// checkRecovered asserts that no write is pending, that every article in
// Cayley is exactly one version the writer wrote, that the index holds the
// same articles and events, and that rebuilding the index changes nothing.
func checkRecovered(t *testing.T, s *Store, gens [2]*Generator) int {
	t.Helper()
	ctx := context.Background()
	idx := dumpIndex(t, s)
	for k := range idx {
		if strings.HasPrefix(k, tagPending+"\x00") {
			t.Errorf("pending marker left: %q", k)
		}
	}
	ids, err := s.articleIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		qs, err := s.articleQuads(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var i = -1
		for _, q := range qs {
			if q.Predicate == quad.Value(PredURL) {
				i, _ = strconv.Atoi(strings.TrimPrefix(string(q.Object.(quad.String)), "https://example.org/gen/"))
			}
		}
		if i < 0 {
			t.Fatalf("article %s: no url quad among %d quads: half-written", id, len(qs))
		}
		got := quadsHash(qs)
		ok := false
		for _, g := range gens {
			c := g.Article(i)
			if c.Article.ID == id && quadsHash(Quads(c)) == got && len(Quads(c)) == len(qs) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("article %s (%d): its %d quads are no version the writer wrote", id, i, len(qs))
			continue
		}
		n, err := parseQuads(id, qs)
		if err != nil {
			t.Fatal(err)
		}
		es, err := s.ArticleEvents(ctx, id)
		if err != nil {
			t.Fatalf("article %s in cayley but not in the index: %v", id, err)
		}
		if len(es) != len(n.Events) {
			t.Errorf("article %s: index has %d events, cayley %d", id, len(es), len(n.Events))
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != len(ids) {
		t.Errorf("index counts %d articles, cayley holds %d", st.Articles, len(ids))
	}
	checkReindex(t, s)
	return len(ids)
}
