//go:build !linux

package shell

import (
	"os/exec"
	"syscall"
)

// waitAndKillGroup reaps the script, then kills its process group. Without
// Linux's waitid(WNOWAIT) the group is killed after the reap, with a small
// risk that the pid has been reused by then.
func waitAndKillGroup(cmd *exec.Cmd) error {
	err := cmd.Wait()
	killGroup(cmd)
	return err
}

// dieWithParent does nothing where the kernel cannot tie a child's life to
// its parent's.
func dieWithParent(*syscall.SysProcAttr) {}
