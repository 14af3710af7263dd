package runtime

import (
	"strconv"
	"strings"
)

// CompareNodeIDs orders node ids as the workflow reads: top-level nodes by
// number (n2 before n10), each followed by its sub-nodes — a map's items
// (n3-0, n3-1, …, n3-10), a conditional's or a subworkflow's calls
// (n2-n0) — and the failure handler (fn0) last. A journal lists nodes in
// the order they finished; people read a run in this one.
func CompareNodeIDs(a, b string) int {
	for a != "" && b != "" {
		sa, ra, _ := strings.Cut(a, "-")
		sb, rb, _ := strings.Cut(b, "-")
		if c := compareIDSegment(sa, sb); c != 0 {
			return c
		}
		a, b = ra, rb
	}
	return len(a) - len(b) // the parent, a prefix, first
}

// compareIDSegment orders one segment of a node id: map item numbers,
// then nodes (nK), then anything else (fn0), each by number, and by text
// where a segment has none.
func compareIDSegment(a, b string) int {
	ka, na := idSegment(a)
	kb, nb := idSegment(b)
	switch {
	case ka != kb:
		return ka - kb
	case na != nb:
		if na < nb {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// idSegment returns a segment's rank — 0 for an item number, 1 for nK, 2
// for anything else — and its number.
func idSegment(s string) (rank, n int) {
	if k, err := strconv.Atoi(s); err == nil {
		return 0, k
	}
	if rest, ok := strings.CutPrefix(s, "n"); ok {
		if k, err := strconv.Atoi(rest); err == nil {
			return 1, k
		}
	}
	return 2, 0
}
