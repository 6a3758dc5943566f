package panes

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// HistoryMax is how many sent payloads are remembered.
const HistoryMax = 20

// HistoryItem is one payload sent from the client editor. In JSON the
// format and line ending are the engine's names ("hex", "crlf").
type HistoryItem struct {
	Text       string             `json:"text"`
	Format     payload.Format     `json:"format"`
	LineEnding payload.LineEnding `json:"lineEnding"`
}

// UnmarshalJSON reads an item leniently: a format or line ending it does
// not know (or one an older version saved by its label, "Hex", "CRLF")
// becomes text or none rather than losing the whole history.
func (it *HistoryItem) UnmarshalJSON(b []byte) error {
	var raw struct {
		Text       string `json:"text"`
		Format     string `json:"format"`
		LineEnding string `json:"lineEnding"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	it.Text, it.Format, it.LineEnding = raw.Text, payload.FormatText, payload.EOLNone
	if f, err := payload.ParseFormat(raw.Format); err == nil && slices.Contains(widgets.AppFormats, f) {
		it.Format = f
	}
	if e, err := payload.ParseLineEnding(raw.LineEnding); err == nil {
		it.LineEnding = e
	}
	return nil
}

// PayloadHistory holds the last payloads sent, newest first, and keeps them
// in preferences as a JSON list.
type PayloadHistory struct {
	prefs fyne.Preferences
	items []HistoryItem
}

// NewPayloadHistory loads the history from prefs; a damaged value starts an
// empty history rather than failing.
func NewPayloadHistory(prefs fyne.Preferences) *PayloadHistory {
	h := &PayloadHistory{prefs: prefs}
	if s := prefs.String(KeyClientHistory); s != "" {
		if err := json.Unmarshal([]byte(s), &h.items); err != nil {
			logrus.WithError(err).Warn("ignoring unreadable payload history")
			h.items = nil
		}
	}
	if len(h.items) > HistoryMax {
		h.items = h.items[:HistoryMax]
	}
	return h
}

// Add puts it first, removing an identical older entry, and saves.
func (h *PayloadHistory) Add(it HistoryItem) {
	out := []HistoryItem{it}
	for _, old := range h.items {
		if old != it && len(out) < HistoryMax {
			out = append(out, old)
		}
	}
	h.items = out
	b, err := json.Marshal(h.items)
	if err != nil {
		return
	}
	h.prefs.SetString(KeyClientHistory, string(b))
}

// Items returns the payloads, newest first.
func (h *PayloadHistory) Items() []HistoryItem { return h.items }

// Labels returns one unique, short, single-line label per item for a
// dropdown, e.g. `1. hello\n [Text+LF]`.
func (h *PayloadHistory) Labels() []string {
	out := make([]string, len(h.items))
	for i, it := range h.items {
		out[i] = fmt.Sprintf("%d. %s", i+1, it.label())
	}
	return out
}

// HistoryLabelRunes bounds how much of a payload a dropdown label shows.
const HistoryLabelRunes = 40

func (it HistoryItem) label() string {
	s := strings.NewReplacer("\r", `\r`, "\n", `\n`, "\t", `\t`).Replace(it.Text)
	if utf8.RuneCountInString(s) > HistoryLabelRunes {
		r := []rune(s)
		s = string(r[:HistoryLabelRunes]) + "..."
	}
	tag := widgets.FormatLabel(it.Format)
	if it.LineEnding != payload.EOLNone {
		tag += "+" + widgets.LineEndingLabel(it.LineEnding)
	}
	return s + "  [" + tag + "]"
}
