package loader

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	dg "github.com/diplograph/diplograph"
)

func benchArticles(b *testing.B) []dg.Article {
	b.Helper()
	files, err := filepath.Glob("../testdata/articles/*.txt")
	if err != nil || len(files) == 0 {
		b.Fatalf("no test articles: %v", err)
	}
	var out []dg.Article
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		a, err := ParseText(f, data)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// BenchmarkCode measures the whole coder (sentences, actors, dates, events)
// on the test articles, one goroutine: sentences/s per core.
func BenchmarkCode(b *testing.B) {
	arts := benchArticles(b)
	c, err := NewCoder()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	sentences := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			out, err := c.Code(ctx, a)
			if err != nil {
				b.Fatal(err)
			}
			sentences += len(out.Sentences)
		}
	}
	b.ReportMetric(float64(sentences)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkSentences measures reading and sentence splitting alone.
func BenchmarkSentences(b *testing.B) {
	arts := benchArticles(b)
	sentences := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			ss, err := Sentences(a.Text, Layout(a.Text).Paragraphs)
			if err != nil {
				b.Fatal(err)
			}
			sentences += len(ss)
		}
	}
	b.ReportMetric(float64(sentences)/b.Elapsed().Seconds(), "sentences/s")
}
