//go:build !unix

package chromium

import "os/exec"

// killGroup leaves cmd as it is: outside unix, cancellation kills only the
// browser process, and nothing is left to reap.
func killGroup(*exec.Cmd) (reap func()) { return func() {} }
