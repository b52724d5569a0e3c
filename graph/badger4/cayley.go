package badger4

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	cayleykv "github.com/cayleygraph/cayley/graph/kv"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/flat"
)

// Name is the name of this backend in Cayley's quadstore registry.
const Name = "badger4"

// IndexPrefix starts every key that is not Cayley's, such as the keys of our
// own indexes kept next to the graph. Cayley's kv layer never writes a key
// starting with '~'; see the package documentation.
const IndexPrefix = "~dg/"

// OptSyncWrites is the boolean graph.Options key that sets
// Options.SyncWrites when the database is opened through Cayley's registry.
const OptSyncWrites = "sync_writes"

func init() { Register() }

var registerOnce sync.Once

// Register registers the backend with Cayley under [Name]. It is called from
// the package's init function and may be called again; only the first call
// has an effect.
func Register() {
	registerOnce.Do(func() {
		cayleykv.Register(Name, cayleykv.Registration{
			InitFunc:     openForCayley,
			NewFunc:      openForCayley,
			IsPersistent: true,
		})
	})
}

// openForCayley opens the database in path (creating the directory) for
// Cayley's registry. Cayley closes it through the returned kv.KV.
func openForCayley(path string, gopts graph.Options) (hkv.KV, error) {
	if path == "" {
		return nil, fmt.Errorf("badger4: %w", cayleykv.ErrEmptyPath)
	}
	syncWrites, err := gopts.BoolKey(OptSyncWrites, false)
	if err != nil {
		return nil, fmt.Errorf("badger4: option %s: %w", OptSyncWrites, err)
	}
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("badger4: create database directory: %w", err)
	}
	db, err := Open(path, Options{SyncWrites: syncWrites})
	if err != nil {
		return nil, err
	}
	return flat.Upgrade(db), nil
}

// OpenQuadStore opens (creating if needed) the database in the directory
// path and a Cayley quadstore on it, initialising the graph if the database
// is new. opts.Cayley is passed to Cayley.
//
// The QuadStore owns the database: closing it closes db too, and closing db
// as well is harmless. Callers that must be able to replace the QuadStore
// after a failed write (see NewQuadStore) should instead Open the database
// and use NewQuadStore, whose QuadStore does not own it.
func OpenQuadStore(path string, opts Options) (graph.QuadStore, *DB, error) {
	db, err := Open(path, opts)
	if err != nil {
		return nil, nil, err
	}
	qs, err := newQuadStore(flat.Upgrade(db), opts.Cayley)
	if err != nil {
		_ = db.Close()
		return nil, nil, err
	}
	return qs, db, nil
}

// NewQuadStore returns a Cayley quadstore over the open database db,
// initialising the graph if db holds none yet. The QuadStore borrows db:
// closing it leaves db open.
//
// Cayley's QuadStore caches node ids and pending index entries in memory
// and does not roll them back when a write fails (for example with
// ErrTxnTooBig), so after a failed write the QuadStore may write wrong index
// entries. Close it and call NewQuadStore again after any failed write; the
// database itself is unaffected by the failed transaction.
func NewQuadStore(db *DB, copts graph.Options) (graph.QuadStore, error) {
	return newQuadStore(borrowed{flat.Upgrade(db)}, copts)
}

func newQuadStore(kvdb hkv.KV, copts graph.Options) (graph.QuadStore, error) {
	if copts == nil {
		copts = graph.Options{}
	}
	err := cayleykv.Init(kvdb, copts)
	if err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
		return nil, fmt.Errorf("badger4: initialise graph: %w", err)
	}
	if err := checkInitialised(kvdb); err != nil {
		return nil, err
	}
	qs, err := cayleykv.New(kvdb, copts)
	if err != nil {
		return nil, fmt.Errorf("badger4: open graph: %w", err)
	}
	return qs, nil
}

// checkInitialised rejects a database whose Cayley initialisation was
// interrupted: kv.Init writes the version before the index list in a
// separate transaction, and Cayley would silently fall back to its legacy
// index layout if only the version were present.
func checkInitialised(kvdb hkv.KV) error {
	ctx := context.Background()
	return hkv.View(ctx, kvdb, func(tx hkv.Tx) error {
		_, err := tx.Get(ctx, hkv.SKey("meta", "indexes"))
		if err == hkv.ErrNotFound {
			return errors.New("badger4: graph metadata lacks the index list; its initialisation was interrupted, remove the database and start again")
		} else if err != nil {
			return fmt.Errorf("badger4: check graph metadata: %w", err)
		}
		return nil
	})
}

// borrowed is a kv.KV whose Close leaves the database open.
type borrowed struct{ hkv.KV }

// Close does nothing; the owner of the database closes it.
func (borrowed) Close() error { return nil }
