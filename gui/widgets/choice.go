package widgets

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// EnumChoice is a compact Select over engine values (networks, modes,
// formats, line endings): it shows each value's label in the current
// language, hands the code the engine value, and keeps the engine's name
// in preferences.
type EnumChoice[T comparable] struct {
	*widget.Select
	values []T
	key    func(T) string // the translation key of a value's label, "" for none
	plain  func(T) string // the label of a value without a key
	name   func(T) string // what preferences keep: the engine's name
	box    fyne.CanvasObject
}

// NewEnumChoice offers values, shown by the text of their key (or by plain
// where key gives "") and stored by name. The first value is selected
// until SetValue or remember picks another.
func NewEnumChoice[T comparable](t *Texts, values []T, key, plain, name func(T) string) *EnumChoice[T] {
	c := &EnumChoice[T]{values: values, key: key, plain: plain, name: name}
	c.Select = widget.NewSelect(nil, nil)
	c.Select.PlaceHolder = " " // "" would mean the default "(Select one)"
	c.box = container.New(&TextWideLayout{}, c.Select)
	t.On(c.relabel)
	c.Select.SetSelectedIndex(0)
	return c
}

func (c *EnumChoice[T]) label(v T) string {
	if k := c.key(v); k != "" {
		return i18n.Tr(k)
	}
	return c.plain(v)
}

// relabel shows the labels in the current language without calling
// OnChanged: nothing was chosen.
func (c *EnumChoice[T]) relabel() {
	labels := make([]string, len(c.values))
	for i, v := range c.values {
		labels[i] = c.label(v)
	}
	i := c.Select.SelectedIndex()
	c.Select.Options = labels
	if i >= 0 {
		c.Select.Selected = labels[i]
	}
	c.box.(*fyne.Container).Layout.(*TextWideLayout).Samples = labels
	c.Select.Refresh()
	c.box.Refresh()
}

// Object is the select, as wide as its longest label at the theme's text
// size.
func (c *EnumChoice[T]) Object() fyne.CanvasObject { return c.box }

// Value returns the selected engine value.
func (c *EnumChoice[T]) Value() T {
	return c.values[max(c.Select.SelectedIndex(), 0)]
}

// SetValue selects v, as a user would (OnChanged runs).
func (c *EnumChoice[T]) SetValue(v T) {
	for i, x := range c.values {
		if x == v {
			c.Select.SetSelectedIndex(i)
			return
		}
	}
}

// find returns the value whose engine name, label or English label is s, in any case.
func (c *EnumChoice[T]) find(s string) (T, bool) {
	s = strings.TrimSpace(s)
	for _, v := range c.values {
		if strings.EqualFold(s, c.name(v)) || strings.EqualFold(s, c.label(v)) ||
			c.key(v) != "" && strings.EqualFold(s, i18n.EnglishTexts()[c.key(v)]) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// Remember selects the value saved under key, else def, and saves the
// engine's name of every choice from then on before calling onChange with
// the value chosen before.
func (c *EnumChoice[T]) Remember(prefs fyne.Preferences, key string, def T, onChange func(old T)) {
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

// AppFormats are the payload formats offered: text with escapes covers
// plain text too (a backslash is typed \\), and an entry cannot hold the
// raw control bytes plain text would otherwise be for.
var AppFormats = []payload.Format{payload.FormatText, payload.FormatHex}

// NewNetworkChoice is a choice of network: TCP or UDP.
func NewNetworkChoice(t *Texts) *EnumChoice[string] {
	return NewEnumChoice(t, appNetworks, keyOf(networkKeys), NetworkLabel, func(n string) string { return n })
}

// NewNetworkChoiceWS is NewNetworkChoice with WebSocket as a choice too,
// after TCP and UDP and the Unix sockets.
func NewNetworkChoiceWS(t *Texts) *EnumChoice[string] {
	return NewEnumChoice(t, append(appNetworks[:len(appNetworks):len(appNetworks)], sockets.NetworkWS), keyOf(networkKeys), NetworkLabel, func(n string) string { return n })
}

// NewModeChoice is a choice of the server modes the app offers (appModes).
func NewModeChoice(t *Texts) *EnumChoice[sockets.Mode] {
	return NewEnumChoice(t, appModes(), keyOf(modeKeys), sockets.Mode.String, sockets.Mode.String)
}

// NewFormatChoice is a choice of payload format: text or hex.
func NewFormatChoice(t *Texts) *EnumChoice[payload.Format] {
	return NewEnumChoice(t, AppFormats, keyOf(formatKeys), payload.Format.String, payload.Format.String)
}

// NewLineEndingChoice is a choice of the line ending added to a payload.
func NewLineEndingChoice(t *Texts) *EnumChoice[payload.LineEnding] {
	return NewEnumChoice(t, payload.LineEndings(), keyOf(lineEndingKeys), plainLineEnding, payload.LineEnding.String)
}

// The keys of the engine values' labels; a value without one is shown by
// its plain label.
var (
	modeKeys = map[sockets.Mode]string{
		sockets.ModeEcho: "mode.echo", sockets.ModeReply: "mode.reply", sockets.ModeSilent: "mode.silent",
		sockets.ModeRules: "mode.rules", sockets.ModeChat: "mode.chat", sockets.ModeForward: "mode.forward"}
	formatKeys     = map[payload.Format]string{payload.FormatText: "format.text", payload.FormatHex: "format.hex"}
	lineEndingKeys = map[payload.LineEnding]string{payload.EOLNone: "eol.none"}
)

func keyOf[T comparable](keys map[T]string) func(T) string {
	return func(v T) string { return keys[v] }
}

// LabelOf names a value in the current language: the text of its key in
// keys, else plain's label.
func LabelOf[T comparable](keys map[T]string, plain func(T) string) func(T) string {
	return func(v T) string {
		if k, ok := keys[v]; ok {
			return i18n.Tr(k)
		}
		return plain(v)
	}
}

// NetworkLabel shows a network as people write it: "TCP", "UDP", "WS"
// (WebSocket: the longer name would widen the choice past what a small
// window has room for).
func NetworkLabel(n string) string { return strings.ToUpper(n) }

// plainLineEnding names a line ending as people write it: "LF", "CRLF".
func plainLineEnding(e payload.LineEnding) string { return strings.ToUpper(e.String()) }

// Labels in the current language: "Reply with payload", "Hex", "None".
var (
	ModeLabel       = LabelOf(modeKeys, sockets.Mode.String)
	FormatLabel     = LabelOf(formatKeys, payload.Format.String)
	LineEndingLabel = LabelOf(lineEndingKeys, plainLineEnding)
)

// NoKey is the key function of values that have no translated label.
func NoKey[T any](T) string { return "" }

// appModes are the server modes the app offers: the engine's, Rules, which
// needs the server pane's rules editor, Chat with its option and the app's
// Forward to… (the relay).
func appModes() []sockets.Mode {
	return append(slices.Clip(sockets.Modes()), sockets.ModeRules, sockets.ModeChat, sockets.ModeForward)
}
