package shell_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// Output files are read as Flyte's copilot reads them.
func TestOutputsAsCopilotReadsThem(t *testing.T) {
	ctx := context.Background()
	when, _ := time.Parse(time.RFC3339, "2024-05-01T12:00:00.5+02:00")
	for _, c := range []struct {
		script string
		typ    *compiler.Type
		want   any
	}{
		{`printf '  42 \n'`, compiler.Int, int64(42)},
		{`echo 1`, compiler.Bool, true},
		{`echo F`, compiler.Bool, false},
		{`echo 2.5e3`, compiler.Float, 2500.0},
		{`echo 2024-05-01T12:00:00.5+02:00`, compiler.Datetime, when},
		{`echo 1m30s`, compiler.Duration, 90 * time.Second},
		{`printf '\n\tkeep  inner  space\t\n'`, compiler.Str, "keep  inner  space"},
		// A single output's stdout yields only to a file named exactly o0.
		{`echo 6; echo 7 > "$WFC_OUTPUT_DIR/o0.txt"`, compiler.Int, int64(6)},
		{`head -c 1024 /dev/zero | tr '\0' x`, compiler.Str, strings.Repeat("x", 1024)},
	} {
		got, _, err := run(t, ctx, c.script, nil, nil, p("o0", c.typ))
		if err != nil || !same(got["o0"], c.want) {
			t.Errorf("%s: got %#v (%v), want %#v", c.script, got["o0"], err, c.want)
		}
	}
	// An extension is fine when the file is the only one of its name.
	got, _, err := run(t, ctx, `echo 1 > "$WFC_OUTPUT_DIR/a.txt"; echo 2 > "$WFC_OUTPUT_DIR/b"`, nil, nil, p("a", compiler.Int), p("b", compiler.Int))
	if err != nil || got["a"] != int64(1) || got["b"] != int64(2) {
		t.Errorf("%v %v", got, err)
	}
	for script, want := range map[string]string{
		`head -c 1025 /dev/zero | tr '\0' x`:         "output o0 (from stdout): more than 1024 bytes, the most Flyte's copilot reads for a bool output",
		`echo yes`:                                   `output o0 (from stdout): cannot parse "yes" as bool`,
		`echo 1 > "$WFC_OUTPUT_DIR/o0"; echo stdout`: "", // the file, not stdout
		`echo oops > "$WFC_OUTPUT_DIR/_ERROR"`:       "User Error: oops",
	} {
		_, _, err := run(t, ctx, script, nil, nil, p("o0", compiler.Bool))
		if want == "" && err != nil || want != "" && (err == nil || !strings.HasPrefix(err.Error(), want)) {
			t.Errorf("%s: err = %v, want %q", script, err, want)
		}
	}
	_, _, err = run(t, ctx, `echo 1 > "$WFC_OUTPUT_DIR/a.x"; echo 1 > "$WFC_OUTPUT_DIR/a.y"`, nil, nil, p("a", compiler.Int), p("b", compiler.Int))
	if err == nil || !strings.Contains(err.Error(), "output a: the script wrote no file $WFC_OUTPUT_DIR/a") {
		t.Errorf("two candidate files: %v", err)
	}
}

func same(a, b any) bool {
	if ta, ok := a.(time.Time); ok {
		tb, ok := b.(time.Time)
		return ok && ta.Equal(tb)
	}
	return a == b
}
