package loader

import (
	"bufio"
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	dg "github.com/diplograph/diplograph"
)

// FuzzParseText: any bytes give an article or an EInvalid error, never a
// panic, and every coded offset stays inside the text.
func FuzzParseText(f *testing.F) {
	f.Add([]byte("US to push Beijing\n\nPUBLISHED : Friday, 27 June, 2014, 10:44pm\n\nThe United States will next month urge China to resume talks."))
	f.Add([]byte("WASHINGTON, June 27 (Reuters) - Russia said Ukraine must withdraw.\n\n\"We are ready,\" Lavrov said."))
	f.Add([]byte("\x00\x01binary"))
	f.Add([]byte("\xff\xfe"))
	f.Add([]byte(""))
	c, err := NewCoder()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseText("fuzz.txt", data)
		if err != nil {
			if dg.KindOf(err) != dg.EInvalid || !strings.Contains(err.Error(), "fuzz.txt") {
				t.Fatalf("error %v is not an EInvalid naming the file", err)
			}
			return
		}
		a.Published = time.Date(2014, 6, 27, 0, 0, 0, 0, time.UTC)
		x, err := c.Explain(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range x.Sentences {
			if s.Start < 0 || s.End > len(a.Text) || a.Text[s.Start:s.End] != s.Text {
				t.Fatalf("sentence %d has bad offsets", s.Index)
			}
		}
		for _, sp := range x.Actors {
			if sp.Start < 0 || sp.End > len(a.Text) || a.Text[sp.Start:sp.End] != sp.Text {
				t.Fatalf("actor span %q has bad offsets", sp.Text)
			}
		}
	})
}

// FuzzReadJSONL: any JSON Lines input gives records or errors naming the
// line, never a panic.
func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"1","text":"China rejected the charges.","published":"2014-06-27"}` + "\n"))
	f.Add([]byte(`{"id":"1","text":""}` + "\n" + `{bad` + "\n"))
	f.Add([]byte(`{"id":"1","text":"x","published":null}`))
	f.Add([]byte(`{"text":"x","published":"yesterday"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		readJSONL(context.Background(), "fuzz.jsonl", bufio.NewReader(bytes.NewReader(data)), ReadOptions{MaxRecord: 4096}, func(r Record) bool {
			n++
			if r.Err != nil && !strings.Contains(r.Err.Error(), "fuzz.jsonl:") {
				t.Fatalf("error %v does not name the file and line", r.Err)
			}
			return true
		})
		if n > bytes.Count(data, []byte("\n"))+1 {
			t.Fatalf("%d records from %d lines", n, bytes.Count(data, []byte("\n"))+1)
		}
	})
}

// FuzzCode runs the whole coder on arbitrary text: it must not panic, and
// every event must have a known code and mentions inside the text.
func FuzzCode(f *testing.F) {
	for _, s := range []string{
		"The United States will next month urge China to resume talks.",
		"Bosnian Serbs, which helped broker the deal, said their forces had completed their withdrawal from the town of Gorazde.",
		"\"China must back off,\" Locsin said. U.S. Ambassador Kelly Craft accused Moscow.",
		"A roadside bomb near the town of Samarra killed two Iraqi youths, drawing condemnation from Baghdad and Tehran.",
		"Israel vowed not to return the Golan Heights unless Syria accepted, a Saudi weekly reports.",
		"and , the a it they their its that which who unless if once again ( AKK ) officials",
	} {
		f.Add(s)
	}
	c, err := NewCoder()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		coded, err := c.Code(context.Background(), dg.Article{ID: "fuzz", Text: text})
		if err != nil {
			return
		}
		for _, e := range coded.Events {
			if e.Code.Code == "" {
				t.Fatalf("event without a code in %q", text)
			}
			for _, m := range e.Mentions {
				if m.Start < 0 || m.End > len(text) || m.Start > m.End {
					t.Fatalf("mention %d-%d outside %q", m.Start, m.End, text)
				}
			}
		}
	})
}
