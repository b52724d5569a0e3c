package loader

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	dg "github.com/diplograph/diplograph"
)

//go:embed lexicon/*.tsv
var lexiconFS embed.FS

// Lexicon is everything the coder knows, read from the embedded TSV files
// under loader/lexicon/.
type Lexicon struct {
	Countries map[string]*Country // by ISO3
	Legacy    map[string]string   // older CAMEO country codes → ISO3 ("JAP" → "JPN")
	Codes     map[string]dg.Code  // CAMEO codebook by code
	Verbs     []VerbRule
	phrases   *phraseIndex // actor phrases
	verbIndex map[string][]int
	inflect   map[string][]string // surface form → lemmas
	// surnameStop are last names not taken alone for an office holder.
	surnameStop map[string]bool
}

// Country is one row of countries.tsv.
type Country struct {
	ISO3, Name string
}

// Leader is one office held by a known person, from leaders.tsv or
// leaders_world.tsv.
type Leader struct {
	Name, Country, Sector, Title string
	From, To                     time.Time // To is zero while in office
}

// VerbRule is one row of verbs.tsv: a trigger pattern and the CAMEO code it gives.
type VerbRule struct {
	Code       string
	Kind       string     // V verbal, N nominal, P passive
	Head       []string   // lower-case words; for V the first is a lemma
	Complement [][]string // alternatives, each a keyword ("talk*" is a prefix)
	Rel        string
	Line       int // line in verbs.tsv, for provenance

	plurals [][]string // Complement with each word's plural, precomputed
}

// Name is how a rule is cited in a mention: "verbs.tsv:12 urge [talk*|…]".
func (r *VerbRule) Name() string {
	s := fmt.Sprintf("verbs.tsv:%d %s", r.Line, strings.Join(r.Head, " "))
	if len(r.Complement) > 0 {
		var alts []string
		for _, c := range r.Complement {
			alts = append(alts, strings.Join(c, " "))
		}
		s += " [" + strings.Join(alts, "|") + "]"
	}
	return s
}

var (
	defaultLexOnce sync.Once
	defaultLex     *Lexicon
	defaultLexErr  error
)

// DefaultLexicon returns the embedded lexicon, parsed once.
func DefaultLexicon() (*Lexicon, error) {
	defaultLexOnce.Do(func() { defaultLex, defaultLexErr = parseLexicon() })
	return defaultLex, defaultLexErr
}

// Codebook returns the CAMEO codes sorted by code.
func (l *Lexicon) Codebook() []dg.Code {
	out := make([]dg.Code, 0, len(l.Codes))
	for _, c := range l.Codes {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// tsvRows reads an embedded TSV file with a header row and calls fn for each
// data row with a column accessor; errors name the file and line.
func tsvRows(name string, want []string, fn func(line int, get func(string) string) error) error {
	data, err := lexiconFS.ReadFile("lexicon/" + name)
	if err != nil {
		return fmt.Errorf("lexicon %s: %w", name, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var cols map[string]int
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if cols == nil {
			cols = map[string]int{}
			for i, f := range fields {
				cols[strings.TrimSpace(f)] = i
			}
			for _, w := range want {
				if _, ok := cols[w]; !ok {
					return fmt.Errorf("lexicon %s:%d: header lacks column %q", name, line, w)
				}
			}
			continue
		}
		get := func(c string) string {
			i := cols[c]
			if i < len(fields) {
				return strings.TrimSpace(fields[i])
			}
			return ""
		}
		if err := fn(line, get); err != nil {
			return fmt.Errorf("lexicon %s:%d: %w", name, line, err)
		}
	}
	return sc.Err()
}

func splitAlts(s string) []string {
	if s == "" || s == "-" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseLexicon() (*Lexicon, error) {
	l := &Lexicon{
		Countries: map[string]*Country{},
		Legacy:    map[string]string{},
		Codes:     map[string]dg.Code{},
		phrases:   newPhraseIndex(),
		verbIndex: map[string][]int{},
		inflect:   map[string][]string{},
	}
	err := tsvRows("countries.tsv", []string{"iso3", "name", "aliases", "demonyms", "metonyms"}, func(line int, get func(string) string) error {
		iso := get("iso3")
		if len(iso) != 3 {
			return fmt.Errorf("iso3 %q is not three letters", iso)
		}
		c := &Country{ISO3: iso, Name: get("name")}
		l.Countries[iso] = c
		l.phrases.add(c.Name, entry{kind: entCountry, country: iso})
		for _, a := range splitAlts(get("aliases")) {
			l.phrases.add(a, entry{kind: entCountry, country: iso})
		}
		for _, d := range splitAlts(get("demonyms")) {
			l.phrases.add(d, entry{kind: entDemonym, country: iso, plural: strings.HasSuffix(d, "s")})
		}
		for _, m := range splitAlts(get("metonyms")) {
			l.phrases.add(m, entry{kind: entMetonym, country: iso, sector: "GOV"})
		}
		for _, g := range splitAlts(get("legacy")) {
			l.Legacy[g] = iso
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tsvRows("igos.tsv", []string{"code", "name", "aliases", "kind"}, func(line int, get func(string) string) error {
		code, name := get("code"), get("name")
		e := entry{kind: entIGO, code: code, name: name, country: code[:min(3, len(code))]}
		l.phrases.add(name, e)
		for _, a := range splitAlts(get("aliases")) {
			l.phrases.add(a, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	l.surnameStop = map[string]bool{}
	err = tsvRows("surnames_stop.tsv", []string{"surname"}, func(line int, get func(string) string) error {
		l.surnameStop[strings.ToLower(get("surname"))] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, file := range []string{"leaders.tsv", "leaders_world.tsv"} {
		if err := tsvRows(file, []string{"name", "aliases", "iso3", "sector", "title", "from", "to"}, l.addLeaderRow); err != nil {
			return nil, err
		}
	}
	err = tsvRows("places.tsv", []string{"name", "aliases", "iso3", "kind"}, func(line int, get func(string) string) error {
		iso := get("iso3")
		if l.Countries[iso] == nil {
			return fmt.Errorf("iso3 %q is not in countries.tsv", iso)
		}
		if k := get("kind"); k != "city" && k != "region" {
			return fmt.Errorf("kind %q is not city or region", k)
		}
		for _, n := range append([]string{get("name")}, splitAlts(get("aliases"))...) {
			l.phrases.add(n, entry{kind: entPlace, country: iso, name: get("name")})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, file := range []string{"sectors.tsv", "groups.tsv"} {
		if err := tsvRows(file, []string{"phrase", "sector", "type", "iso3"}, l.addSectorRow); err != nil {
			return nil, err
		}
	}
	err = tsvRows("cameo.tsv", []string{"code", "label", "root", "quadclass", "goldstein", "plover"}, func(line int, get func(string) string) error {
		qc, err := strconv.Atoi(get("quadclass"))
		if err != nil {
			return fmt.Errorf("field quadclass: %w", err)
		}
		g, err := strconv.ParseFloat(get("goldstein"), 64)
		if err != nil {
			return fmt.Errorf("field goldstein: %w", err)
		}
		c := dg.Code{Code: get("code"), Label: get("label"), Root: get("root"), QuadClass: qc, Goldstein: g, Plover: get("plover")}
		l.Codes[c.Code] = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	irregular := map[string][2]string{}
	err = tsvRows("irregular.tsv", []string{"lemma", "past", "participle"}, func(line int, get func(string) string) error {
		irregular[get("lemma")] = [2]string{get("past"), get("participle")}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tsvRows("verbs.tsv", []string{"code", "kind", "head", "complement", "rel"}, func(line int, get func(string) string) error {
		r := VerbRule{Code: get("code"), Kind: get("kind"), Rel: get("rel"), Line: line}
		if _, ok := l.Codes[r.Code]; !ok {
			return fmt.Errorf("code %q is not in cameo.tsv", r.Code)
		}
		for _, w := range Tokenize(strings.ToLower(get("head")), 0) {
			r.Head = append(r.Head, w.Lower)
		}
		if len(r.Head) == 0 {
			return fmt.Errorf("empty head")
		}
		for _, alt := range splitAlts(get("complement")) {
			words := strings.Fields(strings.ToLower(alt))
			r.Complement = append(r.Complement, words)
			pl := make([]string, len(words))
			for k, w := range words {
				pl[k] = plural(w)
			}
			r.plurals = append(r.plurals, pl)
		}
		if r.Rel == "" {
			r.Rel = r.Head[0]
		}
		l.Verbs = append(l.Verbs, r)
		idx := len(l.Verbs) - 1
		switch r.Kind {
		case "V", "P":
			for _, f := range verbForms(r.Head[0], irregular) {
				l.verbIndex[f] = appendUnique(l.verbIndex[f], idx)
				l.inflect[f] = appendUniqueS(l.inflect[f], r.Head[0])
			}
		case "N":
			l.verbIndex[r.Head[0]] = appendUnique(l.verbIndex[r.Head[0]], idx)
			if len(r.Head) == 1 {
				l.verbIndex[plural(r.Head[0])] = appendUnique(l.verbIndex[plural(r.Head[0])], idx)
			}
		default:
			return fmt.Errorf("kind %q is not V, N or P", r.Kind)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// addLeaderRow adds one row of leaders.tsv or leaders_world.tsv: the full
// name, its aliases and, unless it is in surnames_stop.tsv, the surname
// alone ("Obama"; "Assad" for "Bashar al-Assad"; East Asian names put it
// first: "Xi").
func (l *Lexicon) addLeaderRow(line int, get func(string) string) error {
	ld := &Leader{Name: get("name"), Country: get("iso3"), Sector: get("sector"), Title: get("title")}
	var err error
	if ld.From, err = time.Parse("2006-01-02", get("from")); err != nil {
		return fmt.Errorf("field from: %w", err)
	}
	if s := get("to"); s != "" {
		if ld.To, err = time.Parse("2006-01-02", s); err != nil {
			return fmt.Errorf("field to: %w", err)
		}
	}
	names := append([]string{ld.Name}, splitAlts(get("aliases"))...)
	for _, n := range names {
		l.phrases.add(n, entry{kind: entLeader, leader: ld, name: ld.Name})
	}
	parts := strings.Fields(ld.Name)
	// "Ferdinand Marcos Jr.", "Hassan II": the surname is before the suffix.
	for len(parts) > 2 && nameSuffixes[strings.ToLower(parts[len(parts)-1])] {
		parts = parts[:len(parts)-1]
	}
	if len(parts) < 2 {
		return nil
	}
	surnames := []string{parts[len(parts)-1]}
	switch ld.Country {
	case "CHN", "PRK", "KOR", "VNM", "TWN":
		surnames = append(surnames, parts[0])
	}
	for _, s := range surnames {
		for _, p := range arabicArticles {
			if rest, ok := strings.CutPrefix(s, p); ok && len(rest) > 2 {
				surnames = append(surnames, rest)
			}
		}
	}
	for _, s := range surnames {
		if !l.surnameStop[strings.ToLower(s)] && len(s) > 2 {
			l.phrases.add(s, entry{kind: entLeader, leader: ld, name: ld.Name, surname: true})
		}
	}
	return nil
}

var nameSuffixes = set("jr.", "jr", "sr.", "sr", "ii", "iii", "iv", "v", "vi")

// arabicArticles prefix surnames that news also writes bare: "al-Assad", "Assad".
var arabicArticles = []string{"al-", "Al-", "el-", "El-", "ad-", "as-", "ash-", "at-", "az-", "ar-", "an-"}

// irregularPlurals are plural nouns without an -s.
var irregularPlurals = set("people", "children", "women", "men", "police", "personnel", "clergy", "militia", "youth")

func lastWord(p string) string {
	return p[strings.LastIndexByte(p, ' ')+1:]
}

// addSectorRow adds one row of sectors.tsv or groups.tsv.
func (l *Lexicon) addSectorRow(line int, get func(string) string) error {
	kind := map[string]entKind{"title": entTitle, "noun": entNoun, "org": entOrg}[get("type")]
	if kind == 0 {
		return fmt.Errorf("type %q is not title, noun or org", get("type"))
	}
	p := get("phrase")
	l.phrases.add(p, entry{kind: kind, sector: get("sector"), country: get("iso3"), name: p,
		plural: kind == entNoun && (strings.HasSuffix(p, "s") && !strings.HasSuffix(p, "ss") || irregularPlurals[lastWord(p)])})
	// "foreign ministers": the plural of a title names a group of that sector.
	if kind == entTitle && !hasUpper(p) {
		words := strings.Fields(p)
		if last := words[len(words)-1]; !strings.HasSuffix(last, "s") && !strings.HasSuffix(last, ".") {
			words[len(words)-1] = plural(last)
			l.phrases.addIfAbsent(strings.Join(words, " "), entry{kind: entNoun, sector: get("sector"), country: get("iso3"), plural: true})
		}
	}
	return nil
}

func appendUnique(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func appendUniqueS(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// verbForms returns the inflections of a lemma: base, 3rd person, past,
// participle and -ing, with irregular.tsv overriding the rules.
func verbForms(lemma string, irregular map[string][2]string) []string {
	forms := []string{lemma, thirdPerson(lemma), ingForm(lemma, irregular)}
	if irr, ok := irregular[lemma]; ok {
		forms = append(forms, splitAlts(irr[0])...)
		forms = append(forms, splitAlts(irr[1])...)
	} else {
		forms = append(forms, edForm(lemma))
	}
	return forms
}

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

func thirdPerson(v string) string {
	switch {
	case strings.HasSuffix(v, "s"), strings.HasSuffix(v, "x"), strings.HasSuffix(v, "z"),
		strings.HasSuffix(v, "ch"), strings.HasSuffix(v, "sh"), strings.HasSuffix(v, "o"):
		return v + "es"
	case len(v) > 1 && strings.HasSuffix(v, "y") && !isVowel(v[len(v)-2]):
		return v[:len(v)-1] + "ies"
	}
	return v + "s"
}

func edForm(v string) string {
	switch {
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case len(v) > 1 && strings.HasSuffix(v, "y") && !isVowel(v[len(v)-2]):
		return v[:len(v)-1] + "ied"
	}
	return v + "ed"
}

func ingForm(v string, irregular map[string][2]string) string {
	// A doubled consonant in the past ("banned") doubles before -ing too.
	if irr, ok := irregular[v]; ok && strings.HasSuffix(irr[0], "ed") && len(irr[0]) == len(v)+3 && irr[0][len(v)] == v[len(v)-1] {
		return v + v[len(v)-1:] + "ing"
	}
	switch {
	case strings.HasSuffix(v, "ie"):
		return v[:len(v)-2] + "ying"
	case strings.HasSuffix(v, "ee"), strings.HasSuffix(v, "ye"), strings.HasSuffix(v, "oe"):
		return v + "ing"
	case strings.HasSuffix(v, "e") && len(v) > 2:
		return v[:len(v)-1] + "ing"
	}
	return v + "ing"
}

func plural(n string) string {
	switch {
	case strings.HasSuffix(n, "s"), strings.HasSuffix(n, "x"), strings.HasSuffix(n, "ch"), strings.HasSuffix(n, "sh"):
		return n + "es"
	case len(n) > 1 && strings.HasSuffix(n, "y") && !isVowel(n[len(n)-2]):
		return n[:len(n)-1] + "ies"
	}
	return n + "s"
}
