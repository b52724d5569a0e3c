package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"

	cgraph "github.com/cayleygraph/cayley/graph"
	cayleykv "github.com/cayleygraph/cayley/graph/kv"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/flat"
)

// Writing to Cayley on Badger.
//
// Cayley's kv ApplyDeltas mishandles a transaction that deletes and adds
// quads sharing a node whose reference count goes down overall (as the
// article node does when a re-written article loses quads): the added quads
// get no id for that node. So the store applies deletions and additions as
// two ApplyDeltas calls inside one Badger transaction, which it opens
// itself: Cayley writes through txKV, whose transactions all are that one
// transaction (their Commit and Close do nothing). The transaction commits
// or is discarded as a whole, so an article is still written atomically,
// and a failed write leaves nothing in Badger. The Cayley store used for
// writing is discarded after a failure, since Cayley's caches are not rolled
// back; the one used for reading is replaced after deletions, since its
// value-to-id cache may name deleted nodes.

// txKV is a flat.KV whose every transaction is the outer transaction tx.
type txKV struct{ tx *sharedTx }

var errNoTx = errors.New("graph: cayley write outside a transaction")

// Close does nothing: the store owns the database.
func (k *txKV) Close() error { return nil }

// Tx returns the outer transaction.
func (k *txKV) Tx(ctx context.Context, rw bool) (flat.Tx, error) {
	if k.tx == nil {
		return nil, errNoTx
	}
	return k.tx, nil
}

// View runs fn in the outer transaction.
func (k *txKV) View(ctx context.Context, fn func(tx flat.Tx) error) error {
	tx, err := k.Tx(ctx, false)
	if err != nil {
		return err
	}
	return fn(tx)
}

// Update runs fn in the outer transaction, which the store commits.
func (k *txKV) Update(ctx context.Context, fn func(tx flat.Tx) error) error {
	tx, err := k.Tx(ctx, true)
	if err != nil {
		return err
	}
	return fn(tx)
}

// sharedTx is the outer transaction as Cayley sees it: the store commits
// or discards it.
//
// It also saves Cayley lookups that cannot find anything. Cayley appends
// each new quad's id to the list kept under each index key, reading the
// list first; our index keys all end with the label, and node and quad ids
// only grow, so a key holding an id created in this transaction (every key
// of a new article, whose node is new) cannot exist yet unless this
// transaction wrote it. Those reads, two or three per quad and most of the
// cost of loading, are answered "not found" without asking Badger.
type sharedTx struct {
	flat.Tx
	horizon uint64          // ids above it were created in this transaction
	known   bool            // horizon was read
	written map[uint64]bool // hashes of index keys written in this transaction
}

// Commit does nothing: the store commits the outer transaction.
func (*sharedTx) Commit(context.Context) error { return nil }

// Close does nothing: the store discards the outer transaction.
func (*sharedTx) Close() error { return nil }

// Cayley's key of its id counter, and the flat prefixes of the index
// buckets of quadIndexes ("spoc", "opsc", "c" joined to the key by '/').
var (
	horizonKey    = flat.KeyEscape(hkv.SKey("meta", "horizon"))
	indexBuckets  = []string{"spoc/", "opsc/", "c/"}
	errShortValue = errors.New("short value")
)

// readHorizon reads Cayley's id counter.
func readHorizon(ctx context.Context, tx flat.Tx) (uint64, error) {
	v, err := tx.Get(ctx, horizonKey)
	if err == flat.ErrNotFound {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	if len(v) < 8 {
		return 0, errShortValue
	}
	return binary.LittleEndian.Uint64(v), nil
}

// isIndexKey reports whether k is a key of one of our Cayley indexes.
func isIndexKey(k []byte) bool {
	for _, b := range indexBuckets {
		if len(k) > len(b) && string(k[:len(b)]) == b {
			return true
		}
	}
	return false
}

// fresh reports whether k is an index key that cannot exist: it holds an
// id created in this transaction and this transaction has not written it.
func (t *sharedTx) fresh(k []byte) bool {
	if !t.known || !isIndexKey(k) || t.written[maphash.Bytes(keySeed, k)] {
		return false
	}
	// Unescape the part after the bucket name: ids of 8 bytes each.
	var buf [64]byte
	ids := buf[:0]
	rest := k[bytes.IndexByte(k, '/')+1:]
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c == '\\' && i+1 < len(rest) {
			i++
			c = rest[i]
		} else if c == '/' {
			return false // not a key of ours
		}
		if len(ids) == cap(ids) {
			return false
		}
		ids = append(ids, c)
	}
	if len(ids) == 0 || len(ids)%8 != 0 {
		return false
	}
	for ; len(ids) > 0; ids = ids[8:] {
		if binary.BigEndian.Uint64(ids) > t.horizon {
			return true
		}
	}
	return false
}

// keySeed seeds the hashes of written index keys.
var keySeed = maphash.MakeSeed()

// Get reads k, answering fresh index keys without a lookup.
func (t *sharedTx) Get(ctx context.Context, k flat.Key) (flat.Value, error) {
	if t.fresh(k) {
		return nil, flat.ErrNotFound
	}
	return t.Tx.Get(ctx, k)
}

// GetBatch reads keys, answering fresh index keys without a lookup.
func (t *sharedTx) GetBatch(ctx context.Context, keys []flat.Key) ([]flat.Value, error) {
	out := make([]flat.Value, len(keys))
	var ask []flat.Key
	var pos []int
	for i, k := range keys {
		if !t.fresh(k) {
			ask = append(ask, k)
			pos = append(pos, i)
		}
	}
	if len(ask) == 0 {
		return out, nil
	}
	vals, err := t.Tx.GetBatch(ctx, ask)
	if err != nil {
		return nil, err
	}
	for j, v := range vals {
		out[pos[j]] = v
	}
	return out, nil
}

// Put writes k, remembering index keys.
func (t *sharedTx) Put(ctx context.Context, k flat.Key, v flat.Value) error {
	if t.known && isIndexKey(k) {
		t.written[maphash.Bytes(keySeed, k)] = true
	}
	return t.Tx.Put(ctx, k, v)
}

var ignoreOpts = cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}

// applyDeltas writes deltas to Cayley in one transaction.
func (s *Store) applyDeltas(ctx context.Context, ds []cgraph.Delta) error {
	if len(ds) == 0 {
		return nil
	}
	if s.bdb == nil {
		if err := ctx.Err(); err != nil {
			return err
		}
		return s.QuadStore().ApplyDeltas(ds, ignoreOpts)
	}
	var dels, adds []cgraph.Delta
	for _, d := range ds {
		if d.Action == cgraph.Delete {
			dels = append(dels, d)
		} else {
			adds = append(adds, d)
		}
	}
	tx, err := s.bdb.Tx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Close()
	horizon, err := readHorizon(ctx, tx)
	if err != nil {
		return fmt.Errorf("read cayley id counter: %w", err)
	}
	s.wkv.tx = &sharedTx{Tx: tx, horizon: horizon, known: true, written: map[uint64]bool{}}
	defer func() { s.wkv.tx = nil }()
	if s.wqs == nil {
		if s.wqs, err = cayleykv.New(flat.Upgrade(&s.wkv), cayleyOptions()); err != nil {
			s.wqs = nil
			return fmt.Errorf("open cayley writer: %w", err)
		}
	}
	for _, part := range [][]cgraph.Delta{dels, adds} {
		if len(part) == 0 {
			continue
		}
		if err := s.wqs.ApplyDeltas(part, ignoreOpts); err != nil {
			s.wqs = nil
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		s.wqs = nil
		return err
	}
	if len(dels) > 0 {
		s.resetCayley()
	}
	return nil
}
