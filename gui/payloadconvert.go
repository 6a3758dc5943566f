package gui

import (
	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/sockets"
)

// convertOnFormatChange remembers c's choice under key (text by default)
// and, when the user switches it, converts f's payload to the new format
// if it parses in the old one: hello <-> 68 65 6c 6c 6f. A payload that
// does not parse stays as typed, and its hint says why. onChange runs
// after every switch.
func convertOnFormatChange(c *enumChoice[sockets.Format], f *field, prefs fyne.Preferences, key string, onChange func()) {
	c.remember(prefs, key, sockets.FormatText, func(old sockets.Format) {
		if f.Text != "" {
			if b, err := sockets.ParsePayload(f.Text, old, sockets.EOLNone); err == nil {
				touched := f.touched
				f.SetText(renderPayload(b, c.Value()))
				f.touched = touched
			}
		}
		onChange()
	})
}

// renderPayload writes b in format fm so that parsing it gives b back:
// escaped text or hex pairs.
func renderPayload(b []byte, fm sockets.Format) string {
	if fm == sockets.FormatHex {
		return sockets.HexString(b)
	}
	return sockets.RenderText(b)
}
