package resolvers

import (
	"context"
	"fmt"
	"strings"
	"time"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/resolvers/model"
)

// IngestSource is the Article.Source of articles ingested over GraphQL.
const IngestSource = "graphql"

// IngestArticle resolves Mutation.ingestArticle: it codes the article,
// writes it in one transaction, publishes its events to eventAdded
// subscribers and returns the events as stored. The server checks the
// write token before this runs.
func (r *mutationResolver) IngestArticle(ctx context.Context, in model.ArticleInput) (*model.IngestResult, error) {
	if r.coder == nil {
		return nil, dg.Errorf(dg.EInternal, "ingestArticle: this server has no article coder")
	}
	if strings.TrimSpace(in.Text) == "" {
		return nil, dg.Errorf(dg.EInvalid, "ingestArticle: text is empty")
	}
	a := dg.Article{
		Source: IngestSource,
		ExtID:  deref(in.ExternalID),
		Title:  strings.TrimSpace(deref(in.Title)),
		URL:    strings.TrimSpace(deref(in.URL)),
		Text:   in.Text,
	}
	if p := strings.TrimSpace(deref(in.Published)); p != "" {
		t, err := parsePublished(p)
		if err != nil {
			return nil, err
		}
		a.Published = t
	}
	coded, err := r.coder.Code(ctx, a)
	if err != nil {
		return nil, fmt.Errorf("ingestArticle: code article: %w", err)
	}
	if coded == nil {
		return nil, dg.Errorf(dg.EInternal, "ingestArticle: the coder returned nothing")
	}
	if coded.Article.ID == "" {
		coded.Article.ID = dg.ArticleID(dg.NormalizeText(coded.Article.Text))
	}
	res, err := r.store.WriteArticle(ctx, coded)
	if err != nil {
		return nil, fmt.Errorf("ingestArticle: write %s: %w", coded.Article.ID, err)
	}
	if res.ArticleID == "" {
		res.ArticleID = coded.Article.ID
	}

	stored, err := r.storedEvents(ctx, coded.Events)
	if err != nil {
		return nil, fmt.Errorf("ingestArticle: read back events of %s: %w", res.ArticleID, err)
	}
	article, err := r.store.Article(ctx, res.ArticleID)
	if err != nil || article == nil {
		if err != nil && dg.KindOf(err) != dg.ENotFound {
			return nil, fmt.Errorf("ingestArticle: read back %s: %w", res.ArticleID, err)
		}
		article = &coded.Article
	}
	if !res.Unchanged {
		r.broker.Publish(coded.Events)
	}
	events, err := r.eventsOut(ctx, stored, "events")
	if err != nil {
		return nil, fmt.Errorf("ingestArticle: %w", err)
	}
	return &model.IngestResult{
		Article:   article,
		Events:    events,
		Unchanged: res.Unchanged,
		Replaced:  res.Replaced,
		Quads:     res.Quads,
	}, nil
}

// storedEvents reads events back from the store, so that an event already
// reported by other articles comes with all its mentions; an event the
// store does not return is served as coded.
func (r *Resolver) storedEvents(ctx context.Context, coded []dg.Event) ([]dg.Event, error) {
	if len(coded) == 0 {
		return []dg.Event{}, nil
	}
	ids := make([]string, len(coded))
	for i, e := range coded {
		ids[i] = e.ID
	}
	got, err := r.store.EventsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]dg.Event, len(coded))
	for i := range coded {
		if i < len(got) && got[i] != nil {
			out[i] = *got[i]
			continue
		}
		r.log.WarnContext(ctx, "ingested event not found in the store", "event", coded[i].ID)
		out[i] = coded[i]
	}
	return out, nil
}

// parsePublished accepts a date or an RFC 3339 time.
func parsePublished(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, dg.Errorf(dg.EInvalid, "ingestArticle: published: want a date (2014-06-27) or an RFC 3339 time, got %q", s)
}

// DeleteArticle resolves Mutation.deleteArticle.
func (r *mutationResolver) DeleteArticle(ctx context.Context, id string) (bool, error) {
	if id == "" {
		return false, dg.Errorf(dg.EInvalid, "deleteArticle: id is empty")
	}
	ok, err := r.store.DeleteArticle(ctx, id)
	if err != nil {
		return false, fmt.Errorf("deleteArticle %s: %w", id, err)
	}
	return ok, nil
}
