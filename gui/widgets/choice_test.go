package widgets

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/sockets"
)

func TestChoicesComeFromTheEngine(t *testing.T) {
	test.NewTempApp(t)
	mode := NewModeChoice(nil)
	// The engine's modes, then Rules, which the app adds with its editor,
	// Chat with its option, and the app's own Forward to… (a relay).
	if len(mode.Options) != len(sockets.Modes())+3 {
		t.Fatalf("mode options %q; want one per engine mode %v, Rules, Chat and Forward to…", mode.Options, sockets.Modes())
	}
	for i, m := range appModes() {
		if mode.Options[i] != ModeLabel(m) {
			t.Errorf("option %d = %q; want %q", i, mode.Options[i], ModeLabel(m))
		}
		mode.SetValue(m)
		if mode.Value() != m {
			t.Errorf("SetValue(%v) then Value() = %v", m, mode.Value())
		}
	}
	want := map[string][]string{
		"mode":     {"Echo", "Reply with payload", "Silent", "Rules", "Chat", "Forward to…"},
		"network":  {"TCP", "UDP", "Unix", "Unixgram"},
		"format":   {"Text", "Hex"},
		"line end": {"None", "LF", "CR", "CRLF"},
	}
	got := map[string][]string{
		"mode":     mode.Options,
		"network":  NewNetworkChoice(nil).Options,
		"format":   NewFormatChoice(nil).Options,
		"line end": NewLineEndingChoice(nil).Options,
	}
	for k, w := range want {
		if g := got[k]; strings.Join(g, "|") != strings.Join(w, "|") {
			t.Errorf("%s options %q; want %q", k, g, w)
		}
	}
}
