package runtime

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestCompareNodeIDs(t *testing.T) {
	want := []string{
		"n0", "n0-0", "n0-1", "n0-2", "n0-10",
		"n1",
		"n2", "n2-n0", "n2-n1", "n2-n1-0", "n2-n1-1", "n2-n10",
		"n10", "n10-n0",
		"fn0",
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		got := slices.Clone(want)
		r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		slices.SortFunc(got, CompareNodeIDs)
		if !slices.Equal(got, want) {
			t.Fatalf("sorted:\n%q\nwant:\n%q", got, want)
		}
	}
	for _, id := range want {
		if c := CompareNodeIDs(id, id); c != 0 {
			t.Errorf("CompareNodeIDs(%q, %q) = %d, want 0", id, id, c)
		}
	}
}
