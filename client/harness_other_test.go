//go:build !linux

package client_test

import "syscall"

// orphanProof is nothing here: only Linux kills a child with its parent.
var orphanProof *syscall.SysProcAttr
