// Command sockettester is Socket Tester, a desktop tool for testing TCP and
// UDP: run echo, reply or silent servers, connect clients, send text or hex
// payloads and watch every event and byte count live.
//
// Usage:
//
//	sockettester [--log-level debug|info|warn|error] [--version]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/debug"

	"fyne.io/fyne/v2/app"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/assets"
	"github.com/sockettester/sockettester/gui"
	"github.com/sockettester/sockettester/internal/version"
)

// appID is the Fyne application ID; it must match ID in FyneApp.toml, and
// preferences are stored under it.
const appID = "io.github.sockettester.sockettester"

func main() {
	level := flag.String("log-level", "warn", "diagnostic log level on stderr: trace, debug, info, warn, error")
	showVersion := flag.Bool("version", false, "print the version and exit")
	// Hidden (no usage text): scripts/guiperf.sh runs the window under a
	// flood of its own traffic and reads the report on stdout.
	flood := flag.Duration("selftest-flood", 0, "")
	flag.Usage = usage
	flag.Parse()

	if *showVersion {
		fmt.Println("sockettester " + version.Version)
		return
	}
	lvl, err := logrus.ParseLevel(*level)
	if err != nil {
		fmt.Fprintf(os.Stderr, "sockettester: --log-level: %v\n", err)
		os.Exit(2)
	}
	logrus.SetOutput(os.Stderr)
	logrus.SetLevel(lvl)
	// A desktop app idles most of its life: collect when the heap has grown
	// by half since the last collection rather than doubled, which keeps
	// ~10-15 MB less resident (and less under a flood) for a little more GC
	// work. GOGC in the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}

	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	if *flood > 0 {
		if err := gui.RunFloodSelfTest(a, *flood, os.Stdout); err != nil {
			os.Exit(1)
		}
		return
	}
	gui.Run(a)
}

// usage lists the flags that have a usage text.
func usage() {
	out := flag.CommandLine.Output()
	fmt.Fprintln(out, "Usage: sockettester [flags]")
	flag.VisitAll(func(f *flag.Flag) {
		switch {
		case f.Usage == "":
		case f.DefValue == "" || f.DefValue == "false":
			fmt.Fprintf(out, "  --%s\n    \t%s\n", f.Name, f.Usage)
		default:
			fmt.Fprintf(out, "  --%s\n    \t%s (default %q)\n", f.Name, f.Usage, f.DefValue)
		}
	})
}
