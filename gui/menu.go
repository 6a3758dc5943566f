package gui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/assets"
	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/internal/version"
)

// Bounds of the log limit setting.
const (
	minLogLimit = 100
	maxLogLimit = 100000 // rows cost ~200 B each, twice over while a batch waits; see bounds.go
)

// viewMenu holds the View menu's items whose check marks follow the log
// view and the settings.
type viewMenu struct {
	text, hex, follow *fyne.MenuItem
	diagram           *fyne.MenuItem
	presentation      *fyne.MenuItem
	clock, relative   *fyne.MenuItem
	languages         []*fyne.MenuItem // system first, then i18n.Languages
}

// setMenu builds the main menu in the current language and shows it.
func (mw *mainWindow) setMenu() {
	mw.menu = mw.buildMenu()
	mw.win.SetMainMenu(mw.menu)
}

// buildMenu returns the main menu: File, Edit, View and Help.
func (mw *mainWindow) buildMenu() *fyne.MainMenu {
	item := func(key string, action func(), shortcut fyne.Shortcut) *fyne.MenuItem {
		it := fyne.NewMenuItem(i18n.Tr(key), action)
		it.Shortcut = shortcut
		return it
	}
	save := item("menu.saveLog", mw.onSaveLog, shortcutSave)
	export := fyne.NewMenuItem(i18n.Tr("menu.export"), nil)
	export.ChildMenu = fyne.NewMenu("", item("menu.exportDiagram", mw.onExportDiagram, nil),
		item("menu.exportPcap", mw.onExportPcap, nil))
	saveScenario := item("menu.saveScenario", mw.onSaveScenario, nil)
	quit := item("menu.quit", mw.onQuit, shortcutQuit)
	quit.IsQuit = true

	clearLog := item("menu.clearLog", mw.onClearLog, shortcutClear)
	copyRow := item("menu.copyRow", func() { mw.log.CopySelected() }, nil)

	v := &mw.view
	v.text = item("menu.text", func() { mw.setHex(false) }, nil)
	v.hex = item("menu.hex", func() { mw.setHex(true) }, nil)
	frames := item("menu.frames", mw.log.FramesDialog, nil)
	v.follow = item("menu.follow", func() { mw.setFollow(!mw.log.Follow()) }, nil)
	v.diagram = item("menu.diagram", func() { mw.setDiagram(!mw.diagramShown()) }, nil)
	scenarios := item("menu.scenarios", mw.onScenarios, nil)
	v.presentation = item("menu.presentation", func() { mw.setPresentation(!mw.present.on) }, shortcutPresentation)
	v.clock = item("menu.timeClock", func() { mw.setTimeMode(logview.TimeClock) }, nil)
	v.relative = item("menu.timeRelative", func() { mw.setTimeMode(logview.TimeRelative) }, nil)
	zoomIn := item("menu.zoomIn", mw.onZoomIn, shortcutZoomIn)
	zoomOut := item("menu.zoomOut", mw.onZoomOut, shortcutZoomOut)
	zoomReset := item("menu.zoomReset", mw.onZoomReset, shortcutZoomReset)
	v.languages = []*fyne.MenuItem{item("menu.langSystem", func() { mw.setLanguage("") }, nil)}
	for _, code := range i18n.Languages {
		v.languages = append(v.languages, fyne.NewMenuItem(languageName(code), func() { mw.setLanguage(code) }))
	}
	language := fyne.NewMenuItem(i18n.Tr("menu.language"), nil)
	language.ChildMenu = fyne.NewMenu("", v.languages...)
	settings := item("menu.settings", mw.onSettings, nil)

	about := item("menu.about", mw.onAbout, nil)

	sep := fyne.NewMenuItemSeparator
	m := fyne.NewMainMenu(
		fyne.NewMenu(i18n.Tr("menu.file"), save, export, saveScenario, sep(), quit),
		fyne.NewMenu(i18n.Tr("menu.edit"), clearLog, copyRow),
		fyne.NewMenu(i18n.Tr("menu.view"), v.text, v.hex, frames, sep(), v.clock, v.relative, sep(), v.follow, v.diagram, scenarios,
			sep(), v.presentation, zoomIn, zoomOut, zoomReset, sep(), language, settings),
		mw.panelMenu(),
		fyne.NewMenu(i18n.Tr("menu.help"), about),
	)
	mw.markViewMenu()
	return m
}

// languageName is a language's name in itself, as a menu offers it.
func languageName(code string) string {
	switch code {
	case i18n.Vietnamese:
		return "Tiếng Việt"
	case i18n.English:
		return "English"
	}
	return code
}

// markViewMenu sets the View menu's check marks, reporting whether any changed.
func (mw *mainWindow) markViewMenu() bool {
	v := &mw.view
	changed := false
	mark := func(it *fyne.MenuItem, on bool) {
		if it.Checked != on {
			it.Checked = on
			changed = true
		}
	}
	hex := mw.log.Hex()
	mark(v.hex, hex)
	mark(v.text, !hex)
	mark(v.follow, mw.log.Follow())
	mark(v.diagram, mw.diagramShown())
	mark(v.presentation, mw.present.on)
	mark(v.clock, mw.log.TimeMode() == logview.TimeClock)
	mark(v.relative, mw.log.TimeMode() == logview.TimeRelative)
	chosen := mw.prefs.String(i18n.KeyLanguage)
	mark(v.languages[0], !i18n.IsAppLanguage(chosen))
	for i, code := range i18n.Languages {
		mark(v.languages[i+1], chosen == code)
	}
	return changed
}

// syncViewMenu follows changes made in the log view's own controls, so the
// check marks and the saved preferences stay true.
func (mw *mainWindow) syncViewMenu() {
	if mw.markViewMenu() {
		mw.prefs.SetBool(logview.KeyLogHex, mw.log.Hex())
		mw.prefs.SetBool(logview.KeyLogFollow, mw.log.Follow())
		mw.menu.Refresh()
	}
}

func (mw *mainWindow) setHex(on bool) {
	mw.log.SetHex(on)
	mw.prefs.SetBool(logview.KeyLogHex, on)
	mw.markViewMenu()
	mw.menu.Refresh()
}

func (mw *mainWindow) setFollow(on bool) {
	mw.log.SetFollow(on)
	mw.prefs.SetBool(logview.KeyLogFollow, on)
	mw.markViewMenu()
	mw.menu.Refresh()
}

// setTimeMode switches the time column: time of day, or since the first event.
func (mw *mainWindow) setTimeMode(m logview.TimeMode) {
	mw.log.SetTimeMode(m)
	mw.prefs.SetInt(logview.KeyLogTimeMode, int(m))
	mw.markViewMenu()
	mw.menu.Refresh()
}

// setDiagram shows or hides the sequence diagram and remembers it.
func (mw *mainWindow) setDiagram(on bool) {
	mw.showDiagram(on)
	mw.prefs.SetBool(logview.KeySeqShown, on)
	mw.markViewMenu()
	mw.menu.Refresh()
}

func (mw *mainWindow) onExportDiagram() { mw.seq.ExportDialog(mw.win, mw.prefs, mw.showMessage) }

// setLanguage switches the window to the language code ("" for the
// system's) and remembers the choice.
func (mw *mainWindow) setLanguage(code string) {
	mw.prefs.SetString(i18n.KeyLanguage, code)
	i18n.SetupLanguage(mw.prefs)
	mw.retranslate()
}

// retranslate puts the current language into every text of the window.
func (mw *mainWindow) retranslate() {
	mw.texts.Apply()
	mw.server.Update()
	mw.clients.retranslate()
	mw.retranslatePanel()
	mw.log.Retranslate()
	mw.seq.Refresh()
	mw.refreshStatus()
	mw.setMenu()
	// Texts changed width: every container lays out again, as at start.
	mw.win.Content().Refresh()
}

func (mw *mainWindow) onClearLog() { mw.log.Clear() }

func (mw *mainWindow) onSaveLog() { mw.log.SaveDialog(mw.showMessage) }

func parseLogLimit(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < minLogLimit || n > maxLogLimit {
		return 0, errors.New(i18n.Trf("hint.logLimit", i18n.Args{"Min": minLogLimit, "Max": maxLogLimit}))
	}
	return n, nil
}

// onSettings shows the settings dialog: how many rows the log keeps.
func (mw *mainWindow) onSettings() {
	limit := widgets.NewDialogEntry()
	limit.SetText(strconv.Itoa(logLimit(mw.prefs)))
	limit.Validator = widgets.Validator(parseLogLimit)
	item := widget.NewFormItem(i18n.Tr("settings.logRows"), limit)
	item.HintText = i18n.Tr("settings.logRowsHint")
	d := dialog.NewForm(i18n.Tr("settings.title"), i18n.Tr("dialog.save"), i18n.Tr("dialog.cancel"), []*widget.FormItem{item}, func(ok bool) {
		if !ok {
			return
		}
		n, err := parseLogLimit(limit.Text)
		if err != nil {
			return
		}
		mw.applyLogLimit(n)
	}, mw.win)
	limit.OnEnter, limit.OnEscape = d.Submit, d.Dismiss
	widgets.ShowDialog(mw.win, d, d.Submit)
	mw.win.Canvas().Focus(limit)
}

// applyLogLimit bounds the log to n rows and remembers it.
func (mw *mainWindow) applyLogLimit(n int) {
	mw.log.SetLimit(n)
	mw.prefs.SetInt(logview.KeyLogLimit, n)
}

func (mw *mainWindow) onAbout() {
	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(5 * theme.IconInlineSize()))
	name := widget.NewLabelWithStyle(i18n.Tr("app.name"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	info := widget.NewLabelWithStyle(aboutText(), fyne.TextAlignCenter, fyne.TextStyle{})
	content := container.NewVBox(container.NewCenter(icon), name, info)
	widgets.ShowDialog(mw.win, dialog.NewCustom(i18n.Tr("menu.about"), i18n.Tr("dialog.close"), content, mw.win), nil)
}

func aboutText() string {
	return i18n.Trf("about.text", i18n.Args{"Version": version.Version})
}
