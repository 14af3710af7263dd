package main

import (
	"flag"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update", false, "rewrite testscript files' expected output (cmp with files in the archive)")

// TestMain lets testscript run this binary as the wfc command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"wfc": func() { os.Exit(Main()) },
	})
}

// TestScripts runs the command-line tests in testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *updateScripts,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}
