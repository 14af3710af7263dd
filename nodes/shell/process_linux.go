package shell

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// How a task's processes are kept from outliving it, best first. Start
// steps down when the kernel refuses a way, and stays down.
const (
	isolatePIDNS     int32 = iota // a PID namespace of its own (needs CAP_SYS_ADMIN)
	isolateUserPIDNS              // user and PID namespaces of its own (unprivileged)
	isolateGroup                  // its process group, and a tag in the environment
)

var isolation atomic.Int32

func init() {
	if os.Geteuid() != 0 {
		isolation.Store(isolateUserPIDNS)
	}
}

// BecomeSubreaper makes this process the reaper of orphans among its
// descendants (PR_SET_CHILD_SUBREAPER): where a task cannot have a PID
// namespace, what it leaves running comes back to wfc instead of init, and
// wfc kills it when the task ends. wfc run calls it at start.
func BecomeSubreaper() error {
	return unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
}

// start starts a command built by newCmd, isolated as well as the kernel
// allows. It returns the started command and, when the task has no PID
// namespace, the tag its processes carry in their environment. A way the
// kernel refuses is not tried again once a lesser one has worked.
func start(newCmd func() *exec.Cmd) (*exec.Cmd, string, error) {
	first := isolation.Load()
	for mode := first; ; mode++ {
		cmd := newCmd()
		tag := isolate(cmd, mode)
		err := cmd.Start()
		if err == nil && mode != first {
			isolation.CompareAndSwap(first, mode)
		}
		if err == nil || mode == isolateGroup || !refused(err) {
			return cmd, tag, err
		}
	}
}

// refused reports whether err is the kernel refusing a namespace, rather
// than a failure to run the shell at all.
func refused(err error) bool {
	return errors.Is(err, unix.EPERM) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSPC) ||
		errors.Is(err, unix.EUSERS) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EACCES)
}

var tags atomic.Uint64

// isolate sets up cmd for mode and returns the tag of its processes, if
// they carry one.
//
// Every mode puts the shell in its own process group, so that one kill
// reaches its children, and has the kernel kill it when wfc dies
// (Pdeathsig, which fires when the thread that started it exits: Execute
// keeps its goroutine on that thread until the shell is reaped). In a PID
// namespace the shell is its init, and when init dies the kernel kills
// every other process in the namespace, however they detached (setsid,
// double fork): so the task's end, a kill at timeout and wfc's death all
// take the whole task down.
func isolate(cmd *exec.Cmd, mode int32) string {
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.SysProcAttr = attr
	switch mode {
	case isolatePIDNS:
		attr.Cloneflags = syscall.CLONE_NEWPID
	case isolateUserPIDNS:
		// The task keeps its user and group ids: each maps to itself.
		attr.Cloneflags = syscall.CLONE_NEWUSER | syscall.CLONE_NEWPID
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: os.Getuid(), HostID: os.Getuid(), Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: os.Getgid(), HostID: os.Getgid(), Size: 1}}
		attr.GidMappingsEnableSetgroups = false
	default:
		tag := strconv.Itoa(os.Getpid()) + "." + strconv.FormatUint(tags.Add(1), 10)
		cmd.Env = append(cmd.Env, tagEnv+"="+tag)
		return tag
	}
	return ""
}

// tagEnv marks the processes of a task that has no PID namespace; what
// they start inherits it, unless it clears its environment.
const tagEnv = "WFC_TASK_TAG"

// waitAndKillGroup waits for the script to exit without reaping it
// (waitid with WNOWAIT): while it is a zombie its pid, which is its process
// group's id, cannot be reused, so killing the group, and sweeping up what
// carries tag, cannot hit an unrelated process. Then it reaps the script.
func waitAndKillGroup(cmd *exec.Cmd, tag string) error {
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PID, cmd.Process.Pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if err != unix.EINTR {
			break
		}
	}
	killGroup(cmd)
	sweep(tag, cmd.Process.Pid)
	return cmd.Wait()
}

// sweep kills every process that still carries tag, wherever it has gone
// (another process group, another session), and reaps those that came
// back to wfc as their subreaper: with them, what the group kill left as
// zombies here (pgid is the task's process group). A process that cleared
// its environment and left the group escapes it.
func sweep(tag string, pgid int) {
	if tag == "" {
		return
	}
	marker := []byte("\x00" + tagEnv + "=" + tag + "\x00")
	self := os.Getpid()
	// The script, a zombie until cmd.Wait, started before anything of its
	// own: what started earlier need not be read further.
	_, _, since, ok := procStat(pgid)
	if !ok {
		return
	}
	// A process may fork while it is being found; a few rounds catch what
	// one would miss.
	for range 8 {
		entries, err := os.ReadDir("/proc")
		if err != nil {
			return
		}
		found := false
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == self || pid == pgid { // the script itself cmd.Wait reaps
				continue
			}
			ppid, pgrp, start, ok := procStat(pid)
			if !ok || start < since {
				continue
			}
			ours := ppid == self
			if !(ours && pgrp == pgid) {
				env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
				if err != nil || !bytes.Contains(append([]byte{0}, env...), marker) {
					continue
				}
			}
			found = true
			unix.Kill(pid, unix.SIGKILL)
			if ours {
				// Our child: its pid stays ours until we reap it.
				var ws unix.WaitStatus
				unix.Wait4(pid, &ws, 0, nil)
			}
		}
		if !found {
			return
		}
	}
}

// procStat reads the parent pid, process group and start time (in clock
// ticks since boot) of pid.
func procStat(pid int) (ppid, pgrp int, start uint64, ok bool) {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, 0, false
	}
	// The fields after the parenthesised command name: state, ppid, pgrp,
	// and 17 more to starttime (proc(5)).
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, 0, 0, false
	}
	f := bytes.Fields(stat[i+1:])
	if len(f) < 20 {
		return 0, 0, 0, false
	}
	ppid, err1 := strconv.Atoi(string(f[1]))
	pgrp, err2 := strconv.Atoi(string(f[2]))
	start, err3 := strconv.ParseUint(string(f[19]), 10, 64)
	return ppid, pgrp, start, err1 == nil && err2 == nil && err3 == nil
}
