package slab

import "testing"

func TestTakeGivesDistinctZeroValues(t *testing.T) {
	var s []int
	seen := map[*int]bool{}
	for i := range 3 * size {
		p := Take(&s)
		if *p != 0 || seen[p] {
			t.Fatalf("value %d: %d, seen before %v", i, *p, seen[p])
		}
		seen[p] = true
		*p = i + 1
	}
}

func TestSliceAppendsDoNotOverlap(t *testing.T) {
	var s []int
	a := Slice(&s, 2)
	b := Slice(&s, 2)
	a = append(a, 1, 2, 3) // beyond its capacity: must move, not overwrite b
	b = append(b, 7, 8)
	if a[0] != 1 || a[1] != 2 || a[2] != 3 || b[0] != 7 || b[1] != 8 {
		t.Fatalf("a = %v, b = %v", a, b)
	}
	if big := Slice(&s, size); cap(big) != size || len(big) != 0 {
		t.Fatalf("large slice: len %d cap %d", len(big), cap(big))
	}
}
