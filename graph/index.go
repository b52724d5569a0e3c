package graph

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hidal-go/hidalgo/kv/flat"
	"github.com/hidal-go/hidalgo/kv/options"

	dg "github.com/diplograph/diplograph"
)

// itx is a transaction on the index: a flat.Tx and the prefix of our keys.
type itx struct {
	ctx context.Context
	tx  flat.Tx
	pfx []byte
}

func (t *itx) full(k []byte) flat.Key {
	b := make([]byte, 0, len(t.pfx)+len(k))
	b = append(b, t.pfx...)
	return append(b, k...)
}

// get returns the value of k, or nil when k is absent.
func (t *itx) get(k []byte) ([]byte, error) {
	v, err := t.tx.Get(t.ctx, t.full(k))
	if err == flat.ErrNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if v == nil {
		v = []byte{}
	}
	return v, nil
}

// getBatch returns the values of keys, nil for absent ones.
func (t *itx) getBatch(keys [][]byte) ([][]byte, error) {
	fk := make([]flat.Key, len(keys))
	for i, k := range keys {
		fk[i] = t.full(k)
	}
	vals, err := t.tx.GetBatch(t.ctx, fk)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out, nil
}

func (t *itx) put(k, v []byte) error {
	if v == nil {
		v = []byte{}
	}
	return t.tx.Put(t.ctx, t.full(k), v)
}

func (t *itx) del(k []byte) error { return t.tx.Del(t.ctx, t.full(k)) }

// scan calls fn for the keys with prefix, in order, from the first key
// greater than or equal to start (nil: from the beginning of the prefix),
// until fn returns false. Keys are given without the index prefix.
func (t *itx) scan(prefix, start []byte, fn func(k, v []byte) (bool, error)) error {
	it := t.tx.Scan(t.ctx, options.WithPrefixFlat(t.full(prefix)))
	defer it.Close()
	var ok bool
	if start != nil {
		ok = flat.Seek(t.ctx, it, t.full(start))
	} else {
		ok = it.Next(t.ctx)
	}
	for ; ok; ok = it.Next(t.ctx) {
		k := it.Key()
		if len(k) < len(t.pfx) {
			continue
		}
		more, err := fn(k[len(t.pfx):], it.Val())
		if err != nil {
			return err
		}
		if !more {
			break
		}
	}
	return it.Err()
}

// indexer applies article additions and removals to the index inside one
// transaction. Contributions (per article) are written at once; effective
// records, ordered indexes and counters are derived in flush, once per
// touched event or actor, and counters are written once per key.
type indexer struct {
	t        *itx
	events   map[string]*evTouch
	actors   map[string]*acTouch
	counters map[string]counter // key -> delta
	pairs    map[[2]string]*pairRec
}

type evTouch struct {
	removed map[string]bool      // articles whose contribution was removed
	added   map[string]*eventRec // contributions added, by article
}

type acTouch struct {
	removed map[string]bool      // contribution keys removed
	added   map[string]*actorRec // contributions added, by key
	aliases map[string]int64     // alias count deltas
}

func newIndexer(t *itx) *indexer {
	return &indexer{t: t, events: map[string]*evTouch{}, actors: map[string]*acTouch{},
		counters: map[string]counter{}, pairs: map[[2]string]*pairRec{}}
}

func (ix *indexer) event(id string) *evTouch {
	e, ok := ix.events[id]
	if !ok {
		e = &evTouch{removed: map[string]bool{}, added: map[string]*eventRec{}}
		ix.events[id] = e
	}
	return e
}

func (ix *indexer) actor(id string) *acTouch {
	a, ok := ix.actors[id]
	if !ok {
		a = &acTouch{removed: map[string]bool{}, added: map[string]*actorRec{}, aliases: map[string]int64{}}
		ix.actors[id] = a
	}
	return a
}

func (ix *indexer) count(k []byte, n, g int64) {
	c := ix.counters[string(k)]
	c.N += n
	c.GSum += g
	ix.counters[string(k)] = c
}

func (ix *indexer) stat(name string, n int64) { ix.count(key(tagStat, name), n, 0) }

// Stat counter names.
const (
	statArticles = "articles"
	statEvents   = "events"
	statMentions = "mentions"
	statActors   = "actors"
	statQuads    = "quads"
)

// removeArticle removes what article id contributed; false when the index
// does not hold it.
func (ix *indexer) removeArticle(id string) (bool, error) {
	t := ix.t
	b, err := t.get(key(tagArticle, id))
	if err != nil || b == nil {
		return false, err
	}
	ar, err := decodeArticle(b)
	if err != nil {
		return false, fmt.Errorf("article record %s: %w", id, err)
	}
	for _, eid := range ar.Events {
		ck := key(tagEventContrib, eid, id)
		cb, err := t.get(ck)
		if err != nil {
			return false, err
		}
		if cb != nil {
			c, err := decodeEvent(cb)
			if err != nil {
				return false, fmt.Errorf("event contribution %s/%s: %w", eid, id, err)
			}
			for _, mid := range c.Mentions {
				if err := t.del(key(tagMention, eid, mid)); err != nil {
					return false, err
				}
			}
			ix.stat(statMentions, -int64(len(c.Mentions)))
			if err := t.del(ck); err != nil {
				return false, err
			}
		}
		ix.event(eid).removed[id] = true
	}
	ckey := actorContribKey(ar.Published, id)
	for _, aid := range ar.Actors {
		k := key(tagActorContrib, aid, ckey)
		cb, err := t.get(k)
		if err != nil {
			return false, err
		}
		at := ix.actor(aid)
		if cb != nil {
			c, err := decodeActor(cb)
			if err != nil {
				return false, fmt.Errorf("actor contribution %s/%s: %w", aid, id, err)
			}
			for _, al := range c.Aliases {
				at.aliases[al]--
			}
			if err := t.del(k); err != nil {
				return false, err
			}
		}
		at.removed[ckey] = true
	}
	if err := t.del(key(tagArticle, id)); err != nil {
		return false, err
	}
	ix.stat(statArticles, -1)
	ix.stat(statQuads, -int64(ar.Quads))
	return true, nil
}

// addArticle adds an article's contributions. The article must not be in
// the index (remove it first).
func (ix *indexer) addArticle(n *normArticle, hash string, quads int) error {
	t := ix.t
	id := n.Article.ID
	ar := &articleRec{ID: id, Title: n.Article.Title, URL: n.Article.URL, Published: n.Article.Published,
		Hash: hash, Quads: quads}
	actors := map[string]*dg.Actor{}
	for i := range n.Actors {
		a := &n.Actors[i]
		actors[a.ID] = a
		ar.Actors = append(ar.Actors, a.ID)
	}
	for _, e := range n.Events {
		ar.Events = append(ar.Events, e.ID)
	}
	if err := t.put(key(tagArticle, id), ar.encode()); err != nil {
		return err
	}
	for i := range n.Events {
		e := &n.Events[i]
		r := &eventRec{ID: e.ID, Code: e.Code, Status: e.Status, Date: e.Date, Precision: e.Precision,
			Rel: e.Rel, Src: e.Source, Tgt: e.Target, Article: id}
		if a := actors[e.Source]; a != nil {
			r.SrcCode, r.SrcCountry = a.Code, actorCountry(a)
		}
		if a := actors[e.Target]; a != nil {
			r.TgtCode, r.TgtCountry = a.Code, actorCountry(a)
		}
		for j := range e.Mentions {
			m := &e.Mentions[j]
			r.Mentions = append(r.Mentions, m.ID)
			if err := t.put(key(tagMention, e.ID, m.ID), encodeMention(m)); err != nil {
				return err
			}
		}
		ix.stat(statMentions, int64(len(e.Mentions)))
		if err := t.put(key(tagEventContrib, e.ID, id), r.encode()); err != nil {
			return err
		}
		r.Mentions = nil
		ix.event(e.ID).added[id] = r
	}
	ckey := actorContribKey(n.Article.Published, id)
	for i := range n.Actors {
		a := &actorRec{Actor: n.Actors[i], Key: ckey}
		if err := t.put(key(tagActorContrib, a.ID, ckey), a.encode()); err != nil {
			return err
		}
		at := ix.actor(a.ID)
		for _, al := range a.Aliases {
			at.aliases[al]++
		}
		at.added[ckey] = a
	}
	ix.stat(statArticles, 1)
	ix.stat(statQuads, int64(quads))
	return nil
}

// actorCountry is the ISO code of an actor's country, "" when it has none.
func actorCountry(a *dg.Actor) string {
	if id := a.CountryID(); id != "" {
		return a.Country
	}
	return ""
}

// flush derives effective records, ordered indexes and counters from the
// contributions changed in this transaction.
func (ix *indexer) flush() error {
	ids := make([]string, 0, len(ix.events))
	for id := range ix.events {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := ix.flushEvent(id, ix.events[id]); err != nil {
			return fmt.Errorf("index event %s: %w", id, err)
		}
	}
	ids = ids[:0]
	for id := range ix.actors {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := ix.flushActor(id, ix.actors[id]); err != nil {
			return fmt.Errorf("index actor %s: %w", id, err)
		}
	}
	if err := ix.flushPairs(); err != nil {
		return fmt.Errorf("index adjacency: %w", err)
	}
	if err := ix.flushCounters(); err != nil {
		return fmt.Errorf("index counters: %w", err)
	}
	ix.events = map[string]*evTouch{}
	ix.actors = map[string]*acTouch{}
	return nil
}

func (ix *indexer) flushEvent(id string, et *evTouch) error {
	t := ix.t
	b, err := t.get(key(tagEvent, id))
	if err != nil {
		return err
	}
	var stored *eventRec
	if b != nil {
		if stored, err = decodeEvent(b); err != nil {
			return err
		}
	}
	// The effective record is the contribution of the smallest article id.
	var best *eventRec
	for _, r := range et.added {
		if best == nil || r.Article < best.Article {
			best = r
		}
	}
	switch {
	case stored != nil && !et.removed[stored.Article]:
		if best == nil || stored.Article < best.Article {
			best = stored
		}
	case stored != nil && (best == nil || best.Article > stored.Article):
		// The effective contribution went: find the next one.
		best = nil
		err := t.scan(key(tagEventContrib, id), nil, func(_, v []byte) (bool, error) {
			r, err := decodeEvent(v)
			if err != nil {
				return false, err
			}
			r.Mentions = nil
			best = r
			return false, nil
		})
		if err != nil {
			return err
		}
	}
	switch {
	case stored == nil && best == nil:
		return nil
	case stored != nil && best != nil && sameDerived(stored, best):
		if stored.Article != best.Article {
			return t.put(key(tagEvent, id), best.encode())
		}
		return nil
	}
	if stored != nil {
		if err := ix.applyEvent(stored, -1); err != nil {
			return err
		}
	}
	if best != nil {
		return ix.applyEvent(best, 1)
	}
	return nil
}

// applyEvent adds (sign 1) or removes (sign -1) an effective event record
// and everything derived from it.
func (ix *indexer) applyEvent(r *eventRec, sign int64) error {
	t := ix.t
	sk := r.sortKey()
	sum := r.summary()
	val := sum.encode()
	scopes := []string{scopeDate()}
	if r.Src != "" {
		scopes = append(scopes, scopeActor(r.Src))
	}
	if r.Tgt != "" && r.Tgt != r.Src {
		scopes = append(scopes, scopeActor(r.Tgt))
	}
	if r.SrcCountry != "" {
		scopes = append(scopes, scopeCountry(r.SrcCountry))
	}
	if r.TgtCountry != "" && r.TgtCountry != r.SrcCountry {
		scopes = append(scopes, scopeCountry(r.TgtCountry))
	}
	if r.Src != "" && r.Tgt != "" && r.Src != r.Tgt {
		a, b := r.Src, r.Tgt
		if b < a {
			a, b = b, a
		}
		scopes = append(scopes, scopeDyad(a, b))
	}
	bkt := bucket(r.Date)
	g := milli(r.Code.Goldstein)
	for _, sc := range scopes {
		k := []byte(sc + sk)
		var err error
		if sign > 0 {
			err = t.put(k, val)
		} else {
			err = t.del(k)
		}
		if err != nil {
			return err
		}
		ix.count(scopeCountKey(sc, bkt), sign, sign*g)
	}
	for _, gk := range rollupKeys(bkt, r) {
		ix.count(gk, sign, sign*g)
	}
	ix.stat(statEvents, sign)
	if r.Src != "" && r.Tgt != "" && r.Src != r.Tgt {
		pk := [2]string{r.Src, r.Tgt}
		p := ix.pairs[pk]
		if p == nil {
			p = &pairRec{Rels: map[string]int64{}}
			ix.pairs[pk] = p
		}
		p.N += sign
		p.GSum += sign * g
		p.Rels[r.Rel] += sign
	}
	if sign > 0 {
		return t.put(key(tagEvent, r.ID), r.encode())
	}
	return t.del(key(tagEvent, r.ID))
}

// Rollups of event counts, from coarse to fine. Each key holds the month
// bucket and the dimensions of its level; Counts reads the coarsest rollup
// that has every dimension a query needs.
var rollups = []struct {
	tag  string
	dims []CountKey // besides the month, which every rollup has
}{
	{"g0", []CountKey{ByRoot, ByQuadClass, ByStatus}},
	{"g1", []CountKey{ByRoot, ByCode, ByQuadClass, ByStatus}},
	{"g2", []CountKey{ByRoot, ByQuadClass, ByStatus, BySourceCountry, ByTargetCountry}},
	{"g3", []CountKey{ByRoot, ByCode, ByQuadClass, ByStatus, BySourceCountry, ByTargetCountry}},
}

func dimValue(k CountKey, bkt string, s *summary) string {
	switch k {
	case ByMonth:
		return bkt
	case ByYear:
		return bkt[:min(4, len(bkt))]
	case ByRoot:
		return s.Root
	case ByCode:
		return s.Code
	case ByQuadClass:
		return strconv.Itoa(s.QuadClass)
	case ByStatus:
		return string(s.Status)
	case BySourceCountry:
		return s.SrcCountry
	case ByTargetCountry:
		return s.TgtCountry
	}
	return ""
}

func rollupKeys(bkt string, r *eventRec) [][]byte {
	s := r.summary()
	out := make([][]byte, len(rollups))
	for i, ru := range rollups {
		parts := []string{bkt}
		for _, d := range ru.dims {
			parts = append(parts, dimValue(d, bkt, &s))
		}
		out[i] = key(ru.tag, parts...)
	}
	return out
}

func (ix *indexer) flushActor(id string, at *acTouch) error {
	t := ix.t
	b, err := t.get(key(tagActor, id))
	if err != nil {
		return err
	}
	var stored *actorRec
	if b != nil {
		if stored, err = decodeActor(b); err != nil {
			return err
		}
	}
	// Aliases: the union over all contributions, kept as counts.
	aliases := map[string]int64{}
	if len(at.aliases) > 0 {
		ab, err := t.get(key(tagAliases, id))
		if err != nil {
			return err
		}
		if ab != nil {
			if aliases, err = decodeCounts(ab); err != nil {
				return err
			}
		}
		changed := false
		for al, d := range at.aliases {
			if d != 0 {
				aliases[al] += d
				changed = true
			}
		}
		if changed {
			enc := encodeCounts(aliases)
			if len(enc) <= 1 {
				err = t.del(key(tagAliases, id))
			} else {
				err = t.put(key(tagAliases, id), enc)
			}
			if err != nil {
				return err
			}
		}
	} else if stored != nil {
		for _, al := range stored.Aliases {
			aliases[al] = 1
		}
	}
	// The effective record is the contribution with the smallest key: the
	// latest article.
	var best *actorRec
	for _, r := range at.added {
		if best == nil || r.Key < best.Key {
			best = r
		}
	}
	switch {
	case stored != nil && !at.removed[stored.Key]:
		if best == nil || stored.Key < best.Key {
			best = stored
		}
	case stored != nil && (best == nil || best.Key > stored.Key):
		best = nil
		err := t.scan(key(tagActorContrib, id), nil, func(_, v []byte) (bool, error) {
			r, err := decodeActor(v)
			best = r
			return false, err
		})
		if err != nil {
			return err
		}
	}
	var eff *actorRec
	if best != nil {
		eff = &actorRec{Actor: best.Actor, Key: best.Key}
		eff.Aliases = nil
		for al, n := range aliases {
			if n > 0 {
				eff.Aliases = append(eff.Aliases, al)
			}
		}
		sort.Strings(eff.Aliases)
	}
	switch {
	case stored == nil && eff == nil:
		return nil
	case stored != nil && eff != nil && sameActor(&stored.Actor, &eff.Actor):
		if stored.Key != eff.Key {
			return t.put(key(tagActor, id), eff.encode())
		}
		return nil
	}
	if stored != nil {
		for _, k := range actorKeys(&stored.Actor) {
			if err := t.del(k); err != nil {
				return err
			}
		}
		ix.stat(statActors, -1)
	}
	if eff == nil {
		return t.del(key(tagActor, id))
	}
	for _, k := range actorKeys(&eff.Actor) {
		if err := t.put(k, nil); err != nil {
			return err
		}
	}
	ix.stat(statActors, 1)
	return t.put(key(tagActor, id), eff.encode())
}

// actorKeys are the lookup keys of an effective actor: by name and alias,
// by name for listing, by code.
func actorKeys(a *dg.Actor) [][]byte {
	names := map[string]bool{}
	if a.Name != "" {
		names[strings.ToLower(a.Name)] = true
	}
	for _, al := range a.Aliases {
		names[strings.ToLower(al)] = true
	}
	var out [][]byte
	for n := range names {
		out = append(out, key(tagActorName, n, a.ID))
	}
	out = append(out, key(tagActorSort, strings.ToLower(a.Name), a.ID))
	if a.Code != "" {
		out = append(out, key(tagActorCode, a.Code, a.ID))
	}
	return out
}

// flushPairs applies adjacency deltas: the pair records (both directions
// under the ordered pair) and the neighbour lists ordered by weight (events
// either way).
func (ix *indexer) flushPairs() error {
	t := ix.t
	type upair = [2]string
	done := map[upair]bool{}
	keys := make([]upair, 0, len(ix.pairs))
	for k := range ix.pairs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		a, b := k[0], k[1]
		if b < a {
			a, b = b, a
		}
		u := upair{a, b}
		if done[u] {
			continue
		}
		done[u] = true
		pk := key(tagPair, a, b)
		v, err := t.get(pk)
		if err != nil {
			return err
		}
		ab, ba := &pairRec{Rels: map[string]int64{}}, &pairRec{Rels: map[string]int64{}}
		if v != nil {
			if ab, ba, err = decodeDyad(v); err != nil {
				return fmt.Errorf("pair %s %s: %w", a, b, err)
			}
		}
		before := ab.N + ba.N
		for _, dir := range []struct {
			p        *pairRec
			src, tgt string
		}{{ab, a, b}, {ba, b, a}} {
			d := ix.pairs[upair{dir.src, dir.tgt}]
			if d == nil {
				continue
			}
			dir.p.N += d.N
			dir.p.GSum += d.GSum
			for rel, n := range d.Rels {
				dir.p.Rels[rel] += n
				if dir.p.Rels[rel] == 0 {
					delete(dir.p.Rels, rel)
				}
			}
		}
		if ab.N+ba.N == 0 {
			err = t.del(pk)
		} else {
			err = t.put(pk, encodeDyad(ab, ba))
		}
		if err != nil {
			return err
		}
		after := ab.N + ba.N
		if before == after {
			continue
		}
		switch {
		case before == 0:
			ix.count(key(tagDegree, a), 1, 0)
			ix.count(key(tagDegree, b), 1, 0)
		case after == 0:
			ix.count(key(tagDegree, a), -1, 0)
			ix.count(key(tagDegree, b), -1, 0)
		}
		if before > 0 {
			if err := t.del(weightKey(a, before, b)); err != nil {
				return err
			}
			if err := t.del(weightKey(b, before, a)); err != nil {
				return err
			}
		}
		if after > 0 {
			if err := t.put(weightKey(a, after, b), nil); err != nil {
				return err
			}
			if err := t.put(weightKey(b, after, a), nil); err != nil {
				return err
			}
		}
	}
	ix.pairs = map[[2]string]*pairRec{}
	return nil
}

func (ix *indexer) flushCounters() error {
	t := ix.t
	keys := make([]string, 0, len(ix.counters))
	for k, d := range ix.counters {
		if d.N != 0 || d.GSum != 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		d := ix.counters[k]
		v, err := t.get([]byte(k))
		if err != nil {
			return err
		}
		var c counter
		if v != nil {
			if c, err = decodeCounter(v); err != nil {
				return fmt.Errorf("counter %q: %w", k, err)
			}
		}
		c.N += d.N
		c.GSum += d.GSum
		if c.N == 0 {
			err = t.del([]byte(k))
		} else {
			err = t.put([]byte(k), c.encode())
		}
		if err != nil {
			return err
		}
	}
	ix.counters = map[string]counter{}
	return nil
}
