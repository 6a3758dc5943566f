package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
)

// The send panel (issue 20): its buttons show above the log while the
// packet library has a panel, and in a window of their own, a workshop
// station with only the buttons, placed by the window manager beside the
// main window, whose log shows the exchange. Ctrl+1 to Ctrl+9 press the
// first nine buttons in either window, whatever has the focus: they are
// the Panel menu's shortcuts, which Fyne runs before a focused field sees
// the key.

// panelWindow is the panel's own window while it is open.
type panelWindow struct {
	win        fyne.Window
	view       *panes.PanelView
	edit, open *widgets.PlainButton
}

// setupPanel builds the panel and its view above the log.
func (mw *mainWindow) setupPanel() {
	mw.panel = panes.NewPanel(func() *panes.ClientPackets { return mw.client.Packets }, func() *panes.ClientPane { return mw.client })
	mw.panel.OnMessage = mw.showMessage
	mw.panel.OnChange = func() {
		if mw.menu != nil && !mw.closed {
			mw.setMenu()
		}
	}
	mw.panelView = mw.panel.NewView(mw.win, true)
}

// exchangeHead is what sits above the log: the panel, then the log's toolbar.
func (mw *mainWindow) exchangeHead() fyne.CanvasObject {
	if mw.exchangeTop == nil {
		mw.exchangeTop = container.NewVBox(mw.panelView.Object(), mw.log.Toolbar())
	}
	return mw.exchangeTop
}

// panelMenu is the Panel menu: edit, open a file, the own window, then a
// line per button (its Ctrl key, checked while it runs).
func (mw *mainWindow) panelMenu() *fyne.Menu {
	edit := fyne.NewMenuItem(i18n.Tr("panel.edit"), func() { mw.panel.Edit(mw.win) })
	open := fyne.NewMenuItem(i18n.Tr("panel.open"), func() { mw.panel.Open(mw.win) })
	own := fyne.NewMenuItem(i18n.Tr("panel.window"), mw.onPanelWindow)
	own.Shortcut = shortcutPanelWindow
	items := []*fyne.MenuItem{edit, open, own}
	for i := range mw.panel.Buttons() {
		if i == 0 {
			items = append(items, fyne.NewMenuItemSeparator())
		}
		it := fyne.NewMenuItem(mw.panel.Label(i), func() { mw.panel.Press(i, mw.win) })
		it.Checked = mw.panel.Running(i)
		if i < panes.PanelKeys {
			it.Shortcut = panelShortcut(i)
		}
		items = append(items, it)
	}
	return fyne.NewMenu(i18n.Tr("panel.menu"), items...)
}

// panelShortcut is Ctrl+(i+1), which presses button i.
func panelShortcut(i int) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyName(rune('1' + i)), Modifier: fyne.KeyModifierShortcutDefault}
}

// shortcutPanelWindow opens the panel's own window.
var shortcutPanelWindow = &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}

// addPanelShortcuts has c's Ctrl+1..9 press the buttons, from win.
func (mw *mainWindow) addPanelShortcuts(c fyne.Canvas, win fyne.Window) {
	for i := range panes.PanelKeys {
		c.AddShortcut(panelShortcut(i), func(fyne.Shortcut) { mw.panel.Press(i, win) })
	}
}

// onPanelWindow shows the panel's own window, opening it the first time.
func (mw *mainWindow) onPanelWindow() {
	if pw := mw.panelWin; pw != nil {
		pw.win.Show()
		pw.win.RequestFocus()
		return
	}
	w := mw.app.NewWindow(mw.panel.Title() + " · " + i18n.Tr("app.name"))
	pw := &panelWindow{win: w, view: mw.panel.NewView(w, false)}
	pw.edit = widgets.NewPlainButton(i18n.Tr("panel.edit"), theme.DocumentCreateIcon(), func() { mw.panel.Edit(w) })
	pw.open = widgets.NewPlainButton(i18n.Tr("panel.open"), theme.FolderOpenIcon(), func() { mw.panel.Open(w) })
	tools := container.NewHBox(pw.edit, pw.open)
	w.SetContent(container.NewBorder(nil, tools, nil, nil, container.NewVScroll(pw.view.Object())))
	mw.addPanelShortcuts(w.Canvas(), w)
	w.Canvas().AddShortcut(shortcutPanelWindow, func(fyne.Shortcut) { w.Close() })
	w.SetOnClosed(func() {
		pw.view.Remove()
		if mw.panelWin == pw {
			mw.panelWin = nil
		}
	})
	// The buttons in one column over the tools, whatever the zoom.
	col, pad := pw.view.ColumnSize(), theme.Padding()
	w.Resize(mw.fitScreen(fyne.NewSize(max(col.Width, tools.MinSize().Width)+4*pad, col.Height+tools.MinSize().Height+6*pad)))
	mw.panelWin = pw
	w.Show()
}

// retranslatePanel puts the current language into the panel's window.
func (mw *mainWindow) retranslatePanel() {
	mw.panel.Refresh()
	if pw := mw.panelWin; pw != nil {
		pw.win.SetTitle(mw.panel.Title() + " · " + i18n.Tr("app.name"))
		pw.edit.SetText(i18n.Tr("panel.edit"))
		pw.open.SetText(i18n.Tr("panel.open"))
	}
}

// closePanel stops the periodic buttons and closes the panel's window.
func (mw *mainWindow) closePanel() {
	mw.panel.StopAll()
	if pw := mw.panelWin; pw != nil {
		pw.win.Close()
	}
}
