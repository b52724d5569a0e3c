package badger4

import (
	"bytes"
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/hidal-go/hidalgo/kv/flat"
)

// Iterator iterates over the keys of a transaction in ascending order,
// optionally limited to a prefix. It implements flat.Seeker and
// flat.PrefixIterator, so hidalgo's prefix option and seeks run natively.
//
// The Badger iterator is created on the first Next or Seek, so that a prefix
// set with WithPrefix restricts the tables Badger reads. Writes made in the
// transaction after that point are not seen by the iterator. Key and Val
// return copies. The iterator is closed automatically when its transaction
// is committed or closed; using it afterwards reports an error through Err.
type Iterator struct {
	tx   *Tx
	pref []byte
	bit  *badger.Iterator // nil until first positioned

	started  bool // positioned since the last Reset
	valid    bool // positioned on an item
	closed   bool
	orphaned bool // closed because the transaction ended
	err      error

	key flat.Key   // copy of the current key, once asked for
	val flat.Value // copy of the current value, once asked for
}

var (
	_ flat.Seeker         = (*Iterator)(nil)
	_ flat.PrefixIterator = (*Iterator)(nil)
)

// WithPrefix limits the iterator to keys starting with pref (a copy is
// kept) and resets it. An empty prefix removes the limit.
func (it *Iterator) WithPrefix(pref flat.Key) flat.Iterator {
	if it.closed {
		return it
	}
	it.pref = append([]byte(nil), pref...)
	if it.bit != nil { // Badger fixes the prefix at creation
		it.bit.Close()
		it.bit = nil
	}
	it.Reset()
	return it
}

// Reset rewinds the iterator to before its first key (within the prefix)
// and clears a previous error. A closed iterator stays closed.
func (it *Iterator) Reset() {
	if it.closed {
		return
	}
	it.started, it.valid, it.err = false, false, nil
	it.key, it.val = nil, nil
}

// Next moves to the next key and reports whether there is one.
func (it *Iterator) Next(ctx context.Context) bool {
	if !it.ready(ctx) {
		return false
	}
	switch {
	case !it.started:
		it.started = true
		it.bit.Seek(nil) // first key with the prefix, or the first key
	case !it.valid:
		return false // exhausted
	default:
		it.bit.Next()
	}
	return it.settle()
}

// Seek moves to the first key greater than or equal to key (and within the
// prefix) and reports whether there is one. Next continues from there.
func (it *Iterator) Seek(ctx context.Context, key flat.Key) bool {
	if !it.ready(ctx) {
		return false
	}
	it.started = true
	if bytes.Compare(key, it.pref) < 0 {
		key = it.pref // nothing before the prefix can match
	}
	it.bit.Seek(key)
	return it.settle()
}

func (it *Iterator) ready(ctx context.Context) bool {
	if it.closed {
		if it.orphaned && it.err == nil {
			it.err = fmt.Errorf("badger4: iterator used after its transaction ended: %w", errTxDone)
		}
		return false
	}
	if it.err != nil {
		return false
	}
	if err := ctx.Err(); err != nil {
		it.err = fmt.Errorf("badger4: iterate: %w", err)
		it.valid = false
		return false
	}
	if it.bit == nil {
		if it.tx.db.bdb.IsClosed() { // Badger panics on a closed database
			it.err = fmt.Errorf("badger4: iterate on %s: %w", it.tx.db.name(), ErrClosed)
			return false
		}
		it.bit = it.tx.txn.NewIterator(badger.IteratorOptions{Prefix: it.pref})
	}
	return true
}

func (it *Iterator) settle() bool {
	it.key, it.val = nil, nil
	it.valid = it.bit.Valid()
	return it.valid
}

// Key returns a copy of the current key, or nil when not positioned.
func (it *Iterator) Key() flat.Key {
	if !it.valid {
		return nil
	}
	if it.key == nil {
		it.key = it.bit.Item().KeyCopy(nil)
	}
	return it.key
}

// Val returns a copy of the current value, or nil when not positioned.
// A failure to read the value is reported by Err.
func (it *Iterator) Val() flat.Value {
	if !it.valid {
		return nil
	}
	if it.val == nil {
		item := it.bit.Item()
		val, err := item.ValueCopy(nil)
		if err != nil {
			it.err = fmt.Errorf("badger4: read value of %s: %w", keyString(item.Key()), err)
			return nil
		}
		if val == nil {
			val = flat.Value{}
		}
		it.val = val
	}
	return it.val
}

// Err returns the error that stopped the iteration, if any.
func (it *Iterator) Err() error { return it.err }

// Close releases the iterator. It is safe to call more than once.
func (it *Iterator) Close() error {
	if it.closed {
		return nil
	}
	it.release()
	delete(it.tx.iters, it)
	it.orphaned = false
	return nil
}

// release closes the Badger iterator; the transaction calls it (with the
// iterator still registered) before Commit and Discard, which panic while
// iterators are open.
func (it *Iterator) release() {
	if it.bit != nil {
		it.bit.Close()
		it.bit = nil
	}
	it.closed, it.orphaned, it.valid = true, true, false
	it.key, it.val = nil, nil
}
