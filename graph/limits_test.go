package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/hidal-go/hidalgo/kv/flat"

	dg "github.com/diplograph/diplograph"
)

// TestTxnLimits writes with a tiny Badger memtable, so that transactions
// are small: a big batch is split between articles, and an article too big
// for one transaction is an EInvalid error naming it, with nothing written.
func TestTxnLimits(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var logs lockedBuffer // Badger logs from its own goroutines
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := OpenWith(ctx, dir, Options{MemTableSize: 2 << 20, Logger: logger}) // transactions of 300 KB
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g := NewGenerator(GenOptions{Seed: 3, Events: 600, EventsPerArticle: 10})
	var batch []*dg.Coded
	for i := 0; i < g.Articles(); i++ {
		batch = append(batch, g.Article(i))
	}
	rs, err := s.WriteBatch(ctx, batch)
	if err != nil {
		t.Fatalf("batch of %d articles: %v", len(batch), err)
	}
	if len(rs) != len(batch) {
		t.Fatalf("%d results", len(rs))
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Articles != len(batch) {
		t.Fatalf("stats %+v, %v", st, err)
	}
	before := dumpIndex(t, s)
	quads := exportSet(t, s)

	huge := NewGenerator(GenOptions{Seed: 4, Events: 3000, EventsPerArticle: 3000}).Article(0)
	_, err = s.WriteBatch(ctx, []*dg.Coded{g.Article(0), huge})
	if dg.KindOf(err) != dg.EInvalid || !strings.Contains(err.Error(), huge.Article.ID) || !strings.Contains(err.Error(), "too big") {
		t.Fatalf("huge article: %v", err)
	}
	diffIndex(t, before, dumpIndex(t, s))
	if got := exportSet(t, s); len(got) != len(quads) {
		t.Errorf("quads %d, want %d", len(got), len(quads))
	}

	// An estimate that lets a too-big batch through: Badger refuses it,
	// the store splits it and retries.
	s.opt.TxnFraction = 100
	more := NewGenerator(GenOptions{Seed: 5, Events: 400, EventsPerArticle: 10})
	batch = batch[:0]
	for i := 0; i < more.Articles(); i++ {
		batch = append(batch, more.Article(i))
	}
	if _, err := s.WriteBatch(ctx, batch); err != nil {
		t.Fatalf("batch over the limit: %v", err)
	}
	if !strings.Contains(logs.String(), "batch too big, splitting") {
		t.Error("the batch was not split after Badger refused it")
	}
	checkReindex(t, s)
}

// TestFreshKeys checks the shortcut that answers Cayley's reads of index
// keys holding ids created in the transaction.
func TestFreshKeys(t *testing.T) {
	ids := func(vals ...uint64) []byte {
		var b []byte
		for _, v := range vals {
			b = binary.BigEndian.AppendUint64(b, v)
		}
		return b
	}
	escape := func(bucket string, b []byte) []byte {
		return flat.KeyEscape([][]byte{[]byte(bucket), b})
	}
	tx := &sharedTx{horizon: 0x2f5c, known: true, written: map[uint64]bool{}}
	for _, tc := range []struct {
		name string
		key  []byte
		want bool
	}{
		{"label index, new article", escape("c", ids(0x2f5d)), true},
		{"label index, old article", escape("c", ids(0x2f5c)), false},
		{"spoc with a new label", escape("spoc", ids(1, 2, 3, 0x2f5d)), true},
		{"spoc, ids with '/' and '\\\\' bytes", escape("spoc", ids(0x2f, 0x5c, 0x2f5c, 0x2f2f5c5c)), true},
		{"spoc all old", escape("spoc", ids(0x2f, 0x5c, 7, 0x2f5c)), false},
		{"opsc", escape("opsc", ids(9, 9, 9, 0x3000)), true},
		{"not an index", escape("log", ids(0x3000)), false},
		{"node hash", escape("v", ids(0x3000)), false},
		{"meta", []byte("meta/horizon"), false},
	} {
		if got := tx.fresh(tc.key); got != tc.want {
			t.Errorf("%s: fresh(%q) = %v, want %v", tc.name, tc.key, got, tc.want)
		}
	}
	k := escape("spoc", ids(1, 2, 3, 0x3000))
	if err := (&sharedTx{Tx: nopTx{}, horizon: 1, known: true, written: tx.written}).Put(context.Background(), k, nil); err != nil {
		t.Fatal(err)
	}
	if tx.fresh(k) {
		t.Error("a key written in the transaction is fresh")
	}
	if (&sharedTx{}).fresh(escape("c", ids(5))) {
		t.Error("fresh without a known horizon")
	}
}

type nopTx struct{ flat.Tx }

// lockedBuffer is a bytes.Buffer safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (nopTx) Put(context.Context, flat.Key, flat.Value) error { return nil }

// TestPipelineFailure fails the indexing of the third of several chunks:
// the chunks before it stay, the failed one and the one Cayley wrote after
// it are undone, and the index agrees with Cayley.
func TestPipelineFailure(t *testing.T) {
	ctx := context.Background()
	s, err := OpenWith(ctx, t.TempDir(), Options{MemTableSize: 2 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g := NewGenerator(GenOptions{Seed: 8, Events: 800, EventsPerArticle: 10})
	var batch []*dg.Coded
	for i := 0; i < g.Articles(); i++ {
		batch = append(batch, g.Article(i))
	}
	boom := errors.New("injected")
	var calls int
	var failedIDs []string
	s.afterCayley = func(ids []string) error {
		calls++
		if calls == 3 {
			failedIDs = ids
			return boom
		}
		return nil
	}
	if _, err := s.WriteBatch(ctx, batch); !errors.Is(err, boom) {
		t.Fatalf("WriteBatch = %v, want the injected error", err)
	}
	s.afterCayley = nil
	if calls < 3 {
		t.Fatalf("only %d chunks", calls)
	}
	ids, err := s.articleIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != len(ids) || len(ids) == 0 || len(ids) >= len(batch) {
		t.Errorf("%d articles indexed, %d in cayley, of %d", st.Articles, len(ids), len(batch))
	}
	for _, id := range failedIDs {
		if ok, _ := s.HasArticle(ctx, id); ok {
			t.Errorf("article %s of the failed chunk is indexed", id)
		}
		if qs, _ := s.articleQuads(ctx, id); len(qs) != 0 {
			t.Errorf("article %s of the failed chunk has %d quads", id, len(qs))
		}
	}
	for _, id := range ids {
		qs, err := s.articleQuads(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var c *dg.Coded
		for _, b := range batch {
			if b.Article.ID == id {
				c = b
			}
		}
		if c == nil || quadsHash(qs) != quadsHash(Quads(c)) {
			t.Errorf("article %s is not whole in cayley", id)
		}
	}
	checkReindex(t, s)
	// Writing the batch again completes it.
	if _, err := s.WriteBatch(ctx, batch); err != nil {
		t.Fatal(err)
	}
	checkReindex(t, s)
}
