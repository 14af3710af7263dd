package shell

import (
	"os/exec"
	"syscall"

	"golang.org/x/sys/unix"
)

// waitAndKillGroup waits for the script to exit without reaping it
// (waitid with WNOWAIT): while it is a zombie its pid, which is its process
// group's id, cannot be reused, so killing the group cannot hit an
// unrelated process. Then it reaps the script.
func waitAndKillGroup(cmd *exec.Cmd) error {
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PID, cmd.Process.Pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if err != unix.EINTR {
			break
		}
	}
	killGroup(cmd)
	return cmd.Wait()
}

// dieWithParent asks the kernel to kill the script's shell if wfc itself
// dies (even by SIGKILL), so that a killed run leaves no shell running.
// What the shell started in the background keeps its process group, which
// a later run does not know; scripts that must not outlive wfc should not
// detach.
func dieWithParent(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }
