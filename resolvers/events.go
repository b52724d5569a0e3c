package resolvers

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/resolvers/model"
)

// eventNeeds is what a query selects of the events a field returns.
type eventNeeds struct {
	mentions  bool // Event.mentions
	actors    bool // Event.source or Event.target
	countries bool // their country
}

// lookAhead reports what the current field's query selects of its events:
// at the field itself (no paths), or under the given paths of its selection
// ("nodes", "edges.node" for a connection). Without a field context (a call
// outside gqlgen), it assumes everything.
func lookAhead(ctx context.Context, eventPaths ...string) eventNeeds {
	if !graphql.HasOperationContext(ctx) {
		return eventNeeds{true, true, true}
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return eventNeeds{true, true, true}
	}
	oc := graphql.GetOperationContext(ctx)
	var sets []ast.SelectionSet
	if len(eventPaths) == 0 {
		sets = append(sets, fc.Field.Selections)
	}
	for _, p := range eventPaths {
		sets = append(sets, selectionsAt(oc, fc.Field.Selections, strings.Split(p, "."))...)
	}
	var n eventNeeds
	for _, set := range sets {
		for _, f := range graphql.CollectFields(oc, set, []string{"Event"}) {
			switch f.Name {
			case "mentions":
				n.mentions = true
			case "source", "target":
				n.actors = true
				n.countries = n.countries || len(selectionsAt(oc, f.Selections, []string{"country"})) > 0
			}
		}
	}
	return n
}

// eventsOut maps store events to API events for the current field (see
// lookAhead for eventPaths). What the query selects is read in one store
// call each, not per event: the mentions (primed into the response's
// mentions loader for Event.mentions), the actors the store gave by id
// only, and the countries of the actors (primed into the actor loader for
// Actor.country).
func (r *Resolver) eventsOut(ctx context.Context, es []dg.Event, eventPaths ...string) ([]model.Event, error) {
	out := make([]model.Event, len(es))
	if len(es) == 0 {
		return out, nil
	}
	need := lookAhead(ctx, eventPaths...)
	l := loadersFrom(ctx)

	if need.mentions && l != nil {
		var ids []string
		for i := range es {
			if len(es[i].Mentions) == 0 {
				ids = append(ids, es[i].ID)
			}
		}
		// A failed read primes nothing: the loader then reads again, and
		// reports the error, per event.
		if len(ids) > 0 {
			if ms, errs := r.fetchMentions(ctx, ids); errs == nil {
				for i, id := range ids {
					l.mentions.Prime(id, ms[i])
				}
			}
		}
	}

	var actorIDs []string
	seen := map[string]bool{}
	if need.actors {
		for i := range es {
			for _, a := range []*dg.Actor{es[i].Source, es[i].Target} {
				var id string
				switch {
				case a == nil:
				case a.Name == "":
					id = a.ID
				case need.countries && l != nil && a.CountryID() != a.ID:
					id = a.CountryID()
				}
				if id != "" && !seen[id] {
					seen[id] = true
					actorIDs = append(actorIDs, id)
				}
			}
		}
	}
	byID := map[string]*dg.Actor{}
	if len(actorIDs) > 0 {
		as, errs := r.fetchActors(ctx, actorIDs)
		if len(errs) > 0 {
			return nil, fmt.Errorf("actors of %d events: %w", len(es), errs[0])
		}
		for i, id := range actorIDs {
			byID[id] = as[i]
			if l != nil {
				l.actors.Prime(id, as[i])
			}
		}
	}
	complete := func(a *dg.Actor) *dg.Actor {
		if a != nil && a.Name == "" && byID[a.ID] != nil {
			return byID[a.ID]
		}
		return a
	}
	for i := range es {
		out[i] = model.NewEvent(es[i])
		out[i].Source = complete(es[i].Source)
		out[i].Target = complete(es[i].Target)
	}
	return out, nil
}
