package main

import "github.com/wfc-lang/wfc/lang"

// closest returns the candidate nearest to name, or "" if none is close.
func closest(name string, candidates []string) string {
	return lang.Suggest(name, candidates)
}
