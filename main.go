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

	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	gui.Run(a)
}
