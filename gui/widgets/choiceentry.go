package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ChoiceEntry is Fyne's SelectEntry with a PlainButton for the drop-down:
// SelectEntry's own button would have the window load the bold fonts (see
// PlainButton).
type ChoiceEntry struct {
	widget.Entry
	options []string
	Button  *PlainButton
}

// NewChoiceEntry is an entry offering options in its drop-down.
func NewChoiceEntry(options []string) *ChoiceEntry {
	e := &ChoiceEntry{options: options}
	e.ExtendBaseWidget(e)
	e.Button = NewPlainButton("", theme.MenuDropDownIcon(), e.showMenu)
	e.Button.Importance = widget.LowImportance
	e.ActionItem = e.Button
	return e
}

// SetOptions changes the choices.
func (e *ChoiceEntry) SetOptions(options []string) { e.options = options }

// Disable disables the entry and its drop-down.
func (e *ChoiceEntry) Disable() {
	e.Entry.Disable()
	e.Button.Disable()
}

// Enable enables the entry and its drop-down.
func (e *ChoiceEntry) Enable() {
	e.Entry.Enable()
	e.Button.Enable()
}

// showMenu drops the choices down; choosing one sets the text, as typing it would.
func (e *ChoiceEntry) showMenu() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e).AddXY(0, e.Size().Height)
	m := widget.NewPopUpMenu(e.Menu(), c)
	m.ShowAtPosition(pos)
	m.Resize(fyne.NewSize(e.Size().Width, m.MinSize().Height))
}

// Menu is the drop-down: one item a choice.
func (e *ChoiceEntry) Menu() *fyne.Menu {
	items := make([]*fyne.MenuItem, len(e.options))
	for i, o := range e.options {
		items[i] = fyne.NewMenuItem(o, func() { e.SetText(o) })
	}
	return fyne.NewMenu("", items...)
}
