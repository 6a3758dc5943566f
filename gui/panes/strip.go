package panes

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
)

// Strip is the panes folded to one line, for the presentation view: the
// server's state, the client's state, the client's payload and its Send.
// It shows the panes' own state and sends through the client pane, so
// nothing happens differently from the full panes; what is typed in it is
// the client's payload.
type Strip struct {
	Server, Client *widget.Label
	Payload        *StripEntry
	Send           *widgets.PlainButton

	row    *fyne.Container // the states and the payload, laid out again as the states change
	server func() *ServerPane
	client func() *ClientPane // the client tab shown
	root   fyne.CanvasObject
}

// NewStrip builds the strip for the server pane and the client pane that
// client returns; onKey gets Escape and F11 typed in its payload.
func NewStrip(t *widgets.Texts, server func() *ServerPane, client func() *ClientPane, onKey func(*fyne.KeyEvent)) *Strip {
	s := &Strip{Server: widgets.TruncatedLabel(""), Client: widgets.TruncatedLabel(""), server: server, client: client}
	s.Payload = newStripEntry(onKey)
	s.Payload.OnChanged = func(text string) {
		// The client pane's own editor checks it and enables its Send.
		if c := s.client(); c.Editor.Text != text {
			c.Editor.SetText(text)
		}
		s.Sync()
	}
	s.Payload.OnSubmitted = func(string) { s.onSend() }
	s.Send = t.Primary("client.send", theme.MailSendIcon(), s.onSend)
	s.row = container.New(stripLayout{}, s.Server, s.Client, s.Payload)
	s.root = container.NewBorder(nil, nil, nil, s.Send, s.row)
	return s
}

// Object returns the strip's root object.
func (s *Strip) Object() fyne.CanvasObject { return s.root }

// Load takes the client's payload into the strip, and its states.
func (s *Strip) Load() {
	if c := s.client(); s.Payload.Text != c.Editor.Text {
		s.Payload.SetText(c.Editor.Text)
	}
	s.Sync()
}

// Sync shows the panes' states now, and Send as the client pane has it.
func (s *Strip) Sync() {
	server, client := s.Server.Text, s.Client.Text
	logview.SetLabelText(s.Server, i18n.Tr("status.server")+" "+s.server().Frame.State.Text)
	c := s.client()
	logview.SetLabelText(s.Client, i18n.Tr("status.client")+" "+c.Frame.State.Text)
	if s.Server.Text != server || s.Client.Text != client {
		s.row.Refresh()
	}
	widgets.SetEnabled(s.Send, !c.SendBtn.Disabled() && c.SendBtn.Visible())
}

// onSend sends the payload as the client pane's Send does.
func (s *Strip) onSend() {
	c := s.client()
	if c.Editor.Text != s.Payload.Text {
		c.Editor.SetText(s.Payload.Text)
	}
	if !c.SendBtn.Disabled() && c.SendBtn.Visible() {
		c.SendBtn.Tapped(nil)
	}
	s.Sync()
}

// StripEntry is the strip's payload entry, which hands Escape and F11 to
// the window: a focused entry keeps every key, and these leave or toggle
// the presentation view.
type StripEntry struct {
	widget.Entry
	onKey func(*fyne.KeyEvent)
}

func newStripEntry(onKey func(*fyne.KeyEvent)) *StripEntry {
	e := &StripEntry{onKey: onKey}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey passes Escape and F11 on, every other key to the entry.
func (e *StripEntry) TypedKey(k *fyne.KeyEvent) {
	if (k.Name == fyne.KeyEscape || k.Name == fyne.KeyF11) && e.onKey != nil {
		e.onKey(k)
		return
	}
	e.Entry.TypedKey(k)
}

// stripLayout gives the two states (objects[0] and [1]) their texts'
// widths while the payload (objects[2]) keeps stripPayloadShare of the
// row, else shares out what is left in proportion; the payload gets the
// rest: a grid would cut the states short beside a wide entry, an HBox
// would not cut them at all.
type stripLayout struct{}

// stripPayloadShare is the least of the strip the payload gets.
const stripPayloadShare = 0.25

func (stripLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	var want [2]float32
	for i, o := range objects[:2] {
		l := o.(*widget.Label)
		want[i] = fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding() + 1
	}
	room := size.Width*(1-stripPayloadShare) - 2*pad
	scale := float32(1)
	if total := want[0] + want[1]; total > room && total > 0 {
		scale = max(room, 0) / total
	}
	x := float32(0)
	for i, o := range objects[:2] {
		w := want[i] * scale
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
	objects[2].Move(fyne.NewPos(x, 0))
	objects[2].Resize(fyne.NewSize(max(size.Width-x, 0), size.Height))
}

func (stripLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		m := o.MinSize()
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
	}
	return s.AddWidthHeight(2*theme.Padding(), 0)
}
