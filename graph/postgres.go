package graph

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"time"
)

// PostgreSQL specifics: every connection the store opens is tagged with
// application_name (pgAppName unless the URL sets one), writes hold a
// session advisory lock, and recovery at Open takes that lock and then waits
// for transactions that tagged sessions began earlier: a writer killed while
// committing leaves its server process finishing the commit, and recovery
// must see the result.

const (
	pgAppName = "diplograph"
	// pgLockKey is the advisory lock writers hold ("dgwrite").
	pgLockKey = 0x6467777269746500
	// pgStaleWait bounds the wait for a dead writer's transactions.
	pgStaleWait = time.Minute
)

// pgURL returns url with application_name set, and that name.
func pgURL(raw string) (string, string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", fmt.Errorf("parse url: %w", err)
	}
	q := u.Query()
	name := q.Get("application_name")
	if name == "" {
		name = pgAppName
		q.Set("application_name", name)
		u.RawQuery = q.Encode()
	}
	return u.String(), name, nil
}

// pgLock takes the writers' advisory lock on a connection of its own and
// returns the function that releases it.
func pgLock(ctx context.Context, db *sql.DB) (func(), error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("writer lock: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(pgLockKey)); err != nil {
		conn.Close()
		return nil, fmt.Errorf("writer lock: %w", err)
	}
	return func() {
		if _, err := conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(pgLockKey)); err != nil {
			_ = conn.Raw(func(any) error { return err }) // drop the connection: the session ends, the lock goes
		}
		conn.Close()
	}, nil
}

// pgWaitStale waits until no other session tagged app has a transaction
// that began before now.
func pgWaitStale(ctx context.Context, db *sql.DB, app string) error {
	var since time.Time
	if err := db.QueryRowContext(ctx, `SELECT clock_timestamp()`).Scan(&since); err != nil {
		return err
	}
	deadline := time.Now().Add(pgStaleWait)
	for {
		var n int
		err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()
			AND xact_start IS NOT NULL AND xact_start < $2 AND state <> 'idle'`, app, since).Scan(&n)
		if err != nil {
			return fmt.Errorf("look for unfinished transactions: %w", err)
		}
		if n == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d transactions of earlier sessions still open after %v", n, pgStaleWait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// writerLock serialises writers across processes (PostgreSQL); a no-op on
// Badger, which one process opens at a time.
func (s *Store) writerLock(ctx context.Context) (func(), error) {
	if s.pg == nil {
		return func() {}, nil
	}
	return pgLock(ctx, s.pg)
}
