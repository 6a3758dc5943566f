package gui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

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
