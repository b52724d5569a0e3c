package loader

import (
	"strings"
	"unicode"
)

// entKind is what a lexicon phrase names.
type entKind int

const (
	entCountry entKind = iota + 1 // a country's name or alias
	entDemonym                    // Chinese, Americans
	entMetonym                    // a capital or seat of power standing for the government
	entIGO                        // an international body
	entLeader                     // a known office holder
	entTitle                      // a title before or after a person's name
	entNoun                       // a common noun naming a sector: officials, troops
	entOrg                        // a named body implying a sector: Justice Department
	entPlace                      // a city or region of a country: Basra, Darfur
)

// entry is one meaning of a lexicon phrase.
type entry struct {
	kind    entKind
	country string // ISO3, or IGO/NGO for international bodies
	sector  string
	code    string // full CAMEO code for IGOs
	name    string
	plural  bool
	surname bool // a leader's surname alone
	leader  *Leader
}

// phrase is a tokenised lexicon phrase with its meanings.
type phrase struct {
	words   []string // as written (case-sensitive) or lower-case
	upper   []string // words in capitals, for text set in capitals
	exact   bool     // written with capitals: match case as written
	entries []entry
}

// phraseIndex finds lexicon phrases in token streams, longest first.
type phraseIndex struct {
	byFirst map[string][]*phrase // keyed by the lower-cased first word
	byText  map[string]*phrase
}

func newPhraseIndex() *phraseIndex {
	return &phraseIndex{byFirst: map[string][]*phrase{}, byText: map[string]*phrase{}}
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func (x *phraseIndex) add(text string, e entry) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	exact := hasUpper(text)
	var words []string
	for _, t := range Tokenize(text, 0) {
		if exact {
			words = append(words, t.Text)
		} else {
			words = append(words, t.Lower)
		}
	}
	if len(words) == 0 {
		return
	}
	key := strings.Join(words, "\x00")
	if exact {
		key = "E" + key
	}
	if p, ok := x.byText[key]; ok {
		p.entries = append(p.entries, e)
		return
	}
	p := &phrase{words: words, exact: exact, entries: []entry{e}}
	for _, w := range words {
		p.upper = append(p.upper, strings.ToUpper(w))
	}
	x.byText[key] = p
	first := strings.ToLower(words[0])
	x.byFirst[first] = append(x.byFirst[first], p)
}

// addIfAbsent adds text only when no phrase has these words yet.
func (x *phraseIndex) addIfAbsent(text string, e entry) {
	key := strings.Join(strings.Fields(strings.ToLower(text)), "\x00")
	for _, p := range x.byFirst[strings.ToLower(strings.Fields(text)[0])] {
		if !p.exact && strings.Join(p.words, "\x00") == key {
			return
		}
	}
	x.add(text, e)
}

// match returns the longest phrase starting at toks[i], or nil.
func (x *phraseIndex) match(toks []Token, i int) *phrase {
	var best *phrase
	for _, p := range x.byFirst[toks[i].Lower] {
		if len(p.words) > len(toks)-i || best != nil && len(p.words) <= len(best.words) {
			continue
		}
		ok := true
		for k, w := range p.words {
			t := toks[i+k]
			if p.exact {
				// Accept the phrase in capitals too ("CHINA") but not lower case ("us").
				if t.Text != w && t.Text != p.upper[k] {
					ok = false
					break
				}
			} else if t.Lower != w {
				ok = false
				break
			}
		}
		if ok {
			best = p
		}
	}
	return best
}
