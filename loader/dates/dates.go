// Package dates finds date expressions in English news text and resolves them
// against the article's publication date.
//
// Find tokenises a sentence once and matches a fixed set of patterns over the
// tokens with table lookups; nothing is scanned with regular expressions.
// ParseDateline reads the publication time from an article header line.
//
// Rules chosen where English is ambiguous (anchor = publication date):
//
//   - Tense. A clause is future when a future marker (will, would, shall, 'll,
//     won't, "going/set/expected/plans/scheduled/due... to", "is/are to",
//     "set for", or "next" not itself starting a date) is the nearest tense
//     marker before the expression in the same sentence, or, when there is
//     none before, the first one after it (at most 12 tokens on). Reporting
//     verbs and other unambiguous past forms (said, told, was, were, had,
//     announced...) make it past the same way. A lower-case "-ed" word or an
//     irregular past form (met, held, killed...) makes it past when only
//     prepositions separate it from the expression ("killed on Thursday"), or
//     when nothing stronger is found; after be/been/being it is a participle
//     and ignored ("will be held on Thursday"). Otherwise the tense is unknown.
//   - Weekdays. Past or unknown tense: the most recent such day before the
//     anchor; future: the next such day after it. A bare weekday equal to the
//     anchor's weekday is the anchor itself in either tense (agencies name the
//     current day: "said on Friday" in a Friday story). "last Thursday" is
//     always strictly before the anchor, "next Thursday" strictly after it (the
//     nearest one, even when that is in the same week); "this Thursday"
//     behaves like a bare weekday.
//   - Month names without a year ("in July", "early July", "the second week of
//     July"): future tense takes the next such month (the anchor's month
//     counts), past tense the most recent one (the anchor's month counts),
//     unknown tense the nearest one, at most six months away (exactly six
//     months either way: the anchor's year). "last July" is the most recent
//     July strictly before the anchor's month, "next July" the first strictly
//     after it, "this July" the anchor's year; "July last year", "July next
//     year" and "July this year" count from the anchor's year.
//   - Day and month without a year ("June 27", "27 June"): the same rule at
//     day granularity (future: on or after the anchor, past: on or before it,
//     unknown: the nearest such date).
//   - A weekday written with a day and month but no year ("on Tuesday, July
//     1") takes, among the anchor's year and the years either side, the
//     nearest one in which the weekday fits; if none fits, the rule above.
//   - Weeks are ISO weeks (Monday to Sunday) and are reported by their Monday.
//     "the Nth week of July" is the week containing day 1+7(N-1) of the month;
//     "the last week of July" the week containing its last day; "the week of
//     July 7" the week containing July 7. "last/this/next weekend" is the
//     previous/current/next ISO week; "over/at/during the weekend" is the
//     current week if the anchor falls on the weekend or the tense is future,
//     else the previous week.
//   - "N days/weeks/months/years ago" subtracts from the anchor at the unit's
//     precision; "in N days/weeks/months/years" adds to it unless the clause
//     is in the past tense, the number is only "a"/"an" without "time" or
//     "from now" ("the highest in a year"), it is followed by "of" ("in three
//     days of talks") or a superlative or "time/first/last/ever" stands just
//     before it ("the first time in two years").
//   - "tonight", "this morning/afternoon/evening" are the anchor day; "last
//     night" and "the previous day" the day before; "the day before" only when
//     it ends a phrase (before punctuation, "and", "but", "when", "while"), as
//     "the day before the vote" refers to the vote, not to the anchor.
//   - "the end/beginning/start/middle of X" and "early/mid/late X" keep X's
//     date and precision ("late on Thursday" too); "the end of the
//     month/year/week" is the anchor's.
//   - A bare four-digit year (1800-2100) needs a preceding in, since, until,
//     till, by, of, during, from, before, after, through, throughout, between,
//     circa, early, mid(-), late or end-, or a year range before it; it is
//     rejected when a plural-looking lower-case word or a count noun follows
//     ("in 2000 troops", "of 2000 people"). "2014-06" is June 2014, but
//     "2011-12" (consecutive years) is taken for a season and skipped.
//   - "May" and "March" count as months only when capitalised and next to a
//     number, or after a word such as in, since, by, of, early, last, next.
//     Month abbreviations (Jan, Sept...) need a number beside them or a dot
//     and such a preceding word. Full weekday names only; abbreviations (Thu,
//     Fri...) only in ParseDateline.
//   - Prepositions that merely introduce a date (on, in, since...) are not part
//     of the expression: "on Thursday" yields "Thursday"; "in" is kept when it
//     carries the meaning ("in three days"). A possessive 's is left out:
//     "last year's talks" yields "last year".
//   - Relative is true whenever the anchor contributed anything, including a
//     year inferred for "June 27".
//   - Decades, seasons and vague phrases ("in recent years", "soon",
//     "recently", "the 1990s", "a few days ago") are not returned.
package dates

import (
	"time"
)

// Precision of a resolved date.
type Precision string

// Precisions of resolved dates.
const (
	Day   Precision = "day"
	Week  Precision = "week"
	Month Precision = "month"
	Year  Precision = "year"
)

// Expr is one date expression found in a text.
type Expr struct {
	Start, End int       // byte offsets of the expression in the text passed to Find
	Text       string    // the words it came from, text[Start:End]
	Date       string    // ISO prefix at its precision: "2014", "2014-07", "2014-06-26"; for a week the Monday of that week
	Precision  Precision // granularity of Date
	Relative   bool      // true when resolved against the anchor ("last month"), false for absolute dates ("June 27, 2014")
}

// Internal precisions.
const (
	pNone uint8 = iota
	pDay
	pWeek
	pMonth
	pYear
)

var precNames = [...]Precision{pDay: Day, pWeek: Week, pMonth: Month, pYear: Year}

// maxText bounds the text Find looks at; token offsets are int32.
const maxText = 1 << 30

// Find returns the date expressions in text, in order, resolved against anchor
// (the article's publication time; only its calendar date in its own location
// is used). Expressions do not overlap; at each position the longest match
// wins. See the package documentation for the rules.
func Find(text string, anchor time.Time) []Expr {
	if len(text) == 0 {
		return nil
	}
	if len(text) > maxText {
		text = text[:maxText]
	}
	var tb [128]token
	sc := scanner{text: text, toks: tokenize(text, tb[:0])}
	sc.setAnchor(anchor)
	var hb [8]hit
	hits := hb[:0]
	for i := 0; i < len(sc.toks); {
		h, ok := sc.best(i)
		if !ok {
			i++
			continue
		}
		if sc.finish(&h) {
			hits = append(hits, h)
		}
		i = h.e
	}
	if len(hits) == 0 {
		return nil
	}
	// All Date strings share one allocation.
	var db [128]byte
	buf := db[:0]
	for _, h := range hits {
		buf = appendDate(buf, h)
	}
	all := string(buf)
	out := make([]Expr, len(hits))
	off := 0
	for j, h := range hits {
		n := dateLen[h.p]
		start, end := int(sc.toks[h.s].start), int(sc.toks[h.e-1].end)
		out[j] = Expr{
			Start:     start,
			End:       end,
			Text:      text[start:end],
			Date:      all[off : off+n],
			Precision: precNames[h.p],
			Relative:  h.rel,
		}
		off += n
	}
	return out
}

var dateLen = [...]int{pDay: 10, pWeek: 10, pMonth: 7, pYear: 4}

func appendDate(b []byte, h hit) []byte {
	y := h.y
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	if h.p == pYear {
		return b
	}
	b = append(b, '-', byte('0'+h.m/10), byte('0'+h.m%10))
	if h.p == pMonth {
		return b
	}
	return append(b, '-', byte('0'+h.d/10), byte('0'+h.d%10))
}

// hit is a match over tokens [s, e).
type hit struct {
	s, e    int
	y, m, d int
	p       uint8
	rel     bool
	noYear  bool // the year was not written (dateline mode leaves y = 0)
}

// finish normalises a hit (weeks to their Monday) and checks its range.
func (sc *scanner) finish(h *hit) bool {
	switch h.p {
	case pDay, pWeek:
		if !validDate(h.y, h.m, h.d) {
			return false
		}
		if h.p == pWeek {
			h.y, h.m, h.d = civilFromDays(mondayOf(daysFromCivil(h.y, h.m, h.d)))
		}
	case pMonth:
		if h.m < 1 || h.m > 12 {
			return false
		}
	case pYear:
	default:
		return false
	}
	return h.y >= 1 && h.y <= 9999
}
