package format

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// testPrograms returns every wfc program of the repository that the
// formatter is tested on: the examples, the test sources of lang and the
// compiler, the golden inputs, and the .wf files inside the command's test
// scripts. Keys are names for messages.
func testPrograms(t testing.TB) map[string][]byte {
	t.Helper()
	progs := map[string][]byte{}
	for _, pattern := range []string{
		"../examples/*.wf", "../examples/*/*.wf",
		"../lang/testdata/*/*.wf", "../compiler/testdata/*/*.wf",
		"../testdata/golden/*/*.wf",
	} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			progs[p] = src
		}
	}
	scripts, _ := filepath.Glob("../cmd/wfc/testdata/*/*.txtar")
	for _, s := range scripts {
		ar, err := txtar.ParseFile(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".wf") {
				progs[s+":"+f.Name] = f.Data
			}
		}
	}
	if len(progs) < 50 {
		t.Fatalf("found only %d test programs; have the test folders moved?", len(progs))
	}
	return progs
}

// checkSame formats src and checks what formatting promises: source that
// does not parse is refused; source that does parses, after formatting, to
// the same program with the same comments, and formatting again changes
// nothing. It returns the formatted source, or nil when src does not parse.
func checkSame(t testing.TB, name string, src []byte) []byte {
	t.Helper()
	before, diags := lang.Parse(name, src)
	out, err := Source(name, src)
	if diags.HasErrors() {
		if err == nil || out != nil {
			t.Fatalf("%s: formatted source that does not parse", name)
		}
		return nil
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	after, diags := lang.Parse(name, out)
	if diags.HasErrors() {
		t.Fatalf("%s: the formatted source does not parse: %v\n%s", name, diags.Err(), out)
	}
	if a, b := dump(before), dump(after); a != b {
		t.Fatalf("%s: formatting changed the program:\n%s", name, firstDiff(a, b))
	}
	if a, b := commentTexts(before), commentTexts(after); a != b {
		t.Fatalf("%s: formatting changed the comments:\n%s", name, firstDiff(a, b))
	}
	again, err := Source(name, out)
	if err != nil || string(again) != string(out) {
		t.Fatalf("%s: formatting is not idempotent:\n%s", name, firstDiff(string(out), string(again)))
	}
	return out
}

// checkSameChecked checks that the checker says the same of a one-file
// program before and after formatting, positions aside.
func checkSameChecked(t *testing.T, name string, src, out []byte) {
	t.Helper()
	before, _ := lang.Parse(name, src)
	after, _ := lang.Parse(name, out)
	if len(before.Imports) > 0 {
		return // checked with its imports by the command's tests
	}
	_, d1 := compiler.Check([]*lang.File{before})
	_, d2 := compiler.Check([]*lang.File{after})
	if a, b := summaries(d1), summaries(d2); a != b {
		t.Fatalf("%s: the checker's verdict changed:\n%s", name, firstDiff(a, b))
	}
}

// summaries lists the diagnostics without their positions, including the
// line numbers and positions some messages name (formatting a one-line task body into
// three lines moves what follows).
func summaries(ds lang.Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s: %s (%s) %s\n", d.Severity, d.Summary, d.Detail, d.Hint)
	}
	return positions.ReplaceAllString(b.String(), "N")
}

var positions = regexp.MustCompile(`line \d+|:\d+:\d+`)

func commentTexts(f *lang.File) string {
	var b strings.Builder
	for _, c := range f.Comments {
		b.WriteString(strings.TrimRight(c.Text, " \t\r") + "\n")
	}
	return b.String()
}

// dump renders an AST without positions, one field a line.
func dump(f *lang.File) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(f), 0)
	return b.String()
}

func dumpValue(b *strings.Builder, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil\n")
			return
		}
		if v.Kind() == reflect.Interface {
			fmt.Fprintf(b, "%s ", v.Elem().Type())
		}
		dumpValue(b, v.Elem(), depth)
	case reflect.Struct:
		b.WriteString("{\n")
		for i := range v.NumField() {
			switch name := v.Type().Field(i).Name; name {
			case "span", "Source", "Comments":
			default:
				fmt.Fprintf(b, "%*s%s: ", 2*depth+2, "", name)
				dumpValue(b, v.Field(i), depth+1)
			}
		}
		fmt.Fprintf(b, "%*s}\n", 2*depth, "")
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			fmt.Fprintf(b, "%q\n", v.Bytes())
			return
		}
		b.WriteString("[\n")
		for i := range v.Len() {
			fmt.Fprintf(b, "%*s", 2*depth+2, "")
			dumpValue(b, v.Index(i), depth+1)
		}
		fmt.Fprintf(b, "%*s]\n", 2*depth, "")
	case reflect.String:
		fmt.Fprintf(b, "%q\n", v.String())
	default:
		fmt.Fprintf(b, "%v\n", v)
	}
}

// firstDiff shows the first line where a and b differ, with some context.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		if i >= len(al) || i >= len(bl) || al[i] != bl[i] {
			from := max(0, i-3)
			return fmt.Sprintf("line %d:\n--- before\n%s\n+++ after\n%s", i+1,
				strings.Join(al[from:min(len(al), i+4)], "\n"), strings.Join(bl[from:min(len(bl), i+4)], "\n"))
		}
	}
	return "(no difference)"
}

// TestMeaningKept formats every test program of the repository.
func TestMeaningKept(t *testing.T) {
	n := 0
	for name, src := range testPrograms(t) {
		if out := checkSame(t, name, src); out != nil {
			checkSameChecked(t, name, src, out)
			n++
		}
	}
	if n < 30 {
		t.Fatalf("only %d test programs parse; expected most of them to", n)
	}
}

// TestExamplesCanonical checks that the examples are written in the
// canonical style: they are where the style comes from.
func TestExamplesCanonical(t *testing.T) {
	paths, _ := filepath.Glob("../examples/*.wf")
	more, _ := filepath.Glob("../examples/*/*.wf")
	for _, path := range append(paths, more...) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Source(path, src)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != string(src) {
			t.Errorf("%s is not formatted:\n%s", path, firstDiff(string(src), string(out)))
		}
	}
}
