package lsp

import (
	"testing"

	"github.com/wfc-lang/wfc/compiler"
)

// Every field the compiler accepts has a meaning to show, and no meaning
// is shown for a field it does not accept.
func TestFieldDocsMatchTheCompiler(t *testing.T) {
	for _, kind := range []string{"task", "echo", "webhook"} {
		names := compiler.TaskFieldNames(kind)
		if len(names) == 0 {
			t.Fatalf("no fields for %s", kind)
		}
		for _, name := range names {
			if fieldDocs[kind][name] == "" {
				t.Errorf("%s field %s has no meaning in fieldDocs", kind, name)
			}
		}
		if len(fieldDocs[kind]) != len(names) {
			t.Errorf("fieldDocs[%s] has %d fields, the compiler %d: %v", kind, len(fieldDocs[kind]), len(names), names)
		}
	}
}
