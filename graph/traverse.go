package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"

	dg "github.com/diplograph/diplograph"
)

// Traversal bounds.
const (
	DefaultNeighborhoodLimit = 100
	MaxNeighborhoodLimit     = 1000
	MaxHops                  = 3 // Neighborhood
	MaxPathHops              = 4 // Paths
	MaxPaths                 = 10
	// MaxTraversalSteps bounds the adjacency entries one Paths call reads.
	MaxTraversalSteps = 500_000
)

// neighbours calls fn with the neighbours of an actor (events either way),
// strongest first, until fn returns false.
func neighbours(t *itx, id string, fn func(nb string, weight int64) (bool, error)) error {
	prefix := key(tagWeight, id)
	return t.scan(prefix, nil, func(k, _ []byte) (bool, error) {
		rest := k[len(prefix):]
		if len(rest) < 9 {
			return false, fmt.Errorf("bad adjacency key %q", k)
		}
		var w uint64
		for _, b := range rest[:8] {
			w = w<<8 | uint64(b)
		}
		return fn(string(rest[8:len(rest)-1]), int64(^w))
	})
}

// resolveActorID resolves an id or code to an actor id; ENotFound when
// there is none.
func resolveActorID(t *itx, idOrCode string) (string, error) {
	a, err := resolveActor(t, idOrCode)
	if err != nil {
		return "", err
	}
	if a == nil {
		return "", dg.Errorf(dg.ENotFound, "actor %s not found", idOrCode)
	}
	return a.ID, nil
}

// Neighborhood returns the actors within hops (1..3) of an actor (id or
// code), at most limit of them (default 100, at most 1000) including the
// actor itself, and the edges among them. Each hop takes the strongest
// neighbours (most events either way) first.
func (s *Store) Neighborhood(ctx context.Context, actor string, hops, limit int) (Subgraph, error) {
	if hops < 1 || hops > MaxHops {
		return Subgraph{}, dg.Errorf(dg.EInvalid, "neighborhood: hops must be 1..%d, got %d", MaxHops, hops)
	}
	if limit <= 0 {
		limit = DefaultNeighborhoodLimit
	}
	limit = min(limit, MaxNeighborhoodLimit)
	var sg Subgraph
	err := s.view(ctx, func(t *itx) error {
		start, err := resolveActorID(t, actor)
		if err != nil {
			return err
		}
		in := map[string]bool{start: true}
		set := []string{start}
		frontier := []string{start}
		for h := 0; h < hops && len(set) < limit && len(frontier) > 0; h++ {
			var next []string
			for _, u := range frontier {
				err := neighbours(t, u, func(v string, _ int64) (bool, error) {
					if !in[v] {
						in[v] = true
						set = append(set, v)
						next = append(next, v)
					}
					return len(set) < limit, nil
				})
				if err != nil {
					return err
				}
				if len(set) >= limit {
					break
				}
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			frontier = next
		}
		if sg.Edges, err = edgesAmong(t, set); err != nil {
			return err
		}
		as, err := getActors(t, set)
		if err != nil {
			return err
		}
		for i, a := range as {
			if a == nil {
				a = &dg.Actor{ID: set[i]}
			}
			sg.Actors = append(sg.Actors, *a)
		}
		return nil
	})
	if err != nil {
		return Subgraph{}, fmt.Errorf("neighborhood of %s: %w", actor, err)
	}
	return sg, nil
}

// edgesAmong returns the directed edges between actors of a set, ordered by
// source and target. For each actor it reads either its neighbour list or,
// when that is longer than the set, the pairs with the set's members.
func edgesAmong(t *itx, set []string) ([]Edge, error) {
	in := make(map[string]bool, len(set))
	for _, a := range set {
		in[a] = true
	}
	degKeys := make([][]byte, len(set))
	for i, a := range set {
		degKeys[i] = key(tagDegree, a)
	}
	degs, err := t.getBatch(degKeys)
	if err != nil {
		return nil, err
	}
	pairs := map[[2]string]bool{} // unordered pairs known to have events
	var probe [][2]string
	for i, a := range set {
		var deg int64
		if degs[i] != nil {
			c, err := decodeCounter(degs[i])
			if err != nil {
				return nil, err
			}
			deg = c.N
		}
		if deg <= int64(len(set)) {
			err := neighbours(t, a, func(b string, _ int64) (bool, error) {
				if in[b] {
					pairs[upair(a, b)] = true
				}
				return true, nil
			})
			if err != nil {
				return nil, err
			}
			continue
		}
		for _, b := range set {
			if b != a {
				probe = append(probe, [2]string{a, b})
			}
		}
	}
	for _, p := range probe {
		if !pairs[upair(p[0], p[1])] {
			pairs[upair(p[0], p[1])] = false
		}
	}
	cand := make([][2]string, 0, len(pairs))
	for p := range pairs {
		cand = append(cand, p)
	}
	sort.Slice(cand, func(i, j int) bool {
		return cand[i][0] < cand[j][0] || cand[i][0] == cand[j][0] && cand[i][1] < cand[j][1]
	})
	keys := make([][]byte, len(cand))
	for i, c := range cand {
		keys[i] = key(tagPair, c[0], c[1])
	}
	vals, err := t.getBatch(keys)
	if err != nil {
		return nil, err
	}
	var out []Edge
	for i, v := range vals {
		if v == nil {
			continue
		}
		ab, ba, err := decodeDyad(v)
		if err != nil {
			return nil, err
		}
		if ab.N > 0 {
			out = append(out, pairEdge(cand[i][0], cand[i][1], ab))
		}
		if ba.N > 0 {
			out = append(out, pairEdge(cand[i][1], cand[i][0], ba))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Source < out[j].Source || out[i].Source == out[j].Source && out[i].Target < out[j].Target
	})
	return out, nil
}

// getDyad returns the events from a to b and from b to a; nil when there
// are none.
func getDyad(t *itx, a, b string) (ab, ba *pairRec, err error) {
	x, y := a, b
	if y < x {
		x, y = y, x
	}
	v, err := t.get(key(tagPair, x, y))
	if err != nil || v == nil {
		return nil, nil, err
	}
	xy, yx, err := decodeDyad(v)
	if err != nil {
		return nil, nil, err
	}
	if x == a {
		return xy, yx, nil
	}
	return yx, xy, nil
}

func upair(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

func pairEdge(src, tgt string, p *pairRec) Edge {
	e := Edge{Source: src, Target: tgt, Rel: p.topRel(), Count: int(p.N)}
	if p.N > 0 {
		e.GoldsteinMean = float64(p.GSum) / float64(p.N) / 1000
	}
	return e
}

// Paths returns shortest paths (at most MaxPaths, ordered by their actor
// ids) between two actors (ids or codes), following events in either
// direction, of at most maxHops edges (1..4; 0 means 4). None when the
// actors are further apart. A search that would read more than
// MaxTraversalSteps adjacency entries is an EInvalid error.
func (s *Store) Paths(ctx context.Context, from, to string, maxHops int) ([]Path, error) {
	if maxHops == 0 {
		maxHops = MaxPathHops
	}
	if maxHops < 1 || maxHops > MaxPathHops {
		return nil, dg.Errorf(dg.EInvalid, "paths: maxHops must be 1..%d, got %d", MaxPathHops, maxHops)
	}
	var out []Path
	err := s.view(ctx, func(t *itx) error {
		a, err := resolveActorID(t, from)
		if err != nil {
			return err
		}
		b, err := resolveActorID(t, to)
		if err != nil {
			return err
		}
		seqs, err := shortestPaths(ctx, t, a, b, maxHops)
		if err != nil || len(seqs) == 0 {
			return err
		}
		out, err = toPaths(t, seqs)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("paths from %s to %s: %w", from, to, err)
	}
	return out, nil
}

// bfsSide is one side of a bidirectional breadth-first search.
type bfsSide struct {
	dist     map[string]int
	parents  map[string][]string
	frontier []string
	depth    int
}

func newSide(start string) *bfsSide {
	return &bfsSide{dist: map[string]int{start: 0}, parents: map[string][]string{}, frontier: []string{start}}
}

// expand visits the next layer of a side.
func (sd *bfsSide) expand(ctx context.Context, t *itx, steps *int) error {
	var next []string
	for _, u := range sd.frontier {
		err := neighbours(t, u, func(v string, _ int64) (bool, error) {
			*steps++
			if *steps > MaxTraversalSteps {
				return false, dg.Errorf(dg.EInvalid, "the search read more than %d adjacency entries; lower maxHops", MaxTraversalSteps)
			}
			d, seen := sd.dist[v]
			switch {
			case !seen:
				sd.dist[v] = sd.depth + 1
				sd.parents[v] = []string{u}
				next = append(next, v)
			case d == sd.depth+1:
				sd.parents[v] = append(sd.parents[v], u)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	sd.depth++
	sd.frontier = next
	return nil
}

// chains lists the paths from the side's start to n (start first), at most
// limit of them.
func (sd *bfsSide) chains(n string, limit int) [][]string {
	if sd.dist[n] == 0 {
		return [][]string{{n}}
	}
	ps := append([]string(nil), sd.parents[n]...)
	sort.Strings(ps)
	var out [][]string
	for _, p := range ps {
		for _, c := range sd.chains(p, limit-len(out)) {
			out = append(out, append(append([]string(nil), c...), n))
			if len(out) >= limit {
				return out
			}
		}
	}
	return out
}

func shortestPaths(ctx context.Context, t *itx, a, b string, maxHops int) ([][]string, error) {
	if a == b {
		return [][]string{{a}}, nil
	}
	fw, bw := newSide(a), newSide(b)
	steps := 0
	for fw.depth+bw.depth < maxHops {
		side := fw
		if len(bw.frontier) < len(fw.frontier) {
			side = bw
		}
		if len(side.frontier) == 0 {
			return nil, nil
		}
		if err := side.expand(ctx, t, &steps); err != nil {
			return nil, err
		}
		best := -1
		var meet []string
		for n, df := range fw.dist {
			db, ok := bw.dist[n]
			if !ok {
				continue
			}
			switch l := df + db; {
			case best < 0 || l < best:
				best, meet = l, []string{n}
			case l == best:
				meet = append(meet, n)
			}
		}
		if best < 0 {
			continue
		}
		sort.Strings(meet)
		seen := map[string]bool{}
		var out [][]string
		for _, m := range meet {
			for _, head := range fw.chains(m, MaxPaths*4) {
				for _, tail := range bw.chains(m, MaxPaths*4) {
					p := append(append([]string(nil), head...), reversed(tail[:len(tail)-1])...)
					k := strings.Join(p, "\x00")
					if !seen[k] {
						seen[k] = true
						out = append(out, p)
					}
				}
			}
		}
		sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], "\x00") < strings.Join(out[j], "\x00") })
		if len(out) > MaxPaths {
			out = out[:MaxPaths]
		}
		return out, nil
	}
	return nil, nil
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

// toPaths loads the actors and edges of actor id sequences.
func toPaths(t *itx, seqs [][]string) ([]Path, error) {
	var ids []string
	seen := map[string]bool{}
	for _, sq := range seqs {
		for _, id := range sq {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	as, err := getActors(t, ids)
	if err != nil {
		return nil, err
	}
	actors := map[string]dg.Actor{}
	for i, id := range ids {
		if as[i] != nil {
			actors[id] = *as[i]
		} else {
			actors[id] = dg.Actor{ID: id}
		}
	}
	out := make([]Path, len(seqs))
	for i, sq := range seqs {
		for j, id := range sq {
			out[i].Actors = append(out[i].Actors, actors[id])
			if j == 0 {
				continue
			}
			u := sq[j-1]
			fw, bw, err := getDyad(t, u, id)
			if err != nil {
				return nil, err
			}
			switch {
			case fw != nil && fw.N > 0 && fw.N >= bw.N:
				out[i].Edges = append(out[i].Edges, pairEdge(u, id, fw))
			case bw != nil && bw.N > 0:
				out[i].Edges = append(out[i].Edges, pairEdge(id, u, bw))
			default:
				return nil, fmt.Errorf("no pair record between %s and %s", u, id)
			}
		}
	}
	return out, nil
}
