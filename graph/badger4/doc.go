// Package badger4 is a Badger v4 storage backend for Cayley.
//
// The package has three layers:
//
//   - [DB], [Tx] and [Iterator] implement hidalgo's flat key-value interface
//     (github.com/hidal-go/hidalgo/kv/flat) directly over
//     github.com/dgraph-io/badger/v4. [DB.Badger] exposes the underlying
//     *badger.DB so that callers can keep their own keys (under [IndexPrefix])
//     in the same database as the graph.
//   - [Register] makes the backend available to Cayley under the name
//     "badger4" (see [Name]), so graph.NewQuadStore("badger4", path, opts)
//     works. The package calls Register from its init function.
//   - [OpenQuadStore] and [NewQuadStore] build a Cayley kv QuadStore over a
//     [DB] and give the caller both the QuadStore and the raw database.
//
// # Key layout
//
// Cayley's kv layer talks to a hierarchical key-value store; flat.Upgrade
// turns each hierarchical key into one flat key by joining its parts with '/'
// and escaping '/' and '\' inside a part with a leading '\'. Cayley's
// graph/kv package writes only keys whose first part is one of
//
//	"meta"                 version, size, horizon, index list
//	"log"                  quad and node primitives by 8-byte id
//	"sp", "ops"            the default quad indexes (direction letters
//	                       's', 'p', 'o', 'c'; other orders are possible only
//	                       through the CAYLEY_KV_INDEXES environment variable)
//	'v', h0, h1            value hash -> node id (h0, h1 arbitrary bytes)
//	'n', h0, h1            value hash -> node reference count
//
// plus the "bucket" markers written by hidalgo's kv.CreateBucket, which are
// the same first parts followed by a single '/'. Every flat key Cayley
// writes therefore starts with one of the bytes 'm', 'l', 's', 'p', 'o',
// 'c', 'v' or 'n'. [IndexPrefix] starts with '~', so keys under it can never
// collide with Cayley's keys; the tests check this after writing a graph.
// Badger reserves keys starting with "!badger!" for itself.
//
// # Transaction size
//
// Badger keeps a whole transaction in memory and refuses to grow it beyond a
// limit derived from the memtable size: a transaction fails once its
// estimated size reaches 15% of Options.MemTableSize bytes or its entry count
// reaches that size divided by Badger's skiplist node size (96 bytes on
// 64-bit platforms). With [DefaultMemTableSize] (128 MiB) that is
// 20,132,659 bytes or 209,715 entries; [DB.MaxBatchSize] and
// [DB.MaxBatchCount] report the limits of an open database. An entry counts
// as len(key)+len(value)+12 bytes if the value is smaller than the value
// threshold (1 KiB on disk, see [Open]) and as len(key)+24 bytes otherwise.
// A write that would exceed the limit fails with an error matching
// [ErrTxnTooBig]; the transaction is then poisoned and can only be discarded,
// so a too-big transaction is never committed in part.
//
// Cayley writes one transaction per QuadStore.ApplyDeltas call (that is, per
// QuadWriter.AddQuadSet or ApplyTransaction). Measured on article-like data,
// a new quad costs about 8 entries and 320 bytes of the budget (node,
// reference count, log and index entries, and meta counters rewritten per
// quad), so the default limits allow roughly 25,000 new quads per
// transaction. Cayley's bulk loader (QuadStore.NewQuadWriter, used by
// "cayley load") commits only every 200,000 quads, which needs a
// MemTableSize of 1 GiB.
//
// After a failed write, Cayley's QuadStore holds stale caches; replace it as
// described at [NewQuadStore].
//
// Values of 1 KiB or more live in Badger's value log on disk. Badger does not
// reclaim the space of overwritten values by itself: call
// DB.Badger().RunValueLogGC periodically in long-running writers.
//
// # Errors
//
// flat.ErrNotFound, flat.ErrReadOnly and flat.ErrConflict are returned
// unwrapped, because hidalgo and Cayley compare them with ==. All other
// errors are wrapped with context and can be tested with errors.Is.
package badger4
