package badger4

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/dgraph-io/badger/v4"
	"github.com/hidal-go/hidalgo/kv/flat"
)

// DefaultMemTableSize is the Badger memtable size used when
// Options.MemTableSize is zero. It bounds the size of a single transaction;
// see the package documentation.
const DefaultMemTableSize = 128 << 20

// diskValueThreshold is the value size from which Badger stores values in
// its value log instead of the LSM tree when the database is on disk. Such
// values count only about 24 bytes against the transaction size limit.
const diskValueThreshold = 1 << 10

// ErrTxnTooBig is matched (with errors.Is) by the error returned when a write
// would make a transaction larger than Badger accepts. The same error also
// matches badger.ErrTxnTooBig. See the package documentation for the limits.
var ErrTxnTooBig = errors.New("badger4: transaction too big")

// ErrClosed is matched by errors returned when the database is used after
// Close.
var ErrClosed = errors.New("badger4: database closed")

// Options configure [Open].
type Options struct {
	// InMemory keeps all data in memory; the path passed to Open is ignored
	// and nothing is persisted.
	InMemory bool
	// SyncWrites makes every commit wait for an fsync.
	SyncWrites bool
	// MemTableSize is Badger's memtable size in bytes; zero means
	// DefaultMemTableSize. A transaction may use at most 15% of it.
	MemTableSize int64
	// Logger receives Badger's log messages: errors at error level,
	// warnings at warn level and everything else at debug level.
	// Nil means slog.Default().
	Logger *slog.Logger
	// BlockCacheSize is the size in bytes of Badger's cache of table
	// blocks; zero means Badger's default (256 MiB), negative turns it off.
	BlockCacheSize int64
	// NumMemtables is how many memtables Badger keeps (one being written,
	// the others waiting to be flushed); zero means Badger's default (5).
	NumMemtables int
	// NumCompactors is how many goroutines compact tables in the
	// background; zero means Badger's default (4). At least 2.
	NumCompactors int
	// ValueLogFileSize is the size of one value-log file in bytes; zero
	// means Badger's default (1 GiB). Smaller files are reclaimed sooner by
	// CollectGarbage.
	ValueLogFileSize int64
	// Cayley holds Cayley quadstore options (for example kv.OptNoBloom)
	// used by OpenQuadStore. Open ignores it.
	Cayley graph.Options
}

// DB is a Badger v4 database implementing flat.KV.
// It is safe for concurrent use.
type DB struct {
	bdb  *badger.DB
	path string // absolute path; empty for in-memory databases

	mu     sync.RWMutex // guards closed against concurrent Tx
	closed bool
}

var _ flat.KV = (*DB)(nil)

// Open opens the Badger database in the directory path, creating the
// directory and the database if needed. With opts.InMemory, path is ignored.
//
// On disk, values of 1 KiB or more go to Badger's value log (its default is
// 1 MiB), so that large values count little against the transaction limit;
// in memory Badger allows no value log, and values are limited to 1 MiB.
func Open(path string, opts Options) (*DB, error) {
	if path == "" && !opts.InMemory {
		return nil, errors.New("badger4: open: empty path")
	}
	bopts := badgerOptions(path, opts)
	bdb, err := badger.Open(bopts)
	if err != nil {
		if opts.InMemory {
			return nil, fmt.Errorf("badger4: open in-memory database: %w", err)
		}
		return nil, fmt.Errorf("badger4: open %s: %w", path, err)
	}
	db := &DB{bdb: bdb}
	if !opts.InMemory {
		db.path = absPath(path)
		registerOpen(db)
	}
	return db, nil
}

// OpenPath opens the database in the directory path with default options.
// It has the signature of flat.OpenPathFunc.
func OpenPath(path string) (flat.KV, error) {
	db, err := Open(path, Options{})
	if err != nil {
		return nil, err
	}
	return db, nil
}

func badgerOptions(path string, opts Options) badger.Options {
	var bopts badger.Options
	if opts.InMemory {
		// In memory Badger rejects values above the value threshold, so
		// keep the default (and maximum) threshold.
		bopts = badger.DefaultOptions("").WithInMemory(true)
	} else {
		bopts = badger.DefaultOptions(path).WithValueThreshold(diskValueThreshold)
	}
	size := opts.MemTableSize
	if size <= 0 {
		size = DefaultMemTableSize
	}
	bopts = bopts.WithMemTableSize(size).WithSyncWrites(opts.SyncWrites)
	if opts.ValueLogFileSize > 0 {
		bopts = bopts.WithValueLogFileSize(opts.ValueLogFileSize)
	}
	switch {
	case opts.BlockCacheSize > 0:
		bopts = bopts.WithBlockCacheSize(opts.BlockCacheSize)
	case opts.BlockCacheSize < 0:
		bopts = bopts.WithBlockCacheSize(0)
	}
	if opts.NumMemtables > 0 {
		bopts = bopts.WithNumMemtables(opts.NumMemtables)
	}
	if opts.NumCompactors > 0 {
		bopts = bopts.WithNumCompactors(max(opts.NumCompactors, 2))
	}
	// Badger refuses a value threshold above its transaction limit.
	if limit := size * 15 / 100; bopts.ValueThreshold > limit {
		bopts = bopts.WithValueThreshold(limit)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	return bopts.WithLogger(slogLogger{logger.With("component", "badger")})
}

// Badger returns the underlying Badger database, for keys the graph does not
// own (use IndexPrefix) and for maintenance such as RunValueLogGC.
func (db *DB) Badger() *badger.DB { return db.bdb }

// CollectGarbage reclaims value-log space: it rewrites value-log files of
// which at least discardRatio (0 < discardRatio < 1) is stale data, one file
// at a time, until no file qualifies or ctx is done. It returns how many
// files it rewrote. Reads and writes may go on meanwhile; an in-memory
// database has no value log and returns 0.
func (db *DB) CollectGarbage(ctx context.Context, discardRatio float64) (int, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.closed {
		return 0, ErrClosed
	}
	if db.path == "" {
		return 0, nil
	}
	n := 0
	for ctx.Err() == nil {
		err := db.bdb.RunValueLogGC(discardRatio)
		switch {
		case err == nil:
			n++
		case errors.Is(err, badger.ErrNoRewrite), errors.Is(err, badger.ErrRejected):
			return n, nil
		default:
			return n, fmt.Errorf("badger4: value-log gc %s: %w", db.name(), err)
		}
	}
	return n, ctx.Err()
}

// Path returns the absolute directory of the database, or "" when it is in
// memory.
func (db *DB) Path() string { return db.path }

// MaxBatchSize returns the largest estimated size in bytes that a single
// transaction may reach; see the package documentation.
func (db *DB) MaxBatchSize() int64 { return db.bdb.MaxBatchSize() }

// MaxBatchCount returns the largest number of writes a single transaction
// may hold.
func (db *DB) MaxBatchCount() int64 { return db.bdb.MaxBatchCount() }

// Close closes the database. It is safe to call more than once; later calls
// return nil. Transactions still open must not be used afterwards.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil
	}
	db.closed = true
	unregisterOpen(db)
	if err := db.bdb.Close(); err != nil {
		return fmt.Errorf("badger4: close %s: %w", db.name(), err)
	}
	return nil
}

func (db *DB) name() string {
	if db.path == "" {
		return "in-memory database"
	}
	return db.path
}

// Tx starts a transaction; rw selects a read-write transaction.
// The caller must Close (or Commit) it.
func (db *DB) Tx(ctx context.Context, rw bool) (flat.Tx, error) {
	return db.begin(ctx, rw)
}

func (db *DB) begin(ctx context.Context, rw bool) (*Tx, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("badger4: begin transaction: %w", err)
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.closed {
		return nil, fmt.Errorf("badger4: begin transaction on %s: %w", db.name(), ErrClosed)
	}
	return &Tx{db: db, txn: db.bdb.NewTransaction(rw), rw: rw}, nil
}

// View runs fn in a read-only transaction.
func (db *DB) View(ctx context.Context, fn func(tx flat.Tx) error) error {
	tx, err := db.begin(ctx, false)
	if err != nil {
		return err
	}
	defer tx.Close()
	return fn(tx)
}

// Update runs fn in a read-write transaction and commits it, running fn
// again from scratch while the commit fails with flat.ErrConflict.
func (db *DB) Update(ctx context.Context, fn func(tx flat.Tx) error) error {
	for {
		err := db.updateOnce(ctx, fn)
		if err != flat.ErrConflict {
			return err
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("badger4: retry after conflict: %w", err)
		}
	}
}

func (db *DB) updateOnce(ctx context.Context, fn func(tx flat.Tx) error) error {
	tx, err := db.begin(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Close()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// slogLogger routes Badger's logger through log/slog. Badger is chatty at
// info level, so info and debug messages go to slog's debug level.
type slogLogger struct{ l *slog.Logger }

func (s slogLogger) log(level slog.Level, format string, args []any) {
	ctx := context.Background()
	if !s.l.Enabled(ctx, level) {
		return
	}
	s.l.Log(ctx, level, strings.TrimRight(fmt.Sprintf(format, args...), "\n"))
}

func (s slogLogger) Errorf(format string, args ...any) { s.log(slog.LevelError, format, args) }

func (s slogLogger) Warningf(format string, args ...any) { s.log(slog.LevelWarn, format, args) }

func (s slogLogger) Infof(format string, args ...any) { s.log(slog.LevelDebug, format, args) }

func (s slogLogger) Debugf(format string, args ...any) { s.log(slog.LevelDebug, format, args) }

// open databases by absolute path, for Lookup.
var (
	openMu sync.Mutex
	openBy = map[string]*DB{}
)

func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

func registerOpen(db *DB) {
	openMu.Lock()
	defer openMu.Unlock()
	openBy[db.path] = db
}

func unregisterOpen(db *DB) {
	if db.path == "" {
		return
	}
	openMu.Lock()
	defer openMu.Unlock()
	if openBy[db.path] == db {
		delete(openBy, db.path)
	}
}

// Lookup returns the database this process currently has open in the
// directory path, whichever way it was opened (Open, OpenQuadStore or
// Cayley's graph.NewQuadStore with the "badger4" backend). Badger locks its
// directory, so a second Open of the same path fails; use Lookup to reach the
// open one instead.
func Lookup(path string) (*DB, bool) {
	openMu.Lock()
	defer openMu.Unlock()
	db, ok := openBy[absPath(path)]
	return db, ok
}
