package dates

import (
	"strings"
	"testing"
	"time"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC) }

// fri is the anchor of most cases: Friday 27 June 2014.
var fri = day(2014, 6, 27)

// want is one expected expression: its words, date, precision and whether it
// is relative.
type want struct {
	text string
	date string
	prec Precision
	rel  bool
}

func checkFind(t *testing.T, text string, anchor time.Time, wants []want) {
	t.Helper()
	got := Find(text, anchor)
	ok := len(got) == len(wants)
	for i := 0; ok && i < len(got); i++ {
		g, w := got[i], wants[i]
		ok = g.Text == w.text && g.Date == w.date && g.Precision == w.prec && g.Relative == w.rel
	}
	for _, g := range got {
		if text[g.Start:g.End] != g.Text {
			t.Errorf("Find(%q): offsets [%d:%d] give %q, Text is %q", text, g.Start, g.End, text[g.Start:g.End], g.Text)
		}
	}
	if !ok {
		t.Errorf("Find(%q, %s):\n got  %s\n want %s", text, anchor.Format("2006-01-02 Mon"), fmtExprs(got), fmtWants(wants))
	}
}

func fmtExprs(es []Expr) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString("[" + e.Text + " " + e.Date + " " + string(e.Precision))
		if e.Relative {
			b.WriteString(" rel")
		}
		b.WriteString("] ")
	}
	return b.String()
}

func fmtWants(ws []want) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString("[" + w.text + " " + w.date + " " + string(w.prec))
		if w.rel {
			b.WriteString(" rel")
		}
		b.WriteString("] ")
	}
	return b.String()
}

func TestFind(t *testing.T) {
	tests := []struct {
		text string
		want []want
	}{
		// Relative periods.
		{"Talks will resume next month.", []want{{"next month", "2014-07", Month, true}}},
		{"Prices rose last month.", []want{{"last month", "2014-05", Month, true}}},
		{"The index rose this month.", []want{{"this month", "2014-06", Month, true}}},
		{"He arrived earlier this month.", []want{{"earlier this month", "2014-06", Month, true}}},
		{"A report is due later this month.", []want{{"later this month", "2014-06", Month, true}}},
		{"The envoy visited last week.", []want{{"last week", "2014-06-16", Week, true}}},
		{"The envoy visits next week.", []want{{"next week", "2014-06-30", Week, true}}},
		{"Troops arrived earlier this week.", []want{{"earlier this week", "2014-06-23", Week, true}}},
		{"The group held talks this week.", []want{{"this week", "2014-06-23", Week, true}}},
		{"Elections are due next year.", []want{{"next year", "2015", Year, true}}},
		{"Elections were held last year.", []want{{"last year", "2013", Year, true}}},
		{"Growth slowed this year.", []want{{"this year", "2014", Year, true}}},
		{"A deal is expected later this year.", []want{{"later this year", "2014", Year, true}}},
		{"He resigned earlier this year.", []want{{"earlier this year", "2014", Year, true}}},
		{"A year ago, the group had 100 members.", []want{{"A year ago", "2013", Year, true}}},
		{"It began two years ago.", []want{{"two years ago", "2012", Year, true}}},
		{"He died three days ago.", []want{{"three days ago", "2014-06-24", Day, true}}},
		{"The truce collapsed 10 days ago.", []want{{"10 days ago", "2014-06-17", Day, true}}},
		{"The mission ended an hour ago and a week ago.", []want{{"a week ago", "2014-06-16", Week, true}}},
		{"They arrived six months ago.", []want{{"six months ago", "2013-12", Month, true}}},
		{"The talks will end in three days.", []want{{"in three days", "2014-06-30", Day, true}}},
		{"They will decide in two weeks' time.", []want{{"in two weeks' time", "2014-07-07", Week, true}}},
		{"The law takes effect in six months.", []want{{"in six months", "2014-12", Month, true}}},
		{"Police said yesterday that the man had fled.", []want{{"yesterday", "2014-06-26", Day, true}}},
		{"The summit opens today.", []want{{"today", "2014-06-27", Day, true}}},
		{"The summit opens tomorrow morning.", []want{{"tomorrow morning", "2014-06-28", Day, true}}},
		{"He will speak tonight.", []want{{"tonight", "2014-06-27", Day, true}}},
		{"Shelling resumed last night.", []want{{"last night", "2014-06-26", Day, true}}},
		{"Rebels attacked this morning.", []want{{"this morning", "2014-06-27", Day, true}}},
		{"He had arrived the day before.", []want{{"the day before", "2014-06-26", Day, true}}},
		{"He had been seen the previous day.", []want{{"the previous day", "2014-06-26", Day, true}}},
		{"Fans celebrated last weekend.", []want{{"last weekend", "2014-06-16", Week, true}}},
		{"Clashes broke out over the weekend.", []want{{"the weekend", "2014-06-16", Week, true}}},

		// Weekdays.
		{"Russel reiterated those concerns on Thursday.", []want{{"Thursday", "2014-06-26", Day, true}}},
		{"Russel will reiterate those concerns on Thursday.", []want{{"Thursday", "2014-07-03", Day, true}}},
		{"Russel said on Thursday that he will return.", []want{{"Thursday", "2014-06-26", Day, true}}},
		{"On Thursday, the ministers will meet again.", []want{{"Thursday", "2014-07-03", Day, true}}},
		{"The talks will be held on Monday.", []want{{"Monday", "2014-06-30", Day, true}}},
		{"The meeting is expected to take place on Monday.", []want{{"Monday", "2014-06-30", Day, true}}},
		{"The minister is to visit Kiev on Tuesday.", []want{{"Tuesday", "2014-07-01", Day, true}}},
		{"He'll fly to Paris on Wednesday.", []want{{"Wednesday", "2014-07-02", Day, true}}},
		{"They are going to vote on Sunday.", []want{{"Sunday", "2014-06-29", Day, true}}},
		{"The mayor met protesters on Monday.", []want{{"Monday", "2014-06-23", Day, true}}},
		{"Officials said on Friday the border was closed.", []want{{"Friday", "2014-06-27", Day, true}}},
		{"The president will speak on Friday.", []want{{"Friday", "2014-06-27", Day, true}}},
		{"The envoy arrived last Thursday.", []want{{"last Thursday", "2014-06-26", Day, true}}},
		{"Fighting resumed last Friday.", []want{{"last Friday", "2014-06-20", Day, true}}},
		{"The envoy arrives next Thursday.", []want{{"next Thursday", "2014-07-03", Day, true}}},
		{"Next Friday's meeting was cancelled.", []want{{"Next Friday", "2014-07-04", Day, true}}},
		{"Protests took place this Tuesday.", []want{{"this Tuesday", "2014-06-24", Day, true}}},
		{"Gunmen struck late on Wednesday night.", []want{{"late on Wednesday night", "2014-06-25", Day, true}}},
		{"It was signed on Tuesday, July 1.", []want{{"Tuesday, July 1", "2014-07-01", Day, true}}},
		{"The deal was reached earlier on Thursday.", []want{{"earlier on Thursday", "2014-06-26", Day, true}}},
		{"The talks, which began on Monday, will end on Saturday.", []want{{"Monday", "2014-06-23", Day, true}, {"Saturday", "2014-06-28", Day, true}}},
		{"He said the vote would be held on Sunday.", []want{{"Sunday", "2014-06-29", Day, true}}},
		{"\"We will win,\" he said on Thursday.", []want{{"Thursday", "2014-06-26", Day, true}}},
		{"The vote, scheduled for Sunday, was delayed.", []want{{"Sunday", "2014-06-29", Day, true}}},
		{"Mr. Obama said on Monday. He will travel on Tuesday.", []want{{"Monday", "2014-06-23", Day, true}, {"Tuesday", "2014-07-01", Day, true}}},
		{"A spokesman said Monday the talks had failed.", []want{{"Monday", "2014-06-23", Day, true}}},
		{"THURSDAY, JUNE 26, 2014", []want{{"THURSDAY, JUNE 26, 2014", "2014-06-26", Day, false}}},
		{"Bloody Sunday is remembered.", nil},

		// Month names.
		{"Talks will resume in July.", []want{{"July", "2014-07", Month, true}}},
		{"Fighting erupted in September.", []want{{"September", "2013-09", Month, true}}},
		{"Fighting erupted in April.", []want{{"April", "2014-04", Month, true}}},
		{"The talks in December are key.", []want{{"December", "2014-12", Month, true}}},
		{"The talks in January are key.", []want{{"January", "2014-01", Month, true}}},
		{"The vote was held in July last year.", []want{{"July last year", "2013-07", Month, true}}},
		{"The vote will be held in July next year.", []want{{"July next year", "2015-07", Month, true}}},
		{"The vote was held last July.", []want{{"last July", "2013-07", Month, true}}},
		{"The vote was held last May.", []want{{"last May", "2014-05", Month, true}}},
		{"The vote will be held next July.", []want{{"next July", "2014-07", Month, true}}},
		{"The vote will be held next May.", []want{{"next May", "2015-05", Month, true}}},
		{"The vote will be held this July.", []want{{"this July", "2014-07", Month, true}}},
		{"Since last year's talks, nothing has changed.", []want{{"last year", "2013", Year, true}}},
		{"Next month's meeting will be in Geneva.", []want{{"Next month", "2014-07", Month, true}}},
		{"In May, the army took over.", []want{{"May", "2014-05", Month, true}}},
		{"He may go. Theresa May said so.", nil},
		{"Protesters march in Kiev.", nil},
		{"Protests in March and mid-July.", []want{{"March", "2014-03", Month, true}, {"mid-July", "2014-07", Month, true}}},
		{"Talks will resume in early July.", []want{{"early July", "2014-07", Month, true}}},
		{"The rains come in late August.", []want{{"late August", "2014-08", Month, true}}},
		{"Jan Egeland said on Jan. 5 that", []want{{"Jan. 5", "2014-01-05", Day, true}}},
		{"The council met in Sept. and Oct 3.", []want{{"Sept.", "2013-09", Month, true}, {"Oct 3", "2013-10-03", Day, true}}},

		// Weeks of months.
		{"They will meet in the second week of July.", []want{{"the second week of July", "2014-07-07", Week, true}}},
		{"They will meet in the first week of July.", []want{{"the first week of July", "2014-06-30", Week, true}}},
		{"They will meet in the last week of July.", []want{{"the last week of July", "2014-07-28", Week, true}}},
		{"They met in the last week of July 2013.", []want{{"the last week of July 2013", "2013-07-29", Week, false}}},
		{"They will meet the week of July 7.", []want{{"the week of July 7", "2014-07-07", Week, true}}},
		{"They will meet in the first week of next month.", []want{{"the first week of next month", "2014-06-30", Week, true}}},

		// Ends and beginnings.
		{"Troops will leave by the end of the month.", []want{{"the end of the month", "2014-06", Month, true}}},
		{"Troops will leave by the end of the year.", []want{{"the end of the year", "2014", Year, true}}},
		{"Troops left at the end of June.", []want{{"the end of June", "2014-06", Month, true}}},
		{"Troops will leave by end of June.", []want{{"end of June", "2014-06", Month, true}}},
		{"Troops will leave by the end of next year.", []want{{"the end of next year", "2015", Year, true}}},
		{"Troops will leave by end-June.", []want{{"end-June", "2014-06", Month, true}}},
		{"Troops left at the beginning of 2013.", []want{{"the beginning of 2013", "2013", Year, false}}},
		{"Troops will leave until the end of 2015.", []want{{"the end of 2015", "2015", Year, false}}},
		{"Talks stalled at the start of the week.", []want{{"the start of the week", "2014-06-23", Week, true}}},
		{"Talks stalled since the start of the year.", []want{{"the start of the year", "2014", Year, true}}},
		{"Talks stalled at the beginning of this month.", []want{{"the beginning of this month", "2014-06", Month, true}}},
		{"Growth slowed late last year.", []want{{"late last year", "2013", Year, true}}},
		{"Talks resume early next week.", []want{{"early next week", "2014-06-30", Week, true}}},

		// Absolute dates.
		{"The deal was signed on June 27, 2014.", []want{{"June 27, 2014", "2014-06-27", Day, false}}},
		{"The deal was signed on 27 June 2014.", []want{{"27 June 2014", "2014-06-27", Day, false}}},
		{"PUBLISHED : Friday, 27 June, 2014, 10:44pm", []want{{"Friday, 27 June, 2014", "2014-06-27", Day, false}}},
		{"The deal was signed on June 26.", []want{{"June 26", "2014-06-26", Day, true}}},
		{"The vote is set for 3 July.", []want{{"3 July", "2014-07-03", Day, true}}},
		{"The vote was held on 3 July.", []want{{"3 July", "2013-07-03", Day, true}}},
		{"The attack happened on the 27th of June.", []want{{"the 27th of June", "2014-06-27", Day, true}}},
		{"It was founded on June 27th, 1990.", []want{{"June 27th, 1990", "1990-06-27", Day, false}}},
		{"He left in June 2014.", []want{{"June 2014", "2014-06", Month, false}}},
		{"He left in June of 2012.", []want{{"June of 2012", "2012-06", Month, false}}},
		{"Elections were held in 2013.", []want{{"2013", "2013", Year, false}}},
		{"Since 1948 the state has grown.", []want{{"1948", "1948", Year, false}}},
		{"Growth slowed in late 2013 and mid-2012.", []want{{"late 2013", "2013", Year, false}, {"mid-2012", "2012", Year, false}}},
		{"The war lasted from 2003 to 2011.", []want{{"2003", "2003", Year, false}, {"2011", "2011", Year, false}}},
		{"The file is dated 2014-06-27.", []want{{"2014-06-27", "2014-06-27", Day, false}}},
		{"The file is dated 2014-06-27T10:00:00Z.", []want{{"2014-06-27", "2014-06-27", Day, false}}},
		{"The report covers 2014-06.", []want{{"2014-06", "2014-06", Month, false}}},
		{"On Thursday, June 26, officials met.", []want{{"Thursday, June 26", "2014-06-26", Day, true}}},
		{"On Thursday, 27 people died.", []want{{"Thursday", "2014-06-26", Day, true}}},
		{"The Sept. 11 attacks changed everything.", []want{{"Sept. 11", "2014-09-11", Day, true}}},
		{"It happened on Sep 3, 2013.", []want{{"Sep 3, 2013", "2013-09-03", Day, false}}},

		// Nothing to resolve.
		{"They sent 2000 troops.", nil},
		{"Troops will withdraw by 1800 GMT.", nil},
		{"It was the worst violence in two years.", nil},
		{"It was popular in the 2014 World Cup.", nil},
		{"The end of the day came.", nil},
		{"The next day, talks resumed.", nil},
		{"In the coming weeks, talks will resume.", nil},
		{"About 1,000 years ago and 1.5 years ago.", nil},
		{"The army sent 2000 troops in 2000 trucks.", nil},
		{"A total of 2014 people voted.", nil},
		{"In recent years the region has grown.", nil},
		{"A deal is expected soon.", nil},
		{"The group was recently formed.", nil},
		{"It was popular in the 1990s.", nil},
		{"It was the first time in two years.", nil},
		{"It was the highest level in a year.", nil},
		{"He was killed in three days of fighting.", nil},
		{"The army captured the town in three days.", nil},
		{"Over the past two years, prices doubled.", nil},
		{"It happened a few days ago.", nil},
		{"In the last year, prices doubled.", nil},
		{"The day before the vote, he left.", nil},
		{"The 2011-12 season was long.", nil},
		{"USA Today reported it.", nil},
		{"Section 2014-06-27-1 applies.", nil},
		{"The score was 3.5 points.", nil},
		{"", nil},

		// Several in one sentence; multi-byte text before.
		{"Côte d'Ivoire said on Thursday it would act.", []want{{"Thursday", "2014-06-26", Day, true}}},
		{"L’armée a dit — “on Thursday” — que Ünal est parti last week.", []want{{"Thursday", "2014-06-26", Day, true}, {"last week", "2014-06-16", Week, true}}},
		{"The troops deployed on Thursday will leave next month.", []want{{"Thursday", "2014-06-26", Day, true}, {"next month", "2014-07", Month, true}}},
	}
	for _, tc := range tests {
		checkFind(t, tc.text, fri, tc.want)
	}
}

func TestFindBoundaries(t *testing.T) {
	tests := []struct {
		text   string
		anchor time.Time
		want   []want
	}{
		{"Prices rose last month.", day(2015, 1, 3), []want{{"last month", "2014-12", Month, true}}},
		{"Prices will rise next month.", day(2014, 12, 15), []want{{"next month", "2015-01", Month, true}}},
		{"Prices rose last year.", day(2015, 1, 3), []want{{"last year", "2014", Year, true}}},
		{"The envoy visited last week.", day(2014, 6, 30), []want{{"last week", "2014-06-23", Week, true}}},
		{"The envoy visited last week.", day(2014, 6, 29), []want{{"last week", "2014-06-16", Week, true}}},
		{"The envoy visits next week.", day(2014, 12, 29), []want{{"next week", "2015-01-05", Week, true}}},
		{"The envoy visited last week.", day(2015, 1, 1), []want{{"last week", "2014-12-22", Week, true}}},
		{"He died three days ago.", day(2015, 1, 2), []want{{"three days ago", "2014-12-30", Day, true}}},
		{"He died yesterday.", day(2015, 1, 1), []want{{"yesterday", "2014-12-31", Day, true}}},
		{"He arrives tomorrow.", day(2014, 12, 31), []want{{"tomorrow", "2015-01-01", Day, true}}},
		{"They will meet in two days.", day(2014, 2, 27), []want{{"in two days", "2014-03-01", Day, true}}},
		{"They will meet in two days.", day(2016, 2, 27), []want{{"in two days", "2016-02-29", Day, true}}},
		{"It happened a month ago.", day(2014, 3, 31), []want{{"a month ago", "2014-02", Month, true}}},
		{"It happened 13 months ago.", day(2014, 1, 15), []want{{"13 months ago", "2012-12", Month, true}}},
		{"The vote was held in December.", day(2015, 1, 3), []want{{"December", "2014-12", Month, true}}},
		{"The vote will be held in January.", day(2014, 12, 20), []want{{"January", "2015-01", Month, true}}},
		{"The talks in January are key.", day(2014, 12, 20), []want{{"January", "2015-01", Month, true}}},
		{"The deal was signed on Dec. 30.", day(2015, 1, 3), []want{{"Dec. 30", "2014-12-30", Day, true}}},
		{"The deal will be signed on Jan. 2.", day(2014, 12, 30), []want{{"Jan. 2", "2015-01-02", Day, true}}},
		{"Talks on Dec. 30 are key.", day(2015, 1, 3), []want{{"Dec. 30", "2014-12-30", Day, true}}},
		{"The envoy arrived on Thursday.", day(2015, 1, 2), []want{{"Thursday", "2015-01-01", Day, true}}},
		{"The envoy arrived on Friday.", day(2015, 1, 1), []want{{"Friday", "2014-12-26", Day, true}}},
		{"The envoy will arrive on Wednesday.", day(2014, 12, 31), []want{{"Wednesday", "2014-12-31", Day, true}}},
		{"The envoy will arrive next Wednesday.", day(2014, 12, 31), []want{{"next Wednesday", "2015-01-07", Day, true}}},
		{"The envoy arrived last Wednesday.", day(2014, 12, 31), []want{{"last Wednesday", "2014-12-24", Day, true}}},
		{"Fans celebrated last weekend.", day(2014, 6, 29), []want{{"last weekend", "2014-06-16", Week, true}}},
		{"Clashes broke out over the weekend.", day(2014, 6, 29), []want{{"the weekend", "2014-06-23", Week, true}}},
		{"Clashes broke out over the weekend.", day(2014, 6, 30), []want{{"the weekend", "2014-06-23", Week, true}}},
		// Month lengths.
		{"They met in the last week of February.", day(2015, 3, 10), []want{{"the last week of February", "2015-02-23", Week, true}}},
		{"They met in the last week of February 2016.", fri, []want{{"the last week of February 2016", "2016-02-29", Week, false}}},
		{"They met in the fifth week of February 2015.", fri, []want{{"February 2015", "2015-02", Month, false}}},
		{"They met in the fifth week of February 2016.", fri, []want{{"the fifth week of February 2016", "2016-02-29", Week, false}}},
		{"They met on February 29, 2016.", fri, []want{{"February 29, 2016", "2016-02-29", Day, false}}},
		{"They met on February 29, 2015.", fri, []want{{"February", "2014-02", Month, true}}},
		{"They met on 29 February.", day(2016, 3, 10), []want{{"29 February", "2016-02-29", Day, true}}},
		{"They met on 31 April.", fri, []want{{"April", "2014-04", Month, true}}},
		{"They met on June 31.", fri, []want{{"June", "2014-06", Month, true}}},
		{"They met on September 30.", day(2014, 10, 1), []want{{"September 30", "2014-09-30", Day, true}}},
		{"A year ago it was founded.", day(2016, 2, 29), []want{{"A year ago", "2015", Year, true}}},
		{"They met 24 months ago.", day(2014, 2, 28), []want{{"24 months ago", "2012-02", Month, true}}},
	}
	for _, tc := range tests {
		checkFind(t, tc.text, tc.anchor, tc.want)
	}
}

func TestFindOffsets(t *testing.T) {
	text := "Côte d'Ivoire said on Thursday — “last week’s” talks — that the Ünal plan, agreed on June 27, 2014, stands."
	got := Find(text, fri)
	wantTexts := []string{"Thursday", "last week", "June 27, 2014"}
	if len(got) != len(wantTexts) {
		t.Fatalf("Find(%q) = %s", text, fmtExprs(got))
	}
	for i, e := range got {
		if e.Text != wantTexts[i] || text[e.Start:e.End] != e.Text {
			t.Errorf("expression %d: Text %q, text[%d:%d] = %q, want %q", i, e.Text, e.Start, e.End, text[e.Start:e.End], wantTexts[i])
		}
	}
	if i := strings.Index(text, "Thursday"); got[0].Start != i || got[0].End != i+len("Thursday") {
		t.Errorf("Thursday at [%d:%d], want [%d:%d]", got[0].Start, got[0].End, i, i+len("Thursday"))
	}
}

func TestFindAnchorLocation(t *testing.T) {
	// Only the anchor's calendar date in its own location counts.
	loc := time.FixedZone("HKT", 8*3600)
	anchor := time.Date(2014, 6, 28, 1, 0, 0, 0, loc) // still 27 June in UTC
	checkFind(t, "He died yesterday.", anchor, []want{{"yesterday", "2014-06-27", Day, true}})
}

func TestParseDateline(t *testing.T) {
	hkt := time.FixedZone("", 8*3600)
	tests := []struct {
		line     string
		fallback int
		want     time.Time
		ok       bool
	}{
		{"PUBLISHED : Friday, 27 June, 2014, 10:44pm", 0, time.Date(2014, 6, 27, 22, 44, 0, 0, time.UTC), true},
		{"UPDATED : Saturday, 28 June, 2014, 3:05am", 0, time.Date(2014, 6, 28, 3, 5, 0, 0, time.UTC), true},
		{"UPDATED : Saturday, 28 June, 2014, 12:05am", 0, time.Date(2014, 6, 28, 0, 5, 0, 0, time.UTC), true},
		{"Friday, 27 June, 2014, 12:30pm", 0, time.Date(2014, 6, 27, 12, 30, 0, 0, time.UTC), true},
		{"WASHINGTON, June 27 (Reuters) -", 0, time.Time{}, false},
		{"WASHINGTON, June 27 (Reuters) -", 2014, time.Date(2014, 6, 27, 0, 0, 0, 0, time.UTC), true},
		{"KIEV, Ukraine, 27 June (AP) —", 2014, time.Date(2014, 6, 27, 0, 0, 0, 0, time.UTC), true},
		{"June 27, 2014", 0, time.Date(2014, 6, 27, 0, 0, 0, 0, time.UTC), true},
		{"June 27, 2014", 1999, time.Date(2014, 6, 27, 0, 0, 0, 0, time.UTC), true},
		{"2014-06-27", 0, time.Date(2014, 6, 27, 0, 0, 0, 0, time.UTC), true},
		{"2014-06-27 10:44:05", 0, time.Date(2014, 6, 27, 10, 44, 5, 0, time.UTC), true},
		{"2014-06-27T10:00:00Z", 0, time.Date(2014, 6, 27, 10, 0, 0, 0, time.UTC), true},
		{"Date: 2014-06-27T18:00:00+08:00", 0, time.Date(2014, 6, 27, 18, 0, 0, 0, hkt), true},
		{"2014-06-27T10:00", 0, time.Date(2014, 6, 27, 10, 0, 0, 0, time.UTC), true},
		{"Jun 27, 2014 10:44 PM", 0, time.Date(2014, 6, 27, 22, 44, 0, 0, time.UTC), true},
		{"June 27, 2014 10:44 a.m. EDT", 0, time.Date(2014, 6, 27, 10, 44, 0, 0, time.FixedZone("EDT", -4*3600)), true},
		{"Fri, 27 Jun 2014 22:44:05 +0000", 0, time.Date(2014, 6, 27, 22, 44, 5, 0, time.UTC), true},
		{"Fri, 27 Jun 2014 22:44:05 +0800", 0, time.Date(2014, 6, 27, 22, 44, 5, 0, hkt), true},
		{"Sept. 3, 2013 at 9:15 GMT", 0, time.Date(2013, 9, 3, 9, 15, 0, 0, time.UTC), true},
		{"27 June 2014 | 25:99", 0, time.Date(2014, 6, 27, 0, 0, 0, 0, time.UTC), true},
		{"February 29, 2015", 0, time.Time{}, false},
		{"Feb 29 (Reuters)", 2015, time.Time{}, false},
		{"Feb 29 (Reuters)", 2016, time.Date(2016, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"June 2014", 0, time.Time{}, false},
		{"By John Smith", 0, time.Time{}, false},
		{"yesterday", 2014, time.Time{}, false},
		{"They sent 2000 troops.", 2014, time.Time{}, false},
		{"", 2014, time.Time{}, false},
	}
	for _, tc := range tests {
		got, ok := ParseDateline(tc.line, tc.fallback)
		if ok != tc.ok || ok && !got.Equal(tc.want) {
			t.Errorf("ParseDateline(%q, %d) = %v, %v; want %v, %v", tc.line, tc.fallback, got, ok, tc.want, tc.ok)
		}
	}
}
