package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

func TestChoicesComeFromTheEngine(t *testing.T) {
	test.NewTempApp(t)
	mode := widgets.NewModeChoice(nil)
	// The engine's modes, then Rules, which the app adds with its editor,
	// Chat with its option, and the app's own Forward to… (a relay).
	if len(mode.Options) != len(sockets.Modes())+3 {
		t.Fatalf("mode options %q; want one per engine mode %v, Rules, Chat and Forward to…", mode.Options, sockets.Modes())
	}
	for i, m := range widgets.AppModes() {
		if mode.Options[i] != widgets.ModeLabel(m) {
			t.Errorf("option %d = %q; want %q", i, mode.Options[i], widgets.ModeLabel(m))
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
		"network":  widgets.NewNetworkChoice(nil).Options,
		"format":   widgets.NewFormatChoice(nil).Options,
		"line end": widgets.NewLineEndingChoice(nil).Options,
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
		panes.KeyServerMode: "Reply with payload", panes.KeyServerProtocol: "UDP", panes.KeyServerReplyFormat: "Hex",
		panes.KeyClientLineEnding: "CRLF", panes.KeyClientFormat: "Text", panes.KeyClientProtocol: "TCP", panes.KeyServerPayloadFormat: "bogus",
	}
	for k, v := range old {
		prefs.SetString(k, v)
	}
	h := newAppHarnessFor(t, a)
	s, c := h.mw.server, h.mw.client
	if s.Mode.Value() != sockets.ModeReply || s.Protocol.Value() != "udp" || s.ReplyFormat.Value() != payload.FormatHex ||
		c.Eol.Value() != payload.EOLCRLF || c.Format.Value() != payload.FormatText || c.Protocol.Value() != "tcp" ||
		s.PayloadFormat.Value() != payload.FormatText {
		t.Fatalf("restored mode %v, server %s, reply format %v, eol %v, format %v, client %s, payload format %v",
			s.Mode.Value(), s.Protocol.Value(), s.ReplyFormat.Value(), c.Eol.Value(), c.Format.Value(), c.Protocol.Value(), s.PayloadFormat.Value())
	}
	s.Mode.SetValue(sockets.ModeSilent)
	c.Eol.SetValue(payload.EOLCR)
	c.Protocol.SetValue("udp")
	for k, want := range map[string]string{panes.KeyServerMode: "silent", panes.KeyClientLineEnding: "cr", panes.KeyClientProtocol: "udp"} {
		if got := prefs.String(k); got != want {
			t.Errorf("%s saved as %q; want %q", k, got, want)
		}
	}
	// And they read back.
	h2 := newAppHarnessFor(t, a)
	if h2.mw.server.Mode.Value() != sockets.ModeSilent || h2.mw.client.Eol.Value() != payload.EOLCR || h2.mw.client.Protocol.Value() != "udp" {
		t.Errorf("read back mode %v, eol %v, protocol %s", h2.mw.server.Mode.Value(), h2.mw.client.Eol.Value(), h2.mw.client.Protocol.Value())
	}
}
