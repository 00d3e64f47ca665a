package client_test

import "syscall"

// orphanProof makes the kernel kill tillit serve if the test process dies
// without its cleanups, e.g. on a timeout or SIGQUIT.
var orphanProof = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
