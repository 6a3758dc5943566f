package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// choiceEntry is an entry with a drop-down of choices, like Fyne's
// SelectEntry, whose drop-down button is a plainButton: SelectEntry's own
// button would have the window load the bold fonts (see plainButton).
type choiceEntry struct {
	widget.Entry
	options []string
	button  *plainButton
}

func newChoiceEntry(options []string) *choiceEntry {
	e := &choiceEntry{options: options}
	e.ExtendBaseWidget(e)
	e.button = newPlainButton("", theme.MenuDropDownIcon(), e.showMenu)
	e.button.Importance = widget.LowImportance
	e.ActionItem = e.button
	return e
}

// SetOptions changes the choices.
func (e *choiceEntry) SetOptions(options []string) { e.options = options }

// Disable disables the entry and its drop-down.
func (e *choiceEntry) Disable() {
	e.Entry.Disable()
	e.button.Disable()
}

// Enable enables the entry and its drop-down.
func (e *choiceEntry) Enable() {
	e.Entry.Enable()
	e.button.Enable()
}

// showMenu drops the choices down under the entry; choosing one sets the
// text, as typing it would.
func (e *choiceEntry) showMenu() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e).AddXY(0, e.Size().Height)
	m := widget.NewPopUpMenu(e.menu(), c)
	m.ShowAtPosition(pos)
	m.Resize(fyne.NewSize(e.Size().Width, m.MinSize().Height))
}

// menu is the drop-down: one item a choice.
func (e *choiceEntry) menu() *fyne.Menu {
	items := make([]*fyne.MenuItem, len(e.options))
	for i, o := range e.options {
		items[i] = fyne.NewMenuItem(o, func() { e.SetText(o) })
	}
	return fyne.NewMenu("", items...)
}
