package compiler_test

import (
	"reflect"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// TestSourceAndInputsAgree checks that a value written as a literal in
// source and the same value given with -i (compiler.ParseValue) are both
// accepted, as the same value, or both refused.
func TestSourceAndInputsAgree(t *testing.T) {
	for _, tc := range []struct {
		typ    *compiler.Type
		source string // the literal as written in source
		input  string // the same value as -i takes it
		ok     bool
	}{
		{compiler.Int, "-9223372036854775808", "-9223372036854775808", true},
		{compiler.Int, "9223372036854775807", "9223372036854775807", true},
		{compiler.Int, "-9223372036854775809", "-9223372036854775809", false},
		{compiler.Int, "9223372036854775808", "9223372036854775808", false},
		{compiler.Float, "-1.5e3", "-1.5e3", true},
		{compiler.Duration, "1m30s", "1m30s", true},
		{compiler.Duration, "0s", "0s", true},
		{compiler.Duration, "-5s", "-5s", false},
		{compiler.Duration, "-0s", "-0s", false},
		{compiler.Duration, "9999999999h", "9999999999h", false},
		{compiler.Datetime, `"2024-05-01T12:00:00+02:00"`, "2024-05-01T12:00:00+02:00", true},
		{compiler.Datetime, `"9999-12-31T23:59:59.999999999Z"`, "9999-12-31T23:59:59.999999999Z", true},
		{compiler.Datetime, `"0001-01-01T00:00:00Z"`, "0001-01-01T00:00:00Z", true},
		{compiler.Datetime, `"9999-12-31T23:59:59-14:00"`, "9999-12-31T23:59:59-14:00", false},
		{compiler.Datetime, `"0001-01-01T00:00:00+00:01"`, "0001-01-01T00:00:00+00:01", false},
	} {
		src := "echo e(x: " + tc.typ.String() + " = " + tc.source + ")\n"
		var fromSource any
		f, diags := lang.Parse("t.wf", []byte(src))
		if !diags.HasErrors() {
			var prog *compiler.Program
			prog, diags = compiler.Check([]*lang.File{f})
			if !diags.HasErrors() {
				fromSource = prog.Task("e").Inputs[0].Default
			}
		}
		sourceOK := !diags.HasErrors()
		fromInput, err := compiler.ParseValue(tc.input, tc.typ)
		inputOK := err == nil
		if sourceOK != tc.ok || inputOK != tc.ok {
			t.Errorf("%s %s: accepted in source %v (%v), with -i %v (%v); want %v", tc.typ, tc.input, sourceOK, diags, inputOK, err, tc.ok)
			continue
		}
		if tc.ok && !reflect.DeepEqual(fromSource, fromInput) {
			t.Errorf("%s %s: source gives %#v, -i gives %#v", tc.typ, tc.input, fromSource, fromInput)
		}
	}
}
