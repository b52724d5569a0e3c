package graph

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
	"time"

	dg "github.com/diplograph/diplograph"
)

// The index keeps small binary records. enc and dec write and read them:
// unsigned and signed varints, length-prefixed strings, float64 bits.

type enc struct{ b []byte }

func (e *enc) uvar(x uint64) { e.b = binary.AppendUvarint(e.b, x) }
func (e *enc) svar(x int64)  { e.b = binary.AppendVarint(e.b, x) }
func (e *enc) str(s string) {
	e.uvar(uint64(len(s)))
	e.b = append(e.b, s...)
}
func (e *enc) strs(ss []string) {
	e.uvar(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}
func (e *enc) f64(f float64) { e.b = binary.BigEndian.AppendUint64(e.b, math.Float64bits(f)) }

var errCorrupt = errors.New("corrupt index record")

type dec struct {
	b   []byte
	err error
}

func (d *dec) uvar() uint64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *dec) svar() int64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *dec) str() string {
	n := d.uvar()
	if d.err != nil {
		return ""
	}
	if uint64(len(d.b)) < n {
		d.err = errCorrupt
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *dec) strs() []string {
	n := d.uvar()
	if d.err != nil || n > uint64(len(d.b)) {
		if d.err == nil {
			d.err = errCorrupt
		}
		return nil
	}
	var out []string
	for i := uint64(0); i < n && d.err == nil; i++ {
		out = append(out, d.str())
	}
	return out
}

func (d *dec) f64() float64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.err = errCorrupt
		return 0
	}
	x := binary.BigEndian.Uint64(d.b)
	d.b = d.b[8:]
	return math.Float64frombits(x)
}

// eventRec is an event as the index keeps it: as one article asserts it
// (a contribution, with its mention ids) or as the store shows it (the
// effective record, the contribution of the smallest article id).
type eventRec struct {
	ID                     string
	Code                   dg.Code
	Status                 dg.Status
	Date                   string
	Precision              dg.Precision
	Rel                    string
	Src, Tgt               string // actor ids
	SrcCode, TgtCode       string
	SrcCountry, TgtCountry string // ISO3, "" when none
	Article                string // the article asserting it
	Mentions               []string
}

func (r *eventRec) encode() []byte {
	var e enc
	e.str(r.ID)
	e.str(r.Code.Code)
	e.str(r.Code.Label)
	e.str(r.Code.Root)
	e.svar(int64(r.Code.QuadClass))
	e.f64(r.Code.Goldstein)
	e.str(r.Code.Plover)
	e.str(string(r.Status))
	e.str(r.Date)
	e.str(string(r.Precision))
	e.str(r.Rel)
	e.str(r.Src)
	e.str(r.Tgt)
	e.str(r.SrcCode)
	e.str(r.TgtCode)
	e.str(r.SrcCountry)
	e.str(r.TgtCountry)
	e.str(r.Article)
	e.strs(r.Mentions)
	return e.b
}

func decodeEvent(b []byte) (*eventRec, error) {
	d := dec{b: b}
	r := &eventRec{}
	r.ID = d.str()
	r.Code.Code = d.str()
	r.Code.Label = d.str()
	r.Code.Root = d.str()
	r.Code.QuadClass = int(d.svar())
	r.Code.Goldstein = d.f64()
	r.Code.Plover = d.str()
	r.Status = dg.Status(d.str())
	r.Date = d.str()
	r.Precision = dg.Precision(d.str())
	r.Rel = d.str()
	r.Src = d.str()
	r.Tgt = d.str()
	r.SrcCode = d.str()
	r.TgtCode = d.str()
	r.SrcCountry = d.str()
	r.TgtCountry = d.str()
	r.Article = d.str()
	r.Mentions = d.strs()
	return r, d.err
}

// sameDerived reports whether two effective records give the same index
// entries (they may differ in the article they come from).
func sameDerived(a, b *eventRec) bool {
	return a.ID == b.ID && a.Code == b.Code && a.Status == b.Status && a.Date == b.Date &&
		a.Precision == b.Precision && a.Rel == b.Rel && a.Src == b.Src && a.Tgt == b.Tgt &&
		a.SrcCode == b.SrcCode && a.TgtCode == b.TgtCode && a.SrcCountry == b.SrcCountry &&
		a.TgtCountry == b.TgtCountry
}

// milli is a Goldstein value in thousandths, so that sums are exact and
// independent of the order of writes.
func milli(g float64) int64 { return int64(math.Round(g * 1000)) }

// summary is what the ordered event indexes keep next to each key, enough
// to filter without reading the event record.
type summary struct {
	Code, Root             string
	QuadClass              int
	Status                 dg.Status
	Goldstein              int64 // milli
	Src, Tgt               string
	SrcCountry, TgtCountry string
}

func (r *eventRec) summary() summary {
	return summary{Code: r.Code.Code, Root: r.Code.Root, QuadClass: r.Code.QuadClass, Status: r.Status,
		Goldstein: milli(r.Code.Goldstein), Src: r.Src, Tgt: r.Tgt, SrcCountry: r.SrcCountry, TgtCountry: r.TgtCountry}
}

func (s *summary) encode() []byte {
	var e enc
	e.str(s.Code)
	e.str(s.Root)
	e.svar(int64(s.QuadClass))
	e.str(string(s.Status))
	e.svar(s.Goldstein)
	e.str(s.Src)
	e.str(s.Tgt)
	e.str(s.SrcCountry)
	e.str(s.TgtCountry)
	return e.b
}

func decodeSummary(b []byte, s *summary) error {
	d := dec{b: b}
	s.Code = d.str()
	s.Root = d.str()
	s.QuadClass = int(d.svar())
	s.Status = dg.Status(d.str())
	s.Goldstein = d.svar()
	s.Src = d.str()
	s.Tgt = d.str()
	s.SrcCountry = d.str()
	s.TgtCountry = d.str()
	return d.err
}

// articleRec is what the index keeps of an article: its metadata, its
// content hash and what it contributed, so that it can be removed.
type articleRec struct {
	ID, Title, URL string
	Published      time.Time
	Hash           string
	Quads          int
	Events         []string
	Actors         []string
}

func (a *articleRec) encode() []byte {
	var e enc
	e.str(a.ID)
	e.str(a.Title)
	e.str(a.URL)
	if a.Published.IsZero() {
		e.uvar(0)
	} else {
		e.uvar(1)
		e.svar(a.Published.UnixNano())
	}
	e.str(a.Hash)
	e.uvar(uint64(a.Quads))
	e.strs(a.Events)
	e.strs(a.Actors)
	return e.b
}

func decodeArticle(b []byte) (*articleRec, error) {
	d := dec{b: b}
	a := &articleRec{}
	a.ID = d.str()
	a.Title = d.str()
	a.URL = d.str()
	if d.uvar() == 1 {
		a.Published = time.Unix(0, d.svar()).UTC()
	}
	a.Hash = d.str()
	a.Quads = int(d.uvar())
	a.Events = d.strs()
	a.Actors = d.strs()
	return a, d.err
}

// actorRec is an actor as one article describes it (a contribution) or as
// the store shows it (the effective record: the contribution of the latest
// article, with the aliases of all).
type actorRec struct {
	dg.Actor
	Key string // ordering key of the contribution it comes from (actorContribKey)
}

func (a *actorRec) encode() []byte {
	var e enc
	e.str(a.ID)
	e.str(a.Name)
	e.str(a.Code)
	e.str(string(a.Kind))
	e.str(a.Country)
	e.str(a.Sector)
	e.str(a.Title)
	e.strs(a.Aliases)
	e.str(a.Key)
	return e.b
}

func decodeActor(b []byte) (*actorRec, error) {
	d := dec{b: b}
	a := &actorRec{}
	a.ID = d.str()
	a.Name = d.str()
	a.Code = d.str()
	a.Kind = dg.ActorKind(d.str())
	a.Country = d.str()
	a.Sector = d.str()
	a.Title = d.str()
	a.Aliases = d.strs()
	a.Key = d.str()
	return a, d.err
}

func sameActor(a, b *dg.Actor) bool {
	if a.ID != b.ID || a.Name != b.Name || a.Code != b.Code || a.Kind != b.Kind || a.Country != b.Country ||
		a.Sector != b.Sector || a.Title != b.Title || len(a.Aliases) != len(b.Aliases) {
		return false
	}
	for i := range a.Aliases {
		if a.Aliases[i] != b.Aliases[i] {
			return false
		}
	}
	return true
}

func encodeMention(m *dg.Mention) []byte {
	var e enc
	e.str(m.ID)
	e.str(m.ArticleID)
	e.svar(int64(m.SentenceIndex))
	e.str(m.Sentence)
	e.svar(int64(m.Start))
	e.svar(int64(m.End))
	e.str(m.Trigger)
	e.str(m.Rule)
	e.f64(m.Confidence)
	return e.b
}

func decodeMention(b []byte) (dg.Mention, error) {
	d := dec{b: b}
	var m dg.Mention
	m.ID = d.str()
	m.ArticleID = d.str()
	m.SentenceIndex = int(d.svar())
	m.Sentence = d.str()
	m.Start = int(d.svar())
	m.End = int(d.svar())
	m.Trigger = d.str()
	m.Rule = d.str()
	m.Confidence = d.f64()
	return m, d.err
}

// counter is a count and a sum of Goldstein values in thousandths.
type counter struct {
	N    int64
	GSum int64
}

func (c counter) encode() []byte {
	var e enc
	e.svar(c.N)
	e.svar(c.GSum)
	return e.b
}

func decodeCounter(b []byte) (counter, error) {
	d := dec{b: b}
	c := counter{N: d.svar(), GSum: d.svar()}
	return c, d.err
}

// pairRec holds the events from one actor to another: count, Goldstein sum
// and count per verb.
type pairRec struct {
	N    int64
	GSum int64
	Rels map[string]int64
}

func (p *pairRec) encode() []byte {
	var e enc
	e.svar(p.N)
	e.svar(p.GSum)
	keys := make([]string, 0, len(p.Rels))
	for k, v := range p.Rels {
		if v != 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	e.uvar(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.svar(p.Rels[k])
	}
	return e.b
}

func decodePairFrom(d *dec) *pairRec {
	p := &pairRec{N: d.svar(), GSum: d.svar(), Rels: map[string]int64{}}
	n := d.uvar()
	for i := uint64(0); i < n && d.err == nil; i++ {
		k := d.str()
		p.Rels[k] = d.svar()
	}
	return p
}

// encodeDyad encodes the events between two actors a < b: from a to b,
// then from b to a.
func encodeDyad(ab, ba *pairRec) []byte {
	return append(ab.encode(), ba.encode()...)
}

func decodeDyad(b []byte) (ab, ba *pairRec, err error) {
	d := dec{b: b}
	ab = decodePairFrom(&d)
	ba = decodePairFrom(&d)
	return ab, ba, d.err
}

// topRel is the most frequent verb, the smallest on ties.
func (p *pairRec) topRel() string {
	best, bestN := "", int64(0)
	for k, v := range p.Rels {
		if v > bestN || (v == bestN && k < best) {
			best, bestN = k, v
		}
	}
	return best
}

func encodeCounts(m map[string]int64) []byte {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if v != 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var e enc
	e.uvar(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.svar(m[k])
	}
	return e.b
}

func decodeCounts(b []byte) (map[string]int64, error) {
	d := dec{b: b}
	m := map[string]int64{}
	n := d.uvar()
	for i := uint64(0); i < n && d.err == nil; i++ {
		k := d.str()
		m[k] = d.svar()
	}
	return m, d.err
}
