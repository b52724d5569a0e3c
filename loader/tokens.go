package loader

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word or punctuation mark with its byte offsets in the text it
// was cut from.
type Token struct {
	Text       string // as written, with typographic apostrophes folded to '
	Lower      string
	Start, End int
	Cap        bool // starts with an upper-case letter
	Word       bool // letters or digits, not punctuation
}

// Tokenize cuts s into tokens; offsets are shifted by base. "U.S." stays
// one token; "China's" is "China" and "'s"; "won't" is "wo" and "n't";
// hyphens and brackets are tokens (brackets are dropped: they are editorial).
func Tokenize(s string, base int) []Token {
	toks := make([]Token, 0, len(s)/5+4)
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r) || r == '[' || r == ']':
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					j += n2
					continue
				}
				// Decimal numbers and thousands: 3.5, 10,000.
				if (r2 == '.' || r2 == ',') && unicode.IsDigit(r) && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
					j++
					continue
				}
				break
			}
			// Dotted abbreviations: U.S., U.N., a.m. (single letters and dots).
			if j-i == n && unicode.IsLetter(r) {
				k := j
				for k+2 < len(s)+1 && k+1 < len(s) && s[k] == '.' && isASCIILetter(s[k+1]) && (k+2 == len(s) || !isASCIILetter(s[k+2])) {
					k += 2
				}
				if k > j {
					if k < len(s) && s[k] == '.' {
						k++
					}
					j = k
				}
			}
			word := s[i:j]
			// Split clitics: China's, won't.
			if k := clitic(s, j); k > j {
				if strings.HasSuffix(strings.ToLower(word), "n") && (s[j] == '\'' || strings.HasPrefix(s[j:], "’")) && strings.EqualFold(s[j:k], "'t") {
					// n't: cut the n off the word.
					toks = appendTok(toks, s[i:j-1], i+base, j-1+base, true)
					toks = appendTok(toks, "n't", j-1+base, k+base, true)
					i = k
					continue
				}
				toks = appendTok(toks, word, i+base, j+base, true)
				toks = appendTok(toks, "'"+strings.ToLower(lastApos(s[j:k])), j+base, k+base, true)
				i = k
				continue
			}
			toks = appendTok(toks, word, i+base, j+base, true)
			i = j
		default:
			text := s[i : i+n]
			if r == '’' || r == '‘' {
				text = "'"
			} else if r == '“' || r == '”' {
				text = "\""
			} else if r == '—' || r == '–' || r == '-' && i > 0 && i+1 < len(s) && s[i-1] == ' ' && s[i+1] == ' ' {
				text = "—" // a dash between words separates clauses; a hyphen joins words
			}
			toks = appendTok(toks, text, i+base, i+n+base, false)
			i += n
		}
	}
	return toks
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// clitic returns the end of an 's, 't, 're, 've, 'll, 'd clitic starting
// at j, or j when there is none.
func clitic(s string, j int) int {
	if j >= len(s) {
		return j
	}
	var n int
	switch {
	case s[j] == '\'':
		n = 1
	case strings.HasPrefix(s[j:], "’"):
		n = len("’")
	default:
		return j
	}
	rest := s[j+n:]
	for _, c := range []string{"s", "t", "re", "ve", "ll", "d"} {
		if len(rest) >= len(c) && strings.EqualFold(rest[:len(c)], c) {
			end := j + n + len(c)
			if end < len(s) {
				r, _ := utf8.DecodeRuneInString(s[end:])
				if unicode.IsLetter(r) {
					continue
				}
			}
			return end
		}
	}
	return j
}

func lastApos(c string) string {
	c = strings.TrimPrefix(c, "'")
	return strings.TrimPrefix(c, "’")
}

func appendTok(toks []Token, text string, start, end int, word bool) []Token {
	t := Token{Text: text, Lower: strings.ToLower(text), Start: start, End: end, Word: word}
	if r, _ := utf8.DecodeRuneInString(text); unicode.IsUpper(r) {
		t.Cap = true
	}
	return append(toks, t)
}
