package loader

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	dg "github.com/diplograph/diplograph"
)

// codeOne codes one undated sentence and returns its events as
// "SRC>TGT CODE status", with "-" for a missing actor, sorted.
func codeOne(t *testing.T, c *Coder, text string) []string {
	t.Helper()
	coded, err := c.Code(context.Background(), dg.Article{ID: "t", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range coded.Events {
		out = append(out, codeOrDash(e.Source)+">"+codeOrDash(e.Target)+" "+e.Code.Code+" "+string(e.Status))
	}
	slices.Sort(out)
	return out
}

// TestCodeSentences checks the coding rules one at a time on sentences
// written for them (not taken from any evaluation set).
func TestCodeSentences(t *testing.T) {
	c, err := NewCoder()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{
			name: "a possessed unknown does not block the target",
			text: "Egypt offered its engineers to Jordan's government.",
			want: []string{"EGY>JORGOV 030 asserted"},
		},
		{
			name: "a surname before another capitalised name is a first name",
			text: "Fighters loyal to General Michel Haddad attacked Syria.",
			want: []string{"->SYR 190 asserted"}, // not the EU's Charles Michel
		},
		{
			name: "a call goes both ways",
			text: "Japan telephoned Canada on Monday.",
			want: []string{"CAN>JPN 041 asserted", "JPN>CAN 041 asserted"},
		},
		{
			name: "a planned meeting is one side's intent",
			text: "Peru will meet Chile next week.",
			want: []string{"PER>CHL 036 planned"},
		},
		{
			name: "people of a country are civilians and protest against their government",
			text: "Thousands of Peruvians protested on Monday.",
			want: []string{"PERCVL>PERGOV 141 asserted"},
		},
		{
			name: "a group of no country takes the place it is in",
			text: "Opposition groups in Kenya demanded new elections.",
			want: []string{"KENOPP>KENGOV 1044 asserted"},
		},
		{
			name: "a place in another clause does not localize",
			text: "Rebels demanded talks after fighting broke out in Chad.",
			want: nil,
		},
		{
			name: "a killing by armed forces is military force",
			text: "Chilean troops killed Peruvian farmers.",
			want: []string{"CHLMIL>PERAGR 190 asserted"},
		},
		{
			name: "an attack by others on civilians is an assault",
			text: "Chilean gunmen attacked Peruvian civilians.",
			want: []string{"CHLUAF>PERCVL 180 asserted"},
		},
		{
			name: "a that-clause after a demand is its content",
			text: "Hungary demanded an admission by Moscow that Soviet security forces murdered officers.",
			want: []string{"HUN>RUSGOV 100 asserted"},
		},
		{
			name: "armed forces of no named country after the verb are the subject's own",
			text: "Britain mobilized reservists for a possible war against Iraq.",
			want: []string{"GBR>IRQ 154 asserted"},
		},
		{
			name: "people of a place",
			text: "The Hungarians of northern Serbia demanded autonomy from Serbian authorities.",
			want: []string{"SRBCVL>SRBGOV 1043 asserted"},
		},
		{
			name: "a passive's patient inside the subject's noun phrase",
			text: "A camp for Sudanese refugees was attacked by Chadian militiamen.",
			want: []string{"TCDUAF>SDNREF 180 asserted"},
		},
		{
			name: "anti- names an attitude, not a party",
			text: "An anti-Chile journalist attacked Peru.",
			want: []string{"->PER 190 asserted"},
		},
		{
			name: "a lower-case rank before a noun is an adjective",
			text: "Bolivia condemned the Chilean general strike.",
			want: []string{"BOL>CHL 111 asserted"},
		},
		{
			name: "the state acts on groups of its own country",
			text: "Turkish police arrested students.",
			want: []string{"TURCOP>TUREDU 173 asserted"},
		},
		{
			name: "unattributed violence is coded to where it happened",
			text: "A bomb near Baghdad killed two Kuwaiti diplomats.",
			want: []string{"IRQ>KWTGOV 183 asserted"},
		},
		{
			name: "a place one comes from is not where it happened",
			text: "Fighters from Chad attacked Sudanese civilians.",
			want: []string{"->SDNCVL 180 asserted"},
		},
		{
			name: "an ethnic group of a country",
			text: "Bosnian Serbs demanded a truce with Croatia.",
			want: []string{"BIHCVL>HRV 1056 asserted"},
		},
		{
			name: "a coordinated verb after auxiliaries and adverbs shares the subject",
			text: "Ghana released the Togolese prisoners, but was still refusing entry to Nigerians.",
			want: []string{"GHA>NGA 160 asserted", "GHA>TGOCVL 0841 asserted"},
		},
		{
			name: "a named body of a country",
			text: "The Kenyan Union of Teachers condemned the Kenyan government.",
			want: []string{"KENLAB>KENGOV 111 asserted"},
		},
		{
			name: "it in a reported clause is the sentence's subject",
			text: "The Ghanaian Union of Journalists announced that it has called off a strike.",
			want: []string{"GHALAB>- 082 asserted"},
		},
		{
			name: "a participle after a determiner is an adjective",
			text: "Israeli troops patrolled the occupied Golan.",
			want: []string{"ISRMIL>SYR 150 asserted"},
		},
		{
			name: "a light verb across modifiers carries the nominal's subject",
			text: "Israel mounted its long-threatened invasion of Lebanon.",
			want: []string{"ISR>LBN 192 asserted"},
		},
		{
			name: "a singular sector head before a name is a title",
			text: "Libyan leader Omar Salem and Bulgarian President Petar Ivanov signed a treaty.",
			want: []string{"BGRGOV>LBYGOV 057 asserted", "LBYGOV>BGRGOV 057 asserted"},
		},
		{
			name: "a titled person of no country is of the article's home country",
			text: "Venezuelan police arrested students on Monday. Venezuelan officials met. Interior Minister Juan Perez condemned Colombia.",
			want: []string{"VENCOP>VENEDU 173 asserted", "VENGOV>- 040 asserted", "VENGOV>COL 111 asserted"},
		},
		{
			name: "a verb coordinated with a rejection of charges answers the accuser",
			text: "Peru charged three Chilean officers with spying. Chile rejected the charges and demanded they be withdrawn.",
			want: []string{"CHL>PER 1056 asserted", "CHL>PER 120 asserted", "PER>CHLMIL 173 asserted"},
		},
		{
			name: "ready to is planned: an intent",
			text: "France is ready to contribute troops to a peacekeeping force in Liberia.",
			want: []string{"FRA>LBR 0334 planned"},
		},
		{
			name: "armed forces take a place only right after them",
			text: "Croatian Serbs demanded a truce with Moslem forces in east Bosnia.",
			want: []string{"HRVCVL>BIHMIL 1056 asserted"},
		},
		{
			name: "a reported must is a demand of a coordinated phrase",
			text: "Chilean rebels announced that President Jair Bolsonaro and his party must resign.",
			want: []string{"CHLREB>BRAGOV 100 asserted"},
		},
		{
			name: "out of the question is a refusal",
			text: "Japanese officials said lifting the sanctions on Iran is out of the question.",
			want: []string{"JPNGOV>IRN 1244 asserted"},
		},
		{
			name: "a verb coordinated with a passive shares its subject, not its agent",
			text: "Peru's president was indicted by the UN court and will resign.",
			want: []string{"IGOUNO>PERGOV 173 asserted", "PERGOV>- 035 planned"},
		},
		{
			name: "named armed groups have a country, transnational ones IMG",
			text: "Boko Haram and al-Qaeda threatened Chad.",
			want: []string{"IMGREB>TCD 130 asserted", "NGAREB>TCD 130 asserted"},
		},
		{
			name: "a complement does not reach into a subordinate clause",
			text: "A French minister cancelled a visit to Haiti after a state of siege was declared.",
			want: []string{"FRAGOV>HTI 160 asserted"},
		},
		{
			name: "the condition of a threat is not an event",
			text: "Iran threatened to launch an offensive unless Iraq accepted its conditions.",
			want: []string{"IRN>IRQ 1384 asserted"},
		},
		{
			name: "their forces are the possessor's",
			text: "Bosnian Serbs said their forces had completed their withdrawal.",
			want: []string{"BIHMIL>- 087 asserted"},
		},
		{
			name: "people of a place named with a demonym",
			text: "Residents of the Syrian Golan threatened to hold a general strike unless Israel withdrew.",
			want: []string{"SYRCVL>ISR 133 asserted"},
		},
		{
			name: "a government acts on rebels of its own country",
			text: "The Mozambique government accepted demands from rebels.",
			want: []string{"MOZGOV>MOZREB 083 asserted"},
		},
		{
			name: "a nominal suspension after a light verb",
			text: "Italy announced a suspension of air links with Serbia.",
			want: []string{"ITA>SRB 160 asserted"},
		},
		{
			name: "a parenthetical relative clause does not take the main verb's subject",
			text: "Berlin and Paris, which helped broker the deal, called on Kyiv to withdraw.",
			want: []string{"DEUGOV>- 045 asserted", "DEUGOV>UKRGOV 0256 asserted", "FRAGOV>- 045 asserted", "FRAGOV>UKRGOV 0256 asserted"},
		},
		{
			name: "coordinated sources of a one-sided verb act each alone",
			text: "Germany and France condemned the attack.",
			want: []string{"DEU>- 111 asserted", "FRA>- 111 asserted"},
		},
		{
			name: "coordinated sources of a mutual verb act on each other",
			text: "Czechia and Albania upgraded their diplomatic ties.",
			want: []string{"ALB>CZE 050 asserted", "CZE>ALB 050 asserted"},
		},
		{
			name: "an official of a body",
			text: "The OSCE's special envoy criticised Ukraine.",
			want: []string{"IGOOSC>UKR 111 asserted"},
		},
		{
			name: "coordinated demonyms exchanging fire fire at each other",
			text: "Indian and Pakistani soldiers exchanged fire across the frontier.",
			want: []string{"INDMIL>PAKMIL 193 asserted", "PAKMIL>INDMIL 193 asserted"},
		},
		{
			name: "a participle after a common noun modifies it",
			text: "Russia said the ceasefire agreed in Minsk was holding.",
			want: nil,
		},
		{
			name: "a coordinated verb has its own modality",
			text: "China did not criticise the launch and called on Japan to exercise restraint.",
			want: []string{"CHN>- 111 negated", "CHN>JPN 0256 asserted"},
		},
		{
			name: "capitalised words of an office after a demonym",
			text: "Japanese Chief Cabinet Secretary Taro Sato criticised Russia.",
			want: []string{"JPNGOV>RUS 111 asserted"},
		},
		{
			name: "the subject of a reported clause is no target of a warning",
			text: "Iran warned that Tehran could halt cooperation with the EU.",
			want: []string{"IRN>IGOEUR 130 asserted"},
		},
		{
			name: "a surname alone past an Arabic article",
			text: "Assad condemned Israel.",
			want: []string{"SYRGOV>ISR 111 asserted"},
		},
		{
			name: "undated text takes a person's government office",
			text: "Kagame condemned Uganda.",
			want: []string{"RWAGOV>UGA 111 asserted"},
		},
		{
			name: "a verb after an article with its preposition is a noun",
			text: "North Korea fired a missile, drawing condemnation from Seoul and a call for restraint from Washington.",
			want: []string{"KORGOV>PRK 111 asserted", "PRK>- 150 asserted"},
		},
		{
			name: "vowed not to is a refusal",
			text: "Israel vowed not to return the Golan Heights to Syria.",
			want: []string{"ISR>SYR 120 asserted"},
		},
		{
			name: "a city gives its country to groups in it and to violence near it",
			text: "A roadside bomb near the town of Samarra killed protesters in Basra.",
			want: []string{"IRQ>IRQCVL 1833 asserted"},
		},
		{
			name: "a region that is the object of an invasion stands for its country",
			text: "Israel launched an invasion of South Lebanon.",
			want: []string{"ISR>LBN 190 asserted"},
		},
		{
			name: "a place inside a hyphenated name is no place",
			text: "Pakistan allowed the Shan-e-Mustafa rally.",
			want: []string{"PAK>- 0811 asserted"},
		},
		{
			name: "a plural noun that looks like a verb, and a state's killings are military force",
			text: "US drone attacks, occurring weekly, have killed al-Qaeda leaders.",
			want: []string{"USA>IMGREB 1952 asserted"},
		},
		{
			name: "unattributed violence hits people of the same country",
			text: "A minefield explosion near the town of Samarra killed two Iraqi youths.",
			want: []string{"IRQ>IRQCVL 180 asserted"},
		},
		{
			name: "plurals without -s name groups",
			text: "Hundreds of thousands of people blocked streets in Hong Kong in defiance of Chinese authorities.",
			want: []string{"HKGCVL>CHNGOV 144 asserted"},
		},
		{
			name: "a titled person takes the one place of the sentence; a government acts on its people",
			text: "President Abdul Karim threatened to institute a curfew in Algiers.",
			want: []string{"DZAGOV>DZACVL 1323 asserted"},
		},
		{
			name: "a named body takes the country the sentence is about",
			text: "The Homeland Union began collecting signatures to convince the Lithuanian Parliament.",
			want: []string{"LTUOPP>LTULEG 140 asserted"},
		},
		{
			name: "a collective head after a sector word",
			text: "Leaders of the opposition coalition agreed to postpone the demonstration in Baku.",
			want: []string{"AZEOPP>AZE 030 asserted"},
		},
		{
			name: "a group affiliated with a body is of its country",
			text: "Some 500,000 workers affiliated with the Serbian Workers' Union stopped work.",
			want: []string{"SRBLAB>SRBGOV 143 asserted"},
		},
		{
			name: "a group after a body and its acronym is the body's",
			text: "The Montenegro Municipality Association (AKK) officials demanded support from the Montenegro Assembly.",
			want: []string{"MNECVL>MNELEG 102 asserted"},
		},
		{
			name: "unknown names between a possessive and a sector noun",
			text: "Ankara's Cankaya district administration denied permission for the temple.",
			want: []string{"TURGOV>- 120 asserted"},
		},
		{
			name: "a reported must addresses a leader and his party",
			text: "Rwandan rebels announced that President Kagame and his Rwandan Patriotic Front must agree to changes.",
			want: []string{"RWAREB>RWAGOV 100 asserted", "RWAREB>RWAGOV 100 asserted"},
		},
		{
			name: "an agentless passive investigation is by the state where it happened",
			text: "A US national has been put under investigation in Italy.",
			want: []string{"ITA>USA 091 asserted"},
		},
		{
			name: "a minister's portfolio is part of the title",
			text: "The Federal Minister for Interior Ali Reza Naqvi allowed Pakistani opposition leaders to hold a rally.",
			want: []string{"PAKGOV>PAKOPP 0811 asserted"},
		},
		{
			name: "a language is nobody's party",
			text: "The Latvian court cancelled restrictions on the use of the Russian language.",
			want: []string{"LVAJUD>- 081 asserted"},
		},
		{
			name: "an initialism before a title does not end the sentence",
			text: "U.S. Ambassador John Smith accused Moscow of lying.",
			want: []string{"USAGOV>RUSGOV 112 asserted"},
		},
		{
			name: "a body's people and a second party after and an",
			text: "Egyptian officials held talks with Hamas leaders and an Israeli delegation.",
			want: []string{"EGYGOV>ISRGOV 040 asserted", "EGYGOV>PSEREB 040 asserted", "ISRGOV>EGYGOV 040 asserted", "PSEREB>EGYGOV 040 asserted"},
		},
		{
			name: "a comma and an article open an appositive, not a second party",
			text: "Al-Qaeda threatened the United States and Israel, a Saudi weekly reports.",
			want: []string{"IMGREB>ISR 130 asserted", "IMGREB>USA 130 asserted"},
		},
		{
			name: "an official of a body named before him",
			text: "U.N. Middle East envoy Nickolay Mladenov urged Israel to step back.",
			want: []string{"IGOUNO>ISR 020 asserted"},
		},
		{
			name: "South America is a continent, and a country's companies are its business",
			text: "Brazil's carmakers association praised the deal between South America's largest economies.",
			want: []string{"BRABUS>- 051 asserted"},
		},
		{
			name: "a verb right after a preposition is a noun",
			text: "Turkey has 70 journalists behind bars.",
			want: nil,
		},
		{
			name: "a person's government, and Brussels is the EU",
			text: "Alberto Fernandez won the primary. A Fernandez government could renegotiate the deal with Brussels.",
			want: []string{"ARGGOV>IGOEUR 046 hypothetical"},
		},
		{
			name: "a court of a city",
			text: "An Istanbul court ordered the arrest of three Greek soldiers.",
			want: []string{"TURJUD>GRCMIL 173 asserted"},
		},
		{
			name: "a verb coordinated with an uncoded verb keeps its own subject",
			text: "Manila protested after Chinese warships blocked and fired water cannons at Philippine boats.",
			want: []string{"CHNMIL>PHL 175 asserted", "PHLGOV>CHNMIL 141 asserted"},
		},
		{
			name: "coordinated agents of a passive",
			text: "Venezuelan students were arrested by Venezuelan police and Venezuelan soldiers.",
			want: []string{"VENCOP>VENEDU 173 asserted", "VENMIL>VENEDU 173 asserted"},
		},
		{
			name: "a quoted must is the speaker's demand",
			text: "\"China must back off,\" Philippine Foreign Secretary Juan Cruz said.",
			want: []string{"PHLGOV>CHN 100 asserted"},
		},
		{
			name: "it refers to the one subject of its sentence",
			text: "The Venezuelan National Assembly was sidelined by the courts since it criticised Cuba.",
			want: []string{"VENLEG>CUB 111 asserted"},
		},
		{
			name: "an earlier event named as subject gives its source; planned and asserted events stay apart",
			text: "Peru charged three Chilean officers with spying. The indictment accused the officers of stealing secrets. Peru will raise concerns next month.",
			want: []string{"PER>- 114 planned", "PER>CHLMIL 1121 asserted", "PER>CHLMIL 173 asserted"},
		},
		{
			name: "a role after a sector word keeps its sector; rejecting sanctions answers whoever imposed them",
			text: "The EU imposed sanctions on eight Iranian police commanders. Iran rejected the sanctions.",
			want: []string{"IGOEUR>IRNCOP 163 asserted", "IRN>IGOEUR 120 asserted"},
		},
		{
			name: "an acronym in brackets repeats the actor; the coordinated parties talk to each other",
			text: "Sudan's government and the rebel Sudan People's Liberation Movement-North (SPLM-N) resumed peace talks.",
			want: []string{"SDNGOV>SDNREB 046 asserted", "SDNREB>SDNGOV 046 asserted"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := codeOne(t, c, tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("%q\n got  %s\n want %s", tt.text, strings.Join(got, "; "), strings.Join(tt.want, "; "))
			}
		})
	}
}

// TestAccusationDate checks that a date inside "of <gerund>" dates the act
// accused, not the accusation, which takes the article's date; and that
// the act is an event of its own, by the accused, reported.
func TestAccusationDate(t *testing.T) {
	c, err := NewCoder()
	if err != nil {
		t.Fatal(err)
	}
	pub := time.Date(2016, 2, 17, 0, 0, 0, 0, time.UTC)
	coded, err := c.Code(context.Background(), dg.Article{ID: "t", Text: "Kyiv accused Moscow of sending tanks to the rebels last week.", Published: pub})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range coded.Events {
		got = append(got, codeOrDash(e.Source)+">"+codeOrDash(e.Target)+" "+e.Code.Code+" "+string(e.Status)+" "+e.Date)
	}
	slices.Sort(got)
	want := []string{"RUSGOV>- 072 reported 2016-02-08", "UKRGOV>RUSGOV 112 asserted 2016-02-17"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "; "), strings.Join(want, "; "))
	}
}
