// Command barewindow is make guiperf's yardstick: a bare Fyne window like the app's.
// With -entry it holds a focused Entry below the label, make idle's
// yardstick for what Fyne's blinking cursor costs on its own.
package main

import (
	"flag"
	"os"
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

func main() {
	// The app's GC setting, so the comparison is of what the windows hold.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	entry := flag.Bool("entry", false, "add an Entry with the keyboard focus")
	flag.Parse()
	a := app.NewWithID("io.github.sockettester.barewindow")
	w := a.NewWindow("Socket Tester")
	if *entry {
		e := widget.NewEntry()
		e.SetText("1s")
		w.SetContent(container.NewVBox(widget.NewLabel("Socket Tester"), e))
		w.Canvas().Focus(e)
	} else {
		w.SetContent(widget.NewLabel("Socket Tester"))
	}
	w.Resize(fyne.NewSize(1100, 720))
	w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { a.Quit() })
	w.ShowAndRun()
}
