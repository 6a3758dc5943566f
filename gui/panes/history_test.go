package panes

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/sockets/payload"
)

func TestPayloadHistory(t *testing.T) {
	a := test.NewTempApp(t)
	h := NewPayloadHistory(a.Preferences())
	if len(h.Items()) != 0 {
		t.Fatalf("new history has %d items", len(h.Items()))
	}
	for i := 0; i < HistoryMax+5; i++ {
		h.Add(HistoryItem{Text: fmt.Sprint("p", i), Format: payload.FormatText, LineEnding: payload.EOLNone})
	}
	h.Add(HistoryItem{Text: "p20", Format: payload.FormatText, LineEnding: payload.EOLNone}) // moves to the top
	items := h.Items()
	if len(items) != HistoryMax {
		t.Fatalf("history holds %d; want %d", len(items), HistoryMax)
	}
	if items[0].Text != "p20" || items[1].Text != "p24" || items[HistoryMax-1].Text != "p5" {
		t.Errorf("order: first %q second %q last %q", items[0].Text, items[1].Text, items[HistoryMax-1].Text)
	}
	// The same text in another format is another entry.
	h.Add(HistoryItem{Text: "p20", Format: payload.FormatHex, LineEnding: payload.EOLLF})
	if h.Items()[0].Format != payload.FormatHex || h.Items()[1].Text != "p20" {
		t.Error("format is not part of an entry's identity")
	}

	again := NewPayloadHistory(a.Preferences())
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
	h := NewPayloadHistory(a.Preferences())
	long := strings.Repeat("x", 100)
	h.Add(HistoryItem{Text: "a\r\nb\tc", Format: payload.FormatText, LineEnding: payload.EOLNone})
	h.Add(HistoryItem{Text: long, Format: payload.FormatText, LineEnding: payload.EOLNone})
	l := h.Labels()
	if l[0] != "1. "+strings.Repeat("x", HistoryLabelRunes)+"...  [Text]" {
		t.Errorf("long label = %q", l[0])
	}
	if l[1] != `2. a\r\nb\tc  [Text]` {
		t.Errorf("control characters label = %q", l[1])
	}
}

func TestPayloadHistoryDamagedPreference(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetString(KeyClientHistory, "{not json")
	if h := NewPayloadHistory(a.Preferences()); len(h.Items()) != 0 {
		t.Errorf("damaged preference gave %v", h.Items())
	}
	a.Preferences().SetString(KeyClientHistory, `[{"text":"x","format":"bogus"}]`)
	h := NewPayloadHistory(a.Preferences())
	if len(h.Items()) != 1 || h.Items()[0].Format != payload.FormatText || h.Items()[0].LineEnding != payload.EOLNone {
		t.Errorf("unknown format not repaired: %+v", h.Items())
	}
}

// TestPayloadHistoryOldLabels reads a history saved when items named their
// format and line ending by the app's labels, and saves engine names.
func TestPayloadHistoryOldLabels(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetString(KeyClientHistory,
		`[{"text":"41","format":"Hex","lineEnding":"CRLF"},{"text":"a","format":"Text","lineEnding":"None"},{"text":"b","format":"plain"}]`)
	h := NewPayloadHistory(a.Preferences())
	want := []HistoryItem{{Text: "41", Format: payload.FormatHex, LineEnding: payload.EOLCRLF}, {Text: "a", Format: payload.FormatText, LineEnding: payload.EOLNone}, {Text: "b", Format: payload.FormatText, LineEnding: payload.EOLNone}}
	if fmt.Sprint(h.Items()) != fmt.Sprint(want) {
		t.Fatalf("items %v; want %v", h.Items(), want)
	}
	h.Add(HistoryItem{Text: "c", Format: payload.FormatText, LineEnding: payload.EOLLF})
	if got := a.Preferences().String(KeyClientHistory); !strings.Contains(got, `{"text":"41","format":"hex","lineEnding":"crlf"}`) {
		t.Errorf("saved %s; want engine names", got)
	}
}
