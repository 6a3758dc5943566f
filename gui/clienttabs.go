package gui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets/replytime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Preference keys of the client tabs. Each tab's own settings are the
// client keys under its prefix (tabPrefs).
const (
	keyClientTabs    = "client.tabs"    // the tabs' numbers in order, e.g. "1,2,3"; none: one tab, 1
	keyClientTabShow = "client.tabShow" // int: the number of the tab shown
)

// clientDeckIndex is the client pane's place in the deck, after the
// server's.
const clientDeckIndex = 1

// clientTabs are the window's clients, one tab each, shown one at a time
// in the client pane's place. Each tab is a clientPane with its own
// settings, connection, payload, repeat and status; the history and the
// packet library are shared. The tabs are numbered for good (Client 1,
// Client 2...): closing Client 2 leaves Client 1 and Client 3, so the
// log's names stay true. Every tab names its connections' events "Client
// N" (sockets' ClientConfig.Name), which the log's Side column, its side
// filter and the diagram's lanes show, a lone tab too: a connection made
// before a second tab opens is named as the ones after it. A lone tab's
// title is plain "Client", as the app was with one client.
//
// Its strip sits in each tab's title row, after the title:
//
//	Client 2  [1] [2] [x] [3] [+]   state   [Use my server] [Connect] [Advanced]
type clientTabs struct {
	mw      *mainWindow
	env     paneEnv
	panes   []*clientPane
	current int
	slot    *fyne.Container // holds the current tab's frame

	hist    *payloadHistory
	library *clientPackets // the first tab's, whose library every tab uses
}

// newClientTabs builds the tabs remembered in the preferences and shows
// the one last shown. Nothing connects.
func newClientTabs(mw *mainWindow, env paneEnv) *clientTabs {
	ct := &clientTabs{mw: mw, env: env, hist: newPayloadHistory(env.prefs)}
	ct.slot = container.New(tabSlotLayout{ct})
	for _, id := range savedTabIDs(env.prefs) {
		ct.open(id)
	}
	show := env.prefs.IntWithFallback(keyClientTabShow, ct.panes[0].id)
	ct.show(max(0, slices.IndexFunc(ct.panes, func(p *clientPane) bool { return p.id == show })))
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
func (ct *clientTabs) open(id int) *clientPane {
	env := ct.env
	env.prefs = newTabPrefs(ct.env.prefs, id)
	p := newClientPane(env)
	p.id, p.tabs = id, ct
	p.hist = ct.hist
	if ct.library == nil {
		ct.library = p.packets
	} else {
		p.packets.lib = ct.library.lib
	}
	p.packets.onMessage = ct.mw.showMessage
	p.serverAddr = ct.mw.server.ListenAddr
	p.startServer = ct.mw.server.onStart
	p.serverCert = ct.mw.server.Certificate
	p.onChange = ct.mw.refreshStatus
	p.strip = container.NewHBox()
	p.frame.addLead(p.strip)
	ct.panes = append(ct.panes, p)
	return p
}

// save remembers the tabs and the one shown.
func (ct *clientTabs) save() {
	ids := make([]string, len(ct.panes))
	for i, p := range ct.panes {
		ids[i] = strconv.Itoa(p.id)
	}
	ct.env.prefs.SetString(keyClientTabs, strings.Join(ids, ","))
	ct.env.prefs.SetInt(keyClientTabShow, ct.panes[ct.current].id)
}

// show brings tab i to the front, and remembers the tabs.
func (ct *clientTabs) show(i int) {
	ct.current = i
	p := ct.panes[i]
	ct.mw.client = p
	ct.slot.Objects = []fyne.CanvasObject{p.Object()}
	if ct.mw.deck != nil {
		ct.mw.deck.setFrame(clientDeckIndex, p.frame)
	}
	ct.refresh()
	ct.slot.Refresh()
	ct.mw.refreshStatus()
	ct.save()
}

// onAdd opens a new tab, the lowest number free, with fresh settings, and
// shows it.
func (ct *clientTabs) onAdd() {
	if len(ct.panes) >= maxClientTabs {
		return
	}
	id := 1
	for slices.ContainsFunc(ct.panes, func(p *clientPane) bool { return p.id == id }) {
		id++
	}
	p := ct.open(id)
	p.update()
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
	forgetClientTab(ct.env.prefs, p.id)
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
		title := tr("client.title")
		if len(ct.panes) > 1 {
			title = clientNameText(p.eventName())
		}
		names = append(names, p.eventName())
		setLabelText(p.frame.title, title)
	}
	if ct.mw.log != nil {
		ct.mw.log.SetClientNames(names)
	}
}

// fillStrip puts the tab buttons in p's title row: a number per tab, p's
// own marked and followed by its close button, then "+".
func (ct *clientTabs) fillStrip(p *clientPane) {
	var objs []fyne.CanvasObject
	if len(ct.panes) > 1 {
		for i, q := range ct.panes {
			b := newPlainButton(strconv.Itoa(q.id), nil, func() { ct.show(i) })
			b.Importance, b.Tight = widget.LowImportance, true
			if q == p {
				b.Importance = widget.HighImportance
			}
			objs = append(objs, b)
			if q == p {
				x := newPlainButton("", theme.WindowCloseIcon(), func() { ct.onClose(i) })
				x.Importance, x.Tight = widget.LowImportance, true
				objs = append(objs, x)
			}
		}
	}
	add := newPlainButton("", theme.ContentAddIcon(), ct.onAdd)
	add.Importance, add.Tight = widget.LowImportance, true
	objs = append(objs, add)
	p.strip.Objects = objs
	p.strip.Refresh()
}

// retranslate puts the current language into every tab.
func (ct *clientTabs) retranslate() {
	for _, p := range ct.panes {
		p.update()
	}
	ct.refresh()
}

// eventName is the name p's events carry: "Client 2".
func (p *clientPane) eventName() string { return clientEventName(p.id) }

// tabCounters is a tab's own counters, for its connection row, while
// there are several tabs (with one, the status bar says the same).
func (p *clientPane) tabCounters() string {
	st, ok := p.Stats()
	if !ok || p.tabs == nil || len(p.tabs.panes) < 2 {
		return ""
	}
	return " · " + countsText(paneCounts{p.protocol.Value(), true, st})
}

// refreshCounters brings the tabs' counters up to date.
func (ct *clientTabs) refreshCounters() {
	if len(ct.panes) < 2 {
		return
	}
	for _, p := range ct.panes {
		p.updateConnRow()
	}
}

// counts sums every tab's counters for the status bar; reply times are
// the shown tab's with one tab, and with several only their counts (the
// percentiles of different connections do not add).
func (ct *clientTabs) counts() (c paneCounts, replies replytime.Summary, hasReplies bool) {
	cur := ct.panes[ct.current]
	c.network = cur.protocol.Value()
	if len(ct.panes) == 1 {
		c.stats, c.ok = cur.Stats()
		replies, hasReplies = cur.replies.Summary()
		return c, replies, hasReplies && c.ok
	}
	for _, p := range ct.panes {
		st, ok := p.Stats()
		if !ok {
			continue
		}
		c.ok = true
		c.stats.BytesIn += st.BytesIn
		c.stats.BytesOut += st.BytesOut
		c.stats.MsgsIn += st.MsgsIn
		c.stats.MsgsOut += st.MsgsOut
		if r, rok := p.replies.Summary(); rok {
			replies.Sent += r.Sent
			replies.Replies += r.Replies
			replies.Lost += r.Lost
			hasReplies = true
		}
	}
	return c, replies, hasReplies
}

// shutdown closes every tab's connection; the window is closing.
func (ct *clientTabs) shutdown() {
	for _, p := range ct.panes {
		p.Shutdown()
	}
}

// tabSlotLayout shows the current tab over the whole slot, and asks for
// the width of the widest tab, so the panes do not shift sideways (and
// the tab buttons with them) when another tab, connected or not, is
// shown; the height is the current tab's.
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
