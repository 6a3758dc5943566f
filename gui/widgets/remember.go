package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// rememberText fills e with the text saved under key (def when there is
// none), checks it with validate from then on, and saves every change, as
// typed, before calling onChange.
func rememberText(e *widget.Entry, prefs fyne.Preferences, key, def string, validate fyne.StringValidator, onChange func()) {
	e.SetText(prefs.StringWithFallback(key, def))
	e.Validator = validate
	e.OnChanged = func(s string) {
		prefs.SetString(key, s)
		onChange()
	}
}

// rememberedEntry is a new entry set up by rememberText.
func rememberedEntry(prefs fyne.Preferences, key, def, placeholder string, validate fyne.StringValidator, onChange func()) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	rememberText(e, prefs, key, def, validate, onChange)
	return e
}
