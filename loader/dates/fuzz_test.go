package dates

import (
	"testing"
	"time"
)

var findSeeds = []string{
	"Russel reiterated those concerns on Thursday.",
	"Russel will reiterate those concerns on Thursday.",
	"The vote was held in July last year, and talks resume next month.",
	"They will meet in the second week of July.",
	"PUBLISHED : Friday, 27 June, 2014, 10:44pm",
	"The deal was signed on June 27, 2014, 27 June 2014 and 2014-06-27T10:00:00Z.",
	"Since last year's talks, 2000 troops arrived three days ago.",
	"Côte d'Ivoire said on Thursday — “last week’s” talks — that the plan stands.",
	"Growth slowed in late 2013 and mid-2012, from 2003 to 2011.",
	"by the end of the month, end-June, the beginning of 2013, the week of July 7",
	"in two weeks' time, a year ago, the day before yesterday, the previous day",
	"Jan. 5, Sept., Sep 3, 2013, the 27th of June, 29 February, 9999-12-31",
	"in 999999 days, 999999 years ago, in 0 days, 0001-01-01",
	"\xff\xfeJune 27\x00, 2014 \u00a0Thursday",
	"last", "the", "in", "2014-", "June 31", "-2014-06-27-",
}

func FuzzFind(f *testing.F) {
	for i, s := range findSeeds {
		f.Add(s, int32(i*400-3000))
	}
	f.Fuzz(func(t *testing.T, text string, shift int32) {
		// Anchors from about 1740 to 2290.
		anchor := fri.AddDate(0, 0, int(shift%100000))
		// Rune boundaries as Go decodes text (an invalid byte is a rune).
		boundary := make(map[int]bool, len(text)+1)
		for i := range text {
			boundary[i] = true
		}
		boundary[len(text)] = true
		prevEnd := 0
		for _, e := range Find(text, anchor) {
			if e.Start < prevEnd || e.Start >= e.End || e.End > len(text) {
				t.Fatalf("Find(%q): bad offsets [%d:%d] after %d", text, e.Start, e.End, prevEnd)
			}
			prevEnd = e.End
			if !boundary[e.Start] || !boundary[e.End] {
				t.Fatalf("Find(%q): offsets [%d:%d] not on rune boundaries", text, e.Start, e.End)
			}
			if e.Text != text[e.Start:e.End] {
				t.Fatalf("Find(%q): Text %q != text[%d:%d]", text, e.Text, e.Start, e.End)
			}
			var layout string
			switch e.Precision {
			case Day, Week:
				layout = "2006-01-02"
			case Month:
				layout = "2006-01"
			case Year:
				layout = "2006"
			default:
				t.Fatalf("Find(%q): bad precision %q", text, e.Precision)
			}
			d, err := time.Parse(layout, e.Date)
			if err != nil || len(e.Date) != len(layout) {
				t.Fatalf("Find(%q): Date %q does not parse at %s precision: %v", text, e.Date, e.Precision, err)
			}
			if e.Precision == Week && d.Weekday() != time.Monday {
				t.Fatalf("Find(%q): week %q is not a Monday", text, e.Date)
			}
		}
	})
}

func FuzzParseDateline(f *testing.F) {
	seeds := []string{
		"PUBLISHED : Friday, 27 June, 2014, 10:44pm",
		"UPDATED : Saturday, 28 June, 2014, 3:05am",
		"WASHINGTON, June 27 (Reuters) -",
		"June 27, 2014",
		"2014-06-27",
		"2014-06-27T10:00:00Z",
		"2014-06-27T10:00:00+08:00",
		"Jun 27, 2014 10:44 PM",
		"Fri, 27 Jun 2014 22:44:05 +0800",
		"June 27, 2014 10:44 a.m. EDT",
		"Sept. 3, 2013 at 9:15 GMT+8",
		"Feb 29 (Reuters)",
		"9999-12-31T23:59:59Z",
		"0000-01-01",
		"\xff June 27",
	}
	for i, s := range seeds {
		f.Add(s, 2014-i*500)
	}
	f.Fuzz(func(t *testing.T, line string, fallback int) {
		tm, ok := ParseDateline(line, fallback)
		if !ok {
			if !tm.IsZero() {
				t.Fatalf("ParseDateline(%q, %d) = %v with ok=false", line, fallback, tm)
			}
			return
		}
		if y := tm.Year(); y < 0 || y > 10000 {
			t.Fatalf("ParseDateline(%q, %d) = %v: year out of range", line, fallback, tm)
		}
	})
}
