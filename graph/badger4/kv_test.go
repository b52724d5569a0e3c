package badger4

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/dgraph-io/badger/v4"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/flat"
	"github.com/hidal-go/hidalgo/kv/kvtest"
	"github.com/hidal-go/hidalgo/kv/options"
)

// quietOptions keeps Badger's debug chatter out of test output.
var quietOptions = Options{Logger: slog.New(slog.DiscardHandler)}

// openTest opens a database for a test and closes it when the test ends.
func openTest(t testing.TB, opts Options) *DB {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = quietOptions.Logger
	}
	path := ""
	if !opts.InMemory {
		path = t.TempDir()
	}
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

// put writes pairs in one transaction.
func put(t testing.TB, db *DB, pairs ...string) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx flat.Tx) error {
		for i := 0; i+1 < len(pairs); i += 2 {
			if err := tx.Put(ctx, flat.Key(pairs[i]), flat.Value(pairs[i+1])); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// keysOf drains it and returns its keys.
func keysOf(t testing.TB, it flat.Iterator) []string {
	t.Helper()
	var keys []string
	for it.Next(context.Background()) {
		keys = append(keys, string(it.Key()))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestHidalgoSuite(t *testing.T) {
	// hidalgo has no flat-level suite; kvtest runs over flat.Upgrade, which
	// is also how Cayley uses the backend.
	t.Run("disk", func(t *testing.T) {
		kvtest.RunTestLocal(t, flat.UpgradeOpenPath(OpenPath), nil)
	})
	t.Run("memory", func(t *testing.T) {
		kvtest.RunTest(t, func(t testing.TB) hkv.KV {
			db, err := Open("", Options{InMemory: true, Logger: quietOptions.Logger})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = db.Close() })
			return flat.Upgrade(db)
		}, nil)
	})
}

func TestPutCopiesArguments(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	key, val := []byte("key-1"), []byte("value-1")
	tx, err := db.Tx(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	if err := tx.Put(ctx, key, val); err != nil {
		t.Fatal(err)
	}
	// Reuse the caller's buffers before commit, as encoders do.
	copy(key, "key-2")
	copy(val, "XXXXXXX")
	got, err := tx.Get(ctx, flat.Key("key-1"))
	if err != nil || string(got) != "value-1" {
		t.Fatalf("pending Get = %q, %v; want value-1", got, err)
	}
	got[0] = 'Z' // must not reach the pending write
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(tx flat.Tx) error {
		for _, tc := range []struct{ key, want string }{{"key-1", "value-1"}, {"key-2", ""}} {
			got, err := tx.Get(ctx, flat.Key(tc.key))
			if tc.want == "" {
				if err != flat.ErrNotFound {
					t.Errorf("Get(%s) = %q, %v; want ErrNotFound", tc.key, got, err)
				}
				continue
			}
			if err != nil || string(got) != tc.want {
				t.Errorf("Get(%s) = %q, %v; want %q", tc.key, got, err, tc.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReturnedSlicesAreCopies(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	want := map[string]string{}
	var pairs []string
	for i := range 500 {
		k, v := fmt.Sprintf("k%04d", i), strings.Repeat(fmt.Sprint(i%10), 2000) // some values in the value log
		want[k] = v
		pairs = append(pairs, k, v)
	}
	put(t, db, pairs...)
	err := db.View(ctx, func(tx flat.Tx) error {
		it := tx.Scan(ctx)
		var keys []flat.Key
		var vals []flat.Value
		for it.Next(ctx) {
			keys = append(keys, it.Key()) // no Clone: must stay valid
			vals = append(vals, it.Val())
		}
		if err := it.Close(); err != nil {
			return err
		}
		if len(keys) != len(want) {
			t.Fatalf("scanned %d keys, want %d", len(keys), len(want))
		}
		for i, k := range keys {
			if want[string(k)] != string(vals[i]) {
				t.Fatalf("after iteration, pair %d = %q: value changed", i, k)
			}
		}
		v1, err := tx.Get(ctx, flat.Key("k0001"))
		if err != nil {
			return err
		}
		v1[0] = 'X'
		v2, err := tx.Get(ctx, flat.Key("k0001"))
		if err != nil {
			return err
		}
		if string(v2) != want["k0001"] {
			t.Errorf("Get returned a shared buffer")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTxEndsWithOpenIterators(t *testing.T) {
	ctx := context.Background()
	// How far each iterator got before the transaction ends.
	states := []struct {
		name string
		use  func(it flat.Iterator)
	}{
		{"unused", func(flat.Iterator) {}},
		{"started", func(it flat.Iterator) { it.Next(ctx) }},
		{"exhausted", func(it flat.Iterator) {
			for it.Next(ctx) {
			}
		}},
		{"seeked", func(it flat.Iterator) { it.(flat.Seeker).Seek(ctx, flat.Key("b")) }},
	}
	ends := []struct {
		name string
		rw   bool
		end  func(tx flat.Tx) error
	}{
		{"ro-close", false, func(tx flat.Tx) error { return tx.Close() }},
		{"ro-commit", false, func(tx flat.Tx) error { return tx.Commit(ctx) }},
		{"rw-close", true, func(tx flat.Tx) error { return tx.Close() }},
		{"rw-commit", true, func(tx flat.Tx) error { return tx.Commit(ctx) }},
	}
	db := openTest(t, Options{})
	put(t, db, "a", "1", "b", "2", "c", "3")
	for _, st := range states {
		for _, end := range ends {
			t.Run(st.name+"/"+end.name, func(t *testing.T) {
				tx, err := db.Tx(ctx, end.rw)
				if err != nil {
					t.Fatal(err)
				}
				if end.rw {
					if err := tx.Put(ctx, flat.Key("w-"+st.name+end.name), flat.Value("x")); err != nil {
						t.Fatal(err)
					}
				}
				plain := tx.Scan(ctx)
				pref := tx.Scan(ctx, options.WithPrefixFlat(flat.Key("b")))
				st.use(plain)
				st.use(pref)
				if err := end.end(tx); err != nil { // Badger panics here if iterators leak
					t.Fatal(err)
				}
				for _, it := range []flat.Iterator{plain, pref} {
					if it.Next(ctx) {
						t.Error("iterator still moves after its transaction ended")
					}
					if !errors.Is(it.Err(), errTxDone) {
						t.Errorf("Err = %v, want transaction-ended error", it.Err())
					}
					if err := it.Close(); err != nil {
						t.Error(err)
					}
				}
				if err := tx.Close(); err != nil {
					t.Errorf("Close after end: %v", err)
				}
			})
		}
	}
	// The rw-commit cases committed their writes despite the open iterators.
	err := db.View(ctx, func(tx flat.Tx) error {
		for _, st := range states {
			if _, err := tx.Get(ctx, flat.Key("w-"+st.name+"rw-commit")); err != nil {
				t.Errorf("write of %s/rw-commit: %v", st.name, err)
			}
			if _, err := tx.Get(ctx, flat.Key("w-"+st.name+"rw-close")); err != flat.ErrNotFound {
				t.Errorf("write of %s/rw-close: %v, want ErrNotFound", st.name, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadOnlyTx(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	put(t, db, "a", "1")
	ops := []struct {
		name string
		op   func(tx flat.Tx) error
	}{
		{"put existing", func(tx flat.Tx) error { return tx.Put(ctx, flat.Key("a"), flat.Value("2")) }},
		{"put new", func(tx flat.Tx) error { return tx.Put(ctx, flat.Key("b"), flat.Value("2")) }},
		{"del existing", func(tx flat.Tx) error { return tx.Del(ctx, flat.Key("a")) }},
		{"del missing", func(tx flat.Tx) error { return tx.Del(ctx, flat.Key("b")) }},
		{"put empty key", func(tx flat.Tx) error { return tx.Put(ctx, nil, flat.Value("2")) }},
	}
	for _, tc := range ops {
		t.Run(tc.name, func(t *testing.T) {
			tx, err := db.Tx(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Close()
			if err := tc.op(tx); err != flat.ErrReadOnly || err != hkv.ErrReadOnly {
				t.Fatalf("err = %v, want exactly flat.ErrReadOnly", err)
			}
		})
	}
}

func TestErrorMapping(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	put(t, db, "a", "1")

	t.Run("not found", func(t *testing.T) {
		err := db.View(ctx, func(tx flat.Tx) error {
			for _, k := range []flat.Key{nil, {}, flat.Key("missing")} {
				if v, err := tx.Get(ctx, k); err != flat.ErrNotFound || v != nil {
					t.Errorf("Get(%q) = %q, %v; want nil, ErrNotFound", k, v, err)
				}
			}
			vals, err := tx.GetBatch(ctx, []flat.Key{flat.Key("a"), nil, flat.Key("missing")})
			if err != nil || string(vals[0]) != "1" || vals[1] != nil || vals[2] != nil {
				t.Errorf("GetBatch = %q, %v", vals, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("conflict", func(t *testing.T) {
		tx1, err := db.Tx(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		defer tx1.Close()
		if _, err := tx1.Get(ctx, flat.Key("a")); err != nil {
			t.Fatal(err)
		}
		put(t, db, "a", "2") // commits after tx1 read "a"
		if err := tx1.Put(ctx, flat.Key("a"), flat.Value("3")); err != nil {
			t.Fatal(err)
		}
		if err := tx1.Commit(ctx); err != flat.ErrConflict || err != hkv.ErrConflict {
			t.Fatalf("Commit = %v, want exactly flat.ErrConflict", err)
		}
	})

	t.Run("update retries conflicts", func(t *testing.T) {
		runs := 0
		err := db.Update(ctx, func(tx flat.Tx) error {
			runs++
			if _, err := tx.Get(ctx, flat.Key("a")); err != nil {
				return err
			}
			if runs == 1 {
				put(t, db, "a", "4") // force a conflict on the first run
			}
			return tx.Put(ctx, flat.Key("a"), flat.Value("5"))
		})
		if err != nil || runs != 2 {
			t.Fatalf("Update = %v after %d runs; want nil after 2", err, runs)
		}
	})

	t.Run("badger errors are wrapped", func(t *testing.T) {
		err := db.Update(ctx, func(tx flat.Tx) error {
			return tx.Put(ctx, flat.Key("!badger!mine"), flat.Value("x"))
		})
		if !errors.Is(err, badger.ErrInvalidKey) || !strings.Contains(err.Error(), "badger4: put") {
			t.Fatalf("err = %v, want wrapped badger.ErrInvalidKey", err)
		}
	})

	t.Run("finished tx", func(t *testing.T) {
		tx, err := db.Tx(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := tx.Put(ctx, flat.Key("a"), nil); !errors.Is(err, errTxDone) {
			t.Errorf("Put after Commit = %v", err)
		}
		if err := tx.Commit(ctx); !errors.Is(err, errTxDone) {
			t.Errorf("second Commit = %v", err)
		}
		if _, err := tx.Get(ctx, flat.Key("a")); !errors.Is(err, errTxDone) {
			t.Errorf("Get after Commit = %v", err)
		}
	})
}

func TestEmptyValues(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	put(t, db, "e", "")
	err := db.View(ctx, func(tx flat.Tx) error {
		v, err := tx.Get(ctx, flat.Key("e"))
		if err != nil || v == nil || len(v) != 0 {
			t.Errorf("Get = %#v, %v; want empty non-nil value", v, err)
		}
		vals, err := tx.GetBatch(ctx, []flat.Key{flat.Key("e")})
		if err != nil || vals[0] == nil {
			t.Errorf("GetBatch = %#v, %v; want empty non-nil value", vals, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPrefixIterator(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	put(t, db, "a", "", "b/1", "", "b/2", "", "b/3", "", "ba", "", "c", "")

	type step struct {
		op   string // "next", "seek", "reset", "prefix"
		arg  string
		want string // key after the step; "" means the step reports false
	}
	cases := []struct {
		name  string
		pref  string
		steps []step
	}{
		{"prefix scan", "b/", []step{{"next", "", "b/1"}, {"next", "", "b/2"}, {"next", "", "b/3"}, {"next", "", ""}, {"next", "", ""}}},
		{"reset restarts", "b/", []step{{"next", "", "b/1"}, {"next", "", "b/2"}, {"reset", "", ""}, {"next", "", "b/1"}}},
		{"reset after end", "b/", []step{{"seek", "b/3", "b/3"}, {"next", "", ""}, {"reset", "", ""}, {"next", "", "b/1"}}},
		{"seek within prefix", "b/", []step{{"seek", "b/2", "b/2"}, {"next", "", "b/3"}, {"next", "", ""}}},
		{"seek between keys", "b/", []step{{"seek", "b/15", "b/2"}}},
		{"seek before prefix", "b/", []step{{"seek", "a", "b/1"}, {"next", "", "b/2"}}},
		{"seek after prefix", "b/", []step{{"seek", "ba", ""}, {"seek", "z", ""}}},
		{"seek backwards", "b/", []step{{"seek", "b/3", "b/3"}, {"seek", "b/1", "b/1"}, {"next", "", "b/2"}}},
		{"seek then reset", "b/", []step{{"seek", "b/3", "b/3"}, {"reset", "", ""}, {"next", "", "b/1"}}},
		{"prefix matches nothing", "bb", []step{{"next", "", ""}, {"seek", "b", ""}}},
		{"no prefix", "", []step{{"next", "", "a"}, {"seek", "b/3", "b/3"}, {"next", "", "ba"}, {"seek", "d", ""}}},
		{"change prefix while started", "b/", []step{{"next", "", "b/1"}, {"prefix", "c", ""}, {"next", "", "c"}, {"next", "", ""}}},
		{"drop prefix", "b/", []step{{"next", "", "b/1"}, {"prefix", "", ""}, {"next", "", "a"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tx, err := db.Tx(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Close()
			var opts []flat.IteratorOption
			if tc.pref != "" {
				opts = append(opts, options.WithPrefixFlat(flat.Key(tc.pref)))
			}
			it := tx.Scan(ctx, opts...)
			defer it.Close()
			if _, ok := it.(*Iterator); !ok {
				t.Fatalf("Scan returned %T; the prefix option was not applied natively", it)
			}
			for i, s := range tc.steps {
				var ok bool
				switch s.op {
				case "next":
					ok = it.Next(ctx)
				case "seek":
					ok = flat.Seek(ctx, it, flat.Key(s.arg))
				case "reset":
					it.Reset()
					continue
				case "prefix":
					it = it.(flat.PrefixIterator).WithPrefix(flat.Key(s.arg))
					continue
				}
				if got := string(it.Key()); ok != (s.want != "") || got != s.want {
					t.Fatalf("step %d (%s %q): %v at %q; want %q", i, s.op, s.arg, ok, got, s.want)
				}
			}
			if err := it.Err(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestIteratorSeesPendingWrites(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	put(t, db, "a", "1", "b", "2")
	err := db.Update(ctx, func(tx flat.Tx) error {
		if err := tx.Del(ctx, flat.Key("a")); err != nil {
			return err
		}
		if err := tx.Put(ctx, flat.Key("c"), flat.Value("3")); err != nil {
			return err
		}
		if got := strings.Join(keysOf(t, tx.Scan(ctx)), ","); got != "b,c" {
			t.Errorf("scan in tx = %s, want b,c", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTxnTooBig(t *testing.T) {
	ctx := context.Background()
	t.Run("default limits", func(t *testing.T) {
		db := openTest(t, Options{InMemory: true})
		// The figures in the package documentation.
		if got, want := db.MaxBatchSize(), int64(DefaultMemTableSize*15/100); got != want || got != 20132659 {
			t.Errorf("MaxBatchSize = %d, want %d", got, want)
		}
		if got := db.MaxBatchCount(); got != 209715 {
			t.Errorf("MaxBatchCount = %d, want 209715", got)
		}
	})

	for _, mode := range []struct {
		name     string
		inMemory bool
	}{{"disk", false}, {"memory", true}} {
		t.Run(mode.name, func(t *testing.T) {
			db := openTest(t, Options{InMemory: mode.inMemory, MemTableSize: 1 << 20})
			put(t, db, "before", "1")
			val := bytes.Repeat([]byte("v"), 200)
			var puts int
			err := db.Update(ctx, func(tx flat.Tx) error {
				for puts = 0; ; puts++ {
					if err := tx.Put(ctx, flat.Key(fmt.Sprintf("k%06d", puts)), val); err != nil {
						if errors.Is(err, ErrTxnTooBig) {
							// The tx is poisoned: no further writes, no commit.
							if err2 := tx.Put(ctx, flat.Key("small"), nil); !errors.Is(err2, ErrTxnTooBig) {
								t.Errorf("Put after ErrTxnTooBig = %v", err2)
							}
							if err2 := tx.Commit(ctx); !errors.Is(err2, ErrTxnTooBig) {
								t.Errorf("Commit after ErrTxnTooBig = %v", err2)
							}
						}
						return err
					}
				}
			})
			if !errors.Is(err, ErrTxnTooBig) || !errors.Is(err, badger.ErrTxnTooBig) {
				t.Fatalf("err = %v, want ErrTxnTooBig", err)
			}
			if !strings.Contains(err.Error(), "badger4: put") {
				t.Errorf("error lacks context: %v", err)
			}
			if limit := db.MaxBatchSize() / int64(len(val)+7+12); int64(puts) < limit*9/10 {
				t.Errorf("failed after %d puts, expected about %d", puts, limit)
			}
			err = db.View(ctx, func(tx flat.Tx) error {
				if got := keysOf(t, tx.Scan(ctx)); len(got) != 1 || got[0] != "before" {
					t.Errorf("after failed transaction the database holds %d keys (%.3v), want only \"before\"", len(got), got)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// A transaction just under the limit commits.
			n := int(db.MaxBatchSize()/int64(len(val)+7+12)) * 9 / 10
			err = db.Update(ctx, func(tx flat.Tx) error {
				for i := range n {
					if err := tx.Put(ctx, flat.Key(fmt.Sprintf("k%06d", i)), val); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatalf("transaction of %d puts: %v", n, err)
			}
		})
	}
}

func TestReopenAfterClose(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(dir, quietOptions)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := Lookup(dir); !ok || got != db {
		t.Errorf("Lookup(%s) = %p, %v; want the open db", dir, got, ok)
	}
	if _, err := Open(dir, quietOptions); err == nil {
		t.Error("second Open of an open directory succeeded")
	}
	put(t, db, "k", "v")
	tx, err := db.Tx(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	it := tx.Scan(ctx)
	if err := tx.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := db.Close(); err != nil {
			t.Fatalf("Close #%d: %v", i+1, err)
		}
	}
	if it.Next(ctx) {
		t.Error("iterator moved after Close")
	}
	if _, err := db.Tx(ctx, false); !errors.Is(err, ErrClosed) {
		t.Errorf("Tx after Close = %v, want ErrClosed", err)
	}
	if _, ok := Lookup(dir); ok {
		t.Error("Lookup finds a closed db")
	}

	db, err = Open(dir, quietOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(ctx, func(tx flat.Tx) error {
		v, err := tx.Get(ctx, flat.Key("k"))
		if err != nil || string(v) != "v" {
			t.Errorf("after reopen Get = %q, %v", v, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentReadersAndWriter(t *testing.T) {
	// The writer rewrites all keys to the same generation in each
	// transaction; every reader snapshot must see a single generation.
	ctx := context.Background()
	db := openTest(t, Options{})
	const keys, generations, readers = 20, 200, 4
	write := func(gen int) error {
		return db.Update(ctx, func(tx flat.Tx) error {
			for k := range keys {
				if err := tx.Put(ctx, flat.Key(fmt.Sprintf("k%02d", k)), flat.Value(fmt.Sprint(gen))); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := write(0); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	errc := make(chan error, readers+1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for gen := 1; gen <= generations; gen++ {
			if err := write(gen); err != nil {
				errc <- err
				return
			}
		}
	}()
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				err := db.View(ctx, func(tx flat.Tx) error {
					seen := map[string]int{}
					it := tx.Scan(ctx, options.WithPrefixFlat(flat.Key("k")))
					defer it.Close()
					for it.Next(ctx) {
						seen[string(it.Val())]++
					}
					if len(seen) != 1 {
						return fmt.Errorf("snapshot mixes generations: %v", seen)
					}
					for _, n := range seen {
						if n != keys {
							return fmt.Errorf("snapshot has %d keys, want %d", n, keys)
						}
					}
					return it.Err()
				})
				if err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
}

func TestBadgerLogsThroughSlog(t *testing.T) {
	var h recordingHandler
	db, err := Open(t.TempDir(), Options{Logger: slog.New(&h)})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.records) == 0 {
		t.Fatal("Badger logged nothing through slog")
	}
	for _, r := range h.records {
		if r.Level > slog.LevelDebug {
			t.Errorf("routine Badger message at %v: %s", r.Level, r.Message)
		}
		if strings.HasSuffix(r.Message, "\n") {
			t.Errorf("message keeps its newline: %q", r.Message)
		}
	}
}

type recordingHandler struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *recordingHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *recordingHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r)
	return nil
}

func (h *recordingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }

func (h *recordingHandler) WithGroup(string) slog.Handler { return h }
