package graph

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	dg "github.com/diplograph/diplograph"
)

// Quads returns the quads of a coded article in a deterministic order, each
// labelled with the article's IRI: the article's own quads, then its actors
// by id, then its events by id, each followed by its mentions by id and its
// <rel:VERB> edge. Identical quads appear once.
//
// Quads fills the defaults the store fills when writing: an empty event id
// is computed with dg.EventID, an empty CAMEO root is the code's first two
// digits, a mention's empty article id is the article's, its empty sentence
// text comes from c.Sentences, its empty id from dg.MentionID. Actors
// referenced by events but missing from c.Actors are written from the
// events; the first occurrence of an id wins. An event listed twice (same id)
// is written once with the union of its mentions.
func Quads(c *dg.Coded) []quad.Quad {
	return render(normalize(c))
}

// normArticle is a coded article in canonical form: what Quads renders and
// what parsing the rendered quads gives back.
type normArticle struct {
	Article dg.Article // ID, Title, URL, Published (UTC)
	Actors  []dg.Actor // by id; aliases sorted, unique, non-empty
	Events  []normEvent
}

// normEvent is an event with actor ids instead of actors.
type normEvent struct {
	ID        string
	Code      dg.Code
	Source    string // actor id or ""
	Target    string
	Status    dg.Status
	Date      string
	Precision dg.Precision
	Rel       string
	Mentions  []dg.Mention // by id
}

func normalize(c *dg.Coded) *normArticle {
	n := &normArticle{Article: dg.Article{
		ID:    c.Article.ID,
		Title: c.Article.Title,
		URL:   c.Article.URL,
	}}
	if !c.Article.Published.IsZero() {
		n.Article.Published = c.Article.Published.UTC()
	}
	actors := map[string]dg.Actor{}
	addActor := func(a dg.Actor) {
		if a.ID == "" {
			return
		}
		if _, ok := actors[a.ID]; ok {
			return
		}
		actors[a.ID] = normActor(a)
	}
	for _, a := range c.Actors {
		addActor(a)
	}
	sentences := map[int]string{}
	for _, s := range c.Sentences {
		sentences[s.Index] = s.Text
	}
	events := map[string]*normEvent{}
	perSentence := map[int]int{}
	for _, e := range c.Events {
		var src, tgt string
		if e.Source != nil {
			addActor(*e.Source)
			src = e.Source.ID
		}
		if e.Target != nil {
			addActor(*e.Target)
			tgt = e.Target.ID
		}
		id := e.ID
		if id == "" {
			id = dg.EventID(src, tgt, e.Code.Code, e.Date, e.Precision)
		}
		ne, ok := events[id]
		if !ok {
			code := e.Code
			if code.Root == "" && len(code.Code) >= 2 {
				code.Root = code.Code[:2]
			}
			ne = &normEvent{ID: id, Code: code, Source: src, Target: tgt, Status: e.Status,
				Date: e.Date, Precision: e.Precision, Rel: e.Rel}
			events[id] = ne
		}
		for _, m := range e.Mentions {
			if m.ArticleID == "" {
				m.ArticleID = n.Article.ID
			}
			if m.Sentence == "" {
				m.Sentence = sentences[m.SentenceIndex]
			}
			if m.ID == "" {
				m.ID = dg.MentionID(n.Article.ID, m.SentenceIndex, perSentence[m.SentenceIndex])
			}
			perSentence[m.SentenceIndex]++
			dup := false
			for _, old := range ne.Mentions {
				if old.ID == m.ID {
					dup = true
					break
				}
			}
			if !dup {
				ne.Mentions = append(ne.Mentions, m)
			}
		}
	}
	for _, a := range actors {
		n.Actors = append(n.Actors, a)
	}
	sort.Slice(n.Actors, func(i, j int) bool { return n.Actors[i].ID < n.Actors[j].ID })
	for _, e := range events {
		sort.Slice(e.Mentions, func(i, j int) bool { return e.Mentions[i].ID < e.Mentions[j].ID })
		n.Events = append(n.Events, *e)
	}
	sort.Slice(n.Events, func(i, j int) bool { return n.Events[i].ID < n.Events[j].ID })
	return n
}

// normActor fills an actor's defaults: a country's kind and country from
// its id, a sector's kind; aliases sorted and unique.
func normActor(a dg.Actor) dg.Actor {
	if a.Kind == "" {
		switch {
		case strings.HasPrefix(a.ID, PrefixCountry):
			a.Kind = dg.KindCountry
		case a.Sector != "":
			a.Kind = dg.KindSector
		}
	}
	if a.Kind == dg.KindCountry && a.Country == "" && strings.HasPrefix(a.ID, PrefixCountry) {
		a.Country = strings.TrimPrefix(a.ID, PrefixCountry)
	}
	a.Aliases = uniqueSorted(a.Aliases)
	return a
}

func uniqueSorted(in []string) []string {
	var out []string
	for _, s := range in {
		if s != "" {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	w := 0
	for i, s := range out {
		if i == 0 || s != out[w-1] {
			out[w] = s
			w++
		}
	}
	if w == 0 {
		return nil
	}
	return out[:w]
}

var kindTypes = map[dg.ActorKind]quad.IRI{
	dg.KindCountry:      TypeCountry,
	dg.KindPerson:       TypePerson,
	dg.KindOrganization: TypeOrganization,
	dg.KindGroup:        TypeGroup,
	dg.KindSector:       TypeSector,
}

// countryValue is the object of <dg:country>: the country node for an ISO
// alpha-3 code, a string otherwise ("IGO", "NGO").
func countryValue(c string) quad.Value {
	if id := (dg.Actor{Country: c}).CountryID(); id != "" {
		return quad.IRI(id)
	}
	return quad.String(c)
}

func render(n *normArticle) []quad.Quad {
	label := quad.IRI(n.Article.ID)
	out := make([]quad.Quad, 0, 8+8*len(n.Actors)+32*len(n.Events))
	seen := make(map[quad.Quad]bool, cap(out))
	add := func(s quad.Value, p quad.IRI, o quad.Value) {
		q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: label}
		if seen[q] {
			return
		}
		seen[q] = true
		out = append(out, q)
	}
	str := func(s quad.Value, p quad.IRI, v string) {
		if v != "" {
			add(s, p, quad.String(v))
		}
	}
	art := quad.IRI(n.Article.ID)
	add(art, PredType, TypeArticle)
	str(art, PredTitle, n.Article.Title)
	str(art, PredURL, n.Article.URL)
	if !n.Article.Published.IsZero() {
		add(art, PredPublished, quad.String(n.Article.Published.Format(time.RFC3339Nano)))
	}
	for _, a := range n.Actors {
		s := quad.IRI(a.ID)
		if t, ok := kindTypes[a.Kind]; ok {
			add(s, PredType, t)
		}
		str(s, PredName, a.Name)
		for _, al := range a.Aliases {
			str(s, PredAlias, al)
		}
		str(s, PredCode, a.Code)
		if a.Country != "" {
			add(s, PredCountry, countryValue(a.Country))
		}
		str(s, PredSector, a.Sector)
		str(s, PredTitle, a.Title)
	}
	for _, e := range n.Events {
		s := quad.IRI(e.ID)
		add(s, PredType, TypeEvent)
		if e.Source != "" {
			add(s, PredSource, quad.IRI(e.Source))
		}
		if e.Target != "" {
			add(s, PredTarget, quad.IRI(e.Target))
		}
		str(s, PredCameo, e.Code.Code)
		str(s, PredLabel, e.Code.Label)
		str(s, PredRoot, e.Code.Root)
		add(s, PredQuadClass, quad.Int(e.Code.QuadClass))
		add(s, PredGoldstein, quad.Float(e.Code.Goldstein))
		str(s, PredPlover, e.Code.Plover)
		str(s, PredDate, e.Date)
		str(s, PredPrecision, string(e.Precision))
		str(s, PredStatus, string(e.Status))
		str(s, PredRelVerb, e.Rel)
		for _, m := range e.Mentions {
			add(s, PredMention, quad.IRI(m.ID))
		}
		for _, m := range e.Mentions {
			ms := quad.IRI(m.ID)
			add(ms, PredType, TypeMention)
			add(ms, PredArticle, quad.IRI(m.ArticleID))
			str(ms, PredSentence, m.Sentence)
			add(ms, PredSentenceIndex, quad.Int(m.SentenceIndex))
			add(ms, PredStart, quad.Int(m.Start))
			add(ms, PredEnd, quad.Int(m.End))
			str(ms, PredTrigger, m.Trigger)
			str(ms, PredRule, m.Rule)
			add(ms, PredConfidence, quad.Float(m.Confidence))
		}
		if e.Source != "" && e.Target != "" && e.Rel != "" {
			add(quad.IRI(e.Source), RelPredicate(e.Rel), quad.IRI(e.Target))
		}
	}
	return out
}

// quadsHash is the content hash of an article's quads, independent of
// their order and label: the SHA-256 of the sorted digests of the quads'
// canonical encodings (type-tagged, length-prefixed values).
func quadsHash(qs []quad.Quad) string {
	digests := make([][sha256.Size]byte, len(qs))
	var buf []byte
	for i, q := range qs {
		buf = buf[:0]
		for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object} {
			buf = appendValue(buf, v)
		}
		digests[i] = sha256.Sum256(buf)
	}
	sort.Slice(digests, func(i, j int) bool { return string(digests[i][:]) < string(digests[j][:]) })
	h := sha256.New()
	for i := range digests {
		h.Write(digests[i][:])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// appendValue appends a canonical encoding of a value: a type tag, the
// length and the content.
func appendValue(b []byte, v quad.Value) []byte {
	var tag byte
	var s string
	switch v := v.(type) {
	case quad.IRI:
		tag, s = 'I', string(v)
	case quad.String:
		tag, s = 'S', string(v)
	case quad.Int:
		tag, s = 'N', strconv.FormatInt(int64(v), 10)
	case quad.Float:
		tag, s = 'F', strconv.FormatFloat(float64(v), 'g', -1, 64)
	default:
		tag, s = '?', v.String()
	}
	b = append(b, tag)
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// parseQuads rebuilds the canonical article from its quads (as read back
// from Cayley, in any order). It is the inverse of render.
func parseQuads(articleID string, qs []quad.Quad) (*normArticle, error) {
	n := &normArticle{Article: dg.Article{ID: articleID}}
	actors := map[string]*dg.Actor{}
	events := map[string]*normEvent{}
	mentions := map[string]*dg.Mention{}
	mentionOf := map[string]string{} // mention id -> event id
	actor := func(id string) *dg.Actor {
		a, ok := actors[id]
		if !ok {
			a = &dg.Actor{ID: id}
			actors[id] = a
		}
		return a
	}
	event := func(id string) *normEvent {
		e, ok := events[id]
		if !ok {
			e = &normEvent{ID: id}
			events[id] = e
		}
		return e
	}
	mention := func(id string) *dg.Mention {
		m, ok := mentions[id]
		if !ok {
			m = &dg.Mention{ID: id}
			mentions[id] = m
		}
		return m
	}
	for _, q := range qs {
		subj, ok := q.Subject.(quad.IRI)
		if !ok {
			return nil, fmt.Errorf("quad %v: subject is not an IRI", q)
		}
		pred, ok := q.Predicate.(quad.IRI)
		if !ok {
			return nil, fmt.Errorf("quad %v: predicate is not an IRI", q)
		}
		s := string(subj)
		var err error
		switch {
		case s == articleID:
			err = parseArticleQuad(&n.Article, pred, q.Object)
		case strings.HasPrefix(s, PrefixEvent):
			err = parseEventQuad(event(s), pred, q.Object, mentionOf)
		case strings.HasPrefix(s, PrefixMention):
			err = parseMentionQuad(mention(s), pred, q.Object)
		case strings.HasPrefix(s, PrefixActor), strings.HasPrefix(s, PrefixCountry):
			if strings.HasPrefix(string(pred), PrefixRel) {
				continue // the direct edge; the events carry it
			}
			err = parseActorQuad(actor(s), pred, q.Object)
		default:
			err = fmt.Errorf("unknown subject")
		}
		if err != nil {
			return nil, fmt.Errorf("quad %v: %w", q, err)
		}
	}
	for mid, eid := range mentionOf {
		m, ok := mentions[mid]
		if !ok {
			m = &dg.Mention{ID: mid}
		}
		e := event(eid)
		e.Mentions = append(e.Mentions, *m)
	}
	for _, a := range actors {
		a.Aliases = uniqueSorted(a.Aliases)
		n.Actors = append(n.Actors, *a)
	}
	sort.Slice(n.Actors, func(i, j int) bool { return n.Actors[i].ID < n.Actors[j].ID })
	for _, e := range events {
		sort.Slice(e.Mentions, func(i, j int) bool { return e.Mentions[i].ID < e.Mentions[j].ID })
		n.Events = append(n.Events, *e)
	}
	sort.Slice(n.Events, func(i, j int) bool { return n.Events[i].ID < n.Events[j].ID })
	return n, nil
}

func literal(o quad.Value) (string, error) {
	switch v := o.(type) {
	case quad.String:
		return string(v), nil
	case quad.IRI:
		return string(v), nil
	case quad.TypedString:
		return string(v.Value), nil
	}
	return "", fmt.Errorf("unexpected value %T", o)
}

func intLiteral(o quad.Value) (int, error) {
	switch v := o.(type) {
	case quad.Int:
		return int(v), nil
	case quad.Float:
		return int(v), nil
	}
	return 0, fmt.Errorf("unexpected value %T, want an integer", o)
}

func floatLiteral(o quad.Value) (float64, error) {
	switch v := o.(type) {
	case quad.Float:
		return float64(v), nil
	case quad.Int:
		return float64(v), nil
	}
	return 0, fmt.Errorf("unexpected value %T, want a number", o)
}

func parseArticleQuad(a *dg.Article, p quad.IRI, o quad.Value) error {
	var err error
	switch p {
	case PredType:
	case PredTitle:
		a.Title, err = literal(o)
	case PredURL:
		a.URL, err = literal(o)
	case PredPublished:
		var s string
		if s, err = literal(o); err == nil {
			a.Published, err = time.Parse(time.RFC3339Nano, s)
			a.Published = a.Published.UTC()
		}
	default:
		return fmt.Errorf("unknown article predicate")
	}
	return err
}

func parseActorQuad(a *dg.Actor, p quad.IRI, o quad.Value) error {
	var (
		s   string
		err error
	)
	switch p {
	case PredType:
		for k, t := range kindTypes {
			if o == quad.Value(t) {
				a.Kind = k
				return nil
			}
		}
		return fmt.Errorf("unknown actor type")
	case PredName:
		a.Name, err = literal(o)
	case PredAlias:
		if s, err = literal(o); err == nil {
			a.Aliases = append(a.Aliases, s)
		}
	case PredCode:
		a.Code, err = literal(o)
	case PredCountry:
		if s, err = literal(o); err == nil {
			a.Country = strings.TrimPrefix(s, PrefixCountry)
		}
	case PredSector:
		a.Sector, err = literal(o)
	case PredTitle:
		a.Title, err = literal(o)
	default:
		return fmt.Errorf("unknown actor predicate")
	}
	return err
}

func parseEventQuad(e *normEvent, p quad.IRI, o quad.Value, mentionOf map[string]string) error {
	var (
		s   string
		err error
	)
	switch p {
	case PredType:
	case PredSource:
		e.Source, err = literal(o)
	case PredTarget:
		e.Target, err = literal(o)
	case PredCameo:
		e.Code.Code, err = literal(o)
	case PredLabel:
		e.Code.Label, err = literal(o)
	case PredRoot:
		e.Code.Root, err = literal(o)
	case PredQuadClass:
		e.Code.QuadClass, err = intLiteral(o)
	case PredGoldstein:
		e.Code.Goldstein, err = floatLiteral(o)
	case PredPlover:
		e.Code.Plover, err = literal(o)
	case PredDate:
		e.Date, err = literal(o)
	case PredPrecision:
		s, err = literal(o)
		e.Precision = dg.Precision(s)
	case PredStatus:
		s, err = literal(o)
		e.Status = dg.Status(s)
	case PredRelVerb:
		e.Rel, err = literal(o)
	case PredMention:
		if s, err = literal(o); err == nil {
			mentionOf[s] = e.ID
		}
	default:
		return fmt.Errorf("unknown event predicate")
	}
	return err
}

func parseMentionQuad(m *dg.Mention, p quad.IRI, o quad.Value) error {
	var err error
	switch p {
	case PredType:
	case PredArticle:
		m.ArticleID, err = literal(o)
	case PredSentence:
		m.Sentence, err = literal(o)
	case PredSentenceIndex:
		m.SentenceIndex, err = intLiteral(o)
	case PredStart:
		m.Start, err = intLiteral(o)
	case PredEnd:
		m.End, err = intLiteral(o)
	case PredTrigger:
		m.Trigger, err = literal(o)
	case PredRule:
		m.Rule, err = literal(o)
	case PredConfidence:
		m.Confidence, err = floatLiteral(o)
	default:
		return fmt.Errorf("unknown mention predicate")
	}
	return err
}

// validate checks a coded article before it is written; errors are
// dg.EInvalid and name the offending field.
func validate(c *dg.Coded) error {
	if c == nil {
		return dg.Errorf(dg.EInvalid, "write article: nil article")
	}
	id := c.Article.ID
	bad := func(format string, args ...any) error {
		return dg.Errorf(dg.EInvalid, "write article %s: "+format, append([]any{id}, args...)...)
	}
	if err := checkID(id, PrefixArticle); err != nil {
		return dg.Errorf(dg.EInvalid, "write article: Article.ID: %v", err)
	}
	for name, s := range map[string]string{"Article.Title": c.Article.Title, "Article.URL": c.Article.URL} {
		if !utf8.ValidString(s) {
			return bad("%s is not valid UTF-8", name)
		}
	}
	checkActor := func(field string, a *dg.Actor) error {
		if a == nil {
			return nil
		}
		if err := checkActorID(a.ID); err != nil {
			return bad("%s.ID: %v", field, err)
		}
		switch a.Kind {
		case "", dg.KindCountry, dg.KindPerson, dg.KindOrganization, dg.KindGroup, dg.KindSector:
		default:
			return bad("%s.Kind: unknown kind %q", field, a.Kind)
		}
		for _, s := range append([]string{a.Name, a.Code, a.Country, a.Sector, a.Title}, a.Aliases...) {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				return bad("%s (%s): a name, code or alias is not valid UTF-8 text", field, a.ID)
			}
		}
		return nil
	}
	for i := range c.Actors {
		if err := checkActor(fmt.Sprintf("Actors[%d]", i), &c.Actors[i]); err != nil {
			return err
		}
	}
	for i, e := range c.Events {
		f := fmt.Sprintf("Events[%d]", i)
		if e.ID != "" {
			if err := checkID(e.ID, PrefixEvent); err != nil {
				return bad("%s.ID: %v", f, err)
			}
		}
		if err := checkActor(f+".Source", e.Source); err != nil {
			return err
		}
		if err := checkActor(f+".Target", e.Target); err != nil {
			return err
		}
		if e.Code.Code == "" || !isDigits(e.Code.Code) {
			return bad("%s.Code.Code: want CAMEO digits, got %q", f, e.Code.Code)
		}
		if e.Code.Root != "" && !isDigits(e.Code.Root) {
			return bad("%s.Code.Root: want CAMEO digits, got %q", f, e.Code.Root)
		}
		if e.Code.QuadClass < 0 || e.Code.QuadClass > 4 {
			return bad("%s.Code.QuadClass: %d out of 0..4", f, e.Code.QuadClass)
		}
		if !e.Status.Valid() {
			return bad("%s.Status: unknown status %q", f, e.Status)
		}
		if !e.Precision.Valid() {
			return bad("%s.Precision: unknown precision %q", f, e.Precision)
		}
		// An event of an undated article has no date at all (precision reported).
		if !validDate(e.Date) && !(e.Date == "" && e.Precision == dg.PrecisionReported) {
			return bad("%s.Date: want YYYY, YYYY-MM or YYYY-MM-DD (or empty with precision reported), got %q", f, e.Date)
		}
		if strings.ContainsAny(e.Rel, " \t\n<>\"{}|\\^`\x00") || !utf8.ValidString(e.Rel) {
			return bad("%s.Rel: %q is not usable in an IRI", f, e.Rel)
		}
		for _, s := range []string{e.Code.Label, e.Code.Plover} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				return bad("%s.Code: label or PLOVER type is not valid UTF-8 text", f)
			}
		}
		for j, m := range e.Mentions {
			mf := fmt.Sprintf("%s.Mentions[%d]", f, j)
			if m.ID != "" {
				if err := checkID(m.ID, PrefixMention); err != nil {
					return bad("%s.ID: %v", mf, err)
				}
			}
			if m.ArticleID != "" && m.ArticleID != id {
				return bad("%s.ArticleID: %q is another article", mf, m.ArticleID)
			}
			for _, s := range []string{m.Sentence, m.Trigger, m.Rule} {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					return bad("%s: sentence, trigger or rule is not valid UTF-8 text", mf)
				}
			}
		}
	}
	return nil
}

func checkActorID(id string) error {
	if strings.HasPrefix(id, PrefixCountry) {
		return checkID(id, PrefixCountry)
	}
	return checkID(id, PrefixActor)
}

// checkID accepts an IRI with the given prefix, a non-empty rest and no
// characters that break IRIs or index keys.
func checkID(id, prefix string) error {
	if !strings.HasPrefix(id, prefix) || len(id) == len(prefix) {
		return fmt.Errorf("%q does not start with %q followed by an id", id, prefix)
	}
	if !utf8.ValidString(id) || strings.ContainsAny(id, " \t\r\n<>\"{}|\\^`\x00\x01") {
		return fmt.Errorf("%q contains characters not allowed in an IRI", id)
	}
	if len(id) > 512 {
		return fmt.Errorf("%q is longer than 512 bytes", id[:32]+"…")
	}
	return nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// validDate accepts YYYY, YYYY-MM and YYYY-MM-DD.
func validDate(d string) bool {
	switch len(d) {
	case 4:
		return isDigits(d)
	case 7:
		return isDigits(d[:4]) && d[4] == '-' && isDigits(d[5:7])
	case 10:
		return isDigits(d[:4]) && d[4] == '-' && isDigits(d[5:7]) && d[7] == '-' && isDigits(d[8:10])
	}
	return false
}
