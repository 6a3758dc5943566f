package widgets

import (
	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/sockets/payload"
)

// ConvertOnFormatChange remembers c's choice under key (text by default)
// and, when the user switches it, converts f's payload to the new format
// if it parses in the old one: hello <-> 68 65 6c 6c 6f.
func ConvertOnFormatChange(c *EnumChoice[payload.Format], f *Field, prefs fyne.Preferences, key string, onChange func()) {
	c.Remember(prefs, key, payload.FormatText, func(old payload.Format) {
		if f.Text != "" {
			if b, err := payload.Parse(f.Text, old, payload.EOLNone); err == nil {
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
func RenderPayload(b []byte, fm payload.Format) string {
	if fm == payload.FormatHex {
		return payload.HexString(b)
	}
	return payload.RenderText(b)
}
