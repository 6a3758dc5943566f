//go:build selftest

package main

import (
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/sirupsen/logrus"
)

// In the selftest build, SOCKETTESTER_CPUPROFILE=FILE has SIGUSR1 start a
// CPU profile into FILE and SIGUSR2 stop it and write a heap profile to
// FILE.heap: scripts/storm.sh profiles
// the storm alone, not start-up or the quiet after.
func init() {
	path := os.Getenv("SOCKETTESTER_CPUPROFILE")
	if path == "" {
		return
	}
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGUSR1, syscall.SIGUSR2)
	go func() {
		var f *os.File
		for s := range sig {
			switch {
			case s == syscall.SIGUSR1 && f == nil:
				var err error
				if f, err = os.Create(path); err == nil {
					err = pprof.StartCPUProfile(f)
				}
				if err != nil {
					logrus.Errorf("cpu profile: %v", err)
					f = nil
				}
			case s == syscall.SIGUSR2 && f != nil:
				pprof.StopCPUProfile()
				f.Close()
				f = nil
				if h, err := os.Create(path + ".heap"); err == nil {
					pprof.WriteHeapProfile(h)
					h.Close()
				}
			}
		}
	}()
}
