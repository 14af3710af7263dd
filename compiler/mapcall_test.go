package compiler

import "testing"

func TestMapRequired(t *testing.T) {
	for _, tc := range []struct {
		spec MapSpec
		size int
		want int
	}{
		{MapSpec{MinSuccesses: Unset, MinSuccessRatio: Unset}, 7, 7},
		{MapSpec{MinSuccesses: 3, MinSuccessRatio: Unset}, 7, 3},
		{MapSpec{MinSuccesses: 9, MinSuccessRatio: Unset}, 7, 9}, // more than there are: the map fails, as on Flyte
		{MapSpec{MinSuccesses: Unset, MinSuccessRatio: 0.5}, 5, 3},
		{MapSpec{MinSuccesses: Unset, MinSuccessRatio: 0.9}, 10, 9},
		// The ratio is a 32-bit float on the wire, and propeller multiplies
		// what it reads: float32(0.6) is a little above 0.6.
		{MapSpec{MinSuccesses: Unset, MinSuccessRatio: 0.6}, 5, 4},
		{MapSpec{MinSuccesses: Unset, MinSuccessRatio: 0}, 5, 0},
		{MapSpec{MinSuccesses: Unset, MinSuccessRatio: 1}, 0, 0},
	} {
		if got := tc.spec.Required(tc.size); got != tc.want {
			t.Errorf("%+v of %d items: %d must succeed, want %d", tc.spec, tc.size, got, tc.want)
		}
	}
}
