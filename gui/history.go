package gui

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"github.com/sirupsen/logrus"
	"github.com/sockettester/sockettester/sockets/payload"
)

// historyMax is how many sent payloads are remembered.
const historyMax = 20

// historyItem is one payload sent from the client editor. In JSON the
// format and line ending are the engine's names ("hex", "crlf").
type historyItem struct {
	Text       string             `json:"text"`
	Format     payload.Format     `json:"format"`
	LineEnding payload.LineEnding `json:"lineEnding"`
}

// UnmarshalJSON reads an item leniently: a format or line ending it does
// not know (or one an older version saved by its label, "Hex", "CRLF")
// becomes text or none rather than losing the whole history.
func (it *historyItem) UnmarshalJSON(b []byte) error {
	var raw struct {
		Text       string `json:"text"`
		Format     string `json:"format"`
		LineEnding string `json:"lineEnding"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	it.Text, it.Format, it.LineEnding = raw.Text, payload.FormatText, payload.EOLNone
	if f, err := payload.ParseFormat(raw.Format); err == nil && slices.Contains(appFormats, f) {
		it.Format = f
	}
	if e, err := payload.ParseLineEnding(raw.LineEnding); err == nil {
		it.LineEnding = e
	}
	return nil
}

// payloadHistory holds the last payloads sent, newest first, and keeps them
// in preferences as a JSON list.
type payloadHistory struct {
	prefs fyne.Preferences
	items []historyItem
}

// newPayloadHistory loads the history from prefs; a damaged value starts an
// empty history rather than failing.
func newPayloadHistory(prefs fyne.Preferences) *payloadHistory {
	h := &payloadHistory{prefs: prefs}
	if s := prefs.String(keyClientHistory); s != "" {
		if err := json.Unmarshal([]byte(s), &h.items); err != nil {
			logrus.WithError(err).Warn("ignoring unreadable payload history")
			h.items = nil
		}
	}
	if len(h.items) > historyMax {
		h.items = h.items[:historyMax]
	}
	return h
}

// Add puts it first, removing an identical older entry, and saves.
func (h *payloadHistory) Add(it historyItem) {
	out := []historyItem{it}
	for _, old := range h.items {
		if old != it && len(out) < historyMax {
			out = append(out, old)
		}
	}
	h.items = out
	b, err := json.Marshal(h.items)
	if err != nil {
		return
	}
	h.prefs.SetString(keyClientHistory, string(b))
}

// Items returns the payloads, newest first.
func (h *payloadHistory) Items() []historyItem { return h.items }

// Labels returns one unique, short, single-line label per item for a
// dropdown, e.g. `1. hello\n [Text+LF]`.
func (h *payloadHistory) Labels() []string {
	out := make([]string, len(h.items))
	for i, it := range h.items {
		out[i] = fmt.Sprintf("%d. %s", i+1, it.label())
	}
	return out
}

// historyLabelRunes bounds how much of a payload a dropdown label shows.
const historyLabelRunes = 40

func (it historyItem) label() string {
	s := strings.NewReplacer("\r", `\r`, "\n", `\n`, "\t", `\t`).Replace(it.Text)
	if utf8.RuneCountInString(s) > historyLabelRunes {
		r := []rune(s)
		s = string(r[:historyLabelRunes]) + "..."
	}
	tag := formatLabel(it.Format)
	if it.LineEnding != payload.EOLNone {
		tag += "+" + lineEndingLabel(it.LineEnding)
	}
	return s + "  [" + tag + "]"
}
