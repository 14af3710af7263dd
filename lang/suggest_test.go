package lang

import "testing"

func TestSuggest(t *testing.T) {
	for _, tc := range []struct {
		name       string
		candidates []string
		want       string
	}{
		{"helo", []string{"hello", "world"}, "hello"},
		{"nmae", []string{"nmaez", "name"}, "name"}, // a swap is one edit, as is an insertion
		{"chek", []string{"compile", "check", "run"}, "check"},
		{"c", []string{"b", "a"}, "a"}, // ties go to the first alphabetically
		{"bb", []string{"b", "a"}, "b"},
		{"name", []string{"name"}, ""},             // the name itself is no suggestion
		{"region", []string{"day", "items"}, ""},   // nothing close
		{"abcdefghij", []string{"abcdefxxxx"}, ""}, // four edits is too many
		{"fetch_region", []string{"fetch_regoin", "fetch_rgn"}, "fetch_regoin"},
	} {
		if got := Suggest(tc.name, tc.candidates); got != tc.want {
			t.Errorf("Suggest(%q, %q) = %q, want %q", tc.name, tc.candidates, got, tc.want)
		}
	}
}
