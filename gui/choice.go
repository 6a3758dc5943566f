package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
)

// enumChoice is a compact Select over engine values (networks, modes,
// formats, line endings): it shows each value's label, hands the code the
// engine value, and keeps the engine's name in preferences.
type enumChoice[T comparable] struct {
	*widget.Select
	values []T
	label  func(T) string // what the user sees
	name   func(T) string // what preferences keep: the engine's name
	box    fyne.CanvasObject
}

// newEnumChoice offers values, shown by label and stored by name. The
// first value is selected until SetValue or remember picks another.
func newEnumChoice[T comparable](values []T, label, name func(T) string) *enumChoice[T] {
	c := &enumChoice[T]{values: values, label: label, name: name}
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = label(v)
	}
	c.Select = widget.NewSelect(labels, nil)
	c.Select.PlaceHolder = " " // "" would mean the default "(Select one)"
	c.Select.SetSelectedIndex(0)
	c.box = textWide(c.Select, labels...)
	return c
}

// Object is the select, as wide as its longest label at the theme's text
// size.
func (c *enumChoice[T]) Object() fyne.CanvasObject { return c.box }

// Value returns the selected engine value.
func (c *enumChoice[T]) Value() T {
	return c.values[max(c.Select.SelectedIndex(), 0)]
}

// SetValue selects v, as a user would (OnChanged runs).
func (c *enumChoice[T]) SetValue(v T) { c.Select.SetSelected(c.label(v)) }

// find returns the value whose engine name or label is s, in any case.
func (c *enumChoice[T]) find(s string) (T, bool) {
	s = strings.TrimSpace(s)
	for _, v := range c.values {
		if strings.EqualFold(s, c.name(v)) || strings.EqualFold(s, c.label(v)) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// remember selects the value saved under key, else def, and saves the
// engine's name of every choice from then on before calling onChange. It
// reads the labels older versions saved ("Echo", "Reply with payload",
// "TCP", "Hex", "CRLF"...) as well as engine names, so saved settings
// survive.
func (c *enumChoice[T]) remember(prefs fyne.Preferences, key string, def T, onChange func()) {
	v, ok := c.find(prefs.String(key))
	if !ok {
		v = def
	}
	c.SetValue(v)
	c.Select.OnChanged = func(string) {
		prefs.SetString(key, c.name(c.Value()))
		if onChange != nil {
			onChange()
		}
	}
}

// The app's choices, built from the engine's own values.

// appFormats are the payload formats offered: text with escapes covers
// plain text too (a backslash is typed \\), and an entry cannot hold the
// raw control bytes plain text would otherwise be for.
var appFormats = []sockets.Format{sockets.FormatText, sockets.FormatHex}

func newNetworkChoice() *enumChoice[string] {
	return newEnumChoice(sockets.Networks(), networkLabel, func(n string) string { return n })
}

func newModeChoice() *enumChoice[sockets.Mode] {
	return newEnumChoice(sockets.Modes(), modeLabel, sockets.Mode.String)
}

func newFormatChoice() *enumChoice[sockets.Format] {
	return newEnumChoice(appFormats, formatLabel, sockets.Format.String)
}

func newLineEndingChoice() *enumChoice[sockets.LineEnding] {
	return newEnumChoice(sockets.LineEndings(), lineEndingLabel, sockets.LineEnding.String)
}

// networkLabel shows a network as people write it: "TCP", "UDP".
func networkLabel(n string) string { return strings.ToUpper(n) }

// modeLabel names a server mode: "Echo", "Reply with payload", "Silent".
func modeLabel(m sockets.Mode) string {
	if m == sockets.ModeReply {
		return "Reply with payload"
	}
	return capitalised(m.String())
}

// formatLabel names a payload format: "Text", "Hex".
func formatLabel(f sockets.Format) string { return capitalised(f.String()) }

// lineEndingLabel names a line ending: "None", "LF", "CR", "CRLF".
func lineEndingLabel(e sockets.LineEnding) string {
	if e == sockets.EOLNone {
		return "None"
	}
	return strings.ToUpper(e.String())
}

// capitalised upper-cases the first letter of an ASCII name.
func capitalised(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
