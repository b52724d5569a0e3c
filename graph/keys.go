package graph

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"

	dg "github.com/diplograph/diplograph"
)

// Index key layout. Every key starts with a short tag and a 0 byte; strings
// inside keys end with a 0 byte (ids, codes and dates never contain one).
// The keys live under badger4.IndexPrefix on Badger and in the dg_index
// table on PostgreSQL; the layout is the same.
//
// Kept per article (removed with it):
//
//	ar/A                       article record (metadata, hash, events, actors)
//	ec/E/A                     event E as article A asserts it, with mention ids
//	m/E/M                      mention M of event E, with its sentence
//	ac/X/desc(published,A)     actor X as article A describes it
//	pm/A                       pending marker: A is being written (crash recovery)
//
// Derived from the effective records:
//
//	e/E                        effective event record
//	d/sortkey                  events by date, precision rank and id
//	xa/X/sortkey               events by actor (source or target)
//	xc/ISO/sortkey             events by country of source or target
//	xy/X/Y/sortkey             events between two actors, X < Y
//	n/scope/bucket             number of events per month bucket of one of
//	                           the scopes d, xa/X, xc/ISO, xy/X/Y
//	g0..g3/dims                event counts and Goldstein sums per month and
//	                           CAMEO/status/country dimensions
//	j/X/Y                      events between X < Y: count, Goldstein sum and
//	                           verbs from X to Y, then from Y to X
//	w/X/^weight/Y              neighbours of X by number of events either way
//	deg/X                      number of neighbours of X
//	r/X                        effective actor record
//	al/X                       alias counts of actor X
//	an/lower(name)/X           actors by lower-cased name and alias
//	as/lower(name)/X           actors by lower-cased name (ordered listing)
//	acd/code/X                 actors by CAMEO code
//	s/name                     store totals
const (
	tagArticle      = "ar"
	tagEventContrib = "ec"
	tagMention      = "m"
	tagActorContrib = "ac"
	tagPending      = "pm"
	tagEvent        = "e"
	tagByDate       = "d"
	tagByActor      = "xa"
	tagByCountry    = "xc"
	tagByDyad       = "xy"
	tagScopeCount   = "n"
	tagPair         = "j"
	tagWeight       = "w"
	tagDegree       = "deg"
	tagActor        = "r"
	tagAliases      = "al"
	tagActorName    = "an"
	tagActorSort    = "as"
	tagActorCode    = "acd"
	tagStat         = "s"
)

// key joins a tag and parts, each followed by a 0 byte.
func key(tag string, parts ...string) []byte {
	n := len(tag) + 1
	for _, p := range parts {
		n += len(p) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, tag...)
	b = append(b, 0)
	for _, p := range parts {
		b = append(b, p...)
		b = append(b, 0)
	}
	return b
}

// sortKey orders events by date, then precision rank, then id.
func sortKey(date string, p dg.Precision, id string) string {
	var b strings.Builder
	b.Grow(len(date) + len(id) + 3)
	b.WriteString(date)
	b.WriteByte(0)
	b.WriteByte(byte('0' + p.Rank()))
	b.WriteString(id)
	b.WriteByte(0)
	return b.String()
}

func (r *eventRec) sortKey() string { return sortKey(r.Date, r.Precision, r.ID) }

// parseSortKey splits a sort key into date, rank and id.
func parseSortKey(sk string) (date string, rank int, id string, ok bool) {
	i := strings.IndexByte(sk, 0)
	if i < 0 || len(sk) < i+3 || sk[len(sk)-1] != 0 {
		return "", 0, "", false
	}
	rank = int(sk[i+1] - '0')
	if rank < 0 || rank > 4 {
		return "", 0, "", false
	}
	return sk[:i], rank, sk[i+2 : len(sk)-1], true
}

// bucket is the month of a date ("2014-07"), or its year when the date is
// only a year.
func bucket(date string) string {
	if len(date) >= 7 {
		return date[:7]
	}
	return date
}

// scope key prefixes of the ordered event indexes (with their trailing 0).
func scopeDate() string              { return tagByDate + "\x00" }
func scopeActor(id string) string    { return tagByActor + "\x00" + id + "\x00" }
func scopeCountry(iso string) string { return tagByCountry + "\x00" + iso + "\x00" }
func scopeDyad(a, b string) string   { return tagByDyad + "\x00" + a + "\x00" + b + "\x00" }
func scopeCountKey(scope, bkt string) []byte {
	return key(tagScopeCount, scope, bkt)
}

// actorContribKey orders the contributions to an actor from the latest
// article (by published time, then id) to the earliest.
func actorContribKey(published time.Time, article string) string {
	var ts uint64
	if !published.IsZero() {
		ts = uint64(published.UnixNano()) ^ (1 << 63) // order-preserving for signed
	}
	b := binary.BigEndian.AppendUint64(nil, ^ts)
	for i := 0; i < len(article); i++ {
		b = append(b, ^article[i])
	}
	b = append(b, 0xff)
	return hex.EncodeToString(b) // order-preserving, no 0 bytes inside keys
}

// weightKey orders the neighbours of an actor by descending weight.
func weightKey(a string, w int64, b string) []byte {
	var wb [8]byte
	binary.BigEndian.PutUint64(wb[:], ^uint64(w))
	k := make([]byte, 0, len(a)+len(b)+16)
	k = append(k, tagWeight...)
	k = append(k, 0)
	k = append(k, a...)
	k = append(k, 0)
	k = append(k, wb[:]...)
	k = append(k, b...)
	k = append(k, 0)
	return k
}

// Cursors are opaque to clients: base64 of a version tag and the sort key
// of the last item.
const (
	eventCursorTag = "e1:"
	actorCursorTag = "a1:"
)

func encodeCursor(tag, sk string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tag + sk))
}

func decodeCursor(tag, c string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), tag) {
		return "", false
	}
	return string(b[len(tag):]), true
}
