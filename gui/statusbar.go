package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/replytime"
)

// statusBar is the line under the exchange: the server's and the client's
// counters, saying what they count (reads and writes on a TCP stream,
// datagrams for UDP), the client's replies and their times, and on the
// right the last thing the app did for the user ("Saved 12 rows to ...").
type statusBar struct {
	server  *widget.Label
	client  *widget.Label
	message *widget.Label
	tip     *hoverTip // the message, which shows its whole text on hover
	// clients is how many client tabs the client counters sum.
	clients int
	// serverLine and clientLine are what server and client show, as
	// much of them as fits (countersLayout).
	serverLine, clientLine statusLine
	counters               *fyne.Container
	// messageTicks counts down the status ticks the message stays for.
	messageTicks int
	// rule is the line above the bar, always shown: the idle trim
	// refreshes it to have Fyne draw a frame (drawFrame).
	rule *widget.Separator
	row  *fyne.Container
	root fyne.CanvasObject
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
	s.tip = newHoverTip(s.message)
	s.tip.Hide()
	s.counters = container.New(&countersLayout{bar: s}, s.server, s.client)
	s.row = container.New(statusRowLayout{}, s.counters, s.tip)
	s.rule = widget.NewSeparator()
	s.root = container.NewVBox(s.rule, container.New(widgets.DenseRows{}, s.row))
	return s
}

func statusLabel() *widget.Label {
	l := widgets.TruncatedLabel("")
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// statusRowLayout gives the status message the width of its text: a
// Border would show it as "…", a truncated label's minimum. The counters
// (objects[0]) take the rest, the message (objects[1], a hoverTip) on the
// right gets what its text needs, up to statusMessageShare of the row;
// hovering shows a longer one whole.
type statusRowLayout struct{}

// statusMessageShare is the most of the status bar's width a message
// takes: a file name saved to wants it, the counters keep the rest.
const statusMessageShare = 0.75

func (statusRowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	counters, message := objects[0], objects[1]
	w := float32(0)
	if l := message.(*hoverTip).label; message.Visible() && l.Text != "" {
		w = min(labelTextWidth(l), size.Width*statusMessageShare)
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

// Set shows the server's counters and clients, and the client's counters
// and replies.
func (s *statusBar) Set(server panes.Counts, clients int, client panes.Counts, replies replytime.Summary, hasReplies bool) {
	sv := []string{i18n.Trn("status.clients", clients, nil), panes.CountsText(server)}
	cl := []string{panes.CountsText(client)}
	if hasReplies {
		cl = append(cl, panes.RepliesText(replies, addr.IsUDP(client.Network)))
	}
	title := i18n.Tr("status.client")
	if s.clients > 1 {
		title = i18n.Trf("tabs.clientsStatus", i18n.Args{"N": s.clients})
	}
	s.setLines(statusLine{i18n.Tr("status.server"), sv}, statusLine{title, cl})
}

// setLines shows new counters, laying them out again only when they
// changed: at 1 Hz under a flood, each new text drawn is a texture.
func (s *statusBar) setLines(server, client statusLine) {
	if server.text() == s.serverLine.text() && client.text() == s.clientLine.text() {
		return
	}
	s.serverLine, s.clientLine = server, client
	// In full until laid out, which shortens them if they do not fit.
	setStatusText(s.server, server.text())
	setStatusText(s.client, client.text())
	s.counters.Refresh()
}

// ShowMessage shows msg on the right for a while (statusMessageTicks).
func (s *statusBar) ShowMessage(msg string) {
	panes.SetText(s.message, msg)
	widgets.SetVisible(s.message, msg != "")
	widgets.SetVisible(s.tip, msg != "")
	s.tip.hideTip()
	// A truncated label's minimum size does not change with its text, so
	// Fyne would not lay the row out again for the new message.
	s.row.Refresh()
	s.messageTicks = 0
	if msg != "" {
		s.messageTicks = statusMessageTicks
	}
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
