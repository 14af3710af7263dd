package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestRunSignals runs the scripts in testdata/signal, which interrupt a
// running wfc. They need a command the standard set lacks:
//
//	interrupt FILE ARGS...
//
// runs wfc ARGS in $WORK, waits until FILE exists (a task creates it when
// it has started), sends SIGINT and checks that wfc exits with 130. Its
// output is left in interrupt.stdout and interrupt.stderr.
func TestRunSignals(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/signal",
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"interrupt": cmdInterrupt,
		},
	})
}

func cmdInterrupt(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 || neg {
		ts.Fatalf("usage: interrupt FILE ARGS...")
	}
	var wfc string
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		if p := filepath.Join(dir, "wfc"); fileExists(p) {
			wfc = p
			break
		}
	}
	if wfc == "" {
		ts.Fatalf("wfc not on PATH")
	}
	var stdout, stderr strings.Builder
	cmd := exec.Command(wfc, args[1:]...)
	cmd.Dir = ts.Getenv("WORK")
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	ts.Check(cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(30 * time.Second)
	for !fileExists(ts.MkAbs(args[0])) {
		select {
		case err := <-done:
			ts.Fatalf("wfc exited before %s appeared: %v\n%s", args[0], err, stderr.String())
		case <-deadline:
			cmd.Process.Kill()
			ts.Fatalf("%s did not appear", args[0])
		case <-time.After(10 * time.Millisecond):
		}
	}
	ts.Check(cmd.Process.Signal(syscall.SIGINT))
	err := <-done
	ts.Check(os.WriteFile(ts.MkAbs("interrupt.stdout"), []byte(stdout.String()), 0o644))
	ts.Check(os.WriteFile(ts.MkAbs("interrupt.stderr"), []byte(stderr.String()), 0o644))
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
		ts.Fatalf("wfc exited with %v, want exit status 130\n%s", err, stderr.String())
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
