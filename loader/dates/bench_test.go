package dates

import "testing"

// benchSentences are typical news sentences; about half carry a date.
var benchSentences = []string{
	"Russel reiterated those concerns on Thursday, saying Washington was deeply worried about the maritime disputes.",
	"The United Nations Security Council will meet next month to discuss the crisis in South Sudan, diplomats said.",
	"Ukrainian President Petro Poroshenko signed the trade part of the agreement in Brussels on June 27, 2014.",
	"China and Vietnam have traded accusations since early May, when Beijing moved an oil rig into disputed waters.",
	"At least 20 people were killed and dozens wounded when a car bomb exploded near a market in Baghdad.",
	"The talks, which collapsed in April, are expected to resume in the second week of July in Geneva.",
	"Iraqi Prime Minister Nuri al-Maliki rejected calls for a national salvation government on Wednesday.",
	"Prices of crude oil rose for a third straight session as investors weighed the risk of supply disruptions.",
	"The European Union will decide at a summit later this month whether to impose further sanctions on Russia.",
	"A year ago, the group controlled only a few districts of Raqqa province, according to activists.",
	"Israeli troops arrested dozens of Palestinians in the West Bank overnight, the army said in a statement.",
	"Egypt's new president, Abdel Fattah al-Sisi, took office earlier this month after winning a landslide election.",
	"Officials said the ceasefire, agreed three days ago, had largely held despite sporadic clashes.",
	"The International Monetary Fund cut its forecast for global growth this year to 3.4 percent from 3.6 percent.",
	"Thousands of protesters marched through the capital demanding the resignation of the prime minister.",
	"The central bank left interest rates unchanged, as expected, and said it would review policy in September.",
	"NATO foreign ministers met in Brussels last week and agreed to step up cooperation with Ukraine.",
	"Kerry is set to travel to Cairo and Amman on Sunday for talks with regional leaders.",
	"The company said second-quarter profit rose 12 percent, beating analysts' estimates.",
	"Turkey has taken in more than one million Syrian refugees since the conflict began in 2011.",
}

func BenchmarkFind(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		Find(benchSentences[n%len(benchSentences)], fri)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}

func BenchmarkParseDateline(b *testing.B) {
	lines := []string{
		"PUBLISHED : Friday, 27 June, 2014, 10:44pm",
		"WASHINGTON, June 27 (Reuters) ",
		"2014-06-27T10:00:00Z",
		"Jun 27, 2014 10:44 PM",
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		ParseDateline(lines[n%len(lines)], 2014)
		n++
	}
}
