package badger4

import (
	"context"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/hidal-go/hidalgo/kv/flat"
)

// errTxDone is wrapped by errors from a transaction that was already
// committed or closed.
var errTxDone = errors.New("transaction already committed or closed")

// Tx is a Badger transaction implementing flat.Tx. A Tx is not safe for
// concurrent use.
//
// Keys and values passed to Put are copied, and keys and values returned by
// Get, GetBatch and iterators are copies owned by the caller. Commit and
// Close first close every iterator still open on the transaction.
type Tx struct {
	db  *DB
	txn *badger.Txn
	rw  bool

	done   bool  // committed or closed
	poison error // set once a write failed with ErrTxnTooBig
	iters  map[*Iterator]struct{}
}

var _ flat.Tx = (*Tx)(nil)

// Get returns a copy of the value stored under key, or flat.ErrNotFound.
// An empty key is never found.
func (tx *Tx) Get(ctx context.Context, key flat.Key) (flat.Value, error) {
	if tx.done {
		return nil, fmt.Errorf("badger4: get %s: %w", keyString(key), errTxDone)
	}
	if len(key) == 0 {
		return nil, flat.ErrNotFound
	}
	item, err := tx.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, flat.ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("badger4: get %s: %w", keyString(key), err)
	}
	val, err := item.ValueCopy(nil)
	if err != nil {
		return nil, fmt.Errorf("badger4: read value of %s: %w", keyString(key), err)
	}
	if val == nil {
		val = flat.Value{} // present but empty; nil means missing in GetBatch
	}
	return val, nil
}

// GetBatch returns copies of the values stored under keys, with nil for
// every key that is not found.
func (tx *Tx) GetBatch(ctx context.Context, keys []flat.Key) ([]flat.Value, error) {
	vals := make([]flat.Value, len(keys))
	for i, k := range keys {
		v, err := tx.Get(ctx, k)
		switch {
		case err == flat.ErrNotFound:
			// leave nil
		case err != nil:
			return nil, err
		default:
			vals[i] = v
		}
	}
	return vals, nil
}

// Put stores a copy of key and val. It returns flat.ErrReadOnly on a
// read-only transaction and an error matching ErrTxnTooBig when the
// transaction would exceed Badger's size limit; after that the transaction
// can only be closed.
func (tx *Tx) Put(ctx context.Context, key flat.Key, val flat.Value) error {
	if err := tx.writable("put", key); err != nil {
		return err
	}
	// One allocation for both: Badger keeps both slices until commit.
	buf := make([]byte, len(key)+len(val))
	n := copy(buf, key)
	copy(buf[n:], val)
	return tx.written("put", key, tx.txn.Set(buf[:n:n], buf[n:]))
}

// Del deletes key. Deleting a missing key is not an error. It fails like Put
// on read-only and too big transactions.
func (tx *Tx) Del(ctx context.Context, key flat.Key) error {
	if err := tx.writable("delete", key); err != nil {
		return err
	}
	return tx.written("delete", key, tx.txn.Delete(append([]byte(nil), key...)))
}

func (tx *Tx) writable(op string, key flat.Key) error {
	switch {
	case !tx.rw:
		return flat.ErrReadOnly
	case tx.done:
		return fmt.Errorf("badger4: %s %s: %w", op, keyString(key), errTxDone)
	case tx.poison != nil:
		return tx.poison
	}
	return nil
}

func (tx *Tx) written(op string, key flat.Key, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, badger.ErrTxnTooBig):
		tx.poison = fmt.Errorf("badger4: %s %s: transaction reached the limit of %d bytes or %d entries: %w (%w)",
			op, keyString(key), tx.db.MaxBatchSize(), tx.db.MaxBatchCount(), ErrTxnTooBig, err)
		return tx.poison
	case errors.Is(err, badger.ErrConflict):
		return flat.ErrConflict
	}
	return fmt.Errorf("badger4: %s %s: %w", op, keyString(key), err)
}

// Commit closes the transaction's open iterators and applies its writes.
// It returns flat.ErrConflict when a concurrent transaction changed data this
// one read; the caller should retry from scratch. A transaction in which a
// write failed with ErrTxnTooBig is discarded and the same error returned.
func (tx *Tx) Commit(ctx context.Context) error {
	if tx.done {
		return fmt.Errorf("badger4: commit: %w", errTxDone)
	}
	if tx.poison != nil {
		_ = tx.Close()
		return tx.poison
	}
	if err := ctx.Err(); err != nil {
		_ = tx.Close()
		return fmt.Errorf("badger4: commit: %w", err)
	}
	tx.closeIterators()
	tx.done = true
	err := tx.txn.Commit()
	tx.txn.Discard() // Commit skips it on some errors; a no-op otherwise.
	switch {
	case err == nil:
		return nil
	case errors.Is(err, badger.ErrConflict):
		return flat.ErrConflict
	}
	return fmt.Errorf("badger4: commit: %w", err)
}

// Close closes the transaction's open iterators and discards its writes
// unless it was committed. It is safe to call more than once.
func (tx *Tx) Close() error {
	if tx.done {
		return nil
	}
	tx.closeIterators()
	tx.done = true
	tx.txn.Discard()
	return nil
}

// Scan returns an iterator over the transaction's view of the database in
// key order. Options from hidalgo's kv/options package (such as
// WithPrefixFlat) are applied natively.
func (tx *Tx) Scan(ctx context.Context, opts ...flat.IteratorOption) flat.Iterator {
	it := &Iterator{tx: tx}
	if tx.done {
		it.err = fmt.Errorf("badger4: scan: %w", errTxDone)
		it.closed = true
	} else {
		if tx.iters == nil {
			tx.iters = make(map[*Iterator]struct{})
		}
		tx.iters[it] = struct{}{}
	}
	return flat.ApplyIteratorOptions(it, opts)
}

func (tx *Tx) closeIterators() {
	for it := range tx.iters {
		it.release()
	}
	tx.iters = nil
}

// keyString formats a key for error messages.
func keyString(key []byte) string {
	const limit = 64
	if len(key) > limit {
		return fmt.Sprintf("key %q... (%d bytes)", key[:limit], len(key))
	}
	return fmt.Sprintf("key %q", key)
}
