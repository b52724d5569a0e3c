package pgkv

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"

	"github.com/hidal-go/hidalgo/kv/flat"
	"github.com/hidal-go/hidalgo/kv/options"
)

// open returns a store over a fresh table on the server named by
// DIPLOGRAPH_TEST_POSTGRES (see graph/POSTGRES_TESTING.md).
func open(t *testing.T) *DB {
	url := os.Getenv("DIPLOGRAPH_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("DIPLOGRAPH_REQUIRE_POSTGRES") != "" {
			t.Fatal("DIPLOGRAPH_REQUIRE_POSTGRES is set (as .ci/run sets it) but postgres is not available")
		}
		t.Skip("set DIPLOGRAPH_TEST_POSTGRES to a PostgreSQL URL to run the pgkv tests")
	}
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	table := fmt.Sprintf("pgkv_test_%d", os.Getpid())
	t.Cleanup(func() {
		_, _ = db.Exec(`DROP TABLE IF EXISTS ` + table)
		db.Close()
	})
	_, _ = db.Exec(`DROP TABLE IF EXISTS ` + table)
	kv, err := Open(context.Background(), db, table)
	if err != nil {
		t.Fatal(err)
	}
	return kv
}

func TestPGKV(t *testing.T) {
	ctx := context.Background()
	kv := open(t)
	if _, err := Open(ctx, nil, "bad name;"); err == nil {
		t.Error("accepted a bad table name")
	}
	key := func(p string, i int) flat.Key { return flat.Key(fmt.Sprintf("%s%05d", p, i)) }
	err := kv.Update(ctx, func(tx flat.Tx) error {
		for i := 0; i < 1200; i++ {
			if err := tx.Put(ctx, key("a/", i), []byte{byte(i)}); err != nil {
				return err
			}
		}
		if err := tx.Put(ctx, flat.Key{0xff, 0x00}, []byte("binary")); err != nil {
			return err
		}
		if err := tx.Put(ctx, flat.Key("b/1"), nil); err != nil {
			return err
		}
		// Buffered writes are visible to Get, GetBatch and Scan.
		v, err := tx.Get(ctx, key("a/", 7))
		if err != nil || len(v) != 1 || v[0] != 7 {
			return fmt.Errorf("get buffered: %v %v", v, err)
		}
		if err := tx.Del(ctx, key("a/", 8)); err != nil {
			return err
		}
		if _, err := tx.Get(ctx, key("a/", 8)); err != flat.ErrNotFound {
			return fmt.Errorf("get deleted: %v", err)
		}
		n := 0
		if err := flat.Each(ctx, tx, func(k flat.Key, v flat.Value) error { n++; return nil },
			options.WithPrefixFlat(flat.Key("a/"))); err != nil {
			return err
		}
		if n != 1199 {
			return fmt.Errorf("scan in tx: %d keys", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = kv.View(ctx, func(tx flat.Tx) error {
		if err := tx.Put(ctx, flat.Key("x"), nil); err != flat.ErrReadOnly {
			return fmt.Errorf("put on read-only: %v", err)
		}
		vals, err := tx.GetBatch(ctx, []flat.Key{key("a/", 1), flat.Key("nope"), key("a/", 1), flat.Key{0xff, 0x00}, flat.Key("b/1")})
		if err != nil {
			return err
		}
		if vals[0][0] != 1 || vals[1] != nil || vals[2][0] != 1 || string(vals[3]) != "binary" || vals[4] == nil || len(vals[4]) != 0 {
			return fmt.Errorf("get batch: %q", vals)
		}
		// Pages of 512 rows, a prefix, a seek into the middle.
		it := tx.Scan(ctx, options.WithPrefixFlat(flat.Key("a/")))
		defer it.Close()
		if !flat.Seek(ctx, it, key("a/", 1000)) {
			return fmt.Errorf("seek: %v", it.Err())
		}
		n := 1
		last := string(it.Key())
		for it.Next(ctx) {
			if string(it.Key()) <= last {
				return fmt.Errorf("out of order: %q after %q", it.Key(), last)
			}
			last = string(it.Key())
			n++
		}
		if n != 200 || last != string(key("a/", 1199)) {
			return fmt.Errorf("from a/01000: %d keys, last %q", n, last)
		}
		// The whole table, 0xff key last.
		all := tx.Scan(ctx)
		defer all.Close()
		n = 0
		for all.Next(ctx) {
			n++
			last = string(all.Key())
		}
		if n != 1201 || last != "\xff\x00" {
			return fmt.Errorf("all: %d keys, last %q", n, last)
		}
		return all.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	// A closed transaction's writes are gone.
	tx, err := kv.Tx(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(ctx, flat.Key("rolled back"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Close(); err != nil {
		t.Fatal(err)
	}
	err = kv.View(ctx, func(tx flat.Tx) error {
		if _, err := tx.Get(ctx, flat.Key("rolled back")); err != flat.ErrNotFound {
			return fmt.Errorf("rolled back key: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := kv.Truncate(ctx); err != nil {
		t.Fatal(err)
	}
}
