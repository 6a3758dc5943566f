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
// flood of its own traffic for that long and reads the report on stdout;
// with --selftest-after=DURATION the app then idles that long and reports
// how much memory it gave back. The flags have no usage text, so they stay
// out of --help.
func init() {
	flood := flag.Duration("selftest-flood", 0, "")
	after := flag.Duration("selftest-after", 0, "")
	app := run
	run = func(a fyne.App) int {
		if *flood <= 0 {
			return app(a)
		}
		if err := gui.RunFloodSelfTest(a, *flood, *after, os.Stdout, windowOptions...); err != nil {
			return 1
		}
		return 0
	}
}
