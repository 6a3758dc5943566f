//go:build selftest && unix

package gui

import (
	"fmt"
	"syscall"
	"time"
)

// processCPU returns the CPU time the process has used, user and system,
// as the kernel accounts it (getrusage).
func processCPU() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}
