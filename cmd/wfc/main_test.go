package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/wfc-lang/wfc/internal/connectorcmd"
)

var updateScripts = flag.Bool("update", false, "rewrite testscript files' expected output (cmp with files in the archive)")

// TestMain lets testscript run this binary as the wfc command, and as
// wfc-connector, which `wfc connector` starts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"wfc":           func() { os.Exit(Main()) },
		"wfc-connector": func() { os.Exit(connectorcmd.Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line tests in testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *updateScripts,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			// Each script has a task cache of its own, never the user's.
			env.Setenv("WFC_CACHE", env.WorkDir+"/.cache/wfc")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"repeat":     repeatCmd,
			"exits":      exitsCmd,
			"echoserver": echoServerCmd,
			"frame":      frameCmd,
		},
		// [ci] holds on CI (CI=true), where a test that needs a tool
		// must run rather than skip.
		Condition: func(cond string) (bool, error) {
			if cond == "ci" {
				return os.Getenv("CI") == "true", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// repeatCmd implements "repeat FILE COUNT TEXT": it writes TEXT (with \n
// for newlines) COUNT times into FILE, for inputs too big to keep in a
// txtar archive.
func repeatCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: repeat FILE COUNT TEXT")
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("repeat: %v", err)
	}
	text := strings.ReplaceAll(args[2], `\n`, "\n")
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Repeat(text, n)), 0o644))
}

// frameCmd implements "frame FILE MESSAGE...": it writes each MESSAGE into
// FILE as the Language Server Protocol frames it, after a Content-Length
// header, so that a script can play an editor's side of a session.
func frameCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: frame FILE MESSAGE...")
	}
	var b strings.Builder
	for _, msg := range args[1:] {
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(msg), msg)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
}

// exitsCmd implements "exits CODE COMMAND ARGS...": it runs COMMAND like
// exec and fails unless it exits with CODE, so that scripts can tell a
// usage error (2) from a failure (1). Its output is checked with stdout and
// stderr as exec's is.
func exitsCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE COMMAND ARGS...")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}
