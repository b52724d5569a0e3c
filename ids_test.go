package diplograph

import "testing"

func TestIDs(t *testing.T) {
	tests := []struct{ got, want string }{
		{Slug("Daniel Russel"), "daniel-russel"},
		{Slug("  Xi  Jinping "), "xi-jinping"},
		{Slug("Côte d'Ivoire"), "côte-d-ivoire"},
		{NormalizeText("  The US\n\nwill  URGE "), "the us will urge"},
		{SectorActorID("CHN", "MIL"), "actor:CHN-MIL"},
		{CountryActorID("USA"), "country:USA"},
		{MentionID("article:abc", 3, 1), "mention:abc/3/1"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	if ArticleID("a b") != ArticleID(NormalizeText(" A\nB ")) {
		t.Error("layout changes the article id")
	}
	a := EventID("country:USA", "country:CHN", "026", "2014-07", PrecisionMonth)
	if a == EventID("country:CHN", "country:USA", "026", "2014-07", PrecisionMonth) {
		t.Error("direction does not change the event id")
	}
	if a != EventID("country:USA", "country:CHN", "026", "2014-07", PrecisionMonth) || len(a) != len("event:")+16 {
		t.Errorf("event id %q not stable or wrong length", a)
	}
}
