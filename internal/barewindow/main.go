// Command barewindow is make guiperf's yardstick: a bare Fyne window like the app's.
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
	// The app's GC setting, so the comparison is of what the windows hold.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	a := app.NewWithID("io.github.sockettester.barewindow")
	w := a.NewWindow("Socket Tester")
	w.SetContent(widget.NewLabel("Socket Tester"))
	w.Resize(fyne.NewSize(1100, 720))
	w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { a.Quit() })
	w.ShowAndRun()
}
