package gui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
)

// statusBar is the strip under the log: the server's and the client's state
// in words, and their byte and message counters.
type statusBar struct {
	serverState  *widget.Label
	serverCounts *widget.Label
	clientState  *widget.Label
	clientCounts *widget.Label
	root         fyne.CanvasObject
}

// newStatusBar builds an empty status bar. Its two lines a side overlap
// their labels' padding (tightRows) rather than use a theme with less
// padding: a theme override is a new font scope, and Fyne loads every font
// again for it (~9 MB and ~40 ms at start-up).
func newStatusBar() *statusBar {
	s := &statusBar{
		serverState:  statusLabel(),
		serverCounts: statusLabel(),
		clientState:  statusLabel(),
		clientCounts: statusLabel(),
	}
	s.root = container.NewVBox(
		widget.NewSeparator(),
		container.NewGridWithColumns(2,
			container.New(tightRows{}, s.serverState, s.serverCounts),
			container.New(tightRows{}, s.clientState, s.clientCounts)),
	)
	return s
}

func statusLabel() *widget.Label {
	l := truncatedLabel("")
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// Object returns the status bar's root object.
func (s *statusBar) Object() fyne.CanvasObject { return s.root }

// Set shows the states and counters; a side with no counters yet (ok false)
// shows none.
func (s *statusBar) Set(serverState string, serverStats sockets.Stats, serverOK bool,
	clientState string, clientStats sockets.Stats, clientOK bool) {
	setText(s.serverState, "Server: "+serverState)
	setText(s.clientState, "Client: "+clientState)
	setText(s.serverCounts, countsText(serverStats, serverOK))
	setText(s.clientCounts, countsText(clientStats, clientOK))
}

// setText changes l's text only when it differs, to spare redraws at 4 Hz.
func setText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

// countsText renders counters, e.g. "in 1.5 KiB (3 msgs) - out 12 B (1 msg)".
func countsText(st sockets.Stats, ok bool) string {
	if !ok {
		return "in 0 B (0 msgs) - out 0 B (0 msgs)"
	}
	return fmt.Sprintf("in %s (%s) - out %s (%s)",
		formatBytes(st.BytesIn), msgs(st.MsgsIn), formatBytes(st.BytesOut), msgs(st.MsgsOut))
}

func msgs(n uint64) string {
	if n == 1 {
		return "1 msg"
	}
	return fmt.Sprintf("%d msgs", n)
}

// formatBytes renders a byte count exactly below 1 KiB and with one decimal
// in KiB, MiB or GiB above.
func formatBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f := float64(n) / unit
	for _, u := range []string{"KiB", "MiB", "GiB"} {
		if f < unit || u == "GiB" {
			return fmt.Sprintf("%.1f %s", f, u)
		}
		f /= unit
	}
	return ""
}

// statsSource is whose counters a pane shows in the status bar: its open
// connection or running server, else the last one it had.
type statsSource struct {
	src interface{ Stats() sockets.Stats }
}

// Stats returns the source's counters, or false before there was one.
func (s statsSource) Stats() (sockets.Stats, bool) {
	if s.src == nil {
		return sockets.Stats{}, false
	}
	return s.src.Stats(), true
}
