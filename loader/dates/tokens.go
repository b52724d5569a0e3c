package dates

import (
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	tkWord uint8 = iota + 1
	tkNum
	tkPunct
)

// Token flags.
const (
	fCap   uint8 = 1 << iota // first letter is upper-case ASCII
	fPoss                    // followed by a possessive 's or a plural '
	fLL                      // contracted 'll ("he'll")
	fOrd                     // numeric ordinal: 1st, 27th
	fGlued                   // number directly followed by letters (1990s, 44pm)
	fEd                      // lower-case word ending in -ed: weak past-tense marker
)

// token is one word, number or punctuation mark. Offsets are bytes into the
// text; end excludes a possessive or contraction suffix.
type token struct {
	start, end int32
	num        int32  // value of a number token (-1 when too long)
	vid        uint16 // index into entries; 0 when the word is not in the vocabulary
	kind       uint8
	flags      uint8
	p          byte  // punctuation character; 0 for non-ASCII punctuation
	ndig       uint8 // number of digits of a number token
}

func isAlpha(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// apostropheAt returns the byte length of an apostrophe (' or ’) at s[i], or 0.
func apostropheAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	if s[i] == '\'' {
		return 1
	}
	if s[i] == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x99 {
		return 3
	}
	return 0
}

// letterAt reports whether a letter starts at s[i].
func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return isAlpha(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// tokenize appends the tokens of s to toks. It is a single left-to-right pass;
// token boundaries always fall on rune boundaries.
func tokenize(s string, toks []token) []token {
	n := len(s)
	for i := 0; i < n; {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case isAlpha(c):
			i, toks = scanWord(s, i, toks)
		case isDigit(c):
			i, toks = scanNum(s, i, toks)
		case c < utf8.RuneSelf:
			toks = append(toks, token{start: int32(i), end: int32(i + 1), kind: tkPunct, p: c})
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				toks = append(toks, token{start: int32(i), end: int32(i + 1), kind: tkPunct})
			case unicode.IsSpace(r):
			case unicode.IsLetter(r):
				i, toks = scanWord(s, i, toks)
				continue
			default:
				var p byte
				switch r {
				case '’', '‘':
					p = '\''
				case '–', '—', '‐', '‑':
					p = '-'
				}
				toks = append(toks, token{start: int32(i), end: int32(i + size), kind: tkPunct, p: p})
			}
			i += size
		}
	}
	return toks
}

func scanWord(s string, i int, toks []token) (int, []token) {
	n := len(s)
	start := i
	apos, alen := -1, 0
	for i < n {
		c := s[i]
		if isAlpha(c) || isDigit(c) {
			i++
			continue
		}
		if l := apostropheAt(s, i); l > 0 {
			if letterAt(s, i+l) {
				apos, alen = i, l
				i += l
				continue
			}
			break
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsLetter(r) || unicode.IsMark(r) {
				i += size
				continue
			}
		}
		break
	}
	t := token{start: int32(start), end: int32(i), kind: tkWord}
	if apos >= 0 {
		suf := s[apos+alen : i]
		switch {
		case len(suf) == 1 && (suf[0]|0x20) == 's':
			t.flags |= fPoss
			t.end = int32(apos)
		case len(suf) == 2 && (suf[0]|0x20) == 'l' && (suf[1]|0x20) == 'l':
			t.flags |= fLL
			t.end = int32(apos)
		case len(suf) == 1 && ((suf[0]|0x20) == 'd' || (suf[0]|0x20) == 'm'),
			len(suf) == 2 && ((suf[0]|0x20) == 'r' || (suf[0]|0x20) == 'v') && (suf[1]|0x20) == 'e':
			t.end = int32(apos)
		}
	} else if l := apostropheAt(s, i); l > 0 && (s[i-1]|0x20) == 's' {
		// Plural possessive: "two weeks' time".
		t.flags |= fPoss
		i += l
	}
	if 'A' <= s[start] && s[start] <= 'Z' {
		t.flags |= fCap
	}
	// Vocabulary lookup on the lower-cased ASCII form (’ folded to ').
	var buf [16]byte
	k := 0
	ok := true
	for j := start; j < int(t.end); {
		c := s[j]
		if k == len(buf) {
			ok = false
			break
		}
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[k] = c
			k++
			j++
			continue
		}
		if l := apostropheAt(s, j); l > 0 {
			buf[k] = '\''
			k++
			j += l
			continue
		}
		ok = false
		break
	}
	if ok {
		t.vid = vocab[string(buf[:k])]
		if t.flags&fCap == 0 && k >= 5 && buf[k-1] == 'd' && buf[k-2] == 'e' && buf[k-3] != 'e' {
			t.flags |= fEd
		}
	}
	return i, append(toks, t)
}

func scanNum(s string, i int, toks []token) (int, []token) {
	n := len(s)
	start := i
	v, nd := int32(0), 0
	for i < n && isDigit(s[i]) {
		if nd < 9 {
			v = v*10 + int32(s[i]-'0')
		}
		nd++
		i++
	}
	t := token{start: int32(start), end: int32(i), kind: tkNum, num: v}
	if nd > 9 {
		t.num = -1
	}
	if nd > 255 {
		nd = 255
	}
	t.ndig = uint8(nd)
	if i < n && isAlpha(s[i]) {
		j := i
		for j < n && isAlpha(s[j]) {
			j++
		}
		if j-i == 2 && (j == n || !isDigit(s[j])) && !letterAt(s, j) && isOrdinalSuffix(s[i], s[i+1]) {
			t.flags |= fOrd
			t.end = int32(j)
			i = j
		} else {
			t.flags |= fGlued
		}
	} else if l := apostropheAt(s, i); l > 0 && i+l < n && (s[i+l]|0x20) == 's' && !letterAt(s, i+l+1) && (i+l+1 >= n || !isDigit(s[i+l+1])) {
		t.flags |= fPoss
		i += l + 1
	}
	return i, append(toks, t)
}

func isOrdinalSuffix(a, b byte) bool {
	a, b = a|0x20, b|0x20
	return a == 's' && b == 't' || a == 'n' && b == 'd' || a == 'r' && b == 'd' || a == 't' && b == 'h'
}
