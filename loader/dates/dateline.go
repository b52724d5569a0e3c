package dates

import (
	"strings"
	"time"
)

// isoLayouts are tried on single fields that look like ISO date-times.
var isoLayouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
}

// ParseDateline returns the publication time found in an article header line such as
// "PUBLISHED : Friday, 27 June, 2014, 10:44pm", "UPDATED : ...", "WASHINGTON, June 27 (Reuters) -"
// (year missing: ok=false unless fallbackYear > 0, which is then used),
// "June 27, 2014", "2014-06-27", "2014-06-27T10:00:00Z" (RFC 3339), "Jun 27, 2014 10:44 PM".
//
// The date must start within the first 16 tokens of the line and name a day;
// relative expressions ("yesterday") are not datelines. A clock time right
// after the date (10:44pm, 10:44 PM, 22:44:05, 10:44 a.m.) is kept, with a
// following zone (UTC, GMT, EST, +0800, +08:00...) when one is written; times
// without a zone, and dates without a time, are returned in UTC. All-numeric
// day/month forms (27/06/2014, 06/27/2014) are ambiguous and not read.
func ParseDateline(line string, fallbackYear int) (t time.Time, ok bool) {
	s := strings.TrimSpace(line)
	if len(s) > 400 {
		s = s[:400]
	}
	if s == "" {
		return time.Time{}, false
	}
	// RFC 3339 / ISO 8601 date-times as one field.
	for i := 0; i < len(s); {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' {
			j++
		}
		f := strings.Trim(s[i:j], ",;()[]<>\"'")
		if len(f) >= 16 && f[4] == '-' && f[7] == '-' && f[10] == 'T' {
			for _, layout := range isoLayouts {
				if t, err := time.Parse(layout, f); err == nil {
					return t, true
				}
			}
		}
		i = j
	}
	var tb [64]token
	sc := scanner{text: s, toks: tokenize(s, tb[:0]), dateline: true}
	for i := 0; i < len(sc.toks) && i < 16; i++ {
		h, found := sc.absAt(i)
		if !found || h.p != pDay {
			continue
		}
		y := h.y
		if h.noYear {
			if fallbackYear <= 0 {
				return time.Time{}, false
			}
			y = fallbackYear
		}
		if y < 1 || y > 9999 || !validDate(y, h.m, h.d) {
			return time.Time{}, false
		}
		hh, mi, ss, loc := sc.clock(h.e)
		return time.Date(y, time.Month(h.m), h.d, hh, mi, ss, 0, loc), true
	}
	return time.Time{}, false
}

// clock reads a time of day starting at or shortly after token k.
func (sc *scanner) clock(k int) (hh, mi, ss int, loc *time.Location) {
	loc = time.UTC
	for n := 0; n < 3; n++ {
		t := sc.tok(k)
		if t.kind == tkPunct && (t.p == ',' || t.p == '-' || t.p == '|' || t.p == '@' || t.p == '/') || sc.key(k) == kAt {
			k++
			continue
		}
		break
	}
	ht, mt := sc.tok(k), sc.tok(k+2)
	if ht.kind != tkNum || ht.ndig > 2 || ht.flags&(fGlued|fOrd) != 0 ||
		!sc.punct(k+1, ':') || !sc.adjacent(k, k+1) ||
		mt.kind != tkNum || mt.ndig != 2 || mt.flags&fOrd != 0 || !sc.adjacent(k+1, k+2) {
		return 0, 0, 0, loc
	}
	h, m, s := int(ht.num), int(mt.num), 0
	k += 3
	if st := sc.tok(k + 1); mt.flags&fGlued == 0 && sc.punct(k, ':') && sc.adjacent(k-1, k) &&
		st.kind == tkNum && st.ndig == 2 && st.flags&fOrd == 0 && sc.adjacent(k, k+1) {
		s = int(st.num)
		k += 2
	}
	ampm := 0
	switch sc.key(k) {
	case kAm:
		ampm = 1
		k++
	case kPm:
		ampm = 2
		k++
	case kA, kP:
		if sc.punct(k+1, '.') && sc.key(k+2) == kM {
			ampm = 1
			if sc.key(k) == kP {
				ampm = 2
			}
			k += 3
			if sc.punct(k, '.') {
				k++
			}
		}
	}
	if ampm != 0 {
		if h < 1 || h > 12 {
			return 0, 0, 0, loc
		}
		if h == 12 {
			h = 0
		}
		if ampm == 2 {
			h += 12
		}
	}
	if h > 23 || m > 59 || s > 59 {
		return 0, 0, 0, loc
	}
	return h, m, s, sc.zone(k)
}

// zone reads a time zone at token k: a name (UTC, GMT, EST...) or a numeric
// offset (+0800, -05:00), optionally after UTC/GMT.
func (sc *scanner) zone(k int) *time.Location {
	t := sc.tok(k)
	off, named := 0, false
	if t.kind == tkWord {
		w := sc.text[t.start:t.end]
		switch w {
		case "UTC", "GMT", "Z":
			named = true
			k++
		default:
			for _, z := range zoneOffsets {
				if z.name == w {
					return time.FixedZone(z.name, z.off)
				}
			}
			return time.UTC
		}
	}
	sign := 0
	if sc.punct(k, '+') {
		sign = 1
	} else if sc.punct(k, '-') {
		sign = -1
	}
	n := sc.tok(k + 1)
	if sign == 0 || n.kind != tkNum || n.flags&(fGlued|fOrd) != 0 || !sc.adjacent(k, k+1) {
		return time.UTC
	}
	switch {
	case n.ndig == 4:
		off = int(n.num/100)*3600 + int(n.num%100)*60
	case n.ndig <= 2 && sc.punct(k+2, ':') && sc.adjacent(k+1, k+2) && sc.tok(k+3).kind == tkNum && sc.tok(k+3).ndig == 2:
		off = int(n.num)*3600 + int(sc.tok(k+3).num)*60
	case n.ndig <= 2 && named:
		off = int(n.num) * 3600
	default:
		return time.UTC
	}
	if off == 0 || off > 14*3600 {
		return time.UTC
	}
	return time.FixedZone("", sign*off)
}

// zoneOffsets are the zone abbreviations ParseDateline understands; ambiguous
// ones (IST, ET) are left out.
var zoneOffsets = [...]struct {
	name string
	off  int
}{
	{"EST", -5 * 3600}, {"EDT", -4 * 3600}, {"CST", -6 * 3600}, {"CDT", -5 * 3600},
	{"MST", -7 * 3600}, {"MDT", -6 * 3600}, {"PST", -8 * 3600}, {"PDT", -7 * 3600},
	{"BST", 3600}, {"CET", 3600}, {"CEST", 2 * 3600}, {"EET", 2 * 3600}, {"EEST", 3 * 3600},
	{"MSK", 3 * 3600}, {"HKT", 8 * 3600}, {"SGT", 8 * 3600}, {"JST", 9 * 3600}, {"KST", 9 * 3600},
	{"AEST", 10 * 3600}, {"AEDT", 11 * 3600},
}
