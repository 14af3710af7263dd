package shell_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/nodes/shell"
)

// eachIsolation runs test once for each way of isolating a task that the
// kernel allows here, and says which it skips and why.
func eachIsolation(t *testing.T, test func(t *testing.T, mode string)) {
	for _, iso := range shell.Isolations {
		t.Run(iso.Name, func(t *testing.T) {
			now := shell.ForceIsolation(t, iso.Mode)
			if _, _, err := run(t, context.Background(), "true", nil, nil); err != nil {
				t.Fatal(err)
			}
			if got := now(); got != iso.Name {
				t.Skipf("the kernel refuses %s isolation to this process (uid %d): tasks step down to %s", iso.Name, os.Getuid(), got)
			}
			if iso.Name == "group" {
				// As wfc run does: orphans come back to this process.
				if err := shell.BecomeSubreaper(); err != nil {
					t.Fatal(err)
				}
			}
			test(t, iso.Name)
		})
	}
}

// sleepMarker returns a sleep duration no other process on this machine
// is likely to be sleeping, so that /proc can tell which sleep is the
// test's.
func sleepMarker(whole int) string {
	return fmt.Sprintf("%d.%09d", whole, rand.IntN(1e9))
}

// sleeping lists the pids of live processes running `sleep marker`.
func sleeping(marker string) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	want := []byte("sleep\x00" + marker + "\x00")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil || !bytes.HasSuffix(cmdline, want) {
			continue
		}
		if state(pid) != 'Z' {
			pids = append(pids, pid)
		}
	}
	return pids
}

// state is the state letter of pid in /proc (Z for a zombie), 0 if pid
// is gone altogether.
func state(pid int) byte {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2]
	}
	return '?'
}

// assertNoneSleeping fails unless every `sleep marker` is gone within a
// generous deadline: a process killed outside this process's children is
// reaped by whatever adopted it, in its own time.
func assertNoneSleeping(t *testing.T, marker string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		pids := sleeping(marker)
		if len(pids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, pid := range pids {
				syscall.Kill(pid, syscall.SIGKILL) // leave nothing behind
			}
			t.Fatalf("sleep %s outlived its task: pids %v", marker, pids)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// detached returns a script that starts `sleep marker` in a session of its
// own, through prefix (env -i, say), and waits until it is there.
func detached(prefix, marker string) string {
	return prefix + `setsid /bin/sh -c 'touch "$0"; exec sleep ` + marker + `' "$WFC_OUTPUT_DIR/ready" &
	while [ ! -e "$WFC_OUTPUT_DIR/ready" ]; do sleep 0.01; done
	`
}

// A task that detaches a child into a session of its own and exits takes
// it down: a process group alone would not.
func TestDetachedChildDiesWithTask(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("setsid (util-linux) is not installed")
	}
	eachIsolation(t, func(t *testing.T, mode string) {
		marker := sleepMarker(25)
		pidFile := filepath.Join(t.TempDir(), "pid")
		_, _, err := run(t, context.Background(), detached("", marker)+"echo $! > "+shell.Quote(pidFile), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		assertNoneSleeping(t, marker)
		if mode == "group" {
			// It came back to this process as its subreaper and was reaped,
			// not left a zombie. (In a namespace $! is not a pid here.)
			b, _ := os.ReadFile(pidFile)
			pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
			if s := state(pid); s == 'Z' {
				t.Errorf("pid %d left a zombie", pid)
			}
		}
	})
}

// In a PID namespace even a child that clears its environment, and so
// loses the tag the fallback finds processes by, dies with its task.
func TestUntaggedChildDiesInNamespace(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("setsid (util-linux) is not installed")
	}
	eachIsolation(t, func(t *testing.T, mode string) {
		if mode == "group" {
			t.Skip("without a PID namespace a process that clears its environment escapes (docs/cli.md says so)")
		}
		marker := sleepMarker(25)
		if _, _, err := run(t, context.Background(), detached("env -i ", marker), nil, nil); err != nil {
			t.Fatal(err)
		}
		assertNoneSleeping(t, marker)
	})
}

// Cancelling an attempt kills the script's children too.
func TestTimeoutKillsProcessGroup(t *testing.T) {
	eachIsolation(t, func(t *testing.T, mode string) {
		marker := sleepMarker(60)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		_, _, err := run(t, ctx, "sleep "+marker+" & wait", nil, nil)
		if err == nil || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
		assertNoneSleeping(t, marker)
	})
}

// What a script leaves running in the background when it exits is
// killed, as a container's exit would.
func TestBackgroundChildrenKilledOnExit(t *testing.T) {
	eachIsolation(t, func(t *testing.T, mode string) {
		marker := sleepMarker(60)
		if _, _, err := run(t, context.Background(), "sleep "+marker+" &", nil, nil); err != nil {
			t.Fatal(err)
		}
		assertNoneSleeping(t, marker)
	})
}

// A task in a namespace keeps its user and group ids, so the files it
// writes are wfc's.
func TestTaskKeepsItsIDs(t *testing.T) {
	eachIsolation(t, func(t *testing.T, mode string) {
		got, _, err := run(t, context.Background(), `echo "$(id -u) $(id -g)"`, nil, nil, p("o0", compiler.Str))
		if want := fmt.Sprintf("%d %d", os.Getuid(), os.Getgid()); err != nil || got["o0"] != want {
			t.Errorf("ids %v (%v), want %s", got["o0"], err, want)
		}
	})
}

// BenchmarkIsolation is the cost of one task of `true` under each way of
// isolating it, so that the namespaces' share can be read off against the
// process group alone, measured in the same run.
func BenchmarkIsolation(b *testing.B) {
	for _, iso := range shell.Isolations {
		b.Run(iso.Name, func(b *testing.B) {
			now := shell.ForceIsolation(b, iso.Mode)
			for range b.N {
				if _, _, err := run(b, context.Background(), "true", nil, nil); err != nil {
					b.Fatal(err)
				}
			}
			if got := now(); got != iso.Name {
				b.Skipf("the kernel refuses %s isolation here", iso.Name)
			}
		})
	}
}
