package graph

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"context"

	dg "github.com/diplograph/diplograph"
)

// Page sizes.
const (
	DefaultPageSize = 50
	MaxPageSize     = 10000
)

func pageSize(first int) int {
	switch {
	case first <= 0:
		return DefaultPageSize
	case first > MaxPageSize:
		return MaxPageSize
	}
	return first
}

// Article returns an article's metadata (Text is empty: the graph keeps the
// sentences that carry events, on their mentions). It is an ENotFound
// error when the article is absent.
func (s *Store) Article(ctx context.Context, id string) (*dg.Article, error) {
	var a *articleRec
	err := s.view(ctx, func(t *itx) error {
		var err error
		a, err = getArticle(t, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	if a == nil {
		return nil, dg.Errorf(dg.ENotFound, "article %s not found", id)
	}
	return &dg.Article{ID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published}, nil
}

func getArticle(t *itx, id string) (*articleRec, error) {
	b, err := t.get(key(tagArticle, id))
	if err != nil || b == nil {
		return nil, err
	}
	return decodeArticle(b)
}

// ArticleEvents returns the events an article reports, ordered by date,
// precision and id, with their actors; ENotFound when the article is
// absent.
func (s *Store) ArticleEvents(ctx context.Context, id string) ([]dg.Event, error) {
	var out []dg.Event
	err := s.view(ctx, func(t *itx) error {
		a, err := getArticle(t, id)
		if err != nil {
			return err
		}
		if a == nil {
			return dg.Errorf(dg.ENotFound, "article %s not found", id)
		}
		recs, err := getEvents(t, a.Events)
		if err != nil {
			return err
		}
		var rs []*eventRec
		for _, r := range recs {
			if r != nil {
				rs = append(rs, r)
			}
		}
		sortRecs(rs)
		out, err = toEvents(t, rs)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("article events %s: %w", id, err)
	}
	return out, nil
}

func sortRecs(rs []*eventRec) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].sortKey() < rs[j].sortKey() })
}

func getEvents(t *itx, ids []string) ([]*eventRec, error) {
	keys := make([][]byte, len(ids))
	for i, id := range ids {
		keys[i] = key(tagEvent, id)
	}
	vals, err := t.getBatch(keys)
	if err != nil {
		return nil, err
	}
	out := make([]*eventRec, len(ids))
	for i, v := range vals {
		if v == nil {
			continue
		}
		if out[i], err = decodeEvent(v); err != nil {
			return nil, fmt.Errorf("event %s: %w", ids[i], err)
		}
	}
	return out, nil
}

func getActors(t *itx, ids []string) ([]*dg.Actor, error) {
	keys := make([][]byte, len(ids))
	for i, id := range ids {
		keys[i] = key(tagActor, id)
	}
	vals, err := t.getBatch(keys)
	if err != nil {
		return nil, err
	}
	out := make([]*dg.Actor, len(ids))
	for i, v := range vals {
		if v == nil {
			continue
		}
		r, err := decodeActor(v)
		if err != nil {
			return nil, fmt.Errorf("actor %s: %w", ids[i], err)
		}
		out[i] = &r.Actor
	}
	return out, nil
}

// toEvents turns event records into domain events with their actors.
func toEvents(t *itx, rs []*eventRec) ([]dg.Event, error) {
	var ids []string
	seen := map[string]bool{}
	for _, r := range rs {
		for _, id := range []string{r.Src, r.Tgt} {
			if id != "" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	as, err := getActors(t, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*dg.Actor, len(ids))
	for i, id := range ids {
		byID[id] = as[i]
	}
	actor := func(id, code, country string) *dg.Actor {
		if id == "" {
			return nil
		}
		if a := byID[id]; a != nil {
			c := *a
			return &c
		}
		return &dg.Actor{ID: id, Code: code, Country: country}
	}
	out := make([]dg.Event, len(rs))
	for i, r := range rs {
		out[i] = dg.Event{ID: r.ID, Code: r.Code, Status: r.Status, Date: r.Date, Precision: r.Precision, Rel: r.Rel,
			Source: actor(r.Src, r.SrcCode, r.SrcCountry), Target: actor(r.Tgt, r.TgtCode, r.TgtCountry)}
	}
	return out, nil
}

// Actor returns an actor by id ("actor:daniel-russel", "country:CHN") or
// CAMEO code ("CHN" is the country; "USAGOV" the sector actor actor:USA-GOV;
// when several actors share a code, a country comes first, then a sector,
// an organisation, a group, a person). It is an ENotFound error when none
// matches.
func (s *Store) Actor(ctx context.Context, idOrCode string) (*dg.Actor, error) {
	var a *dg.Actor
	err := s.view(ctx, func(t *itx) error {
		var err error
		a, err = resolveActor(t, idOrCode)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("actor %s: %w", idOrCode, err)
	}
	if a == nil {
		return nil, dg.Errorf(dg.ENotFound, "actor %s not found", idOrCode)
	}
	return a, nil
}

var kindRank = map[dg.ActorKind]int{dg.KindCountry: 0, dg.KindSector: 1, dg.KindOrganization: 2, dg.KindGroup: 3, dg.KindPerson: 4}

func rankOfKind(k dg.ActorKind) int {
	if r, ok := kindRank[k]; ok {
		return r
	}
	return 5
}

// resolveActor finds an actor by id or code; nil when there is none.
func resolveActor(t *itx, idOrCode string) (*dg.Actor, error) {
	if strings.HasPrefix(idOrCode, PrefixActor) || strings.HasPrefix(idOrCode, PrefixCountry) {
		as, err := getActors(t, []string{idOrCode})
		if err != nil {
			return nil, err
		}
		return as[0], nil
	}
	code := idOrCode
	if code == "" {
		return nil, nil
	}
	var ids []string
	err := t.scan(key(tagActorCode, code), nil, func(k, _ []byte) (bool, error) {
		rest := string(k[len(tagActorCode)+1+len(code)+1:])
		ids = append(ids, strings.TrimSuffix(rest, "\x00"))
		return len(ids) < 1000, nil
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	as, err := getActors(t, ids)
	if err != nil {
		return nil, err
	}
	var best *dg.Actor
	for _, a := range as {
		if a == nil {
			continue
		}
		if best == nil || rankOfKind(a.Kind) < rankOfKind(best.Kind) ||
			rankOfKind(a.Kind) == rankOfKind(best.Kind) && a.ID < best.ID {
			best = a
		}
	}
	return best, nil
}

// ActorsByID returns actors in the order of ids, nil for missing ones.
func (s *Store) ActorsByID(ctx context.Context, ids []string) ([]*dg.Actor, error) {
	var out []*dg.Actor
	err := s.view(ctx, func(t *itx) error {
		var err error
		out, err = getActors(t, ids)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("actors by id: %w", err)
	}
	return out, nil
}

// SearchActors returns one page of the actors matching q, ordered by
// lower-cased name, then id. Search matches a prefix of the name or of an
// alias, case-insensitively.
func (s *Store) SearchActors(ctx context.Context, q ActorQuery, p Page) (ActorPage, error) {
	var after string
	if p.After != "" {
		var ok bool
		if after, ok = decodeCursor(actorCursorTag, p.After); !ok {
			return ActorPage{}, dg.Errorf(dg.EInvalid, "search actors: invalid cursor %q", p.After)
		}
	}
	n := pageSize(p.First)
	match := func(a *dg.Actor) bool {
		return a != nil && (q.Country == "" || a.Country == q.Country) && (q.Kind == "" || a.Kind == q.Kind)
	}
	var page ActorPage
	err := s.view(ctx, func(t *itx) error {
		// Candidates in order of (lower name, id).
		type cand struct {
			sk string
			a  *dg.Actor
		}
		var cands []cand
		if q.Search == "" {
			prefix := key(tagActorSort)
			const batch = 256
			var ids, sks []string
			flush := func() error {
				as, err := getActors(t, ids)
				if err != nil {
					return err
				}
				for i, a := range as {
					if match(a) {
						cands = append(cands, cand{sks[i], a})
					}
				}
				ids, sks = ids[:0], sks[:0]
				return nil
			}
			err := t.scan(prefix, nil, func(k, _ []byte) (bool, error) {
				sk := string(k[len(prefix):])
				i := strings.IndexByte(sk, 0)
				ids = append(ids, strings.TrimSuffix(sk[i+1:], "\x00"))
				sks = append(sks, sk)
				if len(ids) == batch {
					return true, flush()
				}
				return true, nil
			})
			if err != nil {
				return err
			}
			if err := flush(); err != nil {
				return err
			}
		} else {
			prefix := key(tagActorName)
			start := append(append([]byte{}, prefix...), strings.ToLower(q.Search)...)
			seen := map[string]bool{}
			var ids []string
			err := t.scan(start, nil, func(k, _ []byte) (bool, error) {
				rest := string(k[len(prefix):])
				i := strings.IndexByte(rest, 0)
				id := strings.TrimSuffix(rest[i+1:], "\x00")
				if !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
				return true, nil
			})
			if err != nil {
				return err
			}
			as, err := getActors(t, ids)
			if err != nil {
				return err
			}
			for _, a := range as {
				if match(a) {
					cands = append(cands, cand{strings.ToLower(a.Name) + "\x00" + a.ID + "\x00", a})
				}
			}
			sort.Slice(cands, func(i, j int) bool { return cands[i].sk < cands[j].sk })
		}
		page.TotalCount = len(cands)
		for _, c := range cands {
			if after != "" && c.sk <= after {
				continue
			}
			if len(page.Actors) == n {
				page.HasNext = true
				break
			}
			page.Actors = append(page.Actors, *c.a)
			page.EndCursor = encodeCursor(actorCursorTag, c.sk)
		}
		return nil
	})
	if err != nil {
		return ActorPage{}, fmt.Errorf("search actors: %w", err)
	}
	return page, nil
}

// Event returns an event by id, with its actors (mentions: see Mentions);
// ENotFound when absent.
func (s *Store) Event(ctx context.Context, id string) (*dg.Event, error) {
	es, err := s.EventsByID(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if es[0] == nil {
		return nil, dg.Errorf(dg.ENotFound, "event %s not found", id)
	}
	return es[0], nil
}

// EventsByID returns events in the order of ids, nil for missing ones.
func (s *Store) EventsByID(ctx context.Context, ids []string) ([]*dg.Event, error) {
	out := make([]*dg.Event, len(ids))
	err := s.view(ctx, func(t *itx) error {
		recs, err := getEvents(t, ids)
		if err != nil {
			return err
		}
		var rs []*eventRec
		var pos []int
		for i, r := range recs {
			if r != nil {
				rs = append(rs, r)
				pos = append(pos, i)
			}
		}
		es, err := toEvents(t, rs)
		if err != nil {
			return err
		}
		for i := range es {
			out[pos[i]] = &es[i]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("events by id: %w", err)
	}
	return out, nil
}

// Mentions returns the mentions of each event (with their sentences),
// ordered by id, in the order of eventIDs.
func (s *Store) Mentions(ctx context.Context, eventIDs []string) ([][]dg.Mention, error) {
	out := make([][]dg.Mention, len(eventIDs))
	err := s.view(ctx, func(t *itx) error {
		for i, id := range eventIDs {
			err := t.scan(key(tagMention, id), nil, func(_, v []byte) (bool, error) {
				m, err := decodeMention(v)
				if err != nil {
					return false, fmt.Errorf("mention of %s: %w", id, err)
				}
				out[i] = append(out[i], m)
				return true, nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mentions: %w", err)
	}
	return out, nil
}

// Stats returns the store's totals.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Backend: s.backend}
	err := s.view(ctx, func(t *itx) error {
		counts := map[string]*int{statArticles: &st.Articles, statEvents: &st.Events,
			statMentions: &st.Mentions, statActors: &st.Actors}
		for name, p := range counts {
			c, err := getCounter(t, key(tagStat, name))
			if err != nil {
				return err
			}
			*p = int(c.N)
		}
		c, err := getCounter(t, key(tagStat, statQuads))
		if err != nil {
			return err
		}
		st.Quads = c.N
		if b, err := t.get(key(tagStat, "updated")); err != nil {
			return err
		} else if b != nil {
			d := dec{b: b}
			st.UpdatedAt = time.Unix(0, d.svar()).UTC()
		}
		// First date: the first key by date. Last date: the last month
		// bucket with events, then its last key.
		err = t.scan([]byte(scopeDate()), nil, func(k, _ []byte) (bool, error) {
			st.FirstDate, _, _, _ = parseSortKey(string(k[len(scopeDate()):]))
			return false, nil
		})
		if err != nil {
			return err
		}
		var last string
		cp := key(tagScopeCount, scopeDate())
		err = t.scan(cp, nil, func(k, _ []byte) (bool, error) {
			last = strings.TrimSuffix(string(k[len(cp):]), "\x00")
			return true, nil
		})
		if err != nil || last == "" {
			return err
		}
		return t.scan([]byte(scopeDate()+last), nil, func(k, _ []byte) (bool, error) {
			st.LastDate, _, _, _ = parseSortKey(string(k[len(scopeDate()):]))
			return true, nil
		})
	})
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	st.SizeBytes = s.size(ctx)
	return st, nil
}

func getCounter(t *itx, k []byte) (counter, error) {
	b, err := t.get(k)
	if err != nil || b == nil {
		return counter{}, err
	}
	return decodeCounter(b)
}

func (s *Store) size(ctx context.Context) int64 {
	switch {
	case s.bdb != nil:
		lsm, vlog := s.bdb.Badger().Size()
		return lsm + vlog
	case s.pg != nil:
		var n int64
		if err := s.pg.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&n); err != nil {
			s.log.Debug("database size", "err", err)
		}
		return n
	}
	return 0
}
