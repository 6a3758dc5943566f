package gui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// packetMenu returns the labels of the packets menu's items.
func (h *appHarness) packetMenu() []string {
	var out []string
	for _, it := range h.mw.client.Packets.Menu().Items {
		if !it.IsSeparator {
			out = append(out, it.Label)
		}
	}
	return out
}

// choosePacketItem runs the packets menu item labelled label, failing the
// test if there is none or it is disabled.
func (h *appHarness) choosePacketItem(label string) {
	h.t.Helper()
	for _, it := range h.mw.client.Packets.Menu().Items {
		if it.Label == label {
			if it.Disabled || it.Action == nil {
				h.t.Fatalf("menu item %q cannot be chosen", label)
			}
			it.Action()
			return
		}
	}
	h.t.Fatalf("the packets menu has no %q: %q", label, h.packetMenu())
}

// savePacket saves the editor's payload as a packet called name, with the
// protocol and address when withTarget.
func (h *appHarness) savePacket(name string, withTarget bool) {
	h.t.Helper()
	h.choosePacketItem("Save payload as packet…")
	d := h.topDialog()
	// The name offered is selected: typing replaces it.
	e := findObjects[*widgets.DialogEntry](d)[0]
	test.Type(e, name)
	if e.Text != name {
		h.t.Fatalf("typing %q over the name offered gives %q", name, e.Text)
	}
	if withTarget {
		test.Tap(findObjects[*widget.Check](d)[0])
	}
	h.tapDialogButton("Save")
	if h.win.Canvas().Overlays().Top() != nil {
		h.t.Fatalf("the save dialog stays open: %q", h.dialogText())
	}
}

// savedLibrary reads the library the preferences hold, as the CLI would
// read it from a file.
func (h *appHarness) savedLibrary() *packets.Library {
	h.t.Helper()
	lib, err := packets.Parse("prefs", []byte(h.app.Preferences().String(panes.KeyClientPackets)))
	if err != nil {
		h.t.Fatalf("the saved library does not read: %v", err)
	}
	return lib
}

func TestPacketsSaveSendManage(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	if got := h.packetMenu(); strings.Join(got, "|") != "No packets saved yet|Wake-on-LAN…|Save payload as packet…|Manage packets…" {
		t.Fatalf("empty menu = %q", got)
	}
	port := h.startServer()
	h.connectToOwnServer()
	addr := "127.0.0.1:" + strconv.Itoa(port)

	c.Eol.SetValue(payload.EOLLF)
	retype(&c.Editor.Entry, "PING")
	h.choosePacketItem("Save payload as packet…")
	if e := findObjects[*widgets.DialogEntry](h.topDialog())[0]; e.Text != "PING" {
		t.Errorf("the name offered is %q; want the payload's start", e.Text)
	}
	h.closeDialogs()
	h.savePacket("ping", true)
	if got, want := h.statusMessage(), "Saved packet “ping”"; got != want {
		t.Errorf("status = %q; want %q", got, want)
	}
	c.Format.SetValue(payload.FormatHex)
	c.Eol.SetValue(payload.EOLNone)
	retype(&c.Editor.Entry, "01 02 ff")
	h.savePacket("bin", false)

	want := []packets.Packet{
		{Name: "ping", Payload: "PING", Format: payload.FormatText, EOL: payload.EOLLF, Network: "tcp", Addr: addr},
		{Name: "bin", Payload: "01 02 ff", Format: payload.FormatHex, EOL: payload.EOLNone},
	}
	if got := h.savedLibrary().Packets; !samePackets(got, want) {
		t.Fatalf("saved library %+v; want %+v", got, want)
	}
	if got, w := strings.Join(h.packetMenu(), "|"), "Click a packet to send it|ping · TCP "+addr+"|bin|Wake-on-LAN…|Save payload as packet…|Manage packets…"; got != w {
		t.Errorf("menu = %q; want %q", got, w)
	}

	// A click sends the packet on the open connection, and the editor
	// stays as it was.
	h.choosePacketItem("ping · TCP " + addr)
	h.assertExchange("PING\n", "PING\n")
	h.choosePacketItem("bin")
	h.waitFor("the binary packet's echo", func() bool {
		return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte{1, 2, 0xff})
	})
	if c.Editor.Text != "01 02 ff" {
		t.Errorf("sending a packet changed the editor to %q", c.Editor.Text)
	}

	// The manager reorders, renames and deletes, and every change is saved.
	h.choosePacketItem("Manage packets…")
	m := c.Packets.Manager
	if m == nil {
		t.Fatal("no manager open")
	}
	if !m.Up.Disabled() || !m.Del.Disabled() {
		t.Error("with nothing selected, Up or Delete is enabled")
	}
	m.List.Select(1)
	if m.Down.Disabled() == false || m.Up.Disabled() {
		t.Error("with the last packet selected, Down should be off and Up on")
	}
	test.Tap(m.Up)
	if got := strings.Join(h.savedLibrary().Names(), ","); got != "bin,ping" {
		t.Errorf("after Up the saved order is %s; want bin,ping", got)
	}
	if m.Sel != 0 {
		t.Errorf("after Up the selection is %d; want it to follow the packet to 0", m.Sel)
	}
	retype(m.Name, "ping")
	test.Tap(m.Rename)
	if !strings.Contains(m.Problem.Text, "already called") {
		t.Errorf("renaming onto another packet's name: problem %q", m.Problem.Text)
	}
	retype(m.Name, "binary hello")
	test.Tap(m.Rename)
	if got := strings.Join(h.savedLibrary().Names(), ","); got != "binary hello,ping" {
		t.Errorf("after Rename the saved names are %s", got)
	}
	m.List.Select(1)
	test.Tap(m.Del)
	h.tapDialogButton("Delete") // the confirmation
	if got := strings.Join(h.savedLibrary().Names(), ","); got != "binary hello" {
		t.Errorf("after Delete the saved names are %s", got)
	}
	if got := h.statusMessage(); got != "Deleted packet “ping”" {
		t.Errorf("status = %q", got)
	}
	h.closeDialogs()

	// The library outlives the window.
	h.close()
	h2 := newAppHarnessFor(t, h.app)
	if got := strings.Join(h2.mw.client.Packets.Lib.Names(), ","); got != "binary hello" {
		t.Errorf("after a restart the library holds %s", got)
	}
}

// samePackets compares libraries' packets field by field.
func samePackets(a, b []packets.Packet) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestPacketsElsewhere: a packet saved for another address is not sent
// there silently; the user says whether to send it on the open connection.
// Not connected, a click puts the packet and its address in the fields.
func TestPacketsElsewhere(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	other := guitest.ClosedLoopbackPort(t)
	c.Packets.Lib.Packets = []packets.Packet{{Name: "far", Payload: "FAR", EOL: payload.EOLCRLF, Network: "tcp",
		Addr: "127.0.0.1:" + strconv.Itoa(other)}}

	if got := h.packetMenu()[0]; got != "Not connected: a click puts the packet in the editor" {
		t.Errorf("menu note = %q", got)
	}
	h.choosePacketItem("far · TCP 127.0.0.1:" + strconv.Itoa(other))
	if c.Editor.Text != "FAR" || c.Eol.Value() != payload.EOLCRLF || c.Port.Text != strconv.Itoa(other) || c.Host.Text != "127.0.0.1" {
		t.Errorf("loaded: editor %q eol %v host %q port %q", c.Editor.Text, c.Eol.Value(), c.Host.Text, c.Port.Text)
	}
	if got := h.statusMessage(); got != "Packet “far” is in the editor" {
		t.Errorf("status = %q", got)
	}

	port := h.startServer()
	h.connectToOwnServer()
	h.choosePacketItem("far · TCP 127.0.0.1:" + strconv.Itoa(other))
	want := "Packet “far” is saved for TCP 127.0.0.1:" + strconv.Itoa(other) + ", but the client is connected to TCP 127.0.0.1:" + strconv.Itoa(port)
	if !h.dialogOpen(want) {
		t.Fatalf("dialog = %q; want it to say %q", h.dialogText(), want)
	}
	h.tapDialogButton("Cancel")
	h.flushLog()
	if h.hasRow(sockets.SideClient, sockets.KindSent, []byte("FAR\r\n")) {
		t.Fatal("Cancel sent the packet")
	}
	h.choosePacketItem("far · TCP 127.0.0.1:" + strconv.Itoa(other))
	h.tapDialogButton("Send here")
	h.assertExchange("FAR\r\n", "FAR\r\n")
	if c.State != panes.ClientConnected || c.Port.Text != strconv.Itoa(port) {
		t.Errorf("sending elsewhere changed the connection: state %v port %q", c.State, c.Port.Text)
	}
}

// TestPacketsImportExport imports the example library, exports it, and
// reads the export back with the engine, as the CLI would.
func TestPacketsImportExport(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	c.Packets.Lib.Packets = []packets.Packet{{Name: "ping", Payload: "OLD"}}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("packets:\n  - name: x\n    payload: \"zz\"\n    format: hex\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	example := filepath.Join("..", "docs", "examples", "packets.yaml")
	in, err := packets.Load(example)
	if err != nil {
		t.Fatal(err)
	}

	h.choosePacketItem("Manage packets…")
	test.Tap(findButton(t, h.topDialog(), "Import…"))
	h.openFile("Open", bad)
	if !h.dialogOpen("bad.yaml:3:15") {
		t.Errorf("a bad file: the dialog says %q; want the place of the mistake", h.dialogText())
	}
	abs, _ := filepath.Abs(example)
	h.openFile("Open", abs)
	if got, want := h.statusMessage(), "Imported 5 packets from "+abs; got != want {
		t.Errorf("status = %q; want %q", got, want)
	}
	// ping is replaced where it was; the rest follow.
	if got := c.Packets.Lib.Packets; !samePackets(got, in.Packets) {
		t.Fatalf("after import %+v; want %+v", got, in.Packets)
	}
	if n := c.Packets.Manager.List.Length(); n != 5 {
		t.Errorf("the manager lists %d packets", n)
	}

	out := filepath.Join(dir, "out.yaml")
	test.Tap(findButton(t, h.topDialog(), "Export…"))
	h.openFile("Save", out)
	if got, want := h.statusMessage(), "Saved 5 packets to "+out; got != want {
		t.Errorf("status = %q; want %q", got, want)
	}
	back, err := packets.Load(out)
	if err != nil {
		t.Fatalf("the export does not read back: %v", err)
	}
	if !samePackets(back.Packets, in.Packets) {
		t.Errorf("exported %+v; want %+v", back.Packets, in.Packets)
	}
	// A plain packet goes into the editor as the same bytes, with escapes.
	m := c.Packets.Manager
	m.List.Select(3)
	test.Tap(m.Use)
	if got := c.Editor.Text; got != `C:\\temp\\new` || c.Format.Value() != payload.FormatText {
		t.Errorf("plain packet in the editor: %q (%v)", got, c.Format.Value())
	}
}

// findButton returns the visible button under o whose text is text.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widgets.PlainButton {
	t.Helper()
	for _, b := range findObjects[*widgets.PlainButton](o) {
		if b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}
