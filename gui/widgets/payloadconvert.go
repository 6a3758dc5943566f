package widgets

import (
	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/sockets"
)

// ConvertOnFormatChange remembers c's choice under key (text by default)
// and, when the user switches it, converts f's payload to the new format
// if it parses in the old one: hello <-> 68 65 6c 6c 6f. A payload that
// does not parse stays as typed, and its hint says why. onChange runs
// after every switch.
func ConvertOnFormatChange(c *EnumChoice[sockets.Format], f *Field, prefs fyne.Preferences, key string, onChange func()) {
	c.Remember(prefs, key, sockets.FormatText, func(old sockets.Format) {
		if f.Text != "" {
			if b, err := sockets.ParsePayload(f.Text, old, sockets.EOLNone); err == nil {
				touched := f.Touched
				f.SetText(RenderPayload(b, c.Value()))
				f.Touched = touched
			}
		}
		onChange()
	})
}

// RenderPayload writes b in format fm so that parsing it gives b back:
// escaped text or hex pairs.
func RenderPayload(b []byte, fm sockets.Format) string {
	if fm == sockets.FormatHex {
		return sockets.HexString(b)
	}
	return sockets.RenderText(b)
}
