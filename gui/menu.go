package gui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/assets"
	"github.com/sockettester/sockettester/internal/version"
)

// Bounds of the log limit setting.
const (
	minLogLimit = 100
	maxLogLimit = 100000 // rows cost ~200 B each, twice over while a batch waits; see bounds.go
)

// buildMenu returns the main menu: File, Edit, View and Help.
func (mw *mainWindow) buildMenu() *fyne.MainMenu {
	save := fyne.NewMenuItem("Save log...", mw.onSaveLog)
	save.Shortcut = shortcutSave
	quit := fyne.NewMenuItem("Quit", mw.onQuit)
	quit.IsQuit = true
	quit.Shortcut = shortcutQuit

	clearLog := fyne.NewMenuItem("Clear log", mw.onClearLog)
	clearLog.Shortcut = shortcutClear
	copyRow := fyne.NewMenuItem("Copy selected row", func() { mw.log.CopySelected() })

	mw.viewText = fyne.NewMenuItem("Text", func() { mw.setHex(false) })
	mw.viewHex = fyne.NewMenuItem("Hex", func() { mw.setHex(true) })
	mw.viewFollow = fyne.NewMenuItem("Follow new rows", func() { mw.setFollow(!mw.log.Follow()) })
	settings := fyne.NewMenuItem("Settings...", mw.onSettings)

	about := fyne.NewMenuItem("About Socket Tester", mw.onAbout)

	m := fyne.NewMainMenu(
		fyne.NewMenu("File", save, fyne.NewMenuItemSeparator(), quit),
		fyne.NewMenu("Edit", clearLog, copyRow),
		fyne.NewMenu("View", mw.viewText, mw.viewHex, fyne.NewMenuItemSeparator(), mw.viewFollow,
			fyne.NewMenuItemSeparator(), settings),
		fyne.NewMenu("Help", about),
	)
	mw.markViewMenu()
	return m
}

// markViewMenu sets the View menu's check marks from the log view.
func (mw *mainWindow) markViewMenu() bool {
	hex, follow := mw.log.Hex(), mw.log.Follow()
	if mw.viewHex.Checked == hex && mw.viewText.Checked == !hex && mw.viewFollow.Checked == follow {
		return false
	}
	mw.viewHex.Checked = hex
	mw.viewText.Checked = !hex
	mw.viewFollow.Checked = follow
	return true
}

// syncViewMenu follows changes made in the log view's own controls, so the
// check marks and the saved preferences stay true.
func (mw *mainWindow) syncViewMenu() {
	if mw.markViewMenu() {
		mw.prefs.SetBool(keyLogHex, mw.log.Hex())
		mw.prefs.SetBool(keyLogFollow, mw.log.Follow())
		mw.menu.Refresh()
	}
}

// setHex switches the log content between text and hex.
func (mw *mainWindow) setHex(on bool) {
	mw.log.SetHex(on)
	mw.prefs.SetBool(keyLogHex, on)
	mw.markViewMenu()
	mw.menu.Refresh()
}

// setFollow turns following new log rows on or off.
func (mw *mainWindow) setFollow(on bool) {
	mw.log.SetFollow(on)
	mw.prefs.SetBool(keyLogFollow, on)
	mw.markViewMenu()
	mw.menu.Refresh()
}

// onClearLog empties the log (Ctrl+L).
func (mw *mainWindow) onClearLog() { mw.log.Clear() }

// onSaveLog asks where to save the log (Ctrl+S).
func (mw *mainWindow) onSaveLog() { mw.log.SaveDialog() }

// parseLogLimit reads the log limit setting.
func parseLogLimit(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < minLogLimit || n > maxLogLimit {
		return 0, fmt.Errorf("enter a whole number from %d to %d", minLogLimit, maxLogLimit)
	}
	return n, nil
}

// onSettings shows the settings dialog: how many rows the log keeps.
func (mw *mainWindow) onSettings() {
	limit := widget.NewEntry()
	limit.SetText(strconv.Itoa(logLimit(mw.prefs)))
	limit.Validator = func(s string) error {
		_, err := parseLogLimit(s)
		if err != nil {
			return errors.New(hintText(err))
		}
		return nil
	}
	item := widget.NewFormItem("Log rows kept", limit)
	item.HintText = "Older rows are dropped beyond this; byte counters stay exact."
	d := dialog.NewForm("Settings", "Save", "Cancel", []*widget.FormItem{item}, func(ok bool) {
		if !ok {
			return
		}
		n, err := parseLogLimit(limit.Text)
		if err != nil {
			return
		}
		mw.applyLogLimit(n)
	}, mw.win)
	d.Resize(fyne.NewSize(420, 200))
	d.Show()
}

// applyLogLimit bounds the log to n rows and remembers it.
func (mw *mainWindow) applyLogLimit(n int) {
	mw.log.SetLimit(n)
	mw.prefs.SetInt(keyLogLimit, n)
}

// onAbout shows the app's name, version, licence and icon.
func (mw *mainWindow) onAbout() {
	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(96, 96))
	name := widget.NewLabelWithStyle("Socket Tester", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	info := widget.NewLabelWithStyle(aboutText(), fyne.TextAlignCenter, fyne.TextStyle{})
	content := container.NewVBox(container.NewCenter(icon), name, info)
	dialog.NewCustom("About Socket Tester", "Close", content, mw.win).Show()
}

// aboutText is the About dialog's text below the name.
func aboutText() string {
	return "Version " + version.Version + "\n" +
		"Licence: MIT\n\n" +
		"Test TCP and UDP servers and clients:\n" +
		"echo, reply or silent servers, text or hex payloads,\n" +
		"and every event and byte count live."
}
