package panes

import (
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/replytime"
)

// Counts is what the status bar shows of a pane: its network, whether
// it has counters yet, and those counters.
type Counts struct {
	Network string
	OK      bool
	Stats   sockets.Stats
}

// SetText changes l's text only when it differs, to spare redraws at 4 Hz.
func SetText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

// CountsText renders counters, naming what they count: "in 1.5 KiB (3
// reads) · out 12 B (1 write)" for a stream, "in 4 B (1 datagram) · ..." for
// UDP.
func CountsText(c Counts) string {
	in, out := "status.reads", "status.writes"
	if addr.IsUDP(c.Network) {
		in, out = "status.datagrams", "status.datagrams"
	}
	st := c.Stats
	s := i18n.Trf("status.inOut", i18n.Args{
		"In": logview.FormatBytes(st.BytesIn), "InCount": i18n.Trn(in, int(st.MsgsIn), nil),
		"Out": logview.FormatBytes(st.BytesOut), "OutCount": i18n.Trn(out, int(st.MsgsOut), nil),
	})
	// First, so that a narrow status bar cuts the byte counts rather than
	// the one figure that says something went missing.
	if d := SystemDroppedText(st); d != "" {
		s = d + " · " + s
	}
	return s
}

// RepliesText sums up reply times: "2 replies, p50 0.210 ms, p99 0.250
// ms"; for UDP the sends, replies and lost datagrams come first.
func RepliesText(r replytime.Summary, udp bool) string {
	var parts []string
	if udp {
		parts = append(parts, i18n.Trf("status.udpCounts", i18n.Args{"Sent": r.Sent, "Received": r.Replies, "Lost": r.Lost}))
	} else {
		parts = append(parts, i18n.Trn("status.replies", int(r.Replies), nil))
	}
	// Summed over several connections there are no percentiles.
	if r.Replies > 0 && r.P99 > 0 {
		parts = append(parts, i18n.Trf("status.p50p99", i18n.Args{"P50": logview.ReplyMS(r.P50), "P99": logview.ReplyMS(r.P99)}))
	}
	return strings.Join(parts, ", ")
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

// replySource is a connection that measures its replies: the engine's
// Client.Replies. The GUI computes no reply times of its own.
type replySource interface {
	Replies() replytime.Summary
}

// replyStats is whose reply times the status bar shows: the client pane's
// connection, else the last one it had.
type replyStats struct{ src replySource }

// newReplyStats reads c's reply times, if the engine measures them.
func newReplyStats(c any) replyStats {
	r, _ := c.(replySource)
	return replyStats{r}
}

// Summary returns the reply times, or false when there are none to show.
func (r replyStats) Summary() (replytime.Summary, bool) {
	if r.src == nil {
		return replytime.Summary{}, false
	}
	return r.src.Replies(), true
}
