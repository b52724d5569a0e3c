package loader

import (
	"fmt"
	"strings"
	"sync"

	dg "github.com/diplograph/diplograph"
	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/data"
	"gopkg.in/neurosnap/sentences.v1/english"
)

var (
	splitterOnce sync.Once
	splitter     *sentences.DefaultSentenceTokenizer
	splitterErr  error
)

// sentenceSplitter returns the shared English sentence tokenizer; it is
// safe for concurrent use once built.
func sentenceSplitter() (*sentences.DefaultSentenceTokenizer, error) {
	splitterOnce.Do(func() {
		b, err := data.Asset("data/english.json")
		if err != nil {
			splitterErr = fmt.Errorf("load sentence model: %w", err)
			return
		}
		training, err := sentences.LoadTraining(b)
		if err != nil {
			splitterErr = fmt.Errorf("load sentence model: %w", err)
			return
		}
		splitter, splitterErr = english.NewSentenceTokenizer(training)
	})
	return splitter, splitterErr
}

// Sentences splits the body paragraphs of text into sentences whose offsets
// point into text. Paragraph breaks always end a sentence.
func Sentences(text string, paras []Span) ([]dg.Sentence, error) {
	tok, err := sentenceSplitter()
	if err != nil {
		return nil, err
	}
	var out []dg.Sentence
	for _, p := range paras {
		para := text[p.Start:p.End]
		pos := 0
		for _, s := range tok.Tokenize(para) {
			// Find the sentence's text in the paragraph from where the last
			// one ended: the tokenizer's own offsets are not reliable on
			// multi-byte text.
			st := strings.TrimSpace(s.Text)
			if st == "" {
				continue
			}
			i := strings.Index(para[pos:], st)
			if i < 0 {
				continue
			}
			start := p.Start + pos + i
			end := start + len(st)
			pos += i + len(st)
			// "U.S. Ambassador Kelly Craft": an initialism before a title is
			// not a sentence end.
			if n := len(out); n > 0 && out[n-1].End >= p.Start && initialismEnd(out[n-1].Text) && abbrevFollowers[firstWord(st)] {
				out[n-1].End = end
				out[n-1].Text = text[out[n-1].Start:end]
				continue
			}
			out = append(out, dg.Sentence{Index: len(out), Start: start, End: end, Text: st})
		}
	}
	return out, nil
}

// initialismEnd reports a sentence ending with a dotted initialism: "U.S.",
// "U.N.", "E.U.".
func initialismEnd(s string) bool {
	i := strings.LastIndexByte(s, ' ')
	w := s[i+1:]
	return len(w) >= 4 && len(w) <= 6 && strings.Count(w, ".") >= 2 && strings.HasSuffix(w, ".") && strings.ToUpper(w) == w
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " ,"); i >= 0 {
		return s[:i]
	}
	return s
}

// abbrevFollowers are the words that go on a name after "U.S." or "U.N.".
var abbrevFollowers = map[string]bool{
	"Ambassador": true, "Secretary": true, "President": true, "Vice": true, "Army": true, "Navy": true, "Air": true,
	"Senate": true, "Senator": true, "Sen.": true, "Rep.": true, "Congress": true, "Treasury": true, "State": true,
	"Defense": true, "Embassy": true, "Envoy": true, "Special": true, "Department": true, "Security": true,
	"Marines": true, "Marine": true, "Attorney": true, "Trade": true, "Representative": true, "Supreme": true,
	"House": true, "Justice": true, "Central": true, "Command": true, "Deputy": true, "Foreign": true, "Homeland": true,
	"Mission": true, "General": true, "Secretary-General": true, "Human": true, "High": true, "Commissioner": true,
	"Forces": true, "Coast": true, "Federal": true, "District": true, "Court": true, "Chamber": true, "Agency": true,
}
