package logview

import (
	"testing"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/sockets"
)

// TestLogFilterRelaySide picks the relay's rows (Forward to…) by side, and
// only those; the side select offers it as "Relay".
func TestLogFilterRelaySide(t *testing.T) {
	relay := sockets.Event{Side: sockets.SideRelay, Kind: sockets.KindReceived, Data: []byte("hi"), Msg: "client → target 127.0.0.1:9000"}
	server := sockets.Event{Side: sockets.SideServer, Kind: sockets.KindReceived, Data: []byte("hi")}
	f := newLogFilter(LogSideRelay, "")
	if !f.match(&relay) || f.match(&server) {
		t.Errorf("Relay filter: relay row %v, server row %v; want true, false", f.match(&relay), f.match(&server))
	}
	if f := newLogFilter(logSideServer, ""); f.match(&relay) {
		t.Error("the Server filter shows a relay row")
	}
	if got := i18n.Tr(logSideKeys[LogSideRelay]); got != "Relay" {
		t.Errorf("side option %q; want Relay", got)
	}
	if got := logSideText(sockets.SideRelay); got != "Relay" {
		t.Errorf("side label %q; want Relay", got)
	}
}
