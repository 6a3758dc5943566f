package gui

import (
	"bytes"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// TestWakeOnLANFillsClient: Wake-on-LAN… is in the Packets menu; for a MAC
// and interface lo it fills in UDP, Broadcast, lo's broadcast address port
// 9 and the magic packet in hex, and the packet sent reaches a listener on
// lo's broadcast address as the exact 102 bytes.
func TestWakeOnLANFillsClient(t *testing.T) {
	lo := loopbackName(t)
	h := newAppHarness(t)
	c := h.mw.client
	found := false
	for _, it := range c.Packets.Menu().Items {
		found = found || it.Label == "Wake-on-LAN…" && !it.Disabled
	}
	if !found {
		t.Fatal("no Wake-on-LAN… in the Packets menu")
	}
	c.Group.Iface.SetName(lo)
	c.Packets.FillWake("00-00-5E-00-53-01")
	if c.Protocol.Value() != "udp" || c.Host.Text != "127.255.255.255" || c.Port.Text != "9" || !c.Group.Broadcast.Checked {
		t.Fatalf("filled in %s %s:%s broadcast %v; want udp 127.255.255.255:9 with Broadcast", c.Protocol.Value(), c.Host.Text, c.Port.Text, c.Group.Broadcast.Checked)
	}
	mac := []byte{0x00, 0x00, 0x5e, 0x00, 0x53, 0x01}
	want := append(bytes.Repeat([]byte{0xff}, 6), bytes.Repeat(mac, 16)...)
	if c.Format.Value() != payload.FormatHex {
		t.Fatalf("format %v; want hex", c.Format.Value())
	}
	got, err := payload.Parse(c.Editor.Text, payload.FormatHex, payload.EOLNone)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("payload %q (%v); want the 102-byte magic packet", c.Editor.Text, err)
	}

	// A listener on lo's broadcast address, at a port of its own (9 needs root).
	ln, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 255, 255, 255)})
	if err != nil {
		t.Skipf("cannot listen on 127.255.255.255: %v", err)
	}
	defer ln.Close()
	retype(c.Port, strconv.Itoa(ln.LocalAddr().(*net.UDPAddr).Port))
	h.closeDialogs()
	if c.ConnectBtn.Disabled() {
		t.Fatalf("Open socket disabled; hints %q %q", c.Group.Hint.Text, c.Host.Hint.Text)
	}
	c.ConnectBtn.Tapped(nil)
	h.waitFor("the socket to open", func() bool { return c.State == panes.ClientConnected })
	c.SendBtn.Tapped(nil)
	ln.SetReadDeadline(time.Now().Add(waitTimeout))
	buf := make([]byte, 200)
	n, _, err := ln.ReadFromUDP(buf)
	if err != nil || !bytes.Equal(buf[:n], want) {
		t.Fatalf("listener got %d bytes %x, %v; want the 102-byte magic packet", n, buf[:n], err)
	}
	if strings.Contains(h.dialogText(), "rror") {
		t.Errorf("dialog: %s", h.dialogText())
	}
}

// TestWakeOnLANDialog: the dialog keeps a wrong MAC with the engine's
// message and Enter does nothing; a right one and Enter fill the client.
func TestWakeOnLANDialog(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	c.Group.Iface.SetName("")
	h.choosePacketItem("Wake-on-LAN…")
	mac := findObjects[*widgets.DialogEntry](h.topDialog())[0]
	test.Type(mac, "00:00:5e:00:53")
	mac.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.Contains(h.dialogText(), `"00:00:5e:00:53" is not a MAC address; write six hex pairs`) {
		t.Errorf("dialog says %q; want the engine's bad-MAC message", h.dialogText())
	}
	if c.Host.Text == "255.255.255.255" {
		t.Fatal("a wrong MAC filled in the client")
	}
	test.Type(mac, ":01")
	mac.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.pump()
	if c.Host.Text != "255.255.255.255" || c.Port.Text != "9" || len(c.Editor.Text) == 0 {
		t.Errorf("after Enter: host %q port %q payload %q; want the magic packet to 255.255.255.255:9", c.Host.Text, c.Port.Text, c.Editor.Text)
	}
	if h.dialogText() != "" {
		t.Errorf("dialog still open: %q", h.dialogText())
	}
}
