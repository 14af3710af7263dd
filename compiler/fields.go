package compiler

import "sort"

// TaskFieldNames returns the fields a task body of kind ("task", "echo" or
// "webhook") may set, sorted; editors complete them.
func TaskFieldNames(kind string) []string {
	names := make([]string, 0, len(taskFields[kind]))
	for n := range taskFields[kind] {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// TaskFieldType returns the type of a task field's value, or nil for a
// field with a shape of its own (secrets, requests, limits) or none.
func TaskFieldType(kind, field string) *Type { return taskFields[kind][field] }
