package shell

import "strings"

// Quote returns s as a single shell word: wrapped in single quotes, inside
// which sh gives no character a special meaning, with each embedded single
// quote closing the quotes, adding an escaped quote and reopening them:
//
//	it's  →  'it'\''s'
//
// No value can end the word early, so none can inject a command.
func Quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
