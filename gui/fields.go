package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// field is an entry whose value is kept in preferences as typed and whose
// problem, if any, shows in a red hint below it, but only once the user
// has touched it: typed into it, or tried the action it is for. So a
// window never opens with red text, and a valid field carries no mark
// (the entry has no Validator, which would draw a check mark).
type field struct {
	*widget.Entry
	hint    *widget.Label
	touched bool
}

// newField returns a field over e showing the text saved under key (def
// when there is none), saving every change, as typed, before onChange. A
// saved text other than def counts as touched: the user typed it, in an
// earlier session.
func newField(e *widget.Entry, prefs fyne.Preferences, key, def string, onChange func()) *field {
	f := &field{Entry: e, hint: newHint()}
	text := prefs.StringWithFallback(key, def)
	f.touched = text != def
	e.SetText(text)
	e.OnChanged = func(s string) {
		f.touched = true
		prefs.SetString(key, s)
		onChange()
	}
	return f
}

// newEntryField is newField over a new single-line entry.
func newEntryField(prefs fyne.Preferences, key, def string, onChange func()) *field {
	return newField(widget.NewEntry(), prefs, key, def, onChange)
}

// check shows err in the hint if the field was touched, and hides the hint
// otherwise; it returns err.
func (f *field) check(err error) error {
	if !f.touched {
		err = nil
	}
	setHint(f.hint, err)
	return err
}

// touch marks the field touched, as trying its action does.
func (f *field) touch() { f.touched = true }

// newHint returns an empty, hidden label for an inline input problem, drawn
// in the theme's error colour.
func newHint() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// setHint shows err's message in l, or hides l when err is nil.
func setHint(l *widget.Label, err error) {
	text := hintText(err)
	if text == l.Text && (text != "") == l.Visible() {
		return
	}
	l.SetText(text)
	setVisible(l, text != "")
}

// reasonLabel returns a label for why an action is not available now,
// drawn quietly beside it: a disabled button says why.
func reasonLabel() *widget.Label {
	l := truncatedLabel("")
	l.Importance = widget.LowImportance
	return l
}
