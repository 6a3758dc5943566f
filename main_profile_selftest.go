//go:build selftest

package main

import (
	"os"
	"os/signal"
	"runtime/pprof"
	"runtime/trace"
	"syscall"

	"github.com/sirupsen/logrus"
)

// In the selftest build, SOCKETTESTER_CPUPROFILE=FILE has SIGUSR1 start a
// CPU profile into FILE and SIGUSR2 stop it and write a heap profile to
// FILE.heap: scripts/storm.sh profiles
// the storm alone, not start-up or the quiet after. With
// SOCKETTESTER_TRACE=FILE2 as well, the same signals start and stop an
// execution trace into FILE2 (go tool trace -pprof=sched FILE2 tells where
// goroutines waited to run).
func init() {
	path := os.Getenv("SOCKETTESTER_CPUPROFILE")
	if path == "" {
		return
	}
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGUSR1, syscall.SIGUSR2)
	go func() {
		var f, tf *os.File
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
				tf = startTrace()
			case s == syscall.SIGUSR2 && f != nil:
				pprof.StopCPUProfile()
				f.Close()
				f = nil
				if tf != nil {
					trace.Stop()
					tf.Close()
					tf = nil
				}
				if h, err := os.Create(path + ".heap"); err == nil {
					pprof.WriteHeapProfile(h)
					h.Close()
				}
			}
		}
	}()
}

// startTrace starts an execution trace into SOCKETTESTER_TRACE, if set.
func startTrace() *os.File {
	path := os.Getenv("SOCKETTESTER_TRACE")
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err == nil {
		err = trace.Start(f)
	}
	if err != nil {
		logrus.Errorf("trace: %v", err)
		if f != nil {
			f.Close()
		}
		return nil
	}
	return f
}
