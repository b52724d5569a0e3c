package diplograph

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
)

// ArticleID returns the id of an article from its normalised text
// (see NormalizeText): "article:" and the first 16 hex digits of its SHA-256.
func ArticleID(normalized string) string {
	sum := sha256.Sum256([]byte(normalized))
	return "article:" + hex.EncodeToString(sum[:8])
}

// NormalizeText folds white space runs to one space, trims the ends and
// lower-cases, so that copies of a story differing only in layout hash alike.
func NormalizeText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// EventID returns the id of the event (source, target, code, date at its
// precision): "event:" and 16 hex digits. Source and target are actor ids,
// empty when unknown.
func EventID(source, target, code, date string, precision Precision) string {
	h := sha256.New()
	for _, s := range []string{source, target, code, date, string(precision)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "event:" + hex.EncodeToString(h.Sum(nil)[:8])
}

// MentionID returns the id of the n-th event mention of a sentence.
func MentionID(articleID string, sentence, n int) string {
	return "mention:" + strings.TrimPrefix(articleID, "article:") + "/" + strconv.Itoa(sentence) + "/" + strconv.Itoa(n)
}

// Slug turns a name into the lower-case, hyphenated form used in actor ids:
// "Daniel Russel" → "daniel-russel".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// CountryActorID is the id of a country node: "country:CHN".
func CountryActorID(iso3 string) string { return "country:" + iso3 }

// SectorActorID is the id of a sector of a country: "actor:CHN-MIL".
func SectorActorID(iso3, sector string) string { return "actor:" + iso3 + "-" + sector }

// PersonActorID is the id of a person or named organisation: "actor:daniel-russel".
func PersonActorID(name string) string { return "actor:" + Slug(name) }
