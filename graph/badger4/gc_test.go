package badger4

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hidal-go/hidalgo/kv/flat"
)

// TestCollectGarbage overwrites values that live in the value log, then
// checks that CollectGarbage rewrites value-log files and that the live
// values are still read back.
func TestCollectGarbage(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir()
	opts := Options{ValueLogFileSize: 1 << 20, MemTableSize: 4 << 20, Logger: quietOptions.Logger}
	val := func(round, i int) []byte { return bytes.Repeat([]byte{byte('a' + round)}, 4<<10+i) }
	const keys = 200
	// Each round is written and closed on its own, so that it ends in a
	// table of its own; compacting the tables then drops the stale
	// versions, which is what tells the value log they are garbage.
	var db *DB
	for round := 0; round < 6; round++ {
		var err error
		if db, err = Open(path, opts); err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx flat.Tx) error {
			for i := 0; i < keys; i++ {
				if err := tx.Put(ctx, flat.Key(fmt.Sprintf("k%03d", i)), val(round, i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Badger().Flatten(1); err != nil {
		t.Fatal(err)
	}
	n, err := db.CollectGarbage(ctx, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Errorf("CollectGarbage rewrote no value-log file after 5 of 6 versions went stale")
	}
	err = db.View(ctx, func(tx flat.Tx) error {
		for i := 0; i < keys; i++ {
			v, err := tx.Get(ctx, flat.Key(fmt.Sprintf("k%03d", i)))
			if err != nil {
				return err
			}
			if !bytes.Equal(v, val(5, i)) {
				return fmt.Errorf("k%03d: got %d bytes of %q", i, len(v), v[:1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCollectGarbageInMemoryAndClosed(t *testing.T) {
	ctx := context.Background()
	mem := openTest(t, Options{InMemory: true})
	if n, err := mem.CollectGarbage(ctx, 0.5); n != 0 || err != nil {
		t.Errorf("in memory: got %d, %v; want 0, nil", n, err)
	}
	db, err := Open(t.TempDir(), quietOptions)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CollectGarbage(ctx, 0.5); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: got %v, want ErrClosed", err)
	}
}

// TestMemoryOptions checks that the memory options reach Badger.
func TestMemoryOptions(t *testing.T) {
	db := openTest(t, Options{BlockCacheSize: 16 << 20, NumMemtables: 2, NumCompactors: 3, ValueLogFileSize: 8 << 20})
	o := db.Badger().Opts()
	if o.BlockCacheSize != 16<<20 || o.NumMemtables != 2 || o.NumCompactors != 3 || o.ValueLogFileSize != 8<<20 {
		t.Errorf("badger options: block cache %d, memtables %d, compactors %d, value-log file %d",
			o.BlockCacheSize, o.NumMemtables, o.NumCompactors, o.ValueLogFileSize)
	}
	def := openTest(t, Options{})
	if o := def.Badger().Opts(); o.NumMemtables != 5 || o.NumCompactors != 4 {
		t.Errorf("zero options should keep Badger's defaults, got memtables %d, compactors %d", o.NumMemtables, o.NumCompactors)
	}
}
