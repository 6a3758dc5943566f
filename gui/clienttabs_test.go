package gui

import (
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/exchange"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// addTab taps "+" in the shown tab's strip and returns the new tab.
func (h *appHarness) addTab() *clientPane {
	h.t.Helper()
	strip := h.mw.client.strip.Objects
	test.Tap(strip[len(strip)-1].(*widgets.PlainButton))
	h.pump()
	return h.mw.client
}

// closeShownTab taps the x after the shown tab's number.
func (h *appHarness) closeShownTab() {
	h.t.Helper()
	for i, o := range h.mw.client.strip.Objects {
		if b := o.(*widgets.PlainButton); b.Importance == widget.HighImportance {
			test.Tap(h.mw.client.strip.Objects[i+1].(*widgets.PlainButton))
			h.pump()
			return
		}
	}
	h.t.Fatal("no tab is marked as shown")
}

// showTab taps tab id's number in the shown tab's strip.
func (h *appHarness) showTab(id int) *clientPane {
	h.t.Helper()
	for _, o := range h.mw.client.strip.Objects {
		if b := o.(*widgets.PlainButton); b.Text == strconv.Itoa(id) {
			test.Tap(b)
			h.pump()
			if h.mw.client.id != id {
				h.t.Fatalf("tab %d shown after tapping %d", h.mw.client.id, id)
			}
			return h.mw.client
		}
	}
	h.t.Fatalf("no tab %d in the strip", id)
	return nil
}

// connectTab types port into p (TCP, 127.0.0.1) and connects it.
func (h *appHarness) connectTab(p *clientPane, port int) {
	h.t.Helper()
	p.protocol.SetValue("tcp")
	retype(p.host, "127.0.0.1")
	retype(p.port, strconv.Itoa(port))
	test.Tap(p.connectBtn)
	h.waitFor("client "+strconv.Itoa(p.id)+" to connect", func() bool { return p.state == clientConnected })
}

// sendFrom sends payload from tab p.
func (h *appHarness) sendFrom(p *clientPane, payload string) {
	h.t.Helper()
	retype(&p.editor.Entry, payload)
	if p.sendBtn.Disabled() {
		h.t.Fatalf("Send is off in tab %d: %q", p.id, p.sendReason.Text)
	}
	test.Tap(p.sendBtn)
}

// namedRows returns the data rows of kind k named name, as text.
func (h *appHarness) namedRows(name string, k sockets.Kind) []string {
	var out []string
	for _, r := range h.mw.log.Model.Shown() {
		if r.Side == sockets.SideClient && r.Name == name && r.Kind == k {
			out = append(out, string(r.Data))
		}
	}
	return out
}

func TestClientTabsAddAndClose(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	first := h.mw.client
	if first.frame.title.Text != "Client" || len(first.strip.Objects) != 1 || first.eventName() != "Client 1" {
		t.Fatalf("a lone tab shows %q with %d strip buttons; want Client and +", first.frame.title.Text, len(first.strip.Objects))
	}
	h.connectToOwnServer()

	// Use my server in the second tab.
	second := h.addTab()
	if second == first || second.id != 2 || second.frame.title.Text != "Client 2" || first.frame.title.Text != "Client 1" {
		t.Fatalf("tabs %d %q and %d %q", first.id, first.frame.title.Text, second.id, second.frame.title.Text)
	}
	if second.state != clientIdle || second.port.Text != "" {
		t.Fatalf("the new tab starts %v with port %q; want idle and empty", second.state, second.port.Text)
	}
	test.Tap(second.useServer)
	h.waitFor("tab 2 to connect", func() bool { return second.state == clientConnected })
	h.waitPeers(2)
	tab2Addr := second.client.LocalAddr().String()
	h.sendFrom(second, "from two\n")
	h.waitFor("tab 2's echo", func() bool { return slices.Contains(h.namedRows("Client 2", sockets.KindReceived), "from two\n") })

	// The Side column names the tab; the side filter offers it.
	for _, r := range h.mw.log.Rows() {
		if r.Side == sockets.SideClient && r.Kind == sockets.KindSent && string(r.Data) == "from two\n" {
			if got := exchange.LogSideName(&r); got != "Client 2" {
				t.Errorf("Side column %q; want Client 2", got)
			}
		}
	}
	sel := h.mw.log.SideSelect
	if !slices.Contains(sel.Options, "Client 2") {
		t.Fatalf("side filter options %q lack Client 2", sel.Options)
	}
	sel.SetSelected("Client 2")
	rows := h.mw.log.Rows()
	if len(rows) == 0 {
		t.Fatal("the Client 2 filter shows nothing")
	}
	for _, r := range rows {
		if r.Side != sockets.SideClient || r.Name != "Client 2" {
			t.Errorf("the Client 2 filter shows %v (name %q)", r, r.Name)
		}
	}
	sel.SetSelected(sel.Options[0])

	// Closing the tab closes its connection: the server sees it go.
	h.closeShownTab()
	if len(h.mw.clients.panes) != 1 || h.mw.client != first || first.frame.title.Text != "Client" {
		t.Fatalf("after closing: %d tabs, shown %d %q", len(h.mw.clients.panes), h.mw.client.id, h.mw.client.frame.title.Text)
	}
	h.waitFor("the server to see tab 2 disconnect", func() bool {
		for _, r := range h.mw.log.Rows() {
			if r.Side == sockets.SideServer && r.Kind == sockets.KindDisconnected && r.Remote == tab2Addr {
				return true
			}
		}
		return false
	})
	h.waitPeers(1)
	if first.state != clientConnected {
		t.Fatalf("tab 1 is %v after tab 2 closed", first.state)
	}
	if len(first.strip.Objects) != 1 {
		t.Fatalf("the last tab shows %d strip buttons; want only +", len(first.strip.Objects))
	}
}

func TestClientTabsRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	// A user's settings from the version with one client.
	a.Preferences().SetString(keyClientPort, "4242")
	h := newAppHarnessFor(t, a)
	if got := h.mw.client.port.Text; got != "4242" {
		t.Fatalf("tab 1's port %q; want the old setting 4242", got)
	}
	h.startServer()
	h.connectToOwnServer()
	two := h.addTab()
	retype(two.port, "5151")
	two.protocol.SetValue("udp")
	three := h.addTab()
	retype(three.port, "6161")
	h.addTab()
	h.closeShownTab() // tab 4 goes, and its settings with it
	h.showTab(2)
	h.close()

	h2 := newAppHarnessFor(t, a)
	var ids []int
	for _, p := range h2.mw.clients.panes {
		ids = append(ids, p.id)
		if p.state != clientIdle {
			t.Errorf("tab %d is %v after the restart; nothing reconnects", p.id, p.state)
		}
	}
	if !slices.Equal(ids, []int{1, 2, 3}) {
		t.Fatalf("tabs %v after the restart; want 1 2 3", ids)
	}
	p := h2.mw.clients.panes
	if h2.mw.client != p[1] {
		t.Errorf("tab %d shown; want 2, shown at the close", h2.mw.client.id)
	}
	if p[1].port.Text != "5151" || p[1].protocol.Value() != "udp" || p[2].port.Text != "6161" || p[2].protocol.Value() != "tcp" {
		t.Errorf("tab 2 %s %q, tab 3 %s %q", p[1].protocol.Value(), p[1].port.Text, p[2].protocol.Value(), p[2].port.Text)
	}
	if p[0].port.Text == "4242" || p[0].port.Text == "" {
		t.Errorf("tab 1's port %q; want the server's, from Use my server", p[0].port.Text)
	}
	// A new tab 4 starts afresh.
	if four := h2.addTab(); four.id != 4 || four.port.Text != "" {
		t.Errorf("new tab %d has port %q; want 4 and empty", four.id, four.port.Text)
	}
}

func TestClientTabsStatusSums(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	one := h.mw.client
	two := h.addTab()
	test.Tap(two.useServer)
	h.waitFor("tab 2 to connect", func() bool { return two.state == clientConnected })
	h.sendFrom(one, "abc")
	h.sendFrom(two, "defgh")
	h.waitFor("both echoes", func() bool {
		return slices.Contains(h.namedRows("Client 1", sockets.KindReceived), "abc") &&
			slices.Contains(h.namedRows("Client 2", sockets.KindReceived), "defgh")
	})
	s1, _ := one.Stats()
	s2, _ := two.Stats()
	if s1.BytesOut != 3 || s2.BytesOut != 5 {
		t.Fatalf("tab counters out %d and %d; want 3 and 5", s1.BytesOut, s2.BytesOut)
	}
	h.mw.clients.refreshCounters()
	h.mw.refreshStatus()
	sum := sockets.Stats{BytesIn: s1.BytesIn + s2.BytesIn, BytesOut: 8, MsgsIn: s1.MsgsIn + s2.MsgsIn, MsgsOut: s1.MsgsOut + s2.MsgsOut}
	want := "Clients (2): " + countsText(paneCounts{"tcp", true, sum})
	if got := h.mw.status.client.Text; !strings.HasPrefix(got, want) {
		t.Errorf("status %q; want it to start %q", got, want)
	}
	if !strings.Contains(h.mw.status.client.Text, "out 8 B") {
		t.Errorf("status %q does not sum 8 B out", h.mw.status.client.Text)
	}
	for _, p := range []*clientPane{one, two} {
		st, _ := p.Stats()
		if own := countsText(paneCounts{"tcp", true, st}); !strings.Contains(p.conn.text.Text, own) {
			t.Errorf("tab %d's row %q lacks its counters %q", p.id, p.conn.text.Text, own)
		}
	}

	// The diagram has a lane per client.
	var lanes []string
	for _, k := range h.mw.seq.Model.Lanes().Keys {
		lanes = append(lanes, exchange.LaneName(k))
	}
	if got := strings.Join(lanes, ","); got != "Client 1,Client 2,Server" {
		t.Errorf("diagram lanes %s; want Client 1,Client 2,Server", got)
	}
}

// TestClientTabsChat: three tabs on a chat server; what tab 1 says
// reaches tabs 2 and 3, and not tab 1.
func TestClientTabsChat(t *testing.T) {
	h := newAppHarness(t)
	srv := sockets.NewServer(sockets.ServerConfig{Network: "tcp", Addr: "127.0.0.1:0", Mode: sockets.ModeChat, Events: h.mw.events})
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	port := srv.Addr().(*net.TCPAddr).Port
	one := h.mw.client
	two := h.addTab()
	tabs := []*clientPane{one, two, h.addTab()}
	for _, p := range tabs {
		h.connectTab(p, port)
	}
	h.waitFor("three chat clients", func() bool { return srv.Stats().ConnsCurrent == 3 })
	h.sendFrom(tabs[0], "hi all\n")
	h.waitFor("tabs 2 and 3 to hear tab 1", func() bool {
		return len(h.namedRows("Client 2", sockets.KindReceived)) == 1 && len(h.namedRows("Client 3", sockets.KindReceived)) == 1
	})
	// Tab 2 answers; once tab 1 has that, anything sent back to it would
	// have come first.
	h.sendFrom(tabs[1], "hi one\n")
	h.waitFor("tabs 1 and 3 to hear tab 2", func() bool {
		return len(h.namedRows("Client 1", sockets.KindReceived)) == 1 && len(h.namedRows("Client 3", sockets.KindReceived)) == 2
	})
	for name, want := range map[string]string{"Client 1": "hi one\n", "Client 2": "hi all\n", "Client 3": "hi all\n|hi one\n"} {
		if got := strings.Join(h.namedRows(name, sockets.KindReceived), "|"); got != want {
			t.Errorf("%s received %q; want %q", name, got, want)
		}
	}
}

// TestClientTabsKeepTheirPlace checks that showing another tab, connected
// or not, moves neither the panes nor the tab buttons sideways.
func TestClientTabsKeepTheirPlace(t *testing.T) {
	h := newAppHarness(t)
	h.win.Resize(defaultWindow)
	h.startServer()
	h.connectToOwnServer() // tab 1 connected, showing Disconnect
	h.addTab()             // tab 2 idle, showing Use my server and Connect
	h.addTab()
	client := h.mw.deck.root.Objects[clientDeckIndex]
	d := fyne.CurrentApp().Driver()
	var x, w float32
	for i, id := range []int{1, 2, 3, 1} {
		p := h.showTab(id)
		h.win.Content().Refresh() // lays the window out again, as a frame does
		px, pw := d.AbsolutePositionForObject(client).X, client.Size().Width
		if i > 0 && (px != x || pw != w) {
			t.Errorf("showing tab %d the client pane is at %v, %v wide; it was at %v, %v wide", id, px, pw, x, w)
		}
		x, w = px, pw
		if p.state == clientConnected != (id == 1) {
			t.Fatalf("tab %d connected: %v", id, p.state == clientConnected)
		}
	}
}
