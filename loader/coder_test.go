package loader

import (
	"context"
	"slices"
	"strings"
	"testing"

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
		out = append(out, actorCode(e.Source)+">"+actorCode(e.Target)+" "+e.Code.Code+" "+string(e.Status))
	}
	slices.Sort(out)
	return out
}

func actorCode(a *dg.Actor) string {
	if a == nil || a.Code == "" {
		return "-"
	}
	return a.Code
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
