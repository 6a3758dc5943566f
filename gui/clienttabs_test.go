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

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/seqdiagram"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// addTab taps "+" in the shown tab's strip and returns the new tab.
func (h *appHarness) addTab() *panes.ClientPane {
	h.t.Helper()
	strip := h.mw.client.Strip.Objects
	test.Tap(strip[len(strip)-1].(*widgets.PlainButton))
	h.pump()
	return h.mw.client
}

// closeShownTab taps the x after the shown tab's number.
func (h *appHarness) closeShownTab() {
	h.t.Helper()
	for i, o := range h.mw.client.Strip.Objects {
		if b := o.(*widgets.PlainButton); b.Importance == widget.HighImportance {
			test.Tap(h.mw.client.Strip.Objects[i+1].(*widgets.PlainButton))
			h.pump()
			return
		}
	}
	h.t.Fatal("no tab is marked as shown")
}

// showTab taps tab id's number in the shown tab's strip.
func (h *appHarness) showTab(id int) *panes.ClientPane {
	h.t.Helper()
	for _, o := range h.mw.client.Strip.Objects {
		if b := o.(*widgets.PlainButton); b.Text == strconv.Itoa(id) {
			test.Tap(b)
			h.pump()
			if h.mw.client.Id != id {
				h.t.Fatalf("tab %d shown after tapping %d", h.mw.client.Id, id)
			}
			return h.mw.client
		}
	}
	h.t.Fatalf("no tab %d in the strip", id)
	return nil
}

// connectTab types port into p (TCP, 127.0.0.1) and connects it.
func (h *appHarness) connectTab(p *panes.ClientPane, port int) {
	h.t.Helper()
	p.Protocol.SetValue("tcp")
	retype(p.Host, "127.0.0.1")
	retype(p.Port, strconv.Itoa(port))
	test.Tap(p.ConnectBtn)
	h.waitFor("client "+strconv.Itoa(p.Id)+" to connect", func() bool { return p.State == panes.ClientConnected })
}

// sendFrom sends payload from tab p.
func (h *appHarness) sendFrom(p *panes.ClientPane, payload string) {
	h.t.Helper()
	retype(&p.Editor.Entry, payload)
	if p.SendBtn.Disabled() {
		h.t.Fatalf("Send is off in tab %d: %q", p.Id, p.SendReason.Text)
	}
	test.Tap(p.SendBtn)
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
	if first.Frame.Title.Text != "Client" || len(first.Strip.Objects) != 1 || first.EventName() != "Client 1" {
		t.Fatalf("a lone tab shows %q with %d strip buttons; want Client and +", first.Frame.Title.Text, len(first.Strip.Objects))
	}
	h.connectToOwnServer()

	// Use my server in the second tab.
	second := h.addTab()
	if second == first || second.Id != 2 || second.Frame.Title.Text != "Client 2" || first.Frame.Title.Text != "Client 1" {
		t.Fatalf("tabs %d %q and %d %q", first.Id, first.Frame.Title.Text, second.Id, second.Frame.Title.Text)
	}
	if second.State != panes.ClientIdle || second.Port.Text != "" {
		t.Fatalf("the new tab starts %v with port %q; want idle and empty", second.State, second.Port.Text)
	}
	test.Tap(second.UseServer)
	h.waitFor("tab 2 to connect", func() bool { return second.State == panes.ClientConnected })
	h.waitPeers(2)
	tab2Addr := second.Client.LocalAddr().String()
	h.sendFrom(second, "from two\n")
	h.waitFor("tab 2's echo", func() bool { return slices.Contains(h.namedRows("Client 2", sockets.KindReceived), "from two\n") })

	// The Side column names the tab; the side filter offers it.
	for _, r := range h.mw.log.Rows() {
		if r.Side == sockets.SideClient && r.Kind == sockets.KindSent && string(r.Data) == "from two\n" {
			if got := logview.LogSideName(&r); got != "Client 2" {
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
	if len(h.mw.clients.panes) != 1 || h.mw.client != first || first.Frame.Title.Text != "Client" {
		t.Fatalf("after closing: %d tabs, shown %d %q", len(h.mw.clients.panes), h.mw.client.Id, h.mw.client.Frame.Title.Text)
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
	if first.State != panes.ClientConnected {
		t.Fatalf("tab 1 is %v after tab 2 closed", first.State)
	}
	if len(first.Strip.Objects) != 1 {
		t.Fatalf("the last tab shows %d strip buttons; want only +", len(first.Strip.Objects))
	}
}

func TestClientTabsRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	// A user's settings from the version with one client.
	a.Preferences().SetString(panes.KeyClientPort, "4242")
	h := newAppHarnessFor(t, a)
	if got := h.mw.client.Port.Text; got != "4242" {
		t.Fatalf("tab 1's port %q; want the old setting 4242", got)
	}
	h.startServer()
	h.connectToOwnServer()
	two := h.addTab()
	retype(two.Port, "5151")
	two.Protocol.SetValue("udp")
	three := h.addTab()
	retype(three.Port, "6161")
	h.addTab()
	h.closeShownTab() // tab 4 goes, and its settings with it
	h.showTab(2)
	h.close()

	h2 := newAppHarnessFor(t, a)
	var ids []int
	for _, p := range h2.mw.clients.panes {
		ids = append(ids, p.Id)
		if p.State != panes.ClientIdle {
			t.Errorf("tab %d is %v after the restart; nothing reconnects", p.Id, p.State)
		}
	}
	if !slices.Equal(ids, []int{1, 2, 3}) {
		t.Fatalf("tabs %v after the restart; want 1 2 3", ids)
	}
	p := h2.mw.clients.panes
	if h2.mw.client != p[1] {
		t.Errorf("tab %d shown; want 2, shown at the close", h2.mw.client.Id)
	}
	if p[1].Port.Text != "5151" || p[1].Protocol.Value() != "udp" || p[2].Port.Text != "6161" || p[2].Protocol.Value() != "tcp" {
		t.Errorf("tab 2 %s %q, tab 3 %s %q", p[1].Protocol.Value(), p[1].Port.Text, p[2].Protocol.Value(), p[2].Port.Text)
	}
	if p[0].Port.Text == "4242" || p[0].Port.Text == "" {
		t.Errorf("tab 1's port %q; want the server's, from Use my server", p[0].Port.Text)
	}
	// A new tab 4 starts afresh.
	if four := h2.addTab(); four.Id != 4 || four.Port.Text != "" {
		t.Errorf("new tab %d has port %q; want 4 and empty", four.Id, four.Port.Text)
	}
}

func TestClientTabsStatusSums(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	one := h.mw.client
	two := h.addTab()
	test.Tap(two.UseServer)
	h.waitFor("tab 2 to connect", func() bool { return two.State == panes.ClientConnected })
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
	want := "Clients (2): " + panes.CountsText(panes.Counts{Network: "tcp", OK: true, Stats: sum})
	if got := h.mw.status.client.Text; !strings.HasPrefix(got, want) {
		t.Errorf("status %q; want it to start %q", got, want)
	}
	if !strings.Contains(h.mw.status.client.Text, "out 8 B") {
		t.Errorf("status %q does not sum 8 B out", h.mw.status.client.Text)
	}
	for _, p := range []*panes.ClientPane{one, two} {
		st, _ := p.Stats()
		if own := panes.CountsText(panes.Counts{Network: "tcp", OK: true, Stats: st}); !strings.Contains(p.Conn.Text.Text, own) {
			t.Errorf("tab %d's row %q lacks its counters %q", p.Id, p.Conn.Text.Text, own)
		}
	}

	// The diagram has a lane per client.
	var lanes []string
	for _, k := range h.mw.seq.Model.Lanes().Keys {
		lanes = append(lanes, seqdiagram.LaneName(k))
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
	tabs := []*panes.ClientPane{one, two, h.addTab()}
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
	client := h.mw.deck.Root.Objects[clientDeckIndex]
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
		if p.State == panes.ClientConnected != (id == 1) {
			t.Fatalf("tab %d connected: %v", id, p.State == panes.ClientConnected)
		}
	}
}
