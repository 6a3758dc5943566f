//go:build selftest && !unix

package gui

import (
	"errors"
	"time"
)

// processCPU is not measured on this platform.
func processCPU() (time.Duration, error) {
	return 0, errors.New("no getrusage on this platform")
}
