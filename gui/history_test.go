package gui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestPayloadHistory(t *testing.T) {
	a := test.NewTempApp(t)
	h := newPayloadHistory(a.Preferences())
	if len(h.Items()) != 0 {
		t.Fatalf("new history has %d items", len(h.Items()))
	}
	for i := 0; i < historyMax+5; i++ {
		h.Add(historyItem{Text: fmt.Sprint("p", i), Format: formatText, LineEnding: eolNone})
	}
	h.Add(historyItem{Text: "p20", Format: formatText, LineEnding: eolNone}) // moves to the top
	items := h.Items()
	if len(items) != historyMax {
		t.Fatalf("history holds %d; want %d", len(items), historyMax)
	}
	if items[0].Text != "p20" || items[1].Text != "p24" || items[historyMax-1].Text != "p5" {
		t.Errorf("order: first %q second %q last %q", items[0].Text, items[1].Text, items[historyMax-1].Text)
	}
	// The same text in another format is another entry.
	h.Add(historyItem{Text: "p20", Format: formatHex, LineEnding: eolLF})
	if h.Items()[0].Format != formatHex || h.Items()[1].Text != "p20" {
		t.Error("format is not part of an entry's identity")
	}

	again := newPayloadHistory(a.Preferences())
	if fmt.Sprint(again.Items()) != fmt.Sprint(h.Items()) {
		t.Errorf("reloaded %v; want %v", again.Items(), h.Items())
	}
	labels := again.Labels()
	if !strings.HasPrefix(labels[0], "1. p20  [Hex+LF]") {
		t.Errorf("label = %q", labels[0])
	}
}

func TestPayloadHistoryLabels(t *testing.T) {
	a := test.NewTempApp(t)
	h := newPayloadHistory(a.Preferences())
	long := strings.Repeat("x", 100)
	h.Add(historyItem{Text: "a\r\nb\tc", Format: formatText, LineEnding: eolNone})
	h.Add(historyItem{Text: long, Format: formatText, LineEnding: eolNone})
	l := h.Labels()
	if l[0] != "1. "+strings.Repeat("x", historyLabelRunes)+"...  [Text]" {
		t.Errorf("long label = %q", l[0])
	}
	if l[1] != `2. a\r\nb\tc  [Text]` {
		t.Errorf("control characters label = %q", l[1])
	}
}

func TestPayloadHistoryDamagedPreference(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetString(keyClientHistory, "{not json")
	if h := newPayloadHistory(a.Preferences()); len(h.Items()) != 0 {
		t.Errorf("damaged preference gave %v", h.Items())
	}
	a.Preferences().SetString(keyClientHistory, `[{"text":"x","format":"bogus"}]`)
	h := newPayloadHistory(a.Preferences())
	if len(h.Items()) != 1 || h.Items()[0].Format != formatText || h.Items()[0].LineEnding != eolNone {
		t.Errorf("unknown format not repaired: %+v", h.Items())
	}
}
