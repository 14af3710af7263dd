//go:build !linux

package shell

import (
	"os/exec"
	"syscall"
)

// BecomeSubreaper does nothing where the kernel has no child subreapers.
func BecomeSubreaper() error { return nil }

// start starts the command built by newCmd in its own process group, so
// that one kill reaches its children.
func start(newCmd func() *exec.Cmd) (*exec.Cmd, string, error) {
	cmd := newCmd()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd, "", cmd.Start()
}

// waitAndKillGroup reaps the script, then kills its process group. Without
// Linux's waitid(WNOWAIT) the group is killed after the reap, with a small
// risk that the pid has been reused by then.
func waitAndKillGroup(cmd *exec.Cmd, _ string) error {
	err := cmd.Wait()
	killGroup(cmd)
	return err
}
