// Package pgkv is an ordered key-value store (hidalgo's flat.KV) over one
// PostgreSQL table:
//
//	CREATE TABLE dg_index (k bytea PRIMARY KEY, v bytea NOT NULL)
//
// bytea compares bytewise, so the primary key orders keys as flat.KV
// requires and range scans are index scans (k >= $1 AND k < $2 ORDER BY k
// LIMIT n). Read-only transactions are REPEATABLE READ, so a reader sees one
// committed state. Writes are buffered in the transaction and sent in
// batches (unnest of bytea arrays) before a scan and at commit; Get sees the
// buffered writes.
package pgkv

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"

	"github.com/hidal-go/hidalgo/kv/flat"
	"github.com/lib/pq"
)

// DefaultTable is the table name used by diplograph.
const DefaultTable = "dg_index"

// flushAt is the number of buffered writes that triggers a flush.
const flushAt = 2000

// pageSize is the number of rows an iterator fetches at a time.
const pageSize = 512

var tableName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// DB is a flat.KV over one PostgreSQL table. It is safe for concurrent use.
type DB struct {
	db    *sql.DB
	table string
}

var _ flat.KV = (*DB)(nil)

// Open creates the table if needed and returns the store. db stays owned
// by the caller: Close does not close it.
func Open(ctx context.Context, db *sql.DB, table string) (*DB, error) {
	if !tableName.MatchString(table) {
		return nil, fmt.Errorf("pgkv: invalid table name %q", table)
	}
	_, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+table+` (k bytea PRIMARY KEY, v bytea NOT NULL)`)
	if err != nil {
		return nil, fmt.Errorf("pgkv: create table %s: %w", table, err)
	}
	return &DB{db: db, table: table}, nil
}

// Close does nothing: the *sql.DB belongs to the caller.
func (d *DB) Close() error { return nil }

// Truncate removes every key.
func (d *DB) Truncate(ctx context.Context) error {
	_, err := d.db.ExecContext(ctx, `TRUNCATE `+d.table)
	if err != nil {
		return fmt.Errorf("pgkv: truncate %s: %w", d.table, err)
	}
	return nil
}

// Tx starts a transaction.
func (d *DB) Tx(ctx context.Context, rw bool) (flat.Tx, error) {
	opts := &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	if rw {
		opts = &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	tx, err := d.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("pgkv: begin: %w", err)
	}
	return &Tx{d: d, tx: tx, rw: rw, buf: map[string][]byte{}}, nil
}

// View runs fn in a read-only transaction.
func (d *DB) View(ctx context.Context, fn func(tx flat.Tx) error) error {
	return flat.View(ctx, d, fn)
}

// Update runs fn in a read-write transaction and commits it.
func (d *DB) Update(ctx context.Context, fn func(tx flat.Tx) error) error {
	return flat.Update(ctx, d, fn)
}

// Tx is a transaction. It is not safe for concurrent use.
type Tx struct {
	d    *DB
	tx   *sql.Tx
	rw   bool
	done bool
	// buffered writes: a nil value is a delete
	buf map[string][]byte
}

var errDone = errors.New("pgkv: transaction already committed or closed")

// Get returns the value of key or flat.ErrNotFound.
func (t *Tx) Get(ctx context.Context, key flat.Key) (flat.Value, error) {
	if t.done {
		return nil, errDone
	}
	if v, ok := t.buf[string(key)]; ok {
		if v == nil {
			return nil, flat.ErrNotFound
		}
		return append(flat.Value{}, v...), nil
	}
	var v []byte
	err := t.tx.QueryRowContext(ctx, `SELECT v FROM `+t.d.table+` WHERE k = $1`, []byte(key)).Scan(&v)
	if err == sql.ErrNoRows {
		return nil, flat.ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("pgkv: get: %w", err)
	}
	if v == nil {
		v = []byte{}
	}
	return v, nil
}

// GetBatch returns the values of keys, nil for missing ones.
func (t *Tx) GetBatch(ctx context.Context, keys []flat.Key) ([]flat.Value, error) {
	if t.done {
		return nil, errDone
	}
	out := make([]flat.Value, len(keys))
	var ask [][]byte
	where := map[string][]int{}
	for i, k := range keys {
		if v, ok := t.buf[string(k)]; ok {
			if v != nil {
				out[i] = append(flat.Value{}, v...)
			}
			continue
		}
		if _, ok := where[string(k)]; !ok {
			ask = append(ask, k)
		}
		where[string(k)] = append(where[string(k)], i)
	}
	if len(ask) == 0 {
		return out, nil
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT k, v FROM `+t.d.table+` WHERE k = ANY($1)`, pq.ByteaArray(ask))
	if err != nil {
		return nil, fmt.Errorf("pgkv: get batch: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("pgkv: get batch: %w", err)
		}
		if v == nil {
			v = []byte{}
		}
		for _, i := range where[string(k)] {
			out[i] = v
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgkv: get batch: %w", err)
	}
	return out, nil
}

// Put sets key to val.
func (t *Tx) Put(ctx context.Context, key flat.Key, val flat.Value) error {
	if err := t.writable(); err != nil {
		return err
	}
	if val == nil {
		val = flat.Value{}
	}
	t.buf[string(key)] = append([]byte{}, val...)
	if len(t.buf) >= flushAt {
		return t.flush(ctx)
	}
	return nil
}

// Del deletes key.
func (t *Tx) Del(ctx context.Context, key flat.Key) error {
	if err := t.writable(); err != nil {
		return err
	}
	t.buf[string(key)] = nil
	if len(t.buf) >= flushAt {
		return t.flush(ctx)
	}
	return nil
}

func (t *Tx) writable() error {
	if t.done {
		return errDone
	}
	if !t.rw {
		return flat.ErrReadOnly
	}
	return nil
}

// flush sends buffered writes to the database.
func (t *Tx) flush(ctx context.Context) error {
	if len(t.buf) == 0 {
		return nil
	}
	var dels, pk, pv [][]byte
	keys := make([]string, 0, len(t.buf))
	for k := range t.buf {
		keys = append(keys, k)
	}
	sort.Strings(keys) // a stable lock order
	for _, k := range keys {
		if v := t.buf[k]; v == nil {
			dels = append(dels, []byte(k))
		} else {
			pk = append(pk, []byte(k))
			pv = append(pv, v)
		}
	}
	if len(dels) > 0 {
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM `+t.d.table+` WHERE k = ANY($1)`, pq.ByteaArray(dels)); err != nil {
			return fmt.Errorf("pgkv: delete: %w", err)
		}
	}
	if len(pk) > 0 {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO `+t.d.table+` (k, v) SELECT * FROM unnest($1::bytea[], $2::bytea[])
			ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`, pq.ByteaArray(pk), pq.ByteaArray(pv))
		if err != nil {
			return fmt.Errorf("pgkv: put: %w", err)
		}
	}
	t.buf = map[string][]byte{}
	return nil
}

// Commit sends the buffered writes and commits.
func (t *Tx) Commit(ctx context.Context) error {
	if t.done {
		return errDone
	}
	if err := t.flush(ctx); err != nil {
		_ = t.Close()
		return err
	}
	t.done = true
	if err := t.tx.Commit(); err != nil {
		return fmt.Errorf("pgkv: commit: %w", err)
	}
	return nil
}

// Close rolls back the transaction unless it was committed.
func (t *Tx) Close() error {
	if t.done {
		return nil
	}
	t.done = true
	if err := t.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("pgkv: rollback: %w", err)
	}
	return nil
}

// Scan iterates over keys in order. It flushes buffered writes first, so
// the iterator sees them.
func (t *Tx) Scan(ctx context.Context, opts ...flat.IteratorOption) flat.Iterator {
	it := &Iterator{t: t}
	if t.done {
		it.err = errDone
	} else if err := t.flush(ctx); err != nil {
		it.err = err
	}
	return flat.ApplyIteratorOptions(it, opts)
}

// Iterator iterates over a transaction's keys, fetching pages of rows.
// It implements flat.Seeker and flat.PrefixIterator.
type Iterator struct {
	t    *Tx
	pref []byte
	end  []byte // exclusive upper bound from the prefix; nil for none

	from      []byte // next page starts at keys >= from (or > from when after)
	after     bool
	rows      []row
	i         int
	exhausted bool // no page after the current one
	started   bool
	err       error
}

type row struct{ k, v []byte }

var (
	_ flat.Seeker         = (*Iterator)(nil)
	_ flat.PrefixIterator = (*Iterator)(nil)
)

// WithPrefix limits the iterator to keys with the prefix and resets it.
func (it *Iterator) WithPrefix(pref flat.Key) flat.Iterator {
	it.pref = append([]byte(nil), pref...)
	it.end = prefixEnd(it.pref)
	it.Reset()
	return it
}

// Reset rewinds the iterator.
func (it *Iterator) Reset() {
	it.rows, it.i, it.started, it.exhausted = nil, 0, false, false
	it.from, it.after = it.pref, false
}

func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

func (it *Iterator) fetch(ctx context.Context) bool {
	if it.err != nil || it.exhausted {
		return false
	}
	op := ">="
	if it.after {
		op = ">"
	}
	from := it.from
	if from == nil {
		from = []byte{}
	}
	q := `SELECT k, v FROM ` + it.t.d.table + ` WHERE k ` + op + ` $1`
	args := []any{from}
	if it.end != nil {
		q += ` AND k < $2`
		args = append(args, it.end)
	}
	q += fmt.Sprintf(` ORDER BY k LIMIT %d`, pageSize)
	rows, err := it.t.tx.QueryContext(ctx, q, args...)
	if err != nil {
		it.err = fmt.Errorf("pgkv: scan: %w", err)
		return false
	}
	defer rows.Close()
	it.rows, it.i = it.rows[:0], 0
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.k, &r.v); err != nil {
			it.err = fmt.Errorf("pgkv: scan: %w", err)
			return false
		}
		if r.v == nil {
			r.v = []byte{}
		}
		it.rows = append(it.rows, r)
	}
	if err := rows.Err(); err != nil {
		it.err = fmt.Errorf("pgkv: scan: %w", err)
		return false
	}
	if len(it.rows) < pageSize {
		it.exhausted = true
	}
	if len(it.rows) > 0 {
		it.from, it.after = it.rows[len(it.rows)-1].k, true
	}
	return len(it.rows) > 0
}

// Next moves to the next key.
func (it *Iterator) Next(ctx context.Context) bool {
	if it.err != nil || it.t.done {
		return false
	}
	if !it.started {
		it.started = true
		return it.fetch(ctx)
	}
	it.i++
	if it.i < len(it.rows) {
		return true
	}
	return it.fetch(ctx)
}

// Seek moves to the first key >= key.
func (it *Iterator) Seek(ctx context.Context, key flat.Key) bool {
	if it.err != nil {
		return false
	}
	if bytes.Compare(key, it.pref) < 0 {
		key = it.pref
	}
	it.started, it.exhausted = true, false
	it.from, it.after = append([]byte(nil), key...), false
	return it.fetch(ctx)
}

// Key returns the current key.
func (it *Iterator) Key() flat.Key {
	if it.i < len(it.rows) {
		return it.rows[it.i].k
	}
	return nil
}

// Val returns the current value.
func (it *Iterator) Val() flat.Value {
	if it.i < len(it.rows) {
		return it.rows[it.i].v
	}
	return nil
}

// Err returns the error that stopped iteration.
func (it *Iterator) Err() error { return it.err }

// Close releases the iterator.
func (it *Iterator) Close() error {
	it.rows = nil
	return nil
}
