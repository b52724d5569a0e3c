package loader

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	dg "github.com/diplograph/diplograph"
	"github.com/diplograph/diplograph/loader/dates"
)

// DefaultMaxRecord is the largest article text or JSON record accepted.
const DefaultMaxRecord = 1 << 20

// ReadOptions tune the readers.
type ReadOptions struct {
	MaxRecord int       // bytes; 0 means DefaultMaxRecord
	Stdin     io.Reader // what the path "-" reads; nil means os.Stdin
}

func (o ReadOptions) max() int {
	if o.MaxRecord <= 0 {
		return DefaultMaxRecord
	}
	return o.MaxRecord
}

// Record is one article or the error that stopped it, as the readers yield them.
type Record struct {
	Article dg.Article
	Err     error // a *dg.Error of kind EInvalid naming the file and line or record
}

// ListFiles expands paths into the article files they name: files as they
// are, directories recursively (".txt", ".jsonl", ".json" and their ".gz"),
// "-" for standard input. The result is sorted within each directory.
func ListFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, dg.Errorf(dg.EInvalid, "read %s: %w", p, err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && isArticleFile(path) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, dg.Errorf(dg.EInvalid, "read %s: %w", p, err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

func isArticleFile(path string) bool {
	p := strings.TrimSuffix(strings.ToLower(path), ".gz")
	return strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".jsonl") || strings.HasSuffix(p, ".json")
}

func isJSONL(path string) bool {
	p := strings.TrimSuffix(strings.ToLower(path), ".gz")
	return strings.HasSuffix(p, ".jsonl") || strings.HasSuffix(p, ".json")
}

// Read yields the articles of the given files (see ListFiles) one at a
// time, streaming: a JSON Lines file is never held whole in memory. A bad
// file or record yields a Record with Err set and reading goes on with the
// next one; the caller decides whether to stop.
func Read(ctx context.Context, files []string, opt ReadOptions) iter.Seq[Record] {
	return func(yield func(Record) bool) {
		for _, f := range files {
			if ctx.Err() != nil {
				return
			}
			if !readFile(ctx, f, opt, yield) {
				return
			}
		}
	}
}

func readFile(ctx context.Context, path string, opt ReadOptions, yield func(Record) bool) bool {
	var r io.Reader
	name := path
	if path == "-" {
		name = "stdin"
		r = opt.Stdin
		if r == nil {
			r = os.Stdin
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			return yield(Record{Err: dg.Errorf(dg.EInvalid, "read %s: %w", path, err)})
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return yield(Record{Err: dg.Errorf(dg.EInvalid, "read %s: gzip: %w", name, err)})
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	if path != "-" && isJSONL(path) || path == "-" && looksJSON(br) {
		return readJSONL(ctx, name, br, opt, yield)
	}
	data, err := io.ReadAll(io.LimitReader(br, int64(opt.max())+1))
	if err != nil {
		return yield(Record{Err: dg.Errorf(dg.EInvalid, "read %s: %w", name, err)})
	}
	if len(data) > opt.max() {
		return yield(Record{Err: dg.Errorf(dg.EInvalid, "read %s: article larger than %d bytes", name, opt.max())})
	}
	a, err := ParseText(name, data)
	return yield(Record{Article: a, Err: err})
}

func looksJSON(br *bufio.Reader) bool {
	b, _ := br.Peek(64)
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

// jsonRecord is one line of a JSON Lines input.
type jsonRecord struct {
	ID        string  `json:"id"`
	URL       string  `json:"url"`
	Title     string  `json:"title"`
	Published *string `json:"published"`
	Date      *string `json:"date"` // the coder's input form
	Text      string  `json:"text"`
}

func readJSONL(ctx context.Context, name string, br *bufio.Reader, opt ReadOptions, yield func(Record) bool) bool {
	line := 0
	for {
		if ctx.Err() != nil {
			return false
		}
		raw, tooLong, err := readLine(br, opt.max())
		if len(raw) == 0 && err == io.EOF {
			return true
		}
		line++
		if err != nil && err != io.EOF {
			return yield(Record{Err: dg.Errorf(dg.EInvalid, "read %s:%d: %w", name, line, err)})
		}
		where := fmt.Sprintf("%s:%d", name, line)
		var rec Record
		switch {
		case tooLong:
			rec.Err = dg.Errorf(dg.EInvalid, "%s: record larger than %d bytes", where, opt.max())
		case len(bytes.TrimSpace(raw)) == 0:
			if err == io.EOF {
				return true
			}
			continue
		default:
			rec.Article, rec.Err = parseJSONRecord(where, raw)
		}
		if !yield(rec) {
			return false
		}
		if err == io.EOF {
			return true
		}
	}
}

// readLine reads one line, keeping at most max bytes; tooLong reports that
// the rest was discarded.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > max+1 {
			tooLong = true
		} else {
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, tooLong, err
	}
}

func parseJSONRecord(where string, raw []byte) (dg.Article, error) {
	if !utf8.Valid(raw) {
		return dg.Article{}, dg.Errorf(dg.EInvalid, "%s: invalid UTF-8", where)
	}
	var r jsonRecord
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&r); err != nil {
		return dg.Article{}, dg.Errorf(dg.EInvalid, "%s: malformed JSON: %w", where, err)
	}
	a := dg.Article{Source: where, ExtID: r.ID, URL: r.URL, Title: r.Title, Text: r.Text}
	if strings.TrimSpace(r.Text) == "" {
		return dg.Article{Source: where, ExtID: r.ID}, dg.Errorf(dg.EInvalid, "%s: field text: empty", where)
	}
	pub := r.Published
	if pub == nil {
		pub = r.Date
	}
	if pub != nil && strings.TrimSpace(*pub) != "" {
		t, err := parsePublished(*pub)
		if err != nil {
			return dg.Article{Source: where, ExtID: r.ID}, dg.Errorf(dg.EInvalid, "%s: field published: %w", where, err)
		}
		a.Published = t
	}
	a.ID = dg.ArticleID(dg.NormalizeText(a.Title + "\n" + a.Text))
	return a, nil
}

func parsePublished(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", s)
}

// ParseText reads a plain-text article: a headline, optional dateline and
// PUBLISHED/UPDATED lines, then body paragraphs. name is used in errors.
func ParseText(name string, data []byte) (dg.Article, error) {
	if bytes.IndexByte(data, 0) >= 0 {
		return dg.Article{}, dg.Errorf(dg.EInvalid, "read %s: binary file", name)
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte{'\n'})
		return dg.Article{}, dg.Errorf(dg.EInvalid, "read %s:%d: invalid UTF-8", name, line)
	}
	text := string(data)
	if strings.TrimSpace(text) == "" {
		return dg.Article{}, dg.Errorf(dg.EInvalid, "read %s: empty text", name)
	}
	a := dg.Article{Source: name, Text: text}
	doc := Layout(text)
	a.Title = doc.Title
	a.Published = doc.Published
	var body strings.Builder
	for _, p := range doc.Paragraphs {
		body.WriteString(text[p.Start:p.End])
		body.WriteByte('\n')
	}
	a.ID = dg.ArticleID(dg.NormalizeText(a.Title + "\n" + body.String()))
	return a, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// Span is a byte range of an article's text.
type Span struct{ Start, End int }

// Doc is the layout of a plain-text article: its title, date and the body
// paragraphs worth coding (header lines and repeated pull quotes dropped).
type Doc struct {
	Title      string
	Published  time.Time
	Paragraphs []Span
}

// Layout finds the title, the publication date and the body paragraphs of a
// plain-text article. A text with no header is all body.
func Layout(text string) Doc {
	var doc Doc
	var paras []Span
	// Split on blank lines, and make header-like lines paragraphs of their own.
	start := -1
	lineStart := 0
	flush := func(end int) {
		if start >= 0 {
			s, e := trimSpan(text, start, end)
			if e > s {
				paras = append(paras, Span{s, e})
			}
			start = -1
		}
	}
	for lineStart <= len(text) {
		nl := strings.IndexByte(text[lineStart:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = lineStart + nl
		}
		line := strings.TrimSpace(text[lineStart:lineEnd])
		switch {
		case line == "":
			flush(lineStart)
		case isHeaderLine(line):
			flush(lineStart)
			start = lineStart
			flush(lineEnd)
		default:
			if start < 0 {
				start = lineStart
			}
		}
		if nl < 0 {
			break
		}
		lineStart = lineEnd + 1
	}
	flush(len(text))
	year := 0
	for i, p := range paras {
		line := text[p.Start:p.End]
		if i == 0 && len(paras) > 1 && isTitleLike(line) && !isHeaderLine(line) {
			doc.Title = strings.TrimSpace(line)
			continue
		}
		if isHeaderLine(line) {
			if doc.Published.IsZero() {
				if t, ok := dates.ParseDateline(headerValue(line), year); ok {
					doc.Published = t
				}
			}
			continue
		}
		doc.Paragraphs = append(doc.Paragraphs, p)
	}
	// A wire dateline opening the first paragraph ("WASHINGTON, June 27 (Reuters) -")
	// gives the day when no header did; the year comes from the headers if any.
	if len(doc.Paragraphs) > 0 && doc.Published.IsZero() {
		first := text[doc.Paragraphs[0].Start:doc.Paragraphs[0].End]
		if i := strings.IndexAny(first, "-—–"); i > 0 && i < 60 {
			if t, ok := dates.ParseDateline(first[:i], time.Now().Year()); ok {
				doc.Published = t
			}
		}
	}
	doc.Paragraphs = dropPullQuotes(text, doc.Paragraphs)
	return doc
}

func trimSpan(text string, s, e int) (int, int) {
	for s < e && isSpaceByte(text[s]) {
		s++
	}
	for e > s && isSpaceByte(text[e-1]) {
		e--
	}
	return s, e
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func isTitleLike(line string) bool {
	return len(line) < 160 && !strings.HasSuffix(strings.TrimSpace(line), ".")
}

var headerPrefixes = []string{"PUBLISHED", "UPDATED", "Published", "Updated", "POSTED", "Posted", "Date:", "DATE:", "By ", "BY "}

// isHeaderLine reports lines that carry metadata, not story text: PUBLISHED
// and UPDATED stamps, bare dates, bylines.
func isHeaderLine(line string) bool {
	for _, p := range headerPrefixes {
		if strings.HasPrefix(line, p) && len(line) < 120 {
			return true
		}
	}
	if len(line) <= 40 && !strings.HasSuffix(line, ".") {
		if _, ok := dates.ParseDateline(line, 0); ok {
			return true
		}
	}
	return false
}

func headerValue(line string) string {
	if i := strings.IndexByte(line, ':'); i > 0 && i < 12 {
		return strings.TrimSpace(line[i+1:])
	}
	return line
}

// dropPullQuotes removes paragraphs whose words all appear, in order, in
// another, longer paragraph: the pull quotes that layouts repeat from the body.
func dropPullQuotes(text string, paras []Span) []Span {
	norm := make([]string, len(paras))
	for i, p := range paras {
		norm[i] = quoteKey(text[p.Start:p.End])
	}
	out := paras[:0:0]
	for i, p := range paras {
		dup := false
		if len(norm[i]) >= 20 {
			for j := range paras {
				if j != i && len(norm[j]) > len(norm[i]) && strings.Contains(norm[j], norm[i]) {
					dup = true
					break
				}
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

// quoteKey lower-cases and keeps only letters and digits, single-spaced, so
// that typographic quotes and brackets do not hide a repeat.
func quoteKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if r == '’' || r == '\'' {
			continue
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && r != '“' && r != '”' && r != '…' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}
