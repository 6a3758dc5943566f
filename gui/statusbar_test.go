package gui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/sockets"
)

func TestFormatBytes(t *testing.T) {
	for n, want := range map[uint64]string{
		0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 1536: "1.5 KiB",
		5 << 20: "5.0 MiB", 3 << 30: "3.0 GiB", 5000 << 30: "5000.0 GiB",
	} {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestStatusBarSet(t *testing.T) {
	test.NewTempApp(t)
	s := newStatusBar()
	s.Set("Listening on 127.0.0.1:9000 - 3 clients", sockets.Stats{BytesIn: 2048, MsgsIn: 2, BytesOut: 1, MsgsOut: 1}, true,
		"Not connected", sockets.Stats{}, false)
	for got, want := range map[string]string{
		s.serverState.Text:  "Server: Listening on 127.0.0.1:9000 - 3 clients",
		s.serverCounts.Text: "in 2.0 KiB (2 msgs) - out 1 B (1 msg)",
		s.clientState.Text:  "Client: Not connected",
		s.clientCounts.Text: "in 0 B (0 msgs) - out 0 B (0 msgs)",
	} {
		if got != want {
			t.Errorf("got %q; want %q", got, want)
		}
	}
}
