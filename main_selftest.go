//go:build selftest

package main

import (
	"flag"
	"os"

	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/gui"
)

// The selftest build (go build -tags selftest, as make guiperf does) adds
// --selftest-flood=DURATION: scripts/guiperf.sh runs the window under a
// flood of its own traffic for that long and reads the report on stdout.
// The flag has no usage text, so it stays out of --help.
func init() {
	flood := flag.Duration("selftest-flood", 0, "")
	app := run
	run = func(a fyne.App) int {
		if *flood <= 0 {
			return app(a)
		}
		if err := gui.RunFloodSelfTest(a, *flood, os.Stdout); err != nil {
			return 1
		}
		return 0
	}
}
