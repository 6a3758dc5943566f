package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/sockettester/sockettester/gui/i18n"
)

// texts keeps, for each widget whose text is set once when it is built,
// how to set it, so that View > Language can put the new language into
// every widget of the running window: nothing is rebuilt, so a running
// server, an open connection and everything typed stay as they are. Texts
// that change with the state (a status, a hint) are recomputed by their
// pane's update instead.
//
// A nil *texts sets the texts once and keeps nothing, for widgets built
// outside a window (dialogs, tests).
type texts struct{ setters []func() }

// on runs set now and again on every language change.
func (t *texts) on(set func()) {
	set()
	if t != nil {
		t.setters = append(t.setters, set)
	}
}

// apply runs every setter, in the order they were added.
func (t *texts) apply() {
	for _, set := range t.setters {
		set()
	}
}

// label returns a label showing key's text.
func (t *texts) label(key string) *widget.Label {
	l := widget.NewLabel("")
	t.on(func() { l.SetText(i18n.Tr(key)) })
	return l
}

// heading returns a label showing key's text in the primary colour, for a
// pane's title. Not bold: each text style costs its own fonts (see
// plainButton).
func (t *texts) heading(key string) *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.HighImportance
	t.on(func() { l.SetText(i18n.Tr(key)) })
	return l
}

// button returns a button showing key's text and icon.
func (t *texts) button(key string, icon fyne.Resource, tapped func()) *plainButton {
	b := newPlainButton("", icon, tapped)
	t.on(func() { b.SetText(i18n.Tr(key)) })
	return b
}

// primary returns a button for a pane's main action, in the theme's
// primary colour.
func (t *texts) primary(key string, icon fyne.Resource, tapped func()) *plainButton {
	b := t.button(key, icon, tapped)
	b.Importance = widget.HighImportance
	return b
}

// placeholder shows key's text in e while it is empty.
func (t *texts) placeholder(e *widget.Entry, key string) {
	t.on(func() { e.SetPlaceHolder(i18n.Tr(key)) })
}
