package dates

// Keywords.
const (
	kNone uint8 = iota
	kNext
	kLast
	kThis
	kEarlier
	kLater
	kEarly
	kLate
	kMid
	kMiddle
	kAgo
	kYesterday
	kToday
	kTomorrow
	kTonight
	kNight
	kMorning
	kAfternoon
	kEvening
	kThe
	kOf
	kIn
	kOn
	kBefore
	kAfter
	kPrevious
	kEnd
	kBeginning
	kStart
	kTime
	kFrom
	kNow
	kOver
	kAt
	kDuring
	kTo
	kFor
	kAnd
	kAm
	kPm
	kA // "a" of "a.m."
	kP // "p" of "p.m."
	kM // "m" of "a.m."
	kBut
	kWhen
	kWhile
)

// Time units.
const (
	uNone uint8 = iota
	uDay
	uWeek
	uMonth
	uYear
	uWeekend
)

// Tense marker classes of a word.
const (
	mNone    uint8 = iota
	mFut           // will, would, shall, won't
	mPast          // said, told, was, were, had, announced...
	mWeak          // irregular past forms that may be participles: met, held, killed...
	mFutTo         // future when followed by "to" (or "for"): going, set, expected, plans...
	mIsAre         // is / are: future when followed by "to"
	mNextFut       // next: future unless it begins a date expression
	mDue           // due: future in "is due to"
)

// Entry flags.
const (
	eMonthAbbr  uint16 = 1 << iota // jan, sept...: needs a number or a dot
	eMonthAmbig                    // may, march: ordinary words too
	eWdAbbr                        // mon, tues...: dateline only
	eArticle                       // a, an
	ePrep                          // prepositions allowed between a verb and its date
	eYearCtx                       // licenses a following bare year: in 2013
	eMonthCtx                      // licenses a following ambiguous month: in May
	eBe                            // be, been, being: a passive participle follows
	eBeForm                        // is, are, was, were, be: "is due to"
	eTitle                         // abbreviation whose dot does not end a sentence
	eSOK                           // lower-case word ending in s that is not a plural noun
	eCount                         // words after a number that show it is a count or a clock time: people, GMT
	eSuper                         // ever, most, worst, record...: "the worst in two years"
	eStart                         // may begin a date expression (set by init from the other fields)
)

// entry is what the vocabulary knows about one lower-case word.
type entry struct {
	flags  uint16
	key    uint8
	month  uint8 // 1..12
	wd     uint8 // weekday+1 (Sunday = 1)
	num    uint8 // cardinal value: a, an, one..twenty
	ord    uint8 // ordinal 1..5
	unit   uint8
	plural bool
	tense  uint8
}

var (
	vocab   = map[string]uint16{}
	entries = []entry{{}}
)

// ent returns the entry of w, creating it.
func ent(w string) *entry {
	id, ok := vocab[w]
	if !ok {
		id = uint16(len(entries))
		entries = append(entries, entry{})
		vocab[w] = id
	}
	return &entries[id]
}

func init() {
	months := [...][]string{
		{"january", "jan"}, {"february", "feb"}, {"march", "mar"}, {"april", "apr"},
		{"may"}, {"june", "jun"}, {"july", "jul"}, {"august", "aug"},
		{"september", "sep", "sept"}, {"october", "oct"}, {"november", "nov"}, {"december", "dec"},
	}
	for i, names := range months {
		for j, w := range names {
			e := ent(w)
			e.month = uint8(i + 1)
			if j > 0 {
				e.flags |= eMonthAbbr | eTitle
			}
		}
	}
	ent("may").flags |= eMonthAmbig
	ent("march").flags |= eMonthAmbig
	weekdays := [...][]string{
		{"sunday", "sun"}, {"monday", "mon"}, {"tuesday", "tue", "tues"}, {"wednesday", "wed"},
		{"thursday", "thu", "thur", "thurs"}, {"friday", "fri"}, {"saturday", "sat"},
	}
	for i, names := range weekdays {
		for j, w := range names {
			e := ent(w)
			e.wd = uint8(i + 1)
			if j > 0 {
				e.flags |= eWdAbbr | eTitle
			}
		}
	}
	numbers := [...]string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}
	for i, w := range numbers {
		ent(w).num = uint8(i + 1)
	}
	for _, w := range []string{"a", "an"} {
		e := ent(w)
		e.num = 1
		e.flags |= eArticle
	}
	for i, w := range []string{"first", "second", "third", "fourth", "fifth"} {
		ent(w).ord = uint8(i + 1)
	}
	units := []struct {
		w    string
		u    uint8
		plur bool
	}{
		{"day", uDay, false}, {"days", uDay, true}, {"week", uWeek, false}, {"weeks", uWeek, true},
		{"month", uMonth, false}, {"months", uMonth, true}, {"year", uYear, false}, {"years", uYear, true},
		{"weekend", uWeekend, false},
	}
	for _, u := range units {
		e := ent(u.w)
		e.unit, e.plural = u.u, u.plur
	}
	keys := []struct {
		w string
		k uint8
	}{
		{"next", kNext}, {"last", kLast}, {"this", kThis}, {"earlier", kEarlier}, {"later", kLater},
		{"early", kEarly}, {"late", kLate}, {"mid", kMid}, {"middle", kMiddle}, {"ago", kAgo},
		{"yesterday", kYesterday}, {"today", kToday}, {"tomorrow", kTomorrow}, {"tonight", kTonight},
		{"night", kNight}, {"morning", kMorning}, {"afternoon", kAfternoon}, {"evening", kEvening},
		{"the", kThe}, {"of", kOf}, {"in", kIn}, {"on", kOn}, {"before", kBefore}, {"after", kAfter},
		{"previous", kPrevious}, {"end", kEnd}, {"beginning", kBeginning}, {"start", kStart},
		{"time", kTime}, {"from", kFrom}, {"now", kNow}, {"over", kOver}, {"at", kAt},
		{"during", kDuring}, {"to", kTo}, {"for", kFor}, {"and", kAnd}, {"am", kAm}, {"pm", kPm},
		{"p", kP}, {"m", kM}, {"but", kBut}, {"when", kWhen}, {"while", kWhile},
	}
	for _, k := range keys {
		ent(k.w).key = k.k
	}
	ent("a").key = kA
	for _, w := range []string{"in", "on", "at", "since", "during", "from", "by", "until", "till", "over", "through"} {
		ent(w).flags |= ePrep
	}
	for _, w := range []string{"in", "since", "until", "till", "by", "of", "during", "from", "before", "after",
		"through", "throughout", "early", "mid", "late", "between", "circa"} {
		ent(w).flags |= eYearCtx
	}
	for _, w := range []string{"in", "since", "until", "till", "by", "of", "during", "from", "before", "after",
		"through", "throughout", "early", "mid", "late", "last", "next", "this", "end", "on", "between"} {
		ent(w).flags |= eMonthCtx
	}
	for _, w := range []string{"be", "been", "being"} {
		ent(w).flags |= eBe
	}
	for _, w := range []string{"is", "are", "was", "were", "be"} {
		ent(w).flags |= eBeForm
	}
	for _, w := range []string{"mr", "mrs", "ms", "dr", "st", "gen", "gov", "sen", "rep", "lt", "col", "capt",
		"sgt", "prof", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "mt", "ft", "rev", "gens", "adm", "maj", "cmdr"} {
		ent(w).flags |= eTitle
	}
	for _, w := range []string{"as", "is", "was", "has", "his", "its", "this", "thus", "us", "does", "perhaps",
		"unless", "always", "across", "whereas", "besides", "yes", "plus", "towards", "afterwards"} {
		ent(w).flags |= eSOK
	}
	for _, w := range []string{"people", "men", "women", "children", "police", "personnel", "staff", "more", "other",
		"new", "additional", "extra", "million", "billion", "thousand", "hundred", "percent", "per", "of", "km",
		"miles", "feet", "metres", "meters", "kg", "tonnes", "tons", "dollars", "euros", "pounds", "yuan", "yen",
		"soldiers", "troops", "civilians", "refugees", "migrants", "members", "votes", "seats", "cases", "deaths",
		"gmt", "utc", "est", "edt", "cet", "bst", "hrs", "hours", "local"} {
		ent(w).flags |= eCount
	}
	for _, w := range []string{"ever", "most", "least", "only", "worst", "best", "record"} {
		ent(w).flags |= eSuper
	}
	// Tense markers.
	for _, w := range []string{"will", "would", "shall", "won't", "wouldn't", "shan't"} {
		ent(w).tense = mFut
	}
	for _, w := range []string{"said", "told", "was", "were", "had", "did", "didn't", "wasn't", "weren't", "hadn't",
		"announced", "added", "reported", "stated", "reiterated", "confirmed", "claimed", "insisted", "noted",
		"warned", "denied", "explained", "declared", "revealed", "admitted", "acknowledged", "wrote", "spoke",
		"ago", "since", "yesterday"} {
		ent(w).tense = mPast
	}
	for _, w := range []string{"met", "held", "took", "began", "came", "went", "gave", "left", "sent", "fell",
		"rose", "won", "lost", "fought", "struck", "broke", "saw", "made", "led", "paid", "sold", "became",
		"ran", "shot", "grew", "knew", "thought", "brought", "bought", "caught", "taught",
		"felt", "kept", "built", "spent", "fled", "sought", "withdrew", "drew", "threw", "flew", "chose"} {
		ent(w).tense = mWeak
	}
	for _, w := range []string{"going", "set", "expected", "plans", "plan", "planning", "planned", "scheduled",
		"intends", "intend", "poised", "slated", "aims", "aim", "expects", "expect", "hopes", "hope"} {
		ent(w).tense = mFutTo
	}
	for _, w := range []string{"is", "are"} {
		ent(w).tense = mIsAre
	}
	ent("next").tense = mNextFut
	ent("due").tense = mDue
	ent("tomorrow").tense = mFut
	// Words that can begin an expression; best skips all others.
	for i := range entries {
		e := &entries[i]
		switch e.key {
		case kNext, kLast, kThis, kEarlier, kLater, kEarly, kLate, kMid, kMiddle, kYesterday, kToday,
			kTomorrow, kTonight, kThe, kIn, kEnd, kBeginning, kStart:
			e.flags |= eStart
		}
		if e.month != 0 || e.wd != 0 || e.num != 0 || e.ord != 0 {
			e.flags |= eStart
		}
	}
}
