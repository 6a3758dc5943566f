package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
)

// enumChoice is a compact Select over engine values (networks, modes,
// formats, line endings): it shows each value's label in the current
// language, hands the code the engine value, and keeps the engine's name
// in preferences.
type enumChoice[T comparable] struct {
	*widget.Select
	values []T
	key    func(T) string // the translation key of a value's label, "" for none
	plain  func(T) string // the label of a value without a key
	name   func(T) string // what preferences keep: the engine's name
	box    fyne.CanvasObject
}

// newEnumChoice offers values, shown by the text of their key (or by plain
// where key gives "") and stored by name. The first value is selected
// until SetValue or remember picks another. t puts the labels of a new
// language in on a language change.
func newEnumChoice[T comparable](t *texts, values []T, key, plain, name func(T) string) *enumChoice[T] {
	c := &enumChoice[T]{values: values, key: key, plain: plain, name: name}
	c.Select = widget.NewSelect(nil, nil)
	c.Select.PlaceHolder = " " // "" would mean the default "(Select one)"
	c.box = container.New(&textWideLayout{}, c.Select)
	t.on(c.relabel)
	c.Select.SetSelectedIndex(0)
	return c
}

// label is what the user sees for v, in the current language.
func (c *enumChoice[T]) label(v T) string {
	if k := c.key(v); k != "" {
		return tr(k)
	}
	return c.plain(v)
}

// relabel shows the labels in the current language, keeping the choice
// and calling no OnChanged: nothing was chosen.
func (c *enumChoice[T]) relabel() {
	labels := make([]string, len(c.values))
	for i, v := range c.values {
		labels[i] = c.label(v)
	}
	i := c.Select.SelectedIndex()
	c.Select.Options = labels
	if i >= 0 {
		c.Select.Selected = labels[i]
	}
	c.box.(*fyne.Container).Layout.(*textWideLayout).samples = labels
	c.Select.Refresh()
	c.box.Refresh()
}

// Object is the select, as wide as its longest label at the theme's text
// size.
func (c *enumChoice[T]) Object() fyne.CanvasObject { return c.box }

// Value returns the selected engine value.
func (c *enumChoice[T]) Value() T {
	return c.values[max(c.Select.SelectedIndex(), 0)]
}

// SetValue selects v, as a user would (OnChanged runs).
func (c *enumChoice[T]) SetValue(v T) {
	for i, x := range c.values {
		if x == v {
			c.Select.SetSelectedIndex(i)
			return
		}
	}
}

// find returns the value whose engine name, label or English label is s,
// in any case.
func (c *enumChoice[T]) find(s string) (T, bool) {
	s = strings.TrimSpace(s)
	for _, v := range c.values {
		if strings.EqualFold(s, c.name(v)) || strings.EqualFold(s, c.label(v)) ||
			c.key(v) != "" && strings.EqualFold(s, englishTexts()[c.key(v)]) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// remember selects the value saved under key, else def, and saves the
// engine's name of every choice from then on before calling onChange with
// the value chosen before. It reads the labels older versions saved
// ("Echo", "TCP", "Hex", "CRLF"...) as well as engine names, so saved
// settings survive.
func (c *enumChoice[T]) remember(prefs fyne.Preferences, key string, def T, onChange func(old T)) {
	v, ok := c.find(prefs.String(key))
	if !ok {
		v = def
	}
	c.SetValue(v)
	last := v
	c.Select.OnChanged = func(string) {
		old := last
		last = c.Value()
		prefs.SetString(key, c.name(last))
		if onChange != nil {
			onChange(old)
		}
	}
}

// The app's choices, built from the engine's own values.

// appFormats are the payload formats offered: text with escapes covers
// plain text too (a backslash is typed \\), and an entry cannot hold the
// raw control bytes plain text would otherwise be for.
var appFormats = []sockets.Format{sockets.FormatText, sockets.FormatHex}

func newNetworkChoice(t *texts) *enumChoice[string] {
	return newEnumChoice(t, sockets.Networks(), noKey[string], networkLabel, func(n string) string { return n })
}

func newModeChoice(t *texts) *enumChoice[sockets.Mode] {
	return newEnumChoice(t, appModes(), modeKey, sockets.Mode.String, modeName)
}

func newFormatChoice(t *texts) *enumChoice[sockets.Format] {
	return newEnumChoice(t, appFormats, formatKey, sockets.Format.String, sockets.Format.String)
}

func newLineEndingChoice(t *texts) *enumChoice[sockets.LineEnding] {
	return newEnumChoice(t, sockets.LineEndings(), lineEndingKey, lineEndingLabel, sockets.LineEnding.String)
}

func noKey[T any](T) string { return "" }

// networkLabel shows a network as people write it: "TCP", "UDP".
func networkLabel(n string) string { return strings.ToUpper(n) }

// modeKey is the key of a server mode's label: "Echo", "Reply with
// payload", "Silent".
func modeKey(m sockets.Mode) string {
	switch m {
	case sockets.ModeEcho:
		return "mode.echo"
	case sockets.ModeReply:
		return "mode.reply"
	case sockets.ModeSilent:
		return "mode.silent"
	case sockets.ModeRules:
		return "mode.rules"
	case modeForward:
		return "mode.forward"
	}
	return ""
}

// modeLabel names a server mode in the current language.
func modeLabel(m sockets.Mode) string {
	if k := modeKey(m); k != "" {
		return tr(k)
	}
	return m.String()
}

// formatKey is the key of a payload format's label: "Text", "Hex".
func formatKey(f sockets.Format) string {
	switch f {
	case sockets.FormatText:
		return "format.text"
	case sockets.FormatHex:
		return "format.hex"
	}
	return ""
}

// formatLabel names a payload format in the current language.
func formatLabel(f sockets.Format) string {
	if k := formatKey(f); k != "" {
		return tr(k)
	}
	return f.String()
}

// lineEndingKey is the key of "None"; the others are shown by name.
func lineEndingKey(e sockets.LineEnding) string {
	if e == sockets.EOLNone {
		return "eol.none"
	}
	return ""
}

// lineEndingLabel names a line ending: "None", "LF", "CR", "CRLF".
func lineEndingLabel(e sockets.LineEnding) string {
	if k := lineEndingKey(e); k != "" {
		return tr(k)
	}
	return strings.ToUpper(e.String())
}
