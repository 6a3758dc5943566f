package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/sockettester/sockettester/gui/i18n"
)

// Texts keeps, for each widget whose text is set once when it is built,
// how to set it, so that View > Language can put the new language into
// every widget of the running window: nothing is rebuilt, so a running
// server, an open connection and everything typed stay as they are. Texts
// that change with the state (a status, a hint) are recomputed by their
// pane's update instead.
//
// A nil *Texts sets the texts once and keeps nothing, for widgets built
// outside a window (dialogs, tests).
type Texts struct{ setters []func() }

// On runs set now and again on every language change.
func (t *Texts) On(set func()) {
	set()
	if t != nil {
		t.setters = append(t.setters, set)
	}
}

// Apply runs every setter, in the order they were added.
func (t *Texts) Apply() {
	for _, set := range t.setters {
		set()
	}
}

// Label returns a label showing key's text.
func (t *Texts) Label(key string) *widget.Label {
	l := widget.NewLabel("")
	t.On(func() { l.SetText(i18n.Tr(key)) })
	return l
}

// Heading returns a label showing key's text in the primary colour, for a
// pane's title. Not bold: each text style costs its own fonts (see
// PlainButton).
func (t *Texts) Heading(key string) *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.HighImportance
	t.On(func() { l.SetText(i18n.Tr(key)) })
	return l
}

// Button returns a button showing key's text and icon.
func (t *Texts) Button(key string, icon fyne.Resource, tapped func()) *PlainButton {
	b := NewPlainButton("", icon, tapped)
	t.On(func() { b.SetText(i18n.Tr(key)) })
	return b
}

// Primary returns a button for a pane's main action, in the theme's
// primary colour.
func (t *Texts) Primary(key string, icon fyne.Resource, tapped func()) *PlainButton {
	b := t.Button(key, icon, tapped)
	b.Importance = widget.HighImportance
	return b
}

// Placeholder shows key's text in e while it is empty.
func (t *Texts) Placeholder(e *widget.Entry, key string) {
	t.On(func() { e.SetPlaceHolder(i18n.Tr(key)) })
}
