package gui

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/replytime"
)

// Preference keys of the client tabs.
const (
	keyClientTabs    = "client.tabs"    // the tabs' numbers in order, e.g. "1,2,3"; none: one tab, 1
	keyClientTabShow = "client.tabShow" // int: the number of the tab shown
)

// clientDeckIndex is the client pane's place in the deck, after the server's.
const clientDeckIndex = 1

// clientTabs are the window's clients, one tab each, shown one at a time
// in the client pane's place.
type clientTabs struct {
	mw      *mainWindow
	env     panes.Env
	panes   []*panes.ClientPane
	current int
	slot    *fyne.Container // holds the current tab's frame

	hist    *panes.PayloadHistory
	library *panes.ClientPackets // the first tab's, whose library every tab uses
}

// newClientTabs builds the tabs remembered in the preferences and shows
// the one last shown. Nothing connects.
func newClientTabs(mw *mainWindow, env panes.Env) *clientTabs {
	ct := &clientTabs{mw: mw, env: env, hist: panes.NewPayloadHistory(env.Prefs)}
	ct.slot = container.New(tabSlotLayout{ct})
	for _, id := range savedTabIDs(env.Prefs) {
		ct.open(id)
	}
	show := env.Prefs.IntWithFallback(keyClientTabShow, ct.panes[0].Id)
	ct.show(max(0, slices.IndexFunc(ct.panes, func(p *panes.ClientPane) bool { return p.Id == show })))
	return ct
}

// savedTabIDs reads the remembered tab numbers: at least one, no repeats.
func savedTabIDs(prefs fyne.Preferences) []int {
	var ids []int
	for _, s := range strings.Split(prefs.String(keyClientTabs), ",") {
		id, err := strconv.Atoi(strings.TrimSpace(s))
		if err == nil && id >= 1 && id <= maxClientTabs && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		ids = []int{1}
	}
	return ids
}

// maxClientTabs bounds the tabs: a room's worth of clients.
const maxClientTabs = 16

// open adds tab id, built from its remembered settings, at the end.
func (ct *clientTabs) open(id int) *panes.ClientPane {
	env := ct.env
	env.Prefs = panes.NewTabPrefs(ct.env.Prefs, id)
	p := panes.NewClientPane(env)
	p.Id, p.TabCount = id, func() int { return len(ct.panes) }
	p.Hist = ct.hist
	if ct.library == nil {
		ct.library = p.Packets
	} else {
		p.Packets.Lib = ct.library.Lib
	}
	p.Packets.OnMessage = ct.mw.showMessage
	p.Packets.OnPanel = func() { ct.mw.panel.Changed() }
	p.ServerAddr = ct.mw.server.ListenAddr
	p.StartServer = ct.mw.server.OnStart
	p.ServerCert = ct.mw.server.Certificate
	p.ChatRoom = ct.mw.server.ChatRoom
	p.OnChange = ct.mw.refreshStatus
	p.Reveal = func() {
		if ct.mw.deck != nil {
			ct.mw.deck.Show(clientDeckIndex)
		}
	}
	p.Strip = container.NewHBox()
	p.Frame.AddLead(p.Strip)
	ct.panes = append(ct.panes, p)
	return p
}

func (ct *clientTabs) save() {
	ids := make([]string, len(ct.panes))
	for i, p := range ct.panes {
		ids[i] = strconv.Itoa(p.Id)
	}
	ct.env.Prefs.SetString(keyClientTabs, strings.Join(ids, ","))
	ct.env.Prefs.SetInt(keyClientTabShow, ct.panes[ct.current].Id)
}

// show brings tab i to the front, and remembers the tabs.
func (ct *clientTabs) show(i int) {
	ct.current = i
	p := ct.panes[i]
	ct.mw.client = p
	ct.slot.Objects = []fyne.CanvasObject{p.Object()}
	if ct.mw.deck != nil {
		ct.mw.deck.SetFrame(clientDeckIndex, p.Frame)
	}
	ct.refresh()
	ct.slot.Refresh()
	ct.mw.refreshStatus()
	ct.save()
}

// onAdd opens and shows a new tab, the lowest number free, with fresh settings.
func (ct *clientTabs) onAdd() {
	if len(ct.panes) >= maxClientTabs {
		return
	}
	id := 1
	for slices.ContainsFunc(ct.panes, func(p *panes.ClientPane) bool { return p.Id == id }) {
		id++
	}
	p := ct.open(id)
	p.Update()
	ct.show(len(ct.panes) - 1)
}

// onClose closes tab i, disconnecting its client, and forgets its
// settings; the last tab stays.
func (ct *clientTabs) onClose(i int) {
	if len(ct.panes) < 2 || i < 0 || i >= len(ct.panes) {
		return
	}
	p := ct.panes[i]
	p.Shutdown()
	ct.panes = slices.Delete(ct.panes, i, i+1)
	panes.ForgetClientTab(ct.env.Prefs, p.Id)
	cur := ct.current
	if cur >= i && cur > 0 {
		cur--
	}
	ct.show(cur)
}

// refresh rebuilds every tab's strip and title, and tells the log the
// tabs' names.
func (ct *clientTabs) refresh() {
	var names []string
	for _, p := range ct.panes {
		ct.fillStrip(p)
		title := i18n.Tr("client.title")
		if len(ct.panes) > 1 {
			title = logview.ClientNameText(p.EventName())
		}
		names = append(names, p.EventName())
		logview.SetLabelText(p.Frame.Title, title)
	}
	if ct.mw.log != nil {
		ct.mw.log.SetClientNames(names)
	}
}

// fillStrip puts the tab buttons in p's title row: a number per tab, p's
// own marked and followed by its close button, then "+".
func (ct *clientTabs) fillStrip(p *panes.ClientPane) {
	var objs []fyne.CanvasObject
	if len(ct.panes) > 1 {
		for i, q := range ct.panes {
			b := widgets.NewPlainButton(strconv.Itoa(q.Id), nil, func() { ct.show(i) })
			b.Importance, b.Tight = widget.LowImportance, true
			if q == p {
				b.Importance = widget.HighImportance
			}
			objs = append(objs, b)
			if q == p {
				x := widgets.NewPlainButton("", theme.WindowCloseIcon(), func() { ct.onClose(i) })
				x.Importance, x.Tight = widget.LowImportance, true
				objs = append(objs, x)
			}
		}
	}
	add := widgets.NewPlainButton("", theme.ContentAddIcon(), ct.onAdd)
	add.Importance, add.Tight = widget.LowImportance, true
	objs = append(objs, add)
	p.Strip.Objects = objs
	p.Strip.Refresh()
}

func (ct *clientTabs) retranslate() {
	for _, p := range ct.panes {
		p.Update()
	}
	ct.refresh()
}

func (ct *clientTabs) refreshCounters() {
	if len(ct.panes) < 2 {
		return
	}
	for _, p := range ct.panes {
		p.UpdateConnRow()
	}
}

// counts sums every tab's counters for the status bar; reply times are
// the shown tab's with one tab, and with several only their counts (the
// percentiles of different connections do not add).
func (ct *clientTabs) counts() (c panes.Counts, replies replytime.Summary, hasReplies bool) {
	cur := ct.panes[ct.current]
	c.Network = cur.Protocol.Value()
	if len(ct.panes) == 1 {
		c.Stats, c.OK = cur.Stats()
		replies, hasReplies = cur.Replies.Summary()
		return c, replies, hasReplies && c.OK
	}
	for _, p := range ct.panes {
		st, ok := p.Stats()
		if !ok {
			continue
		}
		c.OK = true
		c.Stats.BytesIn += st.BytesIn
		c.Stats.BytesOut += st.BytesOut
		c.Stats.MsgsIn += st.MsgsIn
		c.Stats.MsgsOut += st.MsgsOut
		if r, rok := p.Replies.Summary(); rok {
			replies.Sent += r.Sent
			replies.Replies += r.Replies
			replies.Lost += r.Lost
			hasReplies = true
		}
	}
	return c, replies, hasReplies
}

func (ct *clientTabs) shutdown() {
	for _, p := range ct.panes {
		p.Shutdown()
	}
}

// tabSlotLayout shows the current client tab: a Stack asks only for the
// shown tab's width, and the panes would then shift sideways (the tab
// buttons with them) when another tab is shown. It asks for the width of
// the widest tab and the height of the current one.
type tabSlotLayout struct{ ct *clientTabs }

func (l tabSlotLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l tabSlotLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	for _, p := range l.ct.panes {
		s.Width = max(s.Width, p.Object().MinSize().Width)
	}
	return s
}
