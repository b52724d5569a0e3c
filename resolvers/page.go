package resolvers

import (
	"context"
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/resolvers/model"
)

// MaxPageSize bounds every `first` argument; larger values are refused
// with a BAD_USER_INPUT error.
const MaxPageSize = 500

// DefaultPageSize is the page size when `first` is null.
const DefaultPageSize = 50

// pageSize validates a `first` argument.
func pageSize(first *int, def int) (int, error) {
	if first == nil {
		return def, nil
	}
	n := *first
	switch {
	case n < 0:
		return 0, dg.Errorf(dg.EInvalid, "first must not be negative, got %d", n)
	case n > MaxPageSize:
		return 0, dg.Errorf(dg.EInvalid, "first must be at most %d, got %d", MaxPageSize, n)
	}
	return n, nil
}

// A cursor, as clients see it, is opaque: base64url of either
//
//	"c:" + a store cursor            (resume after that store cursor)
//	"o:" + n + ":" + a store cursor  (resume n items past that store cursor)
//
// The store gives one cursor per page (after its last item); the edges
// before the last are addressed by an offset from the cursor the page
// started at, so that every edge has a cursor as Relay requires.
type cursor struct {
	after string // store cursor; "" for the start
	skip  int    // items to drop past after
}

func (c cursor) String() string {
	var s string
	if c.skip == 0 {
		s = "c:" + c.after
	} else {
		s = "o:" + strconv.Itoa(c.skip) + ":" + c.after
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

func parseCursor(after *string) (cursor, error) {
	if after == nil || *after == "" {
		return cursor{}, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*after)
	if err != nil {
		return cursor{}, dg.Errorf(dg.EInvalid, "invalid cursor %q", *after)
	}
	s := string(raw)
	switch {
	case strings.HasPrefix(s, "c:"):
		return cursor{after: s[2:]}, nil
	case strings.HasPrefix(s, "o:"):
		n, rest, ok := strings.Cut(s[2:], ":")
		skip, err := strconv.Atoi(n)
		if ok && err == nil && skip > 0 && skip <= MaxPageSize {
			return cursor{after: rest, skip: skip}, nil
		}
	}
	return cursor{}, dg.Errorf(dg.EInvalid, "invalid cursor %q", *after)
}

// storePage is the store page to ask for to serve first items after c.
func (c cursor) storePage(first int) graph.Page {
	n := first + c.skip
	if first == 0 {
		n = c.skip + 1 // one item, for hasNextPage and totalCount
	}
	return graph.Page{First: n, After: c.after}
}

// window cuts a store page of length n down to what the client asked for:
// the indexes [lo, hi) to serve and whether more follow.
func (c cursor) window(n, first int, storeHasNext bool) (lo, hi int, hasNext bool) {
	lo = min(c.skip, n)
	hi = min(lo+first, n)
	return lo, hi, hi < n || storeHasNext
}

// edgeCursor is the cursor of item i (0-based in the store page) of a page
// fetched from c whose store end cursor is end and length n.
func (c cursor) edgeCursor(i, n int, end string) string {
	if i == n-1 && end != "" {
		return cursor{after: end}.String()
	}
	return cursor{after: c.after, skip: i + 1}.String()
}

// request parses a connection's first and after arguments into the store
// page to fetch.
func request(first *int, after *string, def int) (n int, c cursor, err error) {
	if n, err = pageSize(first, def); err != nil {
		return 0, cursor{}, err
	}
	c, err = parseCursor(after)
	return n, c, err
}

// window is the part of a store page a client asked for: its items, the
// cursor of each, and the page info.
type window[T any] struct {
	items   []T
	cursors []string
	info    *model.PageInfo
}

// cut serves first items of a store page fetched from c (items, its end
// cursor and whether the store has more).
func cut[T any](c cursor, first int, items []T, end string, storeHasNext bool) window[T] {
	lo, hi, hasNext := c.window(len(items), first, storeHasNext)
	w := window[T]{items: items[lo:hi], cursors: make([]string, 0, hi-lo),
		info: &model.PageInfo{HasNextPage: hasNext, HasPreviousPage: c.after != "" || c.skip > 0}}
	for i := lo; i < hi; i++ {
		w.cursors = append(w.cursors, c.edgeCursor(i, len(items), end))
	}
	if len(w.cursors) > 0 {
		start, last := w.cursors[0], w.cursors[len(w.cursors)-1]
		w.info.StartCursor, w.info.EndCursor = &start, &last
	}
	return w
}

// eventConnection fetches the page of events the arguments ask for and maps it.
func (r *Resolver) eventConnection(ctx context.Context, fetch func(graph.Page) (graph.EventPage, error), first *int, after *string, def int) (*model.EventConnection, error) {
	n, c, err := request(first, after, def)
	if err != nil {
		return nil, err
	}
	p, err := fetch(c.storePage(n))
	if err != nil {
		return nil, err
	}
	w := cut(c, n, p.Events, p.EndCursor, p.HasNext)
	nodes, err := r.eventsOut(ctx, w.items, "nodes", "edges.node")
	if err != nil {
		return nil, err
	}
	conn := &model.EventConnection{Edges: make([]model.EventEdge, len(nodes)), Nodes: nodes, PageInfo: w.info, TotalCount: p.TotalCount}
	for i := range nodes {
		conn.Edges[i] = model.EventEdge{Cursor: w.cursors[i], Node: &nodes[i]}
	}
	return conn, nil
}

// actorConnection fetches the page of actors the arguments ask for and maps it.
func actorConnection(fetch func(graph.Page) (graph.ActorPage, error), first *int, after *string) (*model.ActorConnection, error) {
	n, c, err := request(first, after, DefaultPageSize)
	if err != nil {
		return nil, err
	}
	p, err := fetch(c.storePage(n))
	if err != nil {
		return nil, err
	}
	w := cut(c, n, p.Actors, p.EndCursor, p.HasNext)
	conn := &model.ActorConnection{Edges: make([]model.ActorEdge, len(w.items)), Nodes: w.items, PageInfo: w.info, TotalCount: p.TotalCount}
	for i := range w.items {
		conn.Edges[i] = model.ActorEdge{Cursor: w.cursors[i], Node: &w.items[i]}
	}
	return conn, nil
}

var isoPrefix = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// checkDate validates an inclusive ISO date prefix argument.
func checkDate(name string, v *string) (string, error) {
	if v == nil || *v == "" {
		return "", nil
	}
	if !isoPrefix.MatchString(*v) {
		return "", dg.Errorf(dg.EInvalid, "%s: want an ISO date prefix like 2014, 2014-05 or 2014-05-01, got %q", name, *v)
	}
	return *v, nil
}

// checkFilter validates and copies a filter argument; nil means no filter.
func checkFilter(f *graph.EventFilter) (graph.EventFilter, error) {
	if f == nil {
		return graph.EventFilter{}, nil
	}
	out := *f
	var err error
	if out.From, err = checkDate("from", &f.From); err != nil {
		return out, err
	}
	if out.To, err = checkDate("to", &f.To); err != nil {
		return out, err
	}
	if out.From != "" && out.To != "" && out.From > out.To && !strings.HasPrefix(out.From, out.To) {
		return out, dg.Errorf(dg.EInvalid, "from %s is after to %s", out.From, out.To)
	}
	for _, q := range out.QuadClass {
		if q < 1 || q > 4 {
			return out, dg.Errorf(dg.EInvalid, "quadClass must be 1 to 4, got %d", q)
		}
	}
	for _, s := range out.Statuses {
		if !s.Valid() {
			return out, dg.Errorf(dg.EInvalid, "unknown status %q", s)
		}
	}
	out.MaxResults = 0
	return out, nil
}
