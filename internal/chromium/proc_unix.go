//go:build unix

package chromium

import (
	"os/exec"
	"syscall"
)

// killGroup starts cmd in its own process group and makes cancellation kill
// the whole group, so Chromium's zygote, GPU and renderer helpers go too. The
// returned func, called after cmd has been waited for, kills any helper of
// that group still left.
func killGroup(cmd *exec.Cmd) (reap func()) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	return func() {
		if cmd.Process != nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // ESRCH when none is left
		}
	}
}
