package loader

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"The U.S. said", "The|U.S.|said"},
		{"China's navy", "China|'s|navy"},
		{"China’s navy", "China|'s|navy"},
		{"wouldn't speculate", "would|n't|speculate"},
		{"US-China talks", "US|-|China|talks"},
		{"Secretary [of State John] Kerry", "Secretary|of|State|John|Kerry"},
		{"3.5 billion, 10,000 troops.", "3.5|billion|,|10,000|troops|."},
		{"at 9 a.m. on", "at|9|a.m.|on"},
		{"Washington - leaving it", "Washington|—|leaving|it"},
		{"talks—and more", "talks|—|and|more"},
		{"Côte d'Ivoire said", "Côte|d|'|Ivoire|said"},
		{"\"We are ready,\" Russel said.", "\"|We|are|ready|,|\"|Russel|said|."},
	}
	for _, tt := range tests {
		toks := Tokenize(tt.in, 10)
		var parts []string
		for _, tk := range toks {
			parts = append(parts, tk.Text)
			if got := tt.in[tk.Start-10 : tk.End-10]; got != tk.Text && tk.Text != "'" && tk.Text != "\"" && tk.Text != "'s" && tk.Text != "—" {
				t.Errorf("%q: token %q has span text %q", tt.in, tk.Text, got)
			}
		}
		if got := strings.Join(parts, "|"); got != tt.want {
			t.Errorf("Tokenize(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
