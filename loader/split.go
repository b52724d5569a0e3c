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
			out = append(out, dg.Sentence{Index: len(out), Start: start, End: end, Text: st})
		}
	}
	return out, nil
}
