package netns

import (
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// Do runs f on a thread switched into the host's namespace, so sockets f
// creates live there (a socket stays in the namespace it was made in), and
// interface names resolve there. Goroutines f starts run outside it.
func (h Host) Do(f func() error) error {
	runtime.LockOSThread()
	self, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer self.Close()
	target, err := os.Open("/run/netns/" + h.NS)
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer target.Close()
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("setns %s: %w", h.NS, err)
	}
	ferr := f()
	if err := unix.Setns(int(self.Fd()), unix.CLONE_NEWNET); err != nil {
		// The thread stays locked and ends with its goroutine, so no
		// other goroutine runs in the wrong namespace.
		return fmt.Errorf("setns back from %s: %w", h.NS, err)
	}
	runtime.UnlockOSThread()
	return ferr
}
