package dates

import "time"

type tense uint8

const (
	tUnknown tense = iota
	tFuture
	tPast
)

// scanner holds the tokens of one text and the anchor date.
type scanner struct {
	text       string
	toks       []token
	ay, am, ad int // anchor date
	az         int // anchor day number
	dateline   bool
}

func (sc *scanner) setAnchor(t time.Time) {
	y, m, d := t.Date()
	sc.ay, sc.am, sc.ad = y, int(m), d
	sc.az = daysFromCivil(y, int(m), d)
}

var noTok token

func (sc *scanner) tok(k int) *token {
	if k < 0 || k >= len(sc.toks) {
		return &noTok
	}
	return &sc.toks[k]
}

func (sc *scanner) ent(k int) *entry { return &entries[sc.tok(k).vid] }
func (sc *scanner) key(k int) uint8  { return sc.ent(k).key }

func (sc *scanner) punct(k int, c byte) bool {
	t := sc.tok(k)
	return t.kind == tkPunct && t.p == c
}

// adjacent reports whether tokens a and b touch, without space between them.
func (sc *scanner) adjacent(a, b int) bool {
	if a < 0 || b >= len(sc.toks) {
		return false
	}
	return sc.toks[a].end == sc.toks[b].start
}

// boundary reports whether token k ends a sentence or clause for tense.
func (sc *scanner) boundary(k int) bool {
	t := sc.tok(k)
	if t.kind != tkPunct {
		return false
	}
	switch t.p {
	case '!', '?', ';':
		return true
	case '.':
		p := sc.tok(k - 1)
		if p.kind == tkWord && p.end == t.start {
			if p.end-p.start == 1 || entries[p.vid].flags&eTitle != 0 {
				return false
			}
		}
		if p.kind == tkNum && sc.tok(k+1).kind == tkNum && sc.adjacent(k, k+1) {
			return false
		}
		return true
	}
	return false
}

// isolated reports whether number k stands alone rather than inside 2,000,
// 3.5, 10:44 or 27/06.
func (sc *scanner) isolated(k int) bool {
	sep := func(c byte) bool { return c == '.' || c == ',' || c == ':' || c == '/' }
	if n := sc.tok(k + 1); n.kind == tkPunct && sep(n.p) && sc.adjacent(k, k+1) &&
		sc.tok(k+2).kind == tkNum && sc.adjacent(k+1, k+2) {
		return false
	}
	if p := sc.tok(k - 1); p.kind == tkPunct && sep(p.p) && sc.adjacent(k-1, k) &&
		sc.tok(k-2).kind == tkNum && sc.adjacent(k-2, k-1) {
		return false
	}
	return true
}

// dayNum returns the day of month written by token k (27, 27th), or 0.
func (sc *scanner) dayNum(k int) int {
	t := sc.tok(k)
	if t.kind != tkNum || t.ndig > 2 || t.num < 1 || t.num > 31 || t.flags&fGlued != 0 || !sc.isolated(k) {
		return 0
	}
	return int(t.num)
}

// yearNum returns the four-digit year written by token k, or 0.
func (sc *scanner) yearNum(k int) int {
	t := sc.tok(k)
	if t.kind != tkNum || t.ndig != 4 || t.num < 1000 || t.flags&(fGlued|fOrd) != 0 || !sc.isolated(k) {
		return 0
	}
	return int(t.num)
}

// Month token flags.
const (
	mtAmbig    = 1 << iota // may, march
	mtAbbr                 // abbreviation
	mtBareAbbr             // abbreviation without a dot
)

// monthTok returns the month named by token k, the index after it (and after
// an abbreviation's dot), and mt* flags. Lower-case "may" and "march" are not
// months.
func (sc *scanner) monthTok(k int) (m, next, flags int) {
	e := sc.ent(k)
	if e.month == 0 {
		return 0, k, 0
	}
	if e.flags&eMonthAmbig != 0 {
		if sc.tok(k).flags&fCap == 0 {
			return 0, k, 0
		}
		flags |= mtAmbig
	}
	next = k + 1
	if e.flags&eMonthAbbr != 0 {
		flags |= mtAbbr
		if sc.punct(next, '.') && sc.adjacent(k, next) {
			next++
		} else {
			flags |= mtBareAbbr
		}
	}
	return int(e.month), next, flags
}

// weekdayTok returns the weekday (Sunday = 0) named by token k and the index
// after it, or -1. Abbreviations are accepted in dateline mode only.
func (sc *scanner) weekdayTok(k int) (wd, next int) {
	e := sc.ent(k)
	if e.wd == 0 {
		return -1, k
	}
	next = k + 1
	if e.flags&eWdAbbr != 0 {
		if !sc.dateline {
			return -1, k
		}
		if sc.punct(next, '.') && sc.adjacent(k, next) {
			next++
		}
	}
	return int(e.wd) - 1, next
}

// count returns the number written by token k (3, three, a, an), and whether
// it was an article.
func (sc *scanner) count(k int) (n int, article bool) {
	t := sc.tok(k)
	if t.kind == tkNum {
		if t.flags&(fGlued|fOrd) != 0 || t.ndig > 6 || t.num < 1 || !sc.isolated(k) {
			return 0, false
		}
		return int(t.num), false
	}
	e := sc.ent(k)
	return int(e.num), e.flags&eArticle != 0
}

// nameCtx reports whether token k follows an unknown capitalised word, as in
// "Bloody Sunday" or "USA Today".
func (sc *scanner) nameCtx(k int) bool {
	p := sc.tok(k - 1)
	return p.kind == tkWord && p.vid == 0 && p.flags&fCap != 0
}

// marker classifies token k as a tense marker.
func (sc *scanner) marker(k int) uint8 {
	t := &sc.toks[k]
	if t.kind != tkWord {
		return mNone
	}
	if t.flags&fLL != 0 {
		return mFut
	}
	e := &entries[t.vid]
	switch e.tense {
	case mFut, mPast, mWeak:
		return e.tense
	case mFutTo:
		if n := sc.key(k + 1); n == kTo || n == kFor {
			return mFut
		}
	case mIsAre:
		if sc.key(k+1) == kTo {
			return mFut
		}
		return mNone
	case mNextFut:
		if n := sc.ent(k + 1); n.unit != 0 || n.month != 0 || n.wd != 0 {
			return mNone
		}
		return mFut
	case mDue:
		if sc.key(k+1) == kTo && sc.ent(k-1).flags&eBeForm != 0 {
			return mFut
		}
		return mNone
	}
	if t.flags&fEd != 0 {
		return mWeak
	}
	return mNone
}

// onlyPreps reports whether tokens [a, b) are all prepositions.
func (sc *scanner) onlyPreps(a, b int) bool {
	for k := a; k < b; k++ {
		if sc.ent(k).flags&ePrep == 0 {
			return false
		}
	}
	return true
}

// tense returns the tense of the clause around the expression [s, e).
func (sc *scanner) tense(s, e int) tense {
	sawWeak := false
	for k := s - 1; k >= 0 && k >= s-30; k-- {
		if sc.boundary(k) {
			break
		}
		switch sc.marker(k) {
		case mFut:
			return tFuture
		case mPast:
			return tPast
		case mWeak:
			if sc.ent(k-1).flags&eBe != 0 {
				continue
			}
			if sc.onlyPreps(k+1, s) {
				return tPast
			}
			sawWeak = true
		}
	}
	for k := e; k < len(sc.toks) && k < e+12; k++ {
		if sc.boundary(k) {
			break
		}
		switch sc.marker(k) {
		case mFut:
			return tFuture
		case mPast:
			return tPast
		}
	}
	if sawWeak {
		return tPast
	}
	return tUnknown
}

// superlativeBefore reports a superlative or "time/first/last/ever/only"
// among the four tokens before k: "the first time in two years".
func (sc *scanner) superlativeBefore(k int) bool {
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		if sc.boundary(j) {
			return false
		}
		t := sc.tok(j)
		if t.kind != tkWord {
			continue
		}
		e := sc.ent(j)
		if e.key == kTime || e.key == kLast || e.ord == 1 || e.flags&eSuper != 0 {
			return true
		}
		w := sc.text[t.start:t.end]
		if t.flags&fCap == 0 && len(w) >= 5 && w[len(w)-3:] == "est" {
			return true
		}
	}
	return false
}

// monthYear picks the year of month m without a written year.
func (sc *scanner) monthYear(m int, tn tense) int {
	switch tn {
	case tFuture:
		if m >= sc.am {
			return sc.ay
		}
		return sc.ay + 1
	case tPast:
		if m <= sc.am {
			return sc.ay
		}
		return sc.ay - 1
	}
	switch diff := m - sc.am; {
	case diff > 6:
		return sc.ay - 1
	case diff < -6:
		return sc.ay + 1
	}
	return sc.ay
}

// mdYear picks the year of month m, day d without a written year.
func (sc *scanner) mdYear(m, d int, tn tense) (int, bool) {
	switch tn {
	case tFuture:
		for y := sc.ay; y <= sc.ay+8; y++ {
			if validDate(y, m, d) && daysFromCivil(y, m, d) >= sc.az {
				return y, true
			}
		}
		return 0, false
	case tPast:
		for y := sc.ay; y >= sc.ay-8; y-- {
			if validDate(y, m, d) && daysFromCivil(y, m, d) <= sc.az {
				return y, true
			}
		}
		return 0, false
	}
	best, bestDist := 0, -1
	for _, y := range [...]int{sc.ay, sc.ay - 1, sc.ay + 1, sc.ay - 2, sc.ay + 2, sc.ay - 3, sc.ay + 3, sc.ay - 4, sc.ay + 4} {
		if !validDate(y, m, d) {
			continue
		}
		dist := abs(daysFromCivil(y, m, d) - sc.az)
		if bestDist < 0 || dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return best, bestDist >= 0
}

// dayHit returns a day-precision hit for day number z.
func dayHit(s, e, z int, rel bool) hit {
	y, m, d := civilFromDays(z)
	return hit{s: s, e: e, y: y, m: m, d: d, p: pDay, rel: rel}
}

// weekHit returns a week-precision hit for the week containing day number z.
func weekHit(s, e, z int) hit {
	y, m, d := civilFromDays(z)
	return hit{s: s, e: e, y: y, m: m, d: d, p: pWeek, rel: true}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func longer(b *hit, ok *bool, h hit, good bool) {
	if good && (!*ok || h.e > b.e) {
		*b, *ok = h, true
	}
}

// best returns the longest expression starting at token i.
func (sc *scanner) best(i int) (hit, bool) {
	t := &sc.toks[i]
	var b hit
	ok := false
	switch t.kind {
	case tkNum:
		h, good := sc.absAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.agoAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.yearAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.weekOfAt(i)
		longer(&b, &ok, h, good)
	case tkWord:
		if entries[t.vid].flags&eStart == 0 {
			return b, false
		}
		h, good := sc.absAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.monthAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.relAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.dayWordAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.weekdayAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.agoAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.weekOfAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.modAt(i)
		longer(&b, &ok, h, good)
		h, good = sc.endOfAt(i)
		longer(&b, &ok, h, good)
	}
	return b, ok
}

// coreAt returns the longest expression at k that a modifier (early, the end
// of) can govern.
func (sc *scanner) coreAt(k int, allowDay bool) (hit, bool) {
	var b hit
	ok := false
	h, good := sc.absAt(k)
	longer(&b, &ok, h, good)
	h, good = sc.monthAt(k)
	longer(&b, &ok, h, good)
	h, good = sc.relAt(k)
	longer(&b, &ok, h, good)
	h, good = sc.yearAt(k)
	longer(&b, &ok, h, good)
	if allowDay {
		h, good = sc.weekdayAt(k)
		longer(&b, &ok, h, good)
		h, good = sc.dayWordAt(k)
		longer(&b, &ok, h, good)
	} else if ok && b.p == pDay {
		return hit{}, false
	}
	return b, ok
}

// absAt matches an absolute date, optionally after a weekday:
// "Friday, 27 June, 2014", "June 27", "2014-06-27", "June 2014".
func (sc *scanner) absAt(i int) (hit, bool) {
	if wd, next := sc.weekdayTok(i); wd >= 0 {
		k := next
		if sc.punct(k, ',') {
			k++
		}
		if h, ok := sc.dateAt(k); ok && h.p == pDay {
			h.s = i
			if h.noYear && !sc.dateline && weekdayOf(daysFromCivil(h.y, h.m, h.d)) != wd {
				// "Tuesday, July 1": prefer the nearby year where the weekday fits.
				best := -1
				for y := sc.ay - 1; y <= sc.ay+1; y++ {
					if !validDate(y, h.m, h.d) {
						continue
					}
					z := daysFromCivil(y, h.m, h.d)
					if weekdayOf(z) != wd {
						continue
					}
					if dist := abs(z - sc.az); best < 0 || dist < best {
						best, h.y = dist, y
					}
				}
			}
			return h, true
		}
		return hit{}, false
	}
	return sc.dateAt(i)
}

func (sc *scanner) dateAt(i int) (hit, bool) {
	t := sc.tok(i)
	if t.kind == tkNum {
		if h, ok := sc.isoAt(i); ok {
			return h, true
		}
		return sc.dayFirstAt(i, i)
	}
	if sc.key(i) == kThe {
		if sc.tok(i+1).flags&fOrd != 0 {
			return sc.dayFirstAt(i, i+1)
		}
		return hit{}, false
	}
	m, k, _ := sc.monthTok(i)
	if m == 0 {
		return hit{}, false
	}
	if d := sc.dayNum(k); d > 0 {
		e := k + 1
		yk := e
		if sc.punct(yk, ',') {
			yk++
		}
		if y := sc.yearNum(yk); y > 0 {
			if !validDate(y, m, d) {
				return hit{}, false
			}
			return hit{s: i, e: yk + 1, y: y, m: m, d: d, p: pDay}, true
		}
		return sc.inferMD(i, e, m, d)
	}
	yk := k
	if sc.punct(yk, ',') || sc.key(yk) == kOf {
		yk++
	}
	if y := sc.yearNum(yk); y > 0 {
		return hit{s: i, e: yk + 1, y: y, m: m, p: pMonth}, true
	}
	return hit{}, false
}

// dayFirstAt matches "27 June [2014]" or "[the] 27th of June [2014]" with the
// day at k; the expression starts at s.
func (sc *scanner) dayFirstAt(s, k int) (hit, bool) {
	d := sc.dayNum(k)
	if d == 0 {
		return hit{}, false
	}
	mk := k + 1
	if sc.key(mk) == kOf {
		if sc.tok(k).flags&fOrd == 0 {
			return hit{}, false
		}
		mk++
	}
	m, e, _ := sc.monthTok(mk)
	if m == 0 {
		return hit{}, false
	}
	yk := e
	if sc.punct(yk, ',') {
		yk++
	}
	if y := sc.yearNum(yk); y > 0 {
		if !validDate(y, m, d) {
			return hit{}, false
		}
		return hit{s: s, e: yk + 1, y: y, m: m, d: d, p: pDay}, true
	}
	return sc.inferMD(s, e, m, d)
}

// inferMD completes a day and month without a year.
func (sc *scanner) inferMD(s, e, m, d int) (hit, bool) {
	if d > daysIn(2000, m) {
		return hit{}, false
	}
	if sc.dateline {
		return hit{s: s, e: e, m: m, d: d, p: pDay, noYear: true}, true
	}
	y, ok := sc.mdYear(m, d, sc.tense(s, e))
	if !ok {
		return hit{}, false
	}
	return hit{s: s, e: e, y: y, m: m, d: d, p: pDay, rel: true, noYear: true}, true
}

// isoAt matches 2014-06-27 and 2014-06.
func (sc *scanner) isoAt(k int) (hit, bool) {
	t := sc.tok(k)
	if t.kind != tkNum || t.ndig != 4 || t.flags&(fGlued|fOrd|fPoss) != 0 {
		return hit{}, false
	}
	if p := sc.tok(k - 1); sc.adjacent(k-1, k) && (p.kind == tkNum || p.kind == tkWord ||
		p.kind == tkPunct && (p.p == '-' || p.p == '/' || p.p == '.' || p.p == ':')) {
		return hit{}, false
	}
	mt := sc.tok(k + 2)
	if !sc.punct(k+1, '-') || !sc.adjacent(k, k+1) || mt.kind != tkNum || mt.ndig != 2 || !sc.adjacent(k+1, k+2) {
		return hit{}, false
	}
	y, m := int(t.num), int(mt.num)
	if m < 1 || m > 12 {
		return hit{}, false
	}
	trailing := func(j int) bool { // a separator and more digits follow token j
		n := sc.tok(j + 1)
		return sc.adjacent(j, j+1) && n.kind == tkPunct && (n.p == '-' || n.p == '/' || n.p == '.' || n.p == ':') &&
			sc.tok(j+2).kind == tkNum && sc.adjacent(j+1, j+2)
	}
	if dt := sc.tok(k + 4); sc.punct(k+3, '-') && sc.adjacent(k+2, k+3) && dt.kind == tkNum && dt.ndig == 2 && sc.adjacent(k+3, k+4) {
		if mt.flags&(fGlued|fOrd) != 0 || dt.flags&fOrd != 0 || trailing(k+4) {
			return hit{}, false
		}
		if dt.flags&fGlued != 0 {
			if c := sc.text[dt.end]; c != 'T' && c != 't' {
				return hit{}, false
			}
		}
		d := int(dt.num)
		if !validDate(y, m, d) {
			return hit{}, false
		}
		return hit{s: k, e: k + 5, y: y, m: m, d: d, p: pDay}, true
	}
	if mt.flags&(fGlued|fOrd) != 0 || trailing(k+2) || (y+1)%100 == m {
		return hit{}, false
	}
	return hit{s: k, e: k + 3, y: y, m: m, p: pMonth}, true
}

// monthCtx reports whether the word before token i licenses an ambiguous or
// abbreviated month: "in May", "mid-Sept.".
func (sc *scanner) monthCtx(i int) bool {
	if sc.ent(i-1).flags&eMonthCtx != 0 {
		return true
	}
	if sc.punct(i-1, '-') && sc.adjacent(i-1, i) {
		k := sc.key(i - 2)
		return k == kMid || k == kEnd
	}
	return false
}

// monthAt matches month names without a day: "July", "last July", "July
// last year", "July of next year".
func (sc *scanner) monthAt(i int) (hit, bool) {
	if r := sc.key(i); r == kLast || r == kNext || r == kThis {
		m, e, f := sc.monthTok(i + 1)
		if m == 0 || f&mtBareAbbr != 0 {
			return hit{}, false
		}
		y := sc.ay
		switch r {
		case kLast:
			if m >= sc.am {
				y--
			}
		case kNext:
			if m <= sc.am {
				y++
			}
		}
		return hit{s: i, e: e, y: y, m: m, p: pMonth, rel: true}, true
	}
	m, e, f := sc.monthTok(i)
	if m == 0 {
		return hit{}, false
	}
	k := e
	if sc.key(k) == kOf {
		k++
	}
	if r := sc.key(k); r == kLast || r == kNext || r == kThis {
		if u := sc.ent(k + 1); u.unit == uYear && !u.plural && f&mtBareAbbr == 0 {
			y := sc.ay
			switch r {
			case kLast:
				y--
			case kNext:
				y++
			}
			return hit{s: i, e: k + 2, y: y, m: m, p: pMonth, rel: true}, true
		}
	}
	if f&mtBareAbbr != 0 {
		return hit{}, false
	}
	if f&(mtAmbig|mtAbbr) != 0 && !sc.monthCtx(i) {
		return hit{}, false
	}
	return hit{s: i, e: e, y: sc.monthYear(m, sc.tense(i, e)), m: m, p: pMonth, rel: true}, true
}

// yearAt matches a bare year licensed by the word before it: "in 2013".
func (sc *scanner) yearAt(i int) (hit, bool) {
	t := sc.tok(i)
	if t.kind != tkNum || t.ndig != 4 || t.flags&(fGlued|fOrd) != 0 || t.num < 1800 || t.num > 2100 || !sc.isolated(i) {
		return hit{}, false
	}
	isYear := func(k int) bool {
		p := sc.tok(k)
		return p.kind == tkNum && p.ndig == 4 && p.num >= 1800 && p.num <= 2100 && p.flags&fGlued == 0
	}
	ctx := sc.ent(i-1).flags&eYearCtx != 0
	if !ctx && (sc.punct(i-1, '-') || sc.punct(i-1, '/')) && sc.adjacent(i-1, i) {
		k := sc.key(i - 2)
		ctx = k == kMid || k == kEnd || isYear(i-2) && sc.adjacent(i-2, i-1)
	}
	if !ctx {
		if k := sc.key(i - 1); (k == kTo || k == kAnd) && isYear(i-2) {
			ctx = true
		}
	}
	if !ctx {
		return hit{}, false
	}
	if n := sc.tok(i + 1); n.kind == tkWord {
		ne := sc.ent(i + 1)
		if ne.flags&eCount != 0 {
			return hit{}, false
		}
		w := sc.text[n.start:n.end]
		if n.flags&fCap == 0 && ne.flags&eSOK == 0 && len(w) > 2 && w[len(w)-1] == 's' && w[len(w)-2] != 's' {
			return hit{}, false
		}
	} else if n.kind == tkPunct && n.p == '%' {
		return hit{}, false
	}
	return hit{s: i, e: i + 1, y: int(t.num), p: pYear}, true
}

// relAt matches last/next/this week, month, year, weekend; this morning; last
// night; over the weekend.
func (sc *scanner) relAt(i int) (hit, bool) {
	r := sc.key(i)
	mon := mondayOf(sc.az)
	switch r {
	case kLast, kNext, kThis:
		if r != kThis && sc.key(i-1) == kThe {
			return hit{}, false
		}
		n := sc.ent(i + 1)
		if n.unit != 0 && !n.plural {
			off := 0
			switch r {
			case kLast:
				off = -1
			case kNext:
				off = 1
			}
			switch n.unit {
			case uDay:
				return hit{}, false
			case uWeek, uWeekend:
				return weekHit(i, i+2, mon+7*off), true
			case uMonth:
				y, m := addMonths(sc.ay, sc.am, off)
				return hit{s: i, e: i + 2, y: y, m: m, p: pMonth, rel: true}, true
			case uYear:
				return hit{s: i, e: i + 2, y: sc.ay + off, p: pYear, rel: true}, true
			}
		}
		switch n.key {
		case kMorning, kAfternoon, kEvening:
			if r == kThis {
				return dayHit(i, i+2, sc.az, true), true
			}
		case kNight:
			switch r {
			case kLast:
				return dayHit(i, i+2, sc.az-1, true), true
			case kThis:
				return dayHit(i, i+2, sc.az, true), true
			}
		}
	case kThe:
		if n := sc.ent(i + 1); n.unit == uWeekend {
			if p := sc.key(i - 1); p == kOver || p == kAt || p == kDuring {
				if wd := weekdayOf(sc.az); wd != 0 && wd != 6 && sc.tense(i, i+2) != tFuture {
					mon -= 7
				}
				return weekHit(i, i+2, mon), true
			}
		}
	}
	return hit{}, false
}

// dayWordAt matches yesterday, today, tomorrow, tonight, the day before
// (yesterday), the previous day, the day after tomorrow.
func (sc *scanner) dayWordAt(i int) (hit, bool) {
	part := func(k int) bool {
		switch sc.key(k) {
		case kMorning, kAfternoon, kEvening, kNight:
			return true
		}
		return false
	}
	switch sc.key(i) {
	case kYesterday, kTomorrow:
		off := -1
		if sc.key(i) == kTomorrow {
			off = 1
		}
		e := i + 1
		if part(e) {
			e++
		}
		return dayHit(i, e, sc.az+off, true), true
	case kToday:
		if sc.nameCtx(i) {
			return hit{}, false
		}
		return dayHit(i, i+1, sc.az, true), true
	case kTonight:
		return dayHit(i, i+1, sc.az, true), true
	case kThe:
		n := sc.ent(i + 1)
		if n.unit == uDay && !n.plural {
			switch sc.key(i + 2) {
			case kBefore:
				if sc.key(i+3) == kYesterday {
					return dayHit(i, i+4, sc.az-2, true), true
				}
				f := sc.tok(i + 3)
				if f.kind == 0 || f.kind == tkPunct && f.p != '\'' {
					return dayHit(i, i+3, sc.az-1, true), true
				}
				switch sc.key(i + 3) {
				case kAnd, kBut, kWhen, kWhile:
					return dayHit(i, i+3, sc.az-1, true), true
				}
			case kAfter:
				if sc.key(i+3) == kTomorrow {
					return dayHit(i, i+4, sc.az+2, true), true
				}
			}
		} else if n.key == kPrevious {
			if u := sc.ent(i + 2); u.unit == uDay && !u.plural {
				return dayHit(i, i+3, sc.az-1, true), true
			}
		}
	}
	return hit{}, false
}

// weekdayAt matches "[last|next|this] Thursday [morning|night...]".
func (sc *scanner) weekdayAt(i int) (hit, bool) {
	mode := sc.key(i)
	k := i
	if mode == kLast || mode == kNext || mode == kThis {
		k++
	} else {
		mode = kNone
	}
	wd, next := sc.weekdayTok(k)
	if wd < 0 || mode == kNone && sc.nameCtx(i) {
		return hit{}, false
	}
	e := next
	switch sc.key(e) {
	case kMorning, kAfternoon, kEvening, kNight:
		e++
	}
	z := sc.az
	a := weekdayOf(z)
	switch mode {
	case kLast:
		d := (a - wd + 7) % 7
		if d == 0 {
			d = 7
		}
		z -= d
	case kNext:
		d := (wd - a + 7) % 7
		if d == 0 {
			d = 7
		}
		z += d
	default:
		if sc.tense(i, e) == tFuture {
			z += (wd - a + 7) % 7
		} else {
			z -= (a - wd + 7) % 7
		}
	}
	return dayHit(i, e, z, true), true
}

// agoAt matches "three days ago", "two weeks from now", "in three months",
// "in two weeks' time".
func (sc *scanner) agoAt(i int) (hit, bool) {
	k := i
	in := sc.key(k) == kIn
	if in {
		k++
	}
	n, article := sc.count(k)
	if n == 0 {
		return hit{}, false
	}
	u := sc.ent(k + 1).unit
	if u == uNone || u == uWeekend {
		return hit{}, false
	}
	e := k + 2
	sign := 1
	switch {
	case sc.key(e) == kAgo && !in:
		sign = -1
		e++
	case sc.key(e) == kFrom && sc.key(e+1) == kNow:
		e += 2
	case in && sc.key(e) == kTime:
		e++
	case in:
		if article || sc.key(e) == kOf || sc.superlativeBefore(i) || sc.tense(i, e) == tPast {
			return hit{}, false
		}
	default:
		return hit{}, false
	}
	n *= sign
	switch u {
	case uDay:
		return dayHit(i, e, sc.az+n, true), true
	case uWeek:
		return weekHit(i, e, sc.az+7*n), true
	case uMonth:
		y, m := addMonths(sc.ay, sc.am, n)
		return hit{s: i, e: e, y: y, m: m, p: pMonth, rel: true}, true
	default:
		return hit{s: i, e: e, y: sc.ay + n, p: pYear, rel: true}, true
	}
}

// monthCore returns a month-precision expression at k.
func (sc *scanner) monthCore(k int) (hit, bool) {
	var b hit
	ok := false
	h, good := sc.monthAt(k)
	longer(&b, &ok, h, good)
	h, good = sc.dateAt(k)
	longer(&b, &ok, h, good && h.p == pMonth)
	h, good = sc.relAt(k)
	longer(&b, &ok, h, good && h.p == pMonth)
	return b, ok
}

// weekOfAt matches "the second week of July", "the last week of July 2014",
// "the week of July 7".
func (sc *scanner) weekOfAt(i int) (hit, bool) {
	k := i
	hasThe := sc.key(k) == kThe
	if hasThe {
		k++
	}
	ord := 0
	if t := sc.tok(k); sc.key(k) == kLast {
		ord = -1
	} else if e := sc.ent(k); e.ord > 0 {
		ord = int(e.ord)
	} else if t.kind == tkNum && t.flags&fOrd != 0 && t.num >= 1 && t.num <= 5 {
		ord = int(t.num)
	}
	if ord != 0 {
		k++
	}
	if u := sc.ent(k); u.unit != uWeek || u.plural || sc.key(k+1) != kOf {
		return hit{}, false
	}
	c := k + 2
	if ord == 0 {
		if !hasThe {
			return hit{}, false
		}
		h, ok := sc.absAt(c)
		if !ok || h.p != pDay {
			return hit{}, false
		}
		h.s, h.p, h.rel = i, pWeek, h.rel || h.noYear
		return h, true
	}
	h, ok := sc.monthCore(c)
	if !ok {
		return hit{}, false
	}
	d := 1 + 7*(ord-1)
	if ord < 0 {
		d = daysIn(h.y, h.m)
	} else if d > daysIn(h.y, h.m) {
		return hit{}, false
	}
	return hit{s: i, e: h.e, y: h.y, m: h.m, d: d, p: pWeek, rel: h.rel}, true
}

// modAt matches early/earlier/late/later/mid before a date: "early July",
// "mid-2013", "earlier this month", "late on Thursday".
func (sc *scanner) modAt(i int) (hit, bool) {
	r := sc.key(i)
	if r != kEarly && r != kEarlier && r != kLate && r != kLater && r != kMid {
		return hit{}, false
	}
	k := i + 1
	if r == kMid && sc.punct(k, '-') && sc.adjacent(i, k) {
		k++
	}
	if sc.key(k) == kOn && r != kMid {
		if wd, _ := sc.weekdayTok(k + 1); wd >= 0 {
			k++
		}
	}
	h, ok := sc.coreAt(k, true)
	if !ok {
		return hit{}, false
	}
	h.s = i
	return h, true
}

// endOfAt matches "the end of the month", "the beginning of next year", "end
// of June", "end-June".
func (sc *scanner) endOfAt(i int) (hit, bool) {
	k := i
	if sc.key(k) == kThe {
		k++
	}
	r := sc.key(k)
	if r != kEnd && r != kBeginning && r != kStart && r != kMiddle {
		return hit{}, false
	}
	var c int
	switch {
	case r == kEnd && sc.punct(k+1, '-') && sc.adjacent(k, k+1):
		c = k + 2
		h, ok := sc.monthAt(c)
		if !ok {
			return hit{}, false
		}
		h.s = i
		return h, true
	case sc.key(k+1) == kOf:
		c = k + 2
	default:
		return hit{}, false
	}
	if sc.key(c) == kThe {
		if u := sc.ent(c + 1); !u.plural {
			switch u.unit {
			case uWeek:
				return weekHit(i, c+2, sc.az), true
			case uMonth:
				return hit{s: i, e: c + 2, y: sc.ay, m: sc.am, p: pMonth, rel: true}, true
			case uYear:
				return hit{s: i, e: c + 2, y: sc.ay, p: pYear, rel: true}, true
			}
		}
		return hit{}, false
	}
	h, ok := sc.coreAt(c, false)
	if !ok {
		return hit{}, false
	}
	h.s = i
	return h, true
}
