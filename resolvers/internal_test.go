package resolvers

import (
	"testing"
)

func TestListCostSaturates(t *testing.T) {
	if got := listCost(100, 5); got != 501 {
		t.Errorf("listCost(100, 5) = %d", got)
	}
	if got := listCost(0, 5); got != 6 {
		t.Errorf("listCost(0, 5) = %d, want the cost of one element", got)
	}
	big := costCap / 2
	if got := listCost(500, big); got != costCap {
		t.Errorf("listCost overflowed to %d", got)
	}
	first := -1
	if got := pageCost(3, &first, 50); got != 4 {
		t.Errorf("pageCost with negative first = %d", got)
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []cursor{{}, {after: "store:cursor/with:colons"}, {after: "x", skip: 7}, {skip: 3}} {
		s := c.String()
		got, err := parseCursor(&s)
		if err != nil || got != c {
			t.Errorf("cursor %+v → %q → %+v, %v", c, s, got, err)
		}
	}
	for _, bad := range []string{"%%%", "eDp5", "bzo5OTk5Ong"} {
		if _, err := parseCursor(&bad); err == nil {
			t.Errorf("cursor %q accepted", bad)
		}
	}
}
