// Command barewindow is make guiperf's yardstick: a bare Fyne window like the app's.
// With -entry it holds a focused Entry below the label, make idle's
// yardstick for what Fyne's blinking cursor costs on its own. With -echo it
// runs the engine's TCP echo server on 127.0.0.1 (printing "listening tcp
// ADDR") and its label shows the server's counters 4 times a second while
// they change, as the app's log does under steady traffic: make storm's
// yardstick for what any window redrawing that often costs another
// client's echo.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
)

func main() {
	// The app's GC setting, so the comparison is of what the windows hold.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	entry := flag.Bool("entry", false, "add an Entry with the keyboard focus")
	echo := flag.Bool("echo", false, "run a TCP echo server on 127.0.0.1 and show its counters")
	flag.Parse()
	a := app.NewWithID("io.github.sockettester.barewindow")
	w := a.NewWindow("Socket Tester")
	if *entry {
		e := widget.NewEntry()
		e.SetText("1s")
		w.SetContent(container.NewVBox(widget.NewLabel("Socket Tester"), e))
		w.Canvas().Focus(e)
	} else {
		label := widget.NewLabel("Socket Tester")
		w.SetContent(label)
		if *echo {
			srv := sockets.NewServer(sockets.ServerConfig{Addr: "127.0.0.1:0"})
			if err := srv.Start(); err != nil {
				fmt.Fprintln(os.Stderr, "barewindow:", err)
				os.Exit(1)
			}
			fmt.Printf("listening tcp %s\n", srv.Addr())
			go showCounters(srv, label)
		}
	}
	w.Resize(fyne.NewSize(1100, 720))
	w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { a.Quit() })
	w.ShowAndRun()
}

// showCounters puts srv's counters on label every 250 ms while they change.
func showCounters(srv *sockets.Server, label *widget.Label) {
	var last sockets.Stats
	for range time.Tick(250 * time.Millisecond) {
		st := srv.Stats()
		if st == last {
			continue
		}
		last = st
		text := fmt.Sprintf("%d clients, %d in total; %d messages in, %d out", st.ConnsCurrent, st.ConnsTotal, st.MsgsIn, st.MsgsOut)
		fyne.Do(func() { label.SetText(text) })
	}
}
