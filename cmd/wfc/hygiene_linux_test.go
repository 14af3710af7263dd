package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// SIGKILL of wfc in the middle of `sleep 30; echo done` leaves no
// descendant running where tasks get PID namespaces, and the work
// directory it could not remove goes at the next run of shell tasks; a run
// without any leaves it.
func TestKilledRunLeavesNothing(t *testing.T) {
	bin, err := exec.LookPath("wfc") // this test binary, as testscript put it on PATH
	if err != nil {
		t.Fatal(err)
	}
	dir, tmp := t.TempDir(), t.TempDir()
	marker := fmt.Sprintf("30.%09d", rand.IntN(1e9))
	t.Cleanup(func() {
		for _, pid := range sleeping(marker) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("nap.wf", "task nap() -> str {\n    shell = \"touch started; sleep "+marker+"; echo done\"\n}\nworkflow wf() -> str {\n    return nap()\n}\n")
	write("quick.wf", "task quick() -> str {\n    shell = \"echo done\"\n}\nworkflow wf() -> str {\n    return quick()\n}\n")
	write("noshell.wf", "echo pass(s: str)\nworkflow wf() -> str {\n    return pass(s = \"done\")\n}\n")
	wfc := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "NO_COLOR=1")
		return cmd
	}

	run := wfc("run", "nap.wf")
	var stderr bytes.Buffer
	run.Stderr = &stderr
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- run.Wait() }()
	deadline := time.After(30 * time.Second)
	for len(sleeping(marker)) == 0 {
		select {
		case err := <-exited:
			t.Fatalf("wfc ended before its task slept: %v\n%s", err, stderr.String())
		case <-deadline:
			run.Process.Kill()
			t.Fatalf("the task never started sleeping\n%s", stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	run.Process.Kill()
	<-exited

	stale, _ := filepath.Glob(filepath.Join(tmp, "wfc-work-*", "run-*", "n0-1"))
	if len(stale) != 1 {
		t.Fatalf("the killed run's work directory: %v, want one", stale)
	}
	nsErr := pidNamespaceProbe()
	if nsErr == nil {
		waitNoneSleeping(t, marker)
	}

	if out, err := wfc("run", "noshell.wf").CombinedOutput(); err != nil {
		t.Fatalf("run without shell tasks: %v\n%s", err, out)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "wfc-work-*")); len(left) != 1 {
		t.Errorf("work directories after a run without shell tasks: %v, want the killed run's", left)
	}
	if out, err := wfc("run", "quick.wf").CombinedOutput(); err != nil {
		t.Fatalf("next run: %v\n%s", err, out)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "wfc-work-*")); len(left) != 0 {
		t.Errorf("work directories left after the next start: %v", left)
	}
	if nsErr != nil {
		t.Skipf("the kernel allows no PID namespace here (%v): without one, what a task started survives SIGKILL of wfc", nsErr)
	}
}

// pidNamespaceProbe starts a process in a new PID namespace, as the shell
// executor would, and says why it could not.
func pidNamespaceProbe() error {
	cmd := exec.Command("/bin/sh", "-c", ":")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWPID}
	if os.Geteuid() != 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWPID,
			UidMappings: []syscall.SysProcIDMap{{ContainerID: os.Getuid(), HostID: os.Getuid(), Size: 1}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: os.Getgid(), HostID: os.Getgid(), Size: 1}},
		}
	}
	return cmd.Run()
}

// sleeping lists the live processes running `sleep marker`.
func sleeping(marker string) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	want := []byte("sleep\x00" + marker + "\x00")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		stat, _ := os.ReadFile("/proc/" + e.Name() + "/stat")
		if i := bytes.LastIndexByte(stat, ')'); bytes.HasSuffix(cmdline, want) && i >= 0 && i+2 < len(stat) && stat[i+2] != 'Z' {
			pids = append(pids, pid)
		}
	}
	return pids
}

// waitNoneSleeping fails unless every `sleep marker` is gone within a
// generous deadline: the kernel kills a namespace's processes when its
// init dies, and whatever adopted them reaps them in its own time.
func waitNoneSleeping(t *testing.T, marker string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		pids := sleeping(marker)
		if len(pids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("sleep %s outlived the killed wfc: pids %v", marker, pids)
		}
	}
}
