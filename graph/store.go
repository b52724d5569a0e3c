// Package graph owns diplograph's knowledge graph: Cayley as the source of
// truth (embedded on Badger v4 through graph/badger4, or on PostgreSQL
// through Cayley's SQL backend) and diplograph's own secondary indexes that
// make timelines, counts and traversals fast.
//
// # Writes
//
// An article is written as quads labelled with its IRI (see Quads and
// vocab.go) in one Cayley transaction; WriteBatch writes several articles
// in one. Before the Cayley transaction the store writes a pending marker
// for each article into the index; after Cayley commits, one index
// transaction applies the articles' index entries and removes the markers.
// Open rebuilds the index entries of every article still marked from the
// quads Cayley holds, so after a crash at any point the index agrees with
// the graph. A write that fails after Cayley committed is undone in Cayley
// and its index rebuilt, so a failed write leaves nothing behind.
//
// On Badger, a batch larger than a transaction allows is split between
// articles into chunks (each all-or-nothing), and the index of one chunk is
// written while Cayley writes the next. Cayley's kv layer is used with its
// quad indexes keyed down to the label (see quadIndexes) and without its
// bloom filters; cayley.go explains how the store works around a Cayley bug
// with mixed additions and deletions and skips lookups that cannot find
// anything.
//
// On PostgreSQL, writers hold an advisory lock, and Open waits for the
// transactions of a killed writer to end before recovering.
//
// # Index
//
// The index is an ordered key-value store (hidalgo flat.KV): on Badger the
// same database under badger4.IndexPrefix, on PostgreSQL the table
// dg_index (graph/pgkv). Its layout is described in keys.go. Every read
// method reads the index only; Reindex rebuilds it from Cayley's quads.
//
// # Concurrency
//
// A Store is safe for concurrent use: writes are serialised, reads run
// concurrently with them and see committed states.
package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	cayleykv "github.com/cayleygraph/cayley/graph/kv"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // registers Cayley's "postgres" backend
	"github.com/cayleygraph/quad"
	"github.com/hidal-go/hidalgo/kv/flat"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph/badger4"
	"github.com/diplograph/diplograph/graph/pgkv"
)

// DefaultPath is the directory of the embedded store when Open gets "".
const DefaultPath = "./diplograph-data"

// DefaultMemTableSize is the Badger memtable size the store uses unless
// Options say otherwise: half of badger4's default, which bounds memory
// (Badger keeps up to six memtables) at the same load throughput.
const DefaultMemTableSize = 64 << 20

// Backend names.
const (
	BackendBadger   = "badger4"
	BackendPostgres = "postgres"
)

// Options tunes a Store. The zero value is the default.
type Options struct {
	// Logger receives the store's logs; nil means slog.Default().
	Logger *slog.Logger
	// SyncWrites makes every Badger commit wait for fsync. Off by default:
	// a process crash loses nothing, a machine crash may lose the last
	// writes (never half of one).
	SyncWrites bool
	// MemTableSize is Badger's memtable size; it bounds one transaction to
	// 15% of it. Zero means DefaultMemTableSize.
	MemTableSize int64
	// InMemory keeps a Badger store in memory (tests); the path is ignored.
	InMemory bool
	// TxnFraction is the share of Badger's transaction limit a batch may
	// use by estimate before WriteBatch splits it; zero means 0.6.
	TxnFraction float64
	// BlockCacheSize, NumMemtables and NumCompactors tune Badger's memory
	// and background work (see badger4.Options); zero keeps Badger's
	// defaults. BENCHMARKS.md has what they change on a load.
	BlockCacheSize int64
	NumMemtables   int
	NumCompactors  int
	// GCInterval is how often an on-disk Badger store reclaims value-log
	// space left by re-written articles; zero means DefaultGCInterval and
	// a negative value turns it off.
	GCInterval time.Duration

	afterGC func(files int, err error) // test hook: after each collection
}

// DefaultGCInterval is how often the Badger store collects value-log
// garbage unless Options say otherwise.
const DefaultGCInterval = 10 * time.Minute

// gcDiscardRatio is the share of stale data from which a value-log file is
// rewritten.
const gcDiscardRatio = 0.5

// Store is the knowledge graph: Cayley quads plus diplograph's indexes.
type Store struct {
	backend string
	log     *slog.Logger
	opt     Options

	wmu sync.Mutex // serialises writes

	qsMu sync.RWMutex
	qs   cgraph.QuadStore

	idx flat.KV // the index
	pfx []byte  // prefix of index keys in idx

	bdb   *badger4.DB      // Badger backend
	wkv   txKV             // Badger: Cayley writes through this (see cayley.go)
	wqs   cgraph.QuadStore // Badger: the Cayley store used for writing
	pg    *sql.DB          // PostgreSQL backend: the index connection
	pgApp string           // PostgreSQL backend: application_name of our sessions

	closeOnce sync.Once
	closed    chan struct{}
	gcDone    sync.WaitGroup // the value-log GC loop

	// test hooks
	afterCayley func(ids []string) error // between the Cayley commit and the index
}

// Open opens the store at url with default options. See OpenWith.
func Open(ctx context.Context, url string) (*Store, error) {
	return OpenWith(ctx, url, Options{})
}

// OpenWith opens the store at url: "" for ./diplograph-data, a directory
// path or badger:///abs/path for embedded Badger v4, postgres://… or
// postgresql://… for PostgreSQL. It creates what is missing and recovers
// writes interrupted by a crash.
func OpenWith(ctx context.Context, url string, opt Options) (*Store, error) {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.MemTableSize <= 0 {
		opt.MemTableSize = DefaultMemTableSize
	}
	if opt.TxnFraction <= 0 || opt.TxnFraction > 1 {
		opt.TxnFraction = 0.6
	}
	s := &Store{log: opt.Logger.With("component", "graph"), opt: opt, closed: make(chan struct{})}
	var err error
	switch {
	case url == "":
		err = s.openBadger(DefaultPath)
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		err = s.openPostgres(ctx, url)
	case strings.HasPrefix(url, "badger://"):
		p := strings.TrimPrefix(url, "badger://")
		if !strings.HasPrefix(p, "/") && !opt.InMemory {
			return nil, dg.Errorf(dg.EInvalid, "open store: badger url %q: want badger:///absolute/path", url)
		}
		err = s.openBadger(p)
	case strings.Contains(url, "://"):
		return nil, dg.Errorf(dg.EInvalid, "open store: unsupported url %q (want a directory, badger:///path or postgres://…)", url)
	default:
		err = s.openBadger(url)
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", redact(url), err)
	}
	if err := s.recoverPending(ctx); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("open store %s: recover: %w", redact(url), err)
	}
	s.log.Debug("store open", "backend", s.backend)
	return s, nil
}

// redact hides a password in a URL for messages.
func redact(url string) string {
	if i := strings.Index(url, "://"); i >= 0 {
		rest := url[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			cred := rest[:at]
			if c := strings.Index(cred, ":"); c >= 0 {
				return url[:i+3] + cred[:c] + ":***" + rest[at:]
			}
		}
	}
	return url
}

// cayleyInitMu guards cayleykv.DefaultQuadIndexes while a new Cayley
// database is initialised with our index list.
var cayleyInitMu sync.Mutex

// quadIndexes are the Cayley kv indexes of a new Badger store. Cayley keeps
// one list of quad ids per index key and rewrites the whole list on every
// transaction that adds to it; with its default (subject, predicate) and
// (object, predicate, subject) indexes, the facts every article restates
// about a hub actor (<country:USA> <dg:name> "United States") make lists
// that grow with the number of articles, and loading slows down
// quadratically. Indexes that end with the label make every key unique to
// one quad, so writes never rewrite a list; prefix scans still serve
// lookups by subject, subject and predicate, object, object and predicate.
// The label index lists an article's quads (one list per article, written
// once) for re-writes, recovery and Reindex.
var quadIndexes = []cayleykv.QuadIndex{
	// Not marked Unique: Cayley's duplicate check then skips the lookup and
	// takes every quad whose nodes exist for a duplicate.
	{Dirs: []quad.Direction{quad.Subject, quad.Predicate, quad.Object, quad.Label}},
	{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject, quad.Label}},
	{Dirs: []quad.Direction{quad.Label}},
}

// cayleyOptions are the options of the Cayley kv store: no in-memory bloom
// filter of existing quads (it costs ~100 MB and a full scan at open, and
// every quad of a new article is new anyway, since its label is).
func cayleyOptions() cgraph.Options { return cgraph.Options{cayleykv.OptNoBloom: true} }

func (s *Store) openBadger(path string) error {
	s.backend = BackendBadger
	if !s.opt.InMemory {
		if err := os.MkdirAll(path, 0o700); err != nil {
			return fmt.Errorf("create directory: %w", err)
		}
	}
	db, err := badger4.Open(path, badger4.Options{
		InMemory:       s.opt.InMemory,
		SyncWrites:     s.opt.SyncWrites,
		MemTableSize:   s.opt.MemTableSize,
		BlockCacheSize: s.opt.BlockCacheSize,
		NumMemtables:   s.opt.NumMemtables,
		NumCompactors:  s.opt.NumCompactors,
		Logger:         s.opt.Logger,
	})
	if err != nil {
		return err
	}
	s.bdb = db
	cayleyInitMu.Lock()
	saved := cayleykv.DefaultQuadIndexes
	cayleykv.DefaultQuadIndexes = quadIndexes
	qs, err := badger4.NewQuadStore(db, cayleyOptions())
	cayleykv.DefaultQuadIndexes = saved
	cayleyInitMu.Unlock()
	if err != nil {
		_ = db.Close()
		return err
	}
	s.qs = qs
	s.idx = db
	s.pfx = []byte(badger4.IndexPrefix)
	if !s.opt.InMemory && s.opt.GCInterval >= 0 {
		interval := s.opt.GCInterval
		if interval == 0 {
			interval = DefaultGCInterval
		}
		s.gcDone.Add(1)
		go s.collectGarbage(interval)
	}
	return nil
}

// collectGarbage reclaims Badger value-log space every interval until the
// store closes.
func (s *Store) collectGarbage(interval time.Duration) {
	defer s.gcDone.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.closed
		cancel()
	}()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.closed:
			return
		case <-t.C:
		}
		n, err := s.bdb.CollectGarbage(ctx, gcDiscardRatio)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Warn("value-log garbage collection", "err", err)
		case n > 0:
			s.log.Info("value-log garbage collected", "files", n)
		}
		if s.opt.afterGC != nil {
			s.opt.afterGC(n, err)
		}
	}
}

func (s *Store) openPostgres(ctx context.Context, raw string) error {
	s.backend = BackendPostgres
	url, app, err := pgURL(raw)
	if err != nil {
		return err
	}
	s.pgApp = app
	if err := cgraph.InitQuadStore("postgres", url, nil); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		return fmt.Errorf("initialise cayley: %w", err)
	}
	qs, err := cgraph.NewQuadStore("postgres", url, nil)
	if err != nil {
		return fmt.Errorf("open cayley: %w", err)
	}
	db, err := sql.Open("postgres", url)
	if err != nil {
		qs.Close()
		return err
	}
	fail := func(err error) error {
		qs.Close()
		db.Close()
		return err
	}
	// Cayley's SQL schema has no index on labels; the quads of an article
	// are read by label on re-writes, recovery and Reindex.
	if _, err := db.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS dg_quads_label ON quads (label_hash)`); err != nil {
		return fail(fmt.Errorf("create label index: %w", err))
	}
	kv, err := pgkv.Open(ctx, db, pgkv.DefaultTable)
	if err != nil {
		return fail(err)
	}
	s.qs = qs
	s.pg = db
	s.idx = kv
	return nil
}

// Close closes the store. It waits for a write in progress.
func (s *Store) Close() error {
	var err error
	s.closeOnce.Do(func() {
		s.wmu.Lock()
		defer s.wmu.Unlock()
		close(s.closed)
		s.gcDone.Wait()
		s.qsMu.Lock()
		if s.qs != nil {
			err = s.qs.Close()
		}
		s.qsMu.Unlock()
		if s.bdb != nil {
			err = errors.Join(err, s.bdb.Close())
		}
		if s.idx != nil && s.pg != nil {
			err = errors.Join(err, s.idx.Close(), s.pg.Close())
		}
	})
	if err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

func (s *Store) checkOpen() error {
	select {
	case <-s.closed:
		return dg.Errorf(dg.EInvalid, "store is closed")
	default:
		return nil
	}
}

// Backend names the storage backend: "badger4" or "postgres".
func (s *Store) Backend() string { return s.backend }

// QuadStore returns the underlying Cayley quad store, for Gizmo and general
// traversals; do not write through it. On Badger the store replaces this
// handle after writes that delete quads (Cayley's kv layer caches node ids
// that such writes can leave stale), so call QuadStore for each query
// rather than keeping the value.
func (s *Store) QuadStore() cgraph.QuadStore {
	s.qsMu.RLock()
	defer s.qsMu.RUnlock()
	return s.qs
}

// resetCayley replaces the Cayley handle used for reading (Badger), whose
// cache of node ids may be stale after a write deleted nodes.
func (s *Store) resetCayley() {
	if s.bdb == nil {
		return
	}
	qs, err := badger4.NewQuadStore(s.bdb, cayleyOptions())
	if err != nil {
		s.log.Error("reopen cayley after failed write", "err", err)
		return
	}
	s.qsMu.Lock()
	old := s.qs
	s.qs = qs
	s.qsMu.Unlock()
	_ = old.Close() // borrowed: leaves the database open
}

// view runs fn in a read-only index transaction.
func (s *Store) view(ctx context.Context, fn func(t *itx) error) error {
	if err := s.checkOpen(); err != nil {
		return err
	}
	tx, err := s.idx.Tx(ctx, false)
	if err != nil {
		return err
	}
	defer tx.Close()
	return fn(&itx{ctx: ctx, tx: tx, pfx: s.pfx})
}

// update runs fn in a read-write index transaction and commits it.
func (s *Store) update(ctx context.Context, fn func(t *itx) error) error {
	tx, err := s.idx.Tx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Close()
	if err := fn(&itx{ctx: ctx, tx: tx, pfx: s.pfx}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// prepared is an article ready to be written.
type prepared struct {
	id       string
	n        *normArticle
	quads    []quad.Quad
	hash     string
	old      *articleRec // nil when new
	oldQuads []quad.Quad
	res      WriteResult
}

// WriteArticle writes one article's quads and index entries atomically. An
// article stored with the same content is skipped (Unchanged); a changed
// one replaces the stored version (Replaced).
func (s *Store) WriteArticle(ctx context.Context, c *dg.Coded) (WriteResult, error) {
	rs, err := s.WriteBatch(ctx, []*dg.Coded{c})
	if err != nil {
		return WriteResult{}, err
	}
	return rs[0], nil
}

// WriteBatch writes several articles in one transaction: all of them or
// none. On Badger a batch larger than a transaction allows is split
// between articles into several transactions, each all-or-nothing; an
// article too big for one transaction is an EInvalid error and nothing of
// the batch is written. Results are in the order of cs.
func (s *Store) WriteBatch(ctx context.Context, cs []*dg.Coded) ([]WriteResult, error) {
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, c := range cs {
		if err := validate(c); err != nil {
			return nil, err
		}
		if seen[c.Article.ID] {
			return nil, dg.Errorf(dg.EInvalid, "write batch: article %s appears twice", c.Article.ID)
		}
		seen[c.Article.ID] = true
	}
	ps := make([]*prepared, len(cs))
	for i, c := range cs {
		p, err := prepare(c)
		if err != nil {
			return nil, err
		}
		ps[i] = p
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	// Skip unchanged articles, note replaced ones.
	err := s.view(ctx, func(t *itx) error {
		for _, p := range ps {
			b, err := t.get(key(tagArticle, p.id))
			if err != nil {
				return err
			}
			if b == nil {
				continue
			}
			if p.old, err = decodeArticle(b); err != nil {
				return fmt.Errorf("article record %s: %w", p.id, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("write batch: %w", err)
	}
	var todo []*prepared
	for _, p := range ps {
		p.res = WriteResult{ArticleID: p.id, Quads: len(p.quads), Events: len(p.n.Events)}
		if p.old != nil && p.old.Hash == p.hash {
			p.res.Unchanged = true
			p.res.Quads = 0
			continue
		}
		todo = append(todo, p)
	}
	// Cayley, not the index, says which quads an article has: the write
	// replaces exactly those. One lookup finds the articles Cayley knows.
	if len(todo) > 0 {
		qs := s.QuadStore()
		vals := make([]quad.Value, len(todo))
		for i, p := range todo {
			vals[i] = quad.IRI(p.id)
		}
		refs, err := cgraph.RefsOf(ctx, qs, vals)
		if err != nil {
			return nil, fmt.Errorf("write batch: look up articles: %w", err)
		}
		for i, p := range todo {
			if refs[i] == nil {
				continue
			}
			if v, ok := refs[i].(cayleykv.Int64Value); ok && v == 0 {
				continue
			}
			if p.oldQuads, err = readQuads(ctx, qs, qs.QuadIterator(quad.Label, refs[i])); err != nil {
				return nil, fmt.Errorf("write article %s: read stored quads: %w", p.id, err)
			}
			p.res.Replaced = len(p.oldQuads) > 0
		}
	}
	if len(todo) > 0 {
		chunks, err := s.plan(todo)
		if err != nil {
			return nil, err
		}
		if err := s.writeChunks(ctx, chunks); err != nil {
			return nil, err
		}
	}
	out := make([]WriteResult, len(ps))
	for i, p := range ps {
		out[i] = p.res
	}
	return out, nil
}

func prepare(c *dg.Coded) (*prepared, error) {
	qs := Quads(c)
	n, err := parseQuads(c.Article.ID, qs)
	if err != nil {
		return nil, dg.Errorf(dg.EInternal, "write article %s: %v", c.Article.ID, err)
	}
	return &prepared{id: c.Article.ID, n: n, quads: qs, hash: quadsHash(qs)}, nil
}

// Estimated cost of a quad in a Badger transaction. Measured on generated
// articles: Cayley writes 3.7 entries (190 bytes) per quad (a log entry per
// quad and per new node, index keys, node counters), our index 0.8 entries
// (80 bytes); the estimate keeps a margin, and a batch that still proves
// too big is split in two and retried.
const (
	estQuadEntries = 5
	estQuadBytes   = 300
)

func (p *prepared) cost() (entries, bytes int64) {
	for _, q := range append(p.quads, p.oldQuads...) {
		entries += estQuadEntries
		bytes += estQuadBytes + int64(len(q.Object.String())+len(q.Subject.String()))*2
	}
	return entries, bytes
}

// plan splits articles into transactions under Badger's limits.
func (s *Store) plan(ps []*prepared) ([][]*prepared, error) {
	if s.bdb == nil {
		return [][]*prepared{ps}, nil
	}
	maxBytes := int64(float64(s.bdb.MaxBatchSize()) * s.opt.TxnFraction)
	maxEntries := int64(float64(s.bdb.MaxBatchCount()) * s.opt.TxnFraction)
	for _, p := range ps {
		e, b := p.cost()
		if b > s.bdb.MaxBatchSize() || e > s.bdb.MaxBatchCount() {
			return nil, tooBig(p.id, len(p.quads), s.bdb.MaxBatchSize())
		}
	}
	var (
		out    [][]*prepared
		cur    []*prepared
		ce, cb int64
	)
	for _, p := range ps {
		e, b := p.cost()
		if len(cur) > 0 && (ce+e > maxEntries || cb+b > maxBytes) {
			out = append(out, cur)
			cur, ce, cb = nil, 0, 0
		}
		cur = append(cur, p)
		ce += e
		cb += b
	}
	return append(out, cur), nil
}

func tooBig(id string, quads int, limit int64) error {
	return dg.Errorf(dg.EInvalid, "write article %s: too big for one transaction (%d quads; the store's transaction limit is %d bytes): nothing written", id, quads, limit)
}

func ids(ps []*prepared) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.id
	}
	return out
}

func articleList(ids []string) string {
	if len(ids) == 1 {
		return "article " + ids[0]
	}
	return fmt.Sprintf("%d articles (%s…)", len(ids), ids[0])
}

// errSplit says a chunk is too big for one Badger transaction and holds
// more than one article: write it in halves.
var errSplit = errors.New("chunk too big for one transaction")

// writeChunk writes articles in one Cayley transaction and one index
// transaction, with pending markers around them.
func (s *Store) writeChunk(ctx context.Context, ps []*prepared) error {
	unlock, err := s.writerLock(ctx)
	if err != nil {
		return fmt.Errorf("write %s: %w", articleList(ids(ps)), err)
	}
	locked := true
	defer func() {
		if locked {
			unlock()
		}
	}()
	deltas, err := s.cayleyChunk(ctx, ps)
	if err == errSplit {
		unlock() // the halves take it again
		locked = false
		s.log.Debug("batch too big, splitting", "articles", len(ps))
		h := len(ps) / 2
		if err := s.writeChunk(ctx, ps[:h]); err != nil {
			return err
		}
		return s.writeChunk(ctx, ps[h:])
	}
	if err != nil {
		return err
	}
	if err := s.indexChunk(ctx, ps); err != nil {
		return s.undoChunks(ctx, []chunkJob{{ps, deltas}}, err)
	}
	return nil
}

// cayleyChunk marks articles pending and writes them to Cayley in one
// transaction; nothing is left of them when it fails. It returns the
// deltas written, errSplit when the chunk must be halved.
func (s *Store) cayleyChunk(ctx context.Context, ps []*prepared) ([]cgraph.Delta, error) {
	names := ids(ps)
	what := articleList(names)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("write %s: %w", what, err)
	}
	var deltas []cgraph.Delta
	for _, p := range ps {
		deltas = append(deltas, diffDeltas(p.oldQuads, p.quads)...)
	}
	if err := s.mark(ctx, names); err != nil {
		return nil, fmt.Errorf("write %s: mark pending: %w", what, err)
	}
	if err := s.applyDeltas(ctx, deltas); err != nil {
		if cerr := s.unmark(context.WithoutCancel(ctx), names); cerr != nil {
			s.log.Error("clear pending markers after failed write", "articles", names, "err", cerr)
		}
		if isTooBig(err) {
			if len(ps) > 1 {
				return nil, errSplit
			}
			return nil, tooBig(ps[0].id, len(ps[0].quads), s.bdb.MaxBatchSize())
		}
		return nil, fmt.Errorf("write %s: cayley: %w", what, err)
	}
	return deltas, nil
}

// indexChunk applies articles Cayley committed to the index and clears
// their markers. It finishes even if ctx ends meanwhile.
func (s *Store) indexChunk(ctx context.Context, ps []*prepared) error {
	var err error
	if s.afterCayley != nil {
		err = s.afterCayley(ids(ps))
	}
	if err == nil {
		err = s.indexArticles(context.WithoutCancel(ctx), ps)
	}
	if err != nil {
		return fmt.Errorf("write %s: index: %w", articleList(ids(ps)), err)
	}
	return nil
}

// chunkJob is a chunk committed to Cayley, with the deltas written.
type chunkJob struct {
	ps     []*prepared
	deltas []cgraph.Delta
}

// undoChunks undoes chunks committed to Cayley whose indexing failed (with
// cause), latest first, and makes the index agree with Cayley again.
func (s *Store) undoChunks(ctx context.Context, jobs []chunkJob, cause error) error {
	ictx := context.WithoutCancel(ctx)
	for i := len(jobs) - 1; i >= 0; i-- {
		names := ids(jobs[i].ps)
		if cerr := s.applyDeltas(ictx, invertDeltas(jobs[i].deltas)); cerr != nil {
			s.log.Error("undo cayley write after index failure; the index is rebuilt from cayley at next open",
				"articles", names, "err", cerr)
			return fmt.Errorf("%w (undo failed: %v)", cause, cerr)
		}
		if rerr := s.rebuildArticles(ictx, names); rerr != nil {
			s.log.Error("rebuild index after failed write; retried at next open", "articles", names, "err", rerr)
		}
	}
	return cause
}

// writeChunks writes chunks in order, each all-or-nothing. On Badger it
// indexes chunk k while Cayley writes chunk k+1: the index transaction of a
// chunk still commits after its Cayley transaction and clears its markers,
// so crash recovery is unchanged. When indexing fails, the failed chunk
// and the one Cayley committed after it are undone; earlier chunks stay.
func (s *Store) writeChunks(ctx context.Context, chunks [][]*prepared) error {
	if s.bdb == nil || len(chunks) == 1 {
		for _, ch := range chunks {
			if err := s.writeChunk(ctx, ch); err != nil {
				return err
			}
		}
		return nil
	}
	jobs := make(chan chunkJob)
	type outcome struct {
		err       error
		unindexed []chunkJob // committed to Cayley, not indexed
	}
	done := make(chan outcome, 1)
	var failed atomic.Bool
	go func() {
		var o outcome
		for j := range jobs {
			if o.err == nil {
				if o.err = s.indexChunk(ctx, j.ps); o.err == nil {
					continue
				}
				failed.Store(true)
			}
			o.unindexed = append(o.unindexed, j)
		}
		done <- o
	}()
	finish := func() outcome {
		close(jobs)
		return <-done
	}
	for i, ch := range chunks {
		if failed.Load() {
			break
		}
		s.log.Debug("write chunk", "articles", len(ch))
		deltas, err := s.cayleyChunk(ctx, ch)
		if err == errSplit {
			// Finish the pipeline, then go on one chunk at a time.
			if o := finish(); o.err != nil {
				return s.undoChunks(ctx, o.unindexed, o.err)
			}
			for _, rest := range chunks[i:] {
				if err := s.writeChunk(ctx, rest); err != nil {
					return err
				}
			}
			return nil
		}
		if err != nil {
			if o := finish(); o.err != nil {
				return s.undoChunks(ctx, o.unindexed, o.err)
			}
			return err
		}
		jobs <- chunkJob{ch, deltas}
	}
	if o := finish(); o.err != nil {
		return s.undoChunks(ctx, o.unindexed, o.err)
	}
	return nil
}

// isTooBig reports whether err says a Badger transaction grew too big
// (Cayley sometimes formats errors with %v, losing the chain).
func isTooBig(err error) bool {
	return errors.Is(err, badger4.ErrTxnTooBig) || strings.Contains(err.Error(), "transaction too big") ||
		strings.Contains(err.Error(), "Txn is too big")
}

// diffDeltas turns an article's old and new quads into Cayley deltas.
func diffDeltas(old, new []quad.Quad) []cgraph.Delta {
	if len(old) == 0 {
		out := make([]cgraph.Delta, len(new))
		for i, q := range new {
			out[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
		}
		return out
	}
	have := make(map[string]bool, len(old))
	for _, q := range old {
		have[q.NQuad()] = true
	}
	want := make(map[string]bool, len(new))
	var out []cgraph.Delta
	for _, q := range new {
		k := q.NQuad()
		want[k] = true
		if !have[k] {
			out = append(out, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	for _, q := range old {
		if !want[q.NQuad()] {
			out = append(out, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
	}
	return out
}

func invertDeltas(ds []cgraph.Delta) []cgraph.Delta {
	out := make([]cgraph.Delta, len(ds))
	for i, d := range ds {
		d.Action = -d.Action
		out[i] = d
	}
	return out
}

func (s *Store) mark(ctx context.Context, ids []string) error {
	return s.update(ctx, func(t *itx) error {
		for _, id := range ids {
			if err := t.put(key(tagPending, id), nil); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) unmark(ctx context.Context, ids []string) error {
	return s.update(ctx, func(t *itx) error {
		for _, id := range ids {
			if err := t.del(key(tagPending, id)); err != nil {
				return err
			}
		}
		return nil
	})
}

// indexArticles applies written articles to the index and clears their
// markers, in one transaction; when that is too big for Badger, in one
// transaction per article.
func (s *Store) indexArticles(ctx context.Context, ps []*prepared) error {
	apply := func(t *itx, ps []*prepared) error {
		ix := newIndexer(t)
		for _, p := range ps {
			if _, err := ix.removeArticle(p.id); err != nil {
				return fmt.Errorf("article %s: %w", p.id, err)
			}
			if p.n != nil {
				if err := ix.addArticle(p.n, p.hash, len(p.quads)); err != nil {
					return fmt.Errorf("article %s: %w", p.id, err)
				}
			}
			if err := t.del(key(tagPending, p.id)); err != nil {
				return err
			}
		}
		if err := ix.flush(); err != nil {
			return err
		}
		return touch(t)
	}
	err := s.update(ctx, func(t *itx) error { return apply(t, ps) })
	if err == nil || !isTooBig(err) || len(ps) == 1 {
		return err
	}
	s.log.Debug("index transaction too big, indexing article by article", "articles", len(ps))
	for _, p := range ps {
		if err := s.update(ctx, func(t *itx) error { return apply(t, []*prepared{p}) }); err != nil {
			return err
		}
	}
	return nil
}

// touch records the time of the last write.
func touch(t *itx) error {
	var e enc
	e.svar(time.Now().UnixNano())
	return t.put(key(tagStat, "updated"), e.b)
}

// rebuildArticles makes the index entries of articles agree with the quads
// Cayley holds for them, one transaction per article, and clears their
// pending markers.
func (s *Store) rebuildArticles(ctx context.Context, ids []string) error {
	for _, id := range ids {
		qs, err := s.articleQuads(ctx, id)
		if err != nil {
			return fmt.Errorf("article %s: read quads: %w", id, err)
		}
		p := &prepared{id: id, quads: qs}
		if len(qs) > 0 {
			if p.n, err = parseQuads(id, qs); err != nil {
				return fmt.Errorf("article %s: %w", id, err)
			}
			p.hash = quadsHash(qs)
		}
		if err := s.indexArticles(ctx, []*prepared{p}); err != nil {
			return fmt.Errorf("article %s: %w", id, err)
		}
	}
	return nil
}

// recoverPending rebuilds the index entries of every article a crash left
// marked as pending.
func (s *Store) recoverPending(ctx context.Context) error {
	unlock, err := s.writerLock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if s.pg != nil {
		if err := pgWaitStale(ctx, s.pg, s.pgApp); err != nil {
			return err
		}
	}
	var pending []string
	err = s.view(ctx, func(t *itx) error {
		return t.scan(key(tagPending), nil, func(k, _ []byte) (bool, error) {
			pending = append(pending, strings.TrimSuffix(string(k[len(tagPending)+1:]), "\x00"))
			return true, nil
		})
	})
	if err != nil || len(pending) == 0 {
		return err
	}
	s.log.Warn("recovering interrupted writes", "articles", len(pending))
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.rebuildArticles(ctx, pending)
}

// articleQuads reads the quads labelled with an article from Cayley.
func (s *Store) articleQuads(ctx context.Context, id string) ([]quad.Quad, error) {
	qs := s.QuadStore()
	ref, err := qs.ValueOf(quad.IRI(id))
	if err != nil || ref == nil {
		return nil, err
	}
	return readQuads(ctx, qs, qs.QuadIterator(quad.Label, ref))
}

// readQuads reads the quads of an iterator, resolving their values in
// batches.
func readQuads(ctx context.Context, qs cgraph.QuadStore, sh iterator.Shape) ([]quad.Quad, error) {
	var out []quad.Quad
	err := eachQuads(ctx, qs, sh, func(b []quad.Quad) error {
		out = append(out, b...)
		return nil
	})
	return out, err
}

// eachQuads calls fn with the quads of an iterator, in batches whose values
// are resolved together.
func eachQuads(ctx context.Context, qs cgraph.QuadStore, sh iterator.Shape, fn func([]quad.Quad) error) error {
	it := sh.Iterate()
	defer it.Close()
	var out []quad.Quad
	var refs []cgraph.Ref
	flush := func() error {
		if len(refs) == 0 {
			return nil
		}
		nodes := make([]cgraph.Ref, 0, 4*len(refs))
		pos := map[any]int{}
		idx := make([][4]int, len(refs))
		for i, r := range refs {
			for j, d := range quad.Directions {
				n, err := qs.QuadDirection(r, d)
				if err != nil {
					return err
				}
				if n == nil {
					idx[i][j] = -1
					continue
				}
				k := n.Key()
				p, ok := pos[k]
				if !ok {
					p = len(nodes)
					pos[k] = p
					nodes = append(nodes, n)
				}
				idx[i][j] = p
			}
		}
		vals, err := cgraph.ValuesOf(ctx, qs, nodes)
		if err != nil {
			return err
		}
		for i := range refs {
			var q quad.Quad
			for j, d := range quad.Directions {
				if idx[i][j] >= 0 {
					q.Set(d, vals[idx[i][j]])
				}
			}
			if q.Subject == nil || q.Predicate == nil || q.Object == nil {
				return fmt.Errorf("quad %v: a value is missing", q)
			}
			out = append(out, q)
		}
		refs = refs[:0]
		err = fn(out)
		out = out[:0]
		return err
	}
	for it.Next(ctx) {
		refs = append(refs, it.Result())
		if len(refs) == 512 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := it.Err(); err != nil {
		return err
	}
	return flush()
}

// HasArticle reports whether the article is stored.
func (s *Store) HasArticle(ctx context.Context, id string) (bool, error) {
	var ok bool
	err := s.view(ctx, func(t *itx) error {
		v, err := t.get(key(tagArticle, id))
		ok = v != nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("has article %s: %w", id, err)
	}
	return ok, nil
}

// DeleteArticle removes an article: its quads, its mentions and index
// entries; events and actors only it asserted go with it. It returns false
// when the article is absent.
func (s *Store) DeleteArticle(ctx context.Context, id string) (bool, error) {
	if err := s.checkOpen(); err != nil {
		return false, err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	ok, err := s.HasArticle(ctx, id)
	if err != nil || !ok {
		return false, err
	}
	old, err := s.articleQuads(ctx, id)
	if err != nil {
		return false, fmt.Errorf("delete article %s: read quads: %w", id, err)
	}
	p := &prepared{id: id, oldQuads: old}
	if err := s.writeChunk(ctx, []*prepared{p}); err != nil {
		return false, fmt.Errorf("delete article %s: %w", id, err)
	}
	return true, nil
}

// ExportQuads writes every quad of the graph to w.
func (s *Store) ExportQuads(ctx context.Context, w quad.Writer) error {
	if err := s.checkOpen(); err != nil {
		return err
	}
	qs := s.QuadStore()
	err := eachQuads(ctx, qs, qs.QuadsAllIterator(), func(b []quad.Quad) error {
		_, err := w.WriteQuads(b)
		return err
	})
	if err != nil {
		return fmt.Errorf("export quads: %w", err)
	}
	return nil
}
