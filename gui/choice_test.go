package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

func TestChoicesComeFromTheEngine(t *testing.T) {
	test.NewTempApp(t)
	mode := newModeChoice(nil)
	// The engine's modes, then Rules, which the app adds with its editor,
	// Chat with its option, and the app's own Forward to… (a relay).
	if len(mode.Options) != len(sockets.Modes())+3 {
		t.Fatalf("mode options %q; want one per engine mode %v, Rules, Chat and Forward to…", mode.Options, sockets.Modes())
	}
	for i, m := range appModes() {
		if mode.Options[i] != modeLabel(m) {
			t.Errorf("option %d = %q; want %q", i, mode.Options[i], modeLabel(m))
		}
		mode.SetValue(m)
		if mode.Value() != m {
			t.Errorf("SetValue(%v) then Value() = %v", m, mode.Value())
		}
	}
	want := map[string][]string{
		"mode":     {"Echo", "Reply with payload", "Silent", "Rules", "Chat", "Forward to…"},
		"network":  {"TCP", "UDP"},
		"format":   {"Text", "Hex"},
		"line end": {"None", "LF", "CR", "CRLF"},
	}
	got := map[string][]string{
		"mode":     mode.Options,
		"network":  newNetworkChoice(nil).Options,
		"format":   newFormatChoice(nil).Options,
		"line end": newLineEndingChoice(nil).Options,
	}
	for k, w := range want {
		if g := got[k]; strings.Join(g, "|") != strings.Join(w, "|") {
			t.Errorf("%s options %q; want %q", k, g, w)
		}
	}
}

// TestChoicesRememberEngineNames checks that a choice saves the engine's
// name and reads both that and the labels older versions saved.
func TestChoicesRememberEngineNames(t *testing.T) {
	a := test.NewTempApp(t)
	prefs := a.Preferences()
	old := map[string]string{
		keyServerMode: "Reply with payload", keyServerProtocol: "UDP", keyServerReplyFormat: "Hex",
		keyClientLineEnding: "CRLF", keyClientFormat: "Text", keyClientProtocol: "TCP", keyServerPayloadFormat: "bogus",
	}
	for k, v := range old {
		prefs.SetString(k, v)
	}
	h := newAppHarnessFor(t, a)
	s, c := h.mw.server, h.mw.client
	if s.mode.Value() != sockets.ModeReply || s.protocol.Value() != "udp" || s.replyFormat.Value() != payload.FormatHex ||
		c.eol.Value() != payload.EOLCRLF || c.format.Value() != payload.FormatText || c.protocol.Value() != "tcp" ||
		s.payloadFormat.Value() != payload.FormatText {
		t.Fatalf("restored mode %v, server %s, reply format %v, eol %v, format %v, client %s, payload format %v",
			s.mode.Value(), s.protocol.Value(), s.replyFormat.Value(), c.eol.Value(), c.format.Value(), c.protocol.Value(), s.payloadFormat.Value())
	}
	s.mode.SetValue(sockets.ModeSilent)
	c.eol.SetValue(payload.EOLCR)
	c.protocol.SetValue("udp")
	for k, want := range map[string]string{keyServerMode: "silent", keyClientLineEnding: "cr", keyClientProtocol: "udp"} {
		if got := prefs.String(k); got != want {
			t.Errorf("%s saved as %q; want %q", k, got, want)
		}
	}
	// And they read back.
	h2 := newAppHarnessFor(t, a)
	if h2.mw.server.mode.Value() != sockets.ModeSilent || h2.mw.client.eol.Value() != payload.EOLCR || h2.mw.client.protocol.Value() != "udp" {
		t.Errorf("read back mode %v, eol %v, protocol %s", h2.mw.server.mode.Value(), h2.mw.client.eol.Value(), h2.mw.client.protocol.Value())
	}
}
