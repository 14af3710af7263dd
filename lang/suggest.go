package lang

// Suggest returns the candidate closest to name, for "did you mean …?"
// hints, or "" when none is close enough to be a likely typo. It is the one
// speller of wfc: names in source (wfc check), inputs given with -i, and
// commands and workflows on the command line.
//
// Closeness is the number of single-byte edits — an insertion, a deletion,
// a substitution, or two neighbours swapped, the commonest typo — up to
// half the name's length plus one, and never more than three. Ties go to
// the alphabetically first candidate, so the hint does not depend on the
// candidates' order.
func Suggest(name string, candidates []string) string {
	best, bestDist := "", min(3, len(name)/2+1)
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := editDistance(name, c, bestDist); d <= bestDist && (best == "" || d < bestDist || c < best) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b:
// Levenshtein's, with a swap of two neighbouring bytes counting as one
// edit. It gives up and returns limit+1 once the distance must exceed
// limit.
func editDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	// Three rows of the dynamic programme: two back, one back, current.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
