package gui

import (
	"fmt"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/replytime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// statusBar is the line under the exchange: the server's and the client's
// counters, saying what they count (reads and writes on a TCP stream,
// datagrams for UDP), the client's replies and their times, and on the
// right the last thing the app did for the user ("Saved 12 rows to ...").
// The panes' own title rows say their states.
type statusBar struct {
	server  *widget.Label
	client  *widget.Label
	message *widget.Label
	// clients is how many client tabs the client counters sum.
	clients int
	// messageTicks counts down the status ticks the message stays for.
	messageTicks int
	root         fyne.CanvasObject
}

// statusMessageTicks is how many status ticks (tickInterval) a message
// stays: 15 s.
const statusMessageTicks = 60

// newStatusBar builds an empty status bar. Its labels are caption-sized and
// their padding trimmed (denseRows) rather than given a theme with less
// padding: a theme override is a new font scope, and Fyne loads every font
// again for it (~9 MB and ~40 ms at start-up).
func newStatusBar() *statusBar {
	s := &statusBar{server: statusLabel(), client: statusLabel(), message: statusLabel()}
	s.message.Importance = widget.SuccessImportance
	s.message.Alignment = fyne.TextAlignTrailing
	s.message.Hide()
	s.root = container.NewVBox(
		widget.NewSeparator(),
		container.New(denseRows{}, container.New(statusRowLayout{},
			container.NewGridWithColumns(2, s.server, s.client), s.message)))
	return s
}

func statusLabel() *widget.Label {
	l := truncatedLabel("")
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// statusRowLayout places the counters (objects[0]) and, on the right, the
// message (objects[1]), which gets the width its text needs, up to half
// the row: a truncated label's minimum is only its ellipsis, so a border
// layout would show the message as "…".
type statusRowLayout struct{}

func (statusRowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	counters, message := objects[0], objects[1]
	w := float32(0)
	if l := message.(*widget.Label); l.Visible() && l.Text != "" {
		want := fyne.MeasureText(l.Text, theme.CaptionTextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
		w = min(want, size.Width/2)
	}
	counters.Move(fyne.NewPos(0, 0))
	counters.Resize(fyne.NewSize(size.Width-w, size.Height))
	message.Move(fyne.NewPos(size.Width-w, 0))
	message.Resize(fyne.NewSize(w, size.Height))
}

func (statusRowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	m := objects[0].MinSize()
	if objects[1].Visible() {
		o := objects[1].MinSize()
		m = fyne.NewSize(m.Width+o.Width, max(m.Height, o.Height))
	}
	return m
}

// Object returns the status bar's root object.
func (s *statusBar) Object() fyne.CanvasObject { return s.root }

// paneCounts is what the status bar shows of a pane: its network, whether
// it has counters yet, and those counters.
type paneCounts struct {
	network string
	ok      bool
	stats   sockets.Stats
}

// Set shows the server's counters and clients, and the client's counters
// and replies.
func (s *statusBar) Set(server paneCounts, clients int, client paneCounts, replies replytime.Summary, hasReplies bool) {
	sv := []string{trn("status.clients", clients, nil), countsText(server)}
	setText(s.server, tr("status.server")+" "+strings.Join(sv, " · "))
	cl := []string{countsText(client)}
	if hasReplies {
		cl = append(cl, repliesText(replies, addr.IsUDP(client.network)))
	}
	title := tr("status.client")
	if s.clients > 1 {
		title = trf("tabs.clientsStatus", args{"N": s.clients})
	}
	setText(s.client, title+" "+strings.Join(cl, " · "))
}

// ShowMessage shows msg on the right for a while (statusMessageTicks).
func (s *statusBar) ShowMessage(msg string) {
	setText(s.message, msg)
	setVisible(s.message, msg != "")
	s.messageTicks = statusMessageTicks
}

// tick counts a status tick; the message goes when its time is up.
func (s *statusBar) tick() {
	if s.messageTicks > 0 {
		s.messageTicks--
		if s.messageTicks == 0 {
			s.ShowMessage("")
		}
	}
}

// setText changes l's text only when it differs, to spare redraws at 4 Hz.
func setText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

// countsText renders counters, naming what they count: "in 1.5 KiB (3
// reads) · out 12 B (1 write)" for a stream, "in 4 B (1 datagram) · ..." for
// UDP.
func countsText(c paneCounts) string {
	in, out := "status.reads", "status.writes"
	if addr.IsUDP(c.network) {
		in, out = "status.datagrams", "status.datagrams"
	}
	st := c.stats
	return trf("status.inOut", args{
		"In": formatBytes(st.BytesIn), "InCount": trn(in, int(st.MsgsIn), nil),
		"Out": formatBytes(st.BytesOut), "OutCount": trn(out, int(st.MsgsOut), nil),
	})
}

// repliesText sums up reply times: "2 replies, p50 0.210 ms, p99 0.250
// ms"; for UDP the sends, replies and lost datagrams come first.
func repliesText(r replytime.Summary, udp bool) string {
	var parts []string
	if udp {
		parts = append(parts, trf("status.udpCounts", args{"Sent": r.Sent, "Received": r.Replies, "Lost": r.Lost}))
	} else {
		parts = append(parts, trn("status.replies", int(r.Replies), nil))
	}
	// Summed over several connections there are no percentiles.
	if r.Replies > 0 && r.P99 > 0 {
		parts = append(parts, trf("status.p50p99", args{"P50": replyMS(r.P50), "P99": replyMS(r.P99)}))
	}
	return strings.Join(parts, ", ")
}

// replyMS renders a reply time in milliseconds with microseconds, as the
// event schema does, without the unit: "0.231".
func replyMS(d time.Duration) string {
	return strings.TrimSuffix(string(replytime.AppendMillis(nil, d)), "ms")
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
