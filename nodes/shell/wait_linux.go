package shell

import (
	"os/exec"

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
