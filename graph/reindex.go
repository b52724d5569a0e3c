package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/diplograph/diplograph/graph/pgkv"
)

// reindexBatch is the number of articles Reindex indexes per transaction.
const reindexBatch = 200

// Reindex rebuilds every index from Cayley's quads: it drops the index and
// indexes each article found in the graph (nodes of type <dg:Article>) from
// the quads labelled with it. The result is the index incremental writes
// give. Writes wait meanwhile; reads see a partial index until it ends.
func (s *Store) Reindex(ctx context.Context) error {
	if err := s.checkOpen(); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	start := time.Now()
	if err := s.dropIndex(ctx); err != nil {
		return fmt.Errorf("reindex: drop index: %w", err)
	}
	ids, err := s.articleIDs(ctx)
	if err != nil {
		return fmt.Errorf("reindex: list articles: %w", err)
	}
	for i := 0; i < len(ids); i += reindexBatch {
		batch := ids[i:min(i+reindexBatch, len(ids))]
		ps := make([]*prepared, 0, len(batch))
		for _, id := range batch {
			qs, err := s.articleQuads(ctx, id)
			if err != nil {
				return fmt.Errorf("reindex: article %s: %w", id, err)
			}
			p := &prepared{id: id, quads: qs, hash: quadsHash(qs)}
			if p.n, err = parseQuads(id, qs); err != nil {
				return fmt.Errorf("reindex: article %s: %w", id, err)
			}
			ps = append(ps, p)
		}
		if err := s.indexArticles(ctx, ps); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
	}
	s.log.Info("reindexed", "articles", len(ids), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// dropIndex removes every index key.
func (s *Store) dropIndex(ctx context.Context) error {
	switch kv := s.idx.(type) {
	case *pgkv.DB:
		return kv.Truncate(ctx)
	}
	if s.bdb != nil {
		return s.bdb.Badger().DropPrefix(s.pfx)
	}
	return fmt.Errorf("no way to drop the index of backend %s", s.backend)
}

// articleIDs lists the articles in the graph: subjects of <rdf:type>
// <dg:Article>.
func (s *Store) articleIDs(ctx context.Context) ([]string, error) {
	qs := s.QuadStore()
	ref, err := qs.ValueOf(TypeArticle)
	if err != nil || ref == nil {
		return nil, err
	}
	seen := map[string]bool{}
	err = eachQuads(ctx, qs, qs.QuadIterator(quad.Object, ref), func(b []quad.Quad) error {
		for _, q := range b {
			if q.Predicate != quad.Value(PredType) {
				continue
			}
			if iri, ok := q.Subject.(quad.IRI); ok && strings.HasPrefix(string(iri), PrefixArticle) {
				seen[string(iri)] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}
