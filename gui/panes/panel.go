package panes

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/packets"
)

// PanelKeys is how many buttons answer Ctrl+1 to Ctrl+9.
const PanelKeys = 9

// Panel presses the buttons of the packet library's panel (see
// packets.Panel) on the client tab shown: a one-shot button sends its
// packet once, through the same queue and confirmations as the packets
// menu; a button with a period starts sending it every period and stops at
// the next press, or when the connection ends. The window shows it in
// views (PanelView): one above the log, and one in the panel's own window.
type Panel struct {
	// Packets is the library, shared by the client tabs; Client is the tab
	// the buttons send on (the one shown).
	Packets func() *ClientPackets
	Client  func() *ClientPane

	// OnChange runs after the panel or a button's state changed (the
	// window rebuilds its Panel menu); OnMessage tells the user what was
	// done (the status bar).
	OnChange  func()
	OnMessage func(string)

	runs   map[int]*panelRun
	once   map[int]panelOnce // each one-shot button's sender: its {{counter}} goes up per press
	views  []*PanelView
	editor *PanelEditor   // while open
	active sync.WaitGroup // the periodic sends' goroutines
}

// panelRun is a periodic button while it sends.
type panelRun struct {
	client *sockets.Client
	stop   chan struct{}
	every  time.Duration
	name   string
}

type panelOnce struct {
	pk   packets.Packet
	next func() []byte  // each press's bytes, without the checksum
	sum  *checksum.Spec // the packet's checksum, or nil
}

// NewPanel returns a panel sending on client's tab from packets' library.
func NewPanel(pks func() *ClientPackets, client func() *ClientPane) *Panel {
	return &Panel{Packets: pks, Client: client, runs: map[int]*panelRun{}, once: map[int]panelOnce{}}
}

// Buttons returns the panel's buttons, none when the library has no panel.
func (pn *Panel) Buttons() []packets.Button {
	if l := pn.Packets().Lib; l.Panel != nil {
		return l.Panel.Buttons
	}
	return nil
}

// Title is the panel's title from the file, or "Panel".
func (pn *Panel) Title() string {
	if l := pn.Packets().Lib; l.Panel != nil && strings.TrimSpace(l.Panel.Title) != "" {
		return l.Panel.Title
	}
	return i18n.Tr("panel.title")
}

// Running reports whether button i sends on its period now.
func (pn *Panel) Running(i int) bool { return pn.runs[i] != nil }

// Label is button i's text: its number (its Ctrl key), the packet's name
// and, with a period, "every 100ms", after a ■ while it runs.
func (pn *Panel) Label(i int) string {
	bs := pn.Buttons()
	if i < 0 || i >= len(bs) {
		return ""
	}
	b := bs[i]
	s := b.Packet
	if i < PanelKeys {
		s = fmt.Sprintf("%d  %s", i+1, b.Packet)
	}
	switch {
	case b.Every > 0 && pn.Running(i):
		s += "  ■ " + i18n.Trf("panel.every", i18n.Args{"Every": b.Every.String()})
	case b.Every > 0:
		// The play icon says it starts; U+25B6 draws as a coloured emoji.
		s += "  " + i18n.Trf("panel.every", i18n.Args{"Every": b.Every.String()})
	}
	return s
}

// Reason says why the buttons cannot send now, or "".
func (pn *Panel) Reason() string {
	switch p := pn.Client(); {
	case len(pn.Buttons()) == 0:
		return i18n.Tr("panel.empty")
	case p == nil || p.State != ClientConnected:
		return i18n.Tr("panel.whyConnect")
	case p.StreamEnded || p.endingStream:
		return i18n.Tr("client.whyEnded")
	}
	return ""
}

// Press presses button i, from win (where a question or a failure shows):
// a one-shot button sends once, a periodic one starts or stops.
func (pn *Panel) Press(i int, win fyne.Window) {
	bs := pn.Buttons()
	if i < 0 || i >= len(bs) {
		return
	}
	if r := pn.runs[i]; r != nil {
		pn.stopRun(i)
		return
	}
	b := bs[i]
	c := pn.Packets()
	pk, err := c.Lib.Get(b.Packet)
	if err != nil {
		widgets.ShowFailure(win, i18n.Trf("packets.cannotSend", i18n.Args{"Name": b.Packet}), err)
		return
	}
	if why := pn.Reason(); why != "" {
		// Nothing is lost: the press only tells what it needs.
		pn.message(i18n.Trf("panel.notSent", i18n.Args{"Name": b.Packet, "Why": why}))
		pn.refresh()
		return
	}
	send := func() { pn.send(i, b, pk, win) }
	if c.elsewhere(pk) {
		c.confirmElsewhere(pk, send)
		return
	}
	send()
}

// send sends pk once for button i, or starts its period.
func (pn *Panel) send(i int, b packets.Button, pk packets.Packet, win fyne.Window) {
	p := pn.Client()
	if p == nil || p.State != ClientConnected || p.jobs == nil || p.Client == nil {
		return
	}
	cannot := func(err error) {
		widgets.ShowFailure(win, i18n.Trf("packets.cannotSend", i18n.Args{"Name": pk.Name}), err)
	}
	if b.Every == 0 {
		o, ok := pn.once[i]
		if !ok || o.pk != pk {
			next, sum, err := pk.Sends()
			if err != nil {
				cannot(err)
				return
			}
			o = panelOnce{pk: pk, next: next, sum: sum}
			pn.once[i] = o
		}
		data := o.next()
		if len(data) == 0 {
			cannot(errors.New(i18n.Tr("client.whyEmpty")))
			return
		}
		if p.Repeating != nil {
			widgets.ShowInfo(win, i18n.Tr("client.busyTitle"), i18n.Tr("client.busyText"))
			return
		}
		// Through the checksum's send, so the log row names its bytes.
		p.queueJob(&sendJob{data: data, sum: o.sum, count: 1, Stop: make(chan struct{})})
		p.Update()
		return
	}
	next, sum, err := pk.Sends()
	if err == nil && len(next()) == 0 && sum == nil {
		err = errors.New(i18n.Tr("client.whyEmpty"))
	}
	if err != nil {
		cannot(err)
		return
	}
	// A fresh sender: the check above took its first counter.
	next, sum, _ = pk.Sends()
	r := &panelRun{client: p.Client, stop: make(chan struct{}), every: b.Every, name: pk.Name}
	pn.runs[i] = r
	pn.active.Add(1)
	go func() {
		defer pn.active.Done()
		var n int
		var err error
		if sum != nil {
			n, err = r.client.SendEverySum(r.stop, next, *sum, r.every)
		} else {
			n, err = r.client.SendEvery(r.stop, next, r.every)
		}
		p.Do(func() { pn.runEnded(i, r, p, win, n, err) })
	}()
	pn.message(i18n.Trf("panel.started", i18n.Args{"Name": pk.Name, "Every": b.Every.String()}))
	pn.refresh()
}

// runEnded forgets run r of button i once its sends stopped: pressed
// again, or the connection ended.
func (pn *Panel) runEnded(i int, r *panelRun, p *ClientPane, win fyne.Window, n int, err error) {
	if pn.runs[i] == r {
		delete(pn.runs, i)
		pn.refresh()
	}
	pn.message(i18n.Trn("panel.stopped", n, i18n.Args{"Name": r.name}))
	if err != nil && p.Client == r.client && p.State == ClientConnected && !p.closed && !endedStreamError(err) {
		widgets.ShowFailure(win, i18n.Trf("client.sendFailed", i18n.Args{"Addr": p.target}), err)
	}
}

// stopRun stops button i's period.
func (pn *Panel) stopRun(i int) {
	if r := pn.runs[i]; r != nil {
		close(r.stop)
		delete(pn.runs, i)
		pn.refresh()
	}
}

// StopAll stops every periodic button: the panel changed, or the window closes.
func (pn *Panel) StopAll() {
	for i := range pn.runs {
		pn.stopRun(i)
	}
}

// Wait returns once every periodic button stopped (StopAll) has made its
// last send.
func (pn *Panel) Wait() { pn.active.Wait() }

// Changed takes a new or edited panel: what ran stops, as its buttons may
// have moved, and the views show the new buttons.
func (pn *Panel) Changed() {
	pn.StopAll()
	clear(pn.once)
	pn.refresh()
}

// Sync shows the client's state in the views (why the buttons cannot send).
func (pn *Panel) Sync() {
	for _, v := range pn.views {
		v.sync()
	}
}

// Refresh shows the panel anew in its views (the language changed).
func (pn *Panel) Refresh() { pn.refresh() }

func (pn *Panel) refresh() {
	for _, v := range pn.views {
		v.Refresh()
	}
	if pn.OnChange != nil {
		pn.OnChange()
	}
}

func (pn *Panel) message(s string) {
	if pn.OnMessage != nil {
		pn.OnMessage(s)
	}
}

// PanelView is the panel's buttons in a window: its title, a grid of
// buttons that wraps to the width, and why they cannot send.
type PanelView struct {
	pn      *Panel
	win     fyne.Window
	Heading *widget.Label
	Buttons []*widgets.PlainButton
	Reason  *widget.Label
	grid    *fyne.Container
	box     *fyne.Container
	// HideEmpty hides the view while the library has no panel (the main
	// window's; the panel's own window shows why it is empty).
	HideEmpty bool
}

// NewView returns a view of the panel for win.
func (pn *Panel) NewView(win fyne.Window, hideEmpty bool) *PanelView {
	v := &PanelView{pn: pn, win: win, HideEmpty: hideEmpty}
	v.Heading = widget.NewLabel("")
	v.Heading.TextStyle = fyne.TextStyle{} // regular: see widgets.PlainButton
	v.Reason = widgets.ReasonLabel()
	v.grid = container.New(&panelGrid{})
	v.box = container.NewBorder(nil, nil, v.Heading, nil, container.NewVBox(v.grid, v.Reason))
	pn.views = append(pn.views, v)
	v.Refresh()
	return v
}

// Remove stops v following the panel (its window closed).
func (v *PanelView) Remove() {
	for i, o := range v.pn.views {
		if o == v {
			v.pn.views = append(v.pn.views[:i], v.pn.views[i+1:]...)
			return
		}
	}
}

// Object is the view's content.
func (v *PanelView) Object() fyne.CanvasObject { return v.box }

// Refresh rebuilds the buttons from the panel and their states.
func (v *PanelView) Refresh() {
	bs := v.pn.Buttons()
	for len(v.Buttons) < len(bs) {
		i := len(v.Buttons)
		v.Buttons = append(v.Buttons, widgets.NewPlainButton("", nil, func() { v.pn.Press(i, v.win) }))
	}
	v.Buttons = v.Buttons[:len(bs)]
	objs := make([]fyne.CanvasObject, len(bs))
	for i, b := range bs {
		btn := v.Buttons[i]
		btn.Text = v.pn.Label(i)
		btn.Importance = widget.MediumImportance
		switch {
		case b.Every > 0 && v.pn.Running(i):
			btn.Icon = theme.MediaStopIcon()
			btn.Importance = widget.HighImportance
		case b.Every > 0:
			btn.Icon = theme.MediaPlayIcon()
		default:
			btn.Icon = theme.MailSendIcon()
		}
		btn.Refresh()
		objs[i] = btn
	}
	v.grid.Objects = objs
	v.grid.Refresh()
	logview.SetLabelText(v.Heading, v.pn.Title())
	v.sync()
	widgets.SetVisible(v.box, !v.HideEmpty || len(bs) > 0)
	v.box.Refresh()
}

// ColumnSize is the size the view needs with its buttons in one column,
// as a window of its own shows them.
func (v *PanelView) ColumnSize() fyne.Size {
	pad := theme.Padding()
	cell := (&panelGrid{}).cell(v.grid.Objects)
	n := float32(len(v.grid.Objects))
	h := n*cell.Height + max(n-1, 0)*pad
	if v.Reason.Visible() {
		h += v.Reason.MinSize().Height + pad
	}
	return fyne.NewSize(v.Heading.MinSize().Width+pad+cell.Width, max(h, v.Heading.MinSize().Height))
}

func (v *PanelView) sync() {
	logview.SetLabelText(v.Reason, v.pn.Reason())
	widgets.SetVisible(v.Reason, v.Reason.Text != "")
}

// panelGrid lays the buttons out in rows of equal cells, as many across as
// the widest label lets fit, so a label is never cut in any language or
// zoom and a narrow window wraps the buttons onto more rows.
type panelGrid struct {
	width float32 // as last laid out
}

func (g *panelGrid) cell(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s
}

func (g *panelGrid) cols(objects []fyne.CanvasObject, width float32) int {
	cell := g.cell(objects)
	pad := theme.Padding()
	n := max(int((width+pad)/(cell.Width+pad)), 1)
	return min(n, max(len(objects), 1))
}

func (g *panelGrid) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if len(objects) == 0 {
		return
	}
	g.width = size.Width
	cols := g.cols(objects, size.Width)
	pad := theme.Padding()
	cell := g.cell(objects)
	w := (size.Width - pad*float32(cols-1)) / float32(cols)
	for i, o := range objects {
		r, c := i/cols, i%cols
		o.Move(fyne.NewPos(float32(c)*(w+pad), float32(r)*(cell.Height+pad)))
		o.Resize(fyne.NewSize(w, cell.Height))
	}
}

// MinSize is one cell wide and as tall as the rows at the width last laid
// out need.
func (g *panelGrid) MinSize(objects []fyne.CanvasObject) fyne.Size {
	if len(objects) == 0 {
		return fyne.Size{}
	}
	cell := g.cell(objects)
	rows := 1
	if g.width > 0 {
		cols := g.cols(objects, g.width)
		rows = (len(objects) + cols - 1) / cols
	}
	return fyne.NewSize(cell.Width, float32(rows)*cell.Height+float32(rows-1)*theme.Padding())
}

var _ fyne.Layout = (*panelGrid)(nil)

// passToPanel hands Ctrl+1..9 typed in a focused field to its window,
// whose shortcuts press the panel's buttons; an entry would drop them.
func passToPanel(o fyne.CanvasObject, s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierShortcutDefault || len(cs.KeyName) != 1 || cs.KeyName < "1" || cs.KeyName > "9" {
		return false
	}
	c, ok := fyne.CurrentApp().Driver().CanvasForObject(o).(interface{ TypedShortcut(fyne.Shortcut) })
	if !ok {
		return false
	}
	c.TypedShortcut(s)
	return true
}
