package errcheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/lang"
)

// expectRE matches one expectation comment.
var expectRE = regexp.MustCompile(`#\s*(ERROR|WARNING)(@[+-]\d+)?\s+"((?:[^"\\]|\\.)*)"`)

type expectation struct {
	line     int
	severity lang.Severity
	re       *regexp.Regexp
	met      bool
}

// Run checks every .wf file in dir: check returns the diagnostics for one
// file's name and text.
func Run(t *testing.T, dir string, check func(name string, src []byte) lang.Diagnostics) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.wf"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no .wf files in %s", dir)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			expects := parseExpectations(t, src)
			if len(expects) == 0 {
				t.Fatalf("%s expects no diagnostics: add # ERROR \"…\" comments", path)
			}
			for _, d := range check(path, src) {
				if !meet(expects, d) {
					t.Errorf("unexpected %s at %s: %s", d.Severity, d.Range, d.Summary)
				}
			}
			for _, e := range expects {
				if !e.met {
					t.Errorf("%s:%d: missing %s matching %q", path, e.line, e.severity, e.re)
				}
			}
		})
	}
}

func parseExpectations(t *testing.T, src []byte) []*expectation {
	var out []*expectation
	for i, line := range strings.Split(string(src), "\n") {
		for _, m := range expectRE.FindAllStringSubmatch(line, -1) {
			sev := lang.Error
			if m[1] == "WARNING" {
				sev = lang.Warning
			}
			at := i + 1
			if m[2] != "" {
				off, _ := strconv.Atoi(m[2][1:])
				at += off
			}
			// The pattern is taken as written, but for \" standing for ".
			pattern := strings.ReplaceAll(m[3], `\"`, `"`)
			re, err := regexp.Compile(pattern)
			if err != nil {
				t.Fatalf("line %d: bad regexp %q: %v", i+1, pattern, err)
			}
			out = append(out, &expectation{line: at, severity: sev, re: re})
		}
	}
	return out
}

func meet(expects []*expectation, d *lang.Diagnostic) bool {
	for _, e := range expects {
		if !e.met && e.line == d.Range.Start.Line && e.severity == d.Severity && e.re.MatchString(d.Summary) {
			e.met = true
			return true
		}
	}
	return false
}
