package graph

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	dg "github.com/diplograph/diplograph"
)

// DefaultMaxResults bounds the events a Counts query may scan when no
// rollup answers it, unless EventFilter.MaxResults says otherwise.
const DefaultMaxResults = 2_000_000

// matcher matches one side of an event: an actor, or every actor of a
// country.
type matcher struct {
	actor   string
	country string
}

func (m matcher) src(s *summary) bool {
	if m.country != "" {
		return s.SrcCountry == m.country
	}
	return s.Src == m.actor
}

func (m matcher) tgt(s *summary) bool {
	if m.country != "" {
		return s.TgtCountry == m.country
	}
	return s.Tgt == m.actor
}

func (m matcher) scope() string {
	if m.country != "" {
		return scopeCountry(m.country)
	}
	return scopeActor(m.actor)
}

// isCountryCode reports whether s looks like an ISO alpha-3 code.
func isCountryCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return s != "IGO" && s != "NGO"
}

// resolveMatcher resolves a filter entry; ok is false when no actor
// matches it.
func resolveMatcher(t *itx, entry string) (matcher, bool, error) {
	switch {
	case strings.HasPrefix(entry, PrefixCountry):
		return matcher{country: strings.TrimPrefix(entry, PrefixCountry)}, true, nil
	case isCountryCode(entry):
		return matcher{country: entry}, true, nil
	case strings.HasPrefix(entry, PrefixActor):
		return matcher{actor: entry}, true, nil
	}
	a, err := resolveActor(t, entry)
	if err != nil || a == nil {
		return matcher{}, false, err
	}
	if a.Kind == dg.KindCountry && a.Country != "" {
		return matcher{country: a.Country}, true, nil
	}
	return matcher{actor: a.ID}, true, nil
}

// evFilter is an EventFilter resolved against the index.
type evFilter struct {
	actors     []matcher
	src, tgt   *matcher
	from, to   string
	roots      map[string]bool
	codes      map[string]bool
	quadClass  map[int]bool
	statuses   map[dg.Status]bool
	article    string
	none       bool // an actor did not resolve: nothing matches
	maxResults int
}

func resolveFilter(t *itx, f EventFilter) (*evFilter, error) {
	ef := &evFilter{from: f.From, to: f.To, article: f.ArticleID, maxResults: f.MaxResults}
	if ef.maxResults <= 0 {
		ef.maxResults = DefaultMaxResults
	}
	for _, d := range []struct{ name, v string }{{"From", f.From}, {"To", f.To}} {
		if d.v != "" && !validDate(d.v) {
			return nil, dg.Errorf(dg.EInvalid, "event filter: %s: want YYYY, YYYY-MM or YYYY-MM-DD, got %q", d.name, d.v)
		}
	}
	for _, a := range f.Actors {
		m, ok, err := resolveMatcher(t, a)
		if err != nil {
			return nil, err
		}
		if !ok {
			ef.none = true
		}
		ef.actors = append(ef.actors, m)
	}
	for _, side := range []struct {
		v   string
		dst **matcher
	}{{f.Source, &ef.src}, {f.Target, &ef.tgt}} {
		if side.v == "" {
			continue
		}
		m, ok, err := resolveMatcher(t, side.v)
		if err != nil {
			return nil, err
		}
		if !ok {
			ef.none = true
		}
		*side.dst = &m
	}
	if len(f.Roots) > 0 {
		ef.roots = map[string]bool{}
		for _, r := range f.Roots {
			ef.roots[r] = true
		}
	}
	if len(f.Codes) > 0 {
		ef.codes = map[string]bool{}
		for _, c := range f.Codes {
			ef.codes[c] = true
		}
	}
	if len(f.QuadClass) > 0 {
		ef.quadClass = map[int]bool{}
		for _, q := range f.QuadClass {
			ef.quadClass[q] = true
		}
	}
	if len(f.Statuses) > 0 {
		ef.statuses = map[dg.Status]bool{}
		for _, st := range f.Statuses {
			if !st.Valid() {
				return nil, dg.Errorf(dg.EInvalid, "event filter: Statuses: unknown status %q", st)
			}
			ef.statuses[st] = true
		}
	}
	return ef, nil
}

// inRange reports whether a date is within [from, to], both inclusive ISO
// prefixes: "2014-05" to "2014-06" holds "2014-05", "2014-05-03" and
// "2014-06-30" but not "2014" (a date known only to the year sorts before
// its months).
func (f *evFilter) inRange(date string) bool {
	return (f.from == "" || date >= f.from) && f.belowTo(date)
}

func (f *evFilter) belowTo(date string) bool {
	return f.to == "" || date <= f.to || strings.HasPrefix(date, f.to)
}

// bucketRange says whether a month bucket lies fully inside the date range
// (1), fully outside (-1) or across a bound (0).
func (f *evFilter) bucketRange(b string) int {
	lo, hi := b, b
	if len(b) == 7 {
		hi = b + "-99"
	}
	inLo, inHi := f.inRange(lo), f.inRange(hi)
	switch {
	case inLo && inHi:
		return 1
	case !inLo && !inHi && (hi < f.from || (f.to != "" && lo > f.to && !strings.HasPrefix(lo, f.to))):
		return -1
	}
	return 0
}

// matchActors applies the actor, source and target conditions.
func (f *evFilter) matchActors(s *summary) bool {
	switch len(f.actors) {
	case 0:
	case 1:
		if !f.actors[0].src(s) && !f.actors[0].tgt(s) {
			return false
		}
	default:
		found := false
		for i, a := range f.actors {
			if !a.src(s) {
				continue
			}
			for j, b := range f.actors {
				if i != j && b.tgt(s) {
					found = true
					break
				}
			}
			if found {
				break
			}
		}
		if !found {
			return false
		}
	}
	if f.src != nil && !f.src.src(s) {
		return false
	}
	if f.tgt != nil && !f.tgt.tgt(s) {
		return false
	}
	return true
}

// matchAttrs applies the CAMEO and status conditions.
func (f *evFilter) matchAttrs(s *summary) bool {
	return (f.roots == nil || f.roots[s.Root]) && (f.codes == nil || f.codes[s.Code]) &&
		(f.quadClass == nil || f.quadClass[s.QuadClass]) && (f.statuses == nil || f.statuses[s.Status])
}

func (f *evFilter) match(date string, s *summary) bool {
	return f.inRange(date) && f.matchActors(s) && f.matchAttrs(s)
}

// plan picks the ordered index to scan and says whether its entries are
// exactly the events the actor conditions select (then, without CAMEO or
// status conditions, counters give the total).
func (f *evFilter) plan() (scope string, exact bool) {
	attrs := f.roots != nil || f.codes != nil || f.quadClass != nil || f.statuses != nil
	switch {
	case len(f.actors) == 2 && f.actors[0].actor != "" && f.actors[1].actor != "" && f.actors[0].actor != f.actors[1].actor:
		a, b := f.actors[0].actor, f.actors[1].actor
		if b < a {
			a, b = b, a
		}
		return scopeDyad(a, b), !attrs && f.src == nil && f.tgt == nil
	case len(f.actors) == 1 || len(f.actors) == 2:
		// With two entries, every event among them touches the first.
		return f.actors[0].scope(), len(f.actors) == 1 && !attrs && f.src == nil && f.tgt == nil
	case len(f.actors) > 2:
		return scopeDate(), false
	case f.src != nil:
		return f.src.scope(), false
	case f.tgt != nil:
		return f.tgt.scope(), false
	}
	return scopeDate(), !attrs
}

// scanEvents calls fn for the entries of scope in order, within the date
// range and after the sort key `after` (exclusive, "" for none), until fn
// returns false.
func (f *evFilter) scanEvents(t *itx, scope, after string, fn func(sk string, s *summary) (bool, error)) error {
	start := []byte(scope + f.from)
	if after != "" {
		if a := scope + after + "\x00"; a > string(start) {
			start = []byte(a)
		}
	}
	var sum summary
	return t.scan([]byte(scope), start, func(k, v []byte) (bool, error) {
		sk := string(k[len(scope):])
		date, _, _, ok := parseSortKey(sk)
		if !ok {
			return false, fmt.Errorf("bad index key %q", k)
		}
		if !f.belowTo(date) {
			return false, nil
		}
		if err := decodeSummary(v, &sum); err != nil {
			return false, fmt.Errorf("index entry %q: %w", k, err)
		}
		if !f.match(date, &sum) {
			return true, nil
		}
		return fn(sk, &sum)
	})
}

// countScope counts the entries of a scope within the date range from its
// month counters, scanning only the months that straddle a bound.
func (f *evFilter) countScope(t *itx, scope string) (int, error) {
	cp := key(tagScopeCount, scope)
	total := 0
	var partial []string
	err := t.scan(cp, nil, func(k, v []byte) (bool, error) {
		b := strings.TrimSuffix(string(k[len(cp):]), "\x00")
		switch f.bucketRange(b) {
		case 1:
			c, err := decodeCounter(v)
			if err != nil {
				return false, err
			}
			total += int(c.N)
		case 0:
			partial = append(partial, b)
		}
		return true, nil
	})
	if err != nil {
		return 0, err
	}
	for _, b := range partial {
		err := t.scan([]byte(scope+b), nil, func(k, _ []byte) (bool, error) {
			date, _, _, _ := parseSortKey(string(k[len(scope):]))
			if bucket(date) == b && f.inRange(date) {
				total++
			}
			return true, nil
		})
		if err != nil {
			return 0, err
		}
	}
	return total, nil
}

// Events returns one page of the events matching f, ordered by date, then
// precision rank, then id, with their actors. An invalid cursor is an
// EInvalid error.
func (s *Store) Events(ctx context.Context, f EventFilter, p Page) (EventPage, error) {
	var after string
	if p.After != "" {
		var ok bool
		after, ok = decodeCursor(eventCursorTag, p.After)
		if _, _, _, valid := parseSortKey(after); !ok || !valid {
			return EventPage{}, dg.Errorf(dg.EInvalid, "events: invalid cursor %q", p.After)
		}
	}
	n := pageSize(p.First)
	var page EventPage
	err := s.view(ctx, func(t *itx) error {
		ef, err := resolveFilter(t, f)
		if err != nil || ef.none {
			return err
		}
		var recs []*eventRec
		if ef.article != "" {
			recs, page.TotalCount, page.HasNext, err = ef.articlePage(t, after, n)
			if err != nil {
				return err
			}
		} else {
			scope, exact := ef.plan()
			var ids []string
			err := ef.scanEvents(t, scope, after, func(sk string, _ *summary) (bool, error) {
				if len(ids) == n {
					page.HasNext = true
					return false, nil
				}
				_, _, id, _ := parseSortKey(sk)
				ids = append(ids, id)
				return true, nil
			})
			if err != nil {
				return err
			}
			switch {
			case p.SkipTotal:
			case exact:
				page.TotalCount, err = ef.countScope(t, scope)
			case after == "" && !page.HasNext:
				page.TotalCount = len(ids)
			default:
				err = ef.scanEvents(t, scope, "", func(string, *summary) (bool, error) {
					page.TotalCount++
					return true, nil
				})
			}
			if err != nil {
				return err
			}
			recs, err = getEvents(t, ids)
			if err != nil {
				return err
			}
			for i, r := range recs {
				if r == nil {
					return fmt.Errorf("event %s: indexed but has no record", ids[i])
				}
			}
		}
		page.Events, err = toEvents(t, recs)
		if len(recs) > 0 {
			page.EndCursor = encodeCursor(eventCursorTag, recs[len(recs)-1].sortKey())
		}
		return err
	})
	if err != nil {
		return EventPage{}, fmt.Errorf("events: %w", err)
	}
	return page, nil
}

// articlePage selects from an article's events in memory.
func (f *evFilter) articlePage(t *itx, after string, n int) ([]*eventRec, int, bool, error) {
	a, err := getArticle(t, f.article)
	if err != nil || a == nil {
		return nil, 0, false, err
	}
	all, err := getEvents(t, a.Events)
	if err != nil {
		return nil, 0, false, err
	}
	var ms []*eventRec
	for _, r := range all {
		if r == nil {
			continue
		}
		s := r.summary()
		if f.match(r.Date, &s) {
			ms = append(ms, r)
		}
	}
	sortRecs(ms)
	var out []*eventRec
	hasNext := false
	for _, r := range ms {
		if after != "" && r.sortKey() <= after {
			continue
		}
		if len(out) == n {
			hasNext = true
			break
		}
		out = append(out, r)
	}
	return out, len(ms), hasNext, nil
}

// Counts groups the events matching f by the keys in by (none: one bucket
// with the total) and returns the buckets ordered by their key values.
// Months are "2014-07"; an event dated only to the year counts in month
// "2014". Filters on countries, dates to the month, CAMEO and status are
// answered from rollup counters without reading events; others scan the
// matching events, at most f.MaxResults (default DefaultMaxResults) of
// them, else an EInvalid error.
func (s *Store) Counts(ctx context.Context, f EventFilter, by []CountKey) ([]CountBucket, error) {
	for _, k := range by {
		switch k {
		case ByYear, ByMonth, ByRoot, ByCode, ByQuadClass, BySourceCountry, ByTargetCountry, ByStatus:
		default:
			return nil, dg.Errorf(dg.EInvalid, "counts: unknown key %q", k)
		}
	}
	acc := map[string]*countAcc{}
	err := s.view(ctx, func(t *itx) error {
		ef, err := resolveFilter(t, f)
		if err != nil || ef.none {
			return err
		}
		if ok, err := ef.countRollup(t, by, acc); err != nil || ok {
			return err
		}
		clear(acc)
		return ef.countScan(t, by, acc)
	})
	if err != nil {
		return nil, fmt.Errorf("counts: %w", err)
	}
	out := make([]CountBucket, 0, len(acc))
	keys := make([]string, 0, len(acc))
	for k := range acc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := acc[k]
		b := CountBucket{Keys: map[CountKey]string{}, Count: int(a.n)}
		for i, d := range by {
			b.Keys[d] = a.vals[i]
		}
		if a.n > 0 {
			b.GoldsteinMean = float64(a.gsum) / float64(a.n) / 1000
		}
		out = append(out, b)
	}
	return out, nil
}

type countAcc struct {
	vals []string
	n    int64
	gsum int64
}

func addCount(acc map[string]*countAcc, by []CountKey, bkt string, s *summary, n, g int64) {
	vals := make([]string, len(by))
	for i, d := range by {
		vals[i] = dimValue(d, bkt, s)
	}
	k := strings.Join(vals, "\x00")
	a := acc[k]
	if a == nil {
		a = &countAcc{vals: vals}
		acc[k] = a
	}
	a.n += n
	a.gsum += g
}

// countRollup answers from the coarsest rollup with every needed
// dimension; false when no rollup can answer.
func (f *evFilter) countRollup(t *itx, by []CountKey, acc map[string]*countAcc) (bool, error) {
	if f.article != "" {
		return false, nil
	}
	need := map[CountKey]bool{}
	for _, k := range by {
		if k != ByMonth && k != ByYear {
			need[k] = true
		}
	}
	countries := false
	for _, m := range f.actors {
		if m.country == "" {
			return false, nil
		}
		countries = true
	}
	for _, m := range []*matcher{f.src, f.tgt} {
		if m != nil {
			if m.country == "" {
				return false, nil
			}
			countries = true
		}
	}
	if countries {
		need[BySourceCountry], need[ByTargetCountry] = true, true
	}
	if f.roots != nil {
		need[ByRoot] = true
	}
	if f.codes != nil {
		need[ByCode] = true
	}
	if f.quadClass != nil {
		need[ByQuadClass] = true
	}
	if f.statuses != nil {
		need[ByStatus] = true
	}
	ri := -1
	for i, ru := range rollups {
		have := map[CountKey]bool{}
		for _, d := range ru.dims {
			have[d] = true
		}
		ok := true
		for k := range need {
			if !have[k] {
				ok = false
				break
			}
		}
		if ok {
			ri = i
			break
		}
	}
	if ri < 0 {
		return false, nil
	}
	ru := rollups[ri]
	prefix := key(ru.tag)
	usable := true
	var s summary
	err := t.scan(prefix, nil, func(k, v []byte) (bool, error) {
		parts := strings.Split(strings.TrimSuffix(string(k[len(prefix):]), "\x00"), "\x00")
		if len(parts) != len(ru.dims)+1 {
			return false, fmt.Errorf("bad rollup key %q", k)
		}
		bkt := parts[0]
		switch f.bucketRange(bkt) {
		case -1:
			return true, nil
		case 0:
			usable = false
			return false, nil
		}
		s = summary{}
		for i, d := range ru.dims {
			val := parts[i+1]
			switch d {
			case ByRoot:
				s.Root = val
			case ByCode:
				s.Code = val
			case ByQuadClass:
				s.QuadClass, _ = strconv.Atoi(val)
			case ByStatus:
				s.Status = dg.Status(val)
			case BySourceCountry:
				s.SrcCountry = val
			case ByTargetCountry:
				s.TgtCountry = val
			}
		}
		if !f.matchActors(&s) || !f.matchAttrs(&s) {
			return true, nil
		}
		c, err := decodeCounter(v)
		if err != nil {
			return false, err
		}
		addCount(acc, by, bkt, &s, c.N, c.GSum)
		return true, nil
	})
	return usable, err
}

// countScan counts by scanning the matching events.
func (f *evFilter) countScan(t *itx, by []CountKey, acc map[string]*countAcc) error {
	seen := 0
	add := func(date string, s *summary) error {
		seen++
		if seen > f.maxResults {
			return dg.Errorf(dg.EInvalid, "counts: the filter matches more than %d events; narrow it or raise MaxResults", f.maxResults)
		}
		addCount(acc, by, bucket(date), s, 1, s.Goldstein)
		return nil
	}
	if f.article != "" {
		a, err := getArticle(t, f.article)
		if err != nil || a == nil {
			return err
		}
		recs, err := getEvents(t, a.Events)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if r == nil {
				continue
			}
			s := r.summary()
			if f.match(r.Date, &s) {
				if err := add(r.Date, &s); err != nil {
					return err
				}
			}
		}
		return nil
	}
	scope, _ := f.plan()
	return f.scanEvents(t, scope, "", func(sk string, s *summary) (bool, error) {
		date, _, _, _ := parseSortKey(sk)
		return true, add(date, s)
	})
}
