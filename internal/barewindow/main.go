// Command barewindow is the yardstick of make guiperf: a bare Fyne window
// holding one label, at the app's default size and title, with the app's
// GC setting. The app's idle memory is reported against this window's,
// measured in the same run under the same Xvfb.
package main

import (
	"os"
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

func main() {
	// The same GC setting as the app (main.go), so the comparison is of
	// what the windows hold, not of how often they collect.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	a := app.NewWithID("io.github.sockettester.barewindow")
	w := a.NewWindow("Socket Tester")
	w.SetContent(widget.NewLabel("Socket Tester"))
	w.Resize(fyne.NewSize(1100, 720))
	// Ctrl+Q quits, as in the app, so the scripts can stop it alike.
	w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { a.Quit() })
	w.ShowAndRun()
}
