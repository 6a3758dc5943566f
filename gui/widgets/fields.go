package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Field is an entry whose value is kept in preferences as typed and whose
// problem, if any, shows in a red hint below it, but only once the user
// has touched it: typed into it, or tried the action it is for.
type Field struct {
	*widget.Entry
	Hint    *widget.Label
	Touched bool
}

// NewField returns a field over e showing the text saved under key (def
// when there is none), saving every change, as typed, before onChange.
func NewField(e *widget.Entry, prefs fyne.Preferences, key, def string, onChange func()) *Field {
	same := func(s string) string { return s }
	return NewStoredField(e, prefs, key, def, same, same, onChange)
}

// NewStoredField is NewField for a text whose choices preferences keep by
// a stable name rather than by the label shown: store maps the text shown
// to what is kept, show maps what is kept (def, a name, or a value an
// older version kept) to the text shown.
func NewStoredField(e *widget.Entry, prefs fyne.Preferences, key, def string, store, show func(string) string, onChange func()) *Field {
	f := &Field{Entry: e, Hint: NewHint()}
	stored := prefs.StringWithFallback(key, def)
	f.Touched = store(show(stored)) != def
	e.SetText(show(stored))
	e.OnChanged = func(s string) {
		f.Touched = true
		prefs.SetString(key, store(s))
		onChange()
	}
	return f
}

// Relabel shows s, the same value in other words (another language), as
// nothing happened: no OnChanged, nothing saved, not touched.
func (f *Field) Relabel(s string) {
	if f.Entry.Text == s {
		return
	}
	on := f.Entry.OnChanged
	f.Entry.OnChanged = nil
	f.Entry.SetText(s)
	f.Entry.OnChanged = on
}

// NewEntryField is NewField over a new single-line entry.
func NewEntryField(prefs fyne.Preferences, key, def string, onChange func()) *Field {
	return NewField(widget.NewEntry(), prefs, key, def, onChange)
}

// Check shows err in the hint if the field was touched, and hides the hint
// otherwise; it returns err.
func (f *Field) Check(err error) error {
	if !f.Touched {
		err = nil
	}
	SetHint(f.Hint, err)
	return err
}

// Touch marks the field touched, as trying its action does.
func (f *Field) Touch() { f.Touched = true }

// NewHint returns an empty, hidden label for an inline input problem, drawn
// in the theme's error colour.
func NewHint() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// SetHint shows err's message in l, or hides l when err is nil.
func SetHint(l *widget.Label, err error) {
	text := hintText(err)
	if text == l.Text && (text != "") == l.Visible() {
		return
	}
	l.SetText(text)
	SetVisible(l, text != "")
}

// ReasonLabel returns a label for why an action is not available now,
// drawn quietly beside it: a disabled button says why.
func ReasonLabel() *widget.Label {
	l := TruncatedLabel("")
	l.Importance = widget.LowImportance
	return l
}
