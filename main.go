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
	"io"
	"os"
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"github.com/go-gl/glfw/v3.3/glfw"
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
	if status := runWindow(a, os.Stderr); status != 0 {
		os.Exit(status)
	}
}

// runWindow runs the app and returns its exit status. When the graphics
// library cannot start (no display, no OpenGL), Fyne carries on and
// go-gl/glfw panics on its next call; that becomes a plain message and
// status 1, under the line in which GLFW says why. Any other panic goes on.
func runWindow(a fyne.App, stderr io.Writer) (status int) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if e, ok := r.(*glfw.Error); ok && e.Code.String() == "NotInitialized" {
			fmt.Fprintln(stderr, noWindowMessage)
			status = 1
			return
		}
		panic(r)
	}()
	return run(a)
}

// noWindowMessage is what runWindow prints when the window cannot open.
const noWindowMessage = "sockettester: the window could not open: the graphics library (GLFW) did not start; " +
	"the line above says why. Start it in a desktop session (DISPLAY or WAYLAND_DISPLAY set), " +
	"or use sockettester-cli, which needs no window."

// run runs the app until its window closes and returns the exit status.
// Builds with extra modes wrap it (see main_*.go).
var run = func(a fyne.App) int {
	gui.Run(a, windowOptions...)
	return 0
}

// windowOptions are what main gives the window that gui cannot find out
// itself (gui has no cgo): the screen's size, and on Linux a way to give
// the C allocator's free memory back (main_trim_linux.go).
var windowOptions = []gui.Option{gui.WithScreen(primaryScreen)}

// primaryScreen reports the primary monitor's size in pixels, so the window
// never opens larger than the screen. Fyne has no call for it; GLFW, its
// desktop driver's library, does. It runs on the main thread once the
// window exists (GLFW is initialised then), and reports false if GLFW
// cannot tell.
func primaryScreen() (width, height int, ok bool) {
	defer func() {
		if recover() != nil { // go-gl/glfw panics on a GLFW error
			ok = false
		}
	}()
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return 0, 0, false
	}
	mode := m.GetVideoMode()
	if mode == nil {
		return 0, 0, false
	}
	return mode.Width, mode.Height, true
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
