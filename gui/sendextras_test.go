package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// rowIndex is the index among the log's shown rows of the first row of
// side and kind whose data is want; -1 if none.
func (h *appHarness) rowIndex(s sockets.Side, k sockets.Kind, want string) int {
	for i, r := range h.mw.log.Rows() {
		if r.Side == s && r.Kind == k && string(r.Data) == want {
			return i
		}
	}
	return -1
}

// TestClientAppendsChecksum: a Modbus frame typed in hex with CRC-16/MODBUS
// chosen reaches the server with its CRC after it; the preview shows it
// before the send, the sent row and its detail say which bytes were
// appended, and the choice is kept as the checksum's name, in any language.
func TestClientAppendsChecksum(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	h.startServer()
	h.connectToOwnServer()
	c.Format.SetValue(payload.FormatHex)
	retype(&c.Editor.Entry, "01 03 00 0A 00 02")
	if c.Extras.Preview.Visible() {
		t.Errorf("preview %q shown for a payload without values or checksum", c.Extras.Preview.Text)
	}
	c.Extras.Sum.SetValue("crc16-modbus")
	if got, want := c.Extras.Sum.Selected, "+ CRC-16/MODBUS"; got != want {
		t.Errorf("the choice shows %q; want %q", got, want)
	}
	if got, want := c.Extras.Preview.Text, "Next: 01 03 00 0a 00 02 (+ e4 09)"; !c.Extras.Preview.Visible() || got != want {
		t.Errorf("preview %q (shown %v); want %q", got, c.Extras.Preview.Visible(), want)
	}
	test.Tap(c.SendBtn)
	frame := "\x01\x03\x00\x0a\x00\x02\xe4\x09"
	h.waitFor("the server to receive the frame and its CRC", func() bool {
		return h.hasRow(sockets.SideServer, sockets.KindReceived, []byte(frame))
	})
	i := h.rowIndex(sockets.SideClient, sockets.KindSent, frame)
	if i < 0 {
		t.Fatalf("no sent row with the frame and its CRC:\n%s", h.logText())
	}
	sent := h.mw.log.Rows()[i]
	if got, want := logview.LogCellContent(&sent, true), "01 03 00 0a 00 02 e4 09 + crc16-modbus e4 09"; got != want {
		t.Errorf("the sent row shows %q; want %q", got, want)
	}
	h.mw.log.Select(i)
	if d := h.mw.log.DetailText(); !strings.Contains(d, "Appended: CRC-16/MODBUS: e4 09") {
		t.Errorf("the detail does not say what was appended:\n%s", d)
	}

	if got := h.app.Preferences().String(panes.KeyClientAppend); got != "crc16-modbus" {
		t.Errorf("preference %q; want the checksum's name", got)
	}
	h.mw.setLanguage(i18n.Vietnamese)
	if got := h.app.Preferences().String(panes.KeyClientAppend); got != "crc16-modbus" || c.Extras.Sum.Value() != "crc16-modbus" {
		t.Errorf("in Vietnamese: preference %q, choice %q; want crc16-modbus", got, c.Extras.Sum.Value())
	}
	if got, want := c.Extras.Preview.Text, "Lần gửi tới: 01 03 00 0a 00 02 (+ e4 09)"; got != want {
		t.Errorf("Vietnamese preview %q; want %q", got, want)
	}
	c.Extras.Sum.SetValue(panes.SumNone)
	if got, want := c.Extras.Sum.Selected, "Không tổng kiểm tra"; got != want {
		t.Errorf("Vietnamese none shows %q; want %q", got, want)
	}
	c.Extras.Sum.SetValue("crc32:le")
	h.mw.setLanguage(i18n.English)
	if got := h.app.Preferences().String(panes.KeyClientAppend); got != "crc32:le" || c.Extras.Sum.Selected != "+ CRC-32 LE" {
		t.Errorf("back in English: preference %q, choice shows %q; want crc32:le and + CRC-32 LE", got, c.Extras.Sum.Selected)
	}
	h.close()

	// A new window over the same preferences starts with the choice kept.
	h2 := newAppHarnessFor(t, h.app)
	if got := h2.mw.client.Extras.Sum.Value(); got != "crc32:le" {
		t.Errorf("after a restart the choice is %q; want crc32:le", got)
	}
}

// TestClientValuesCount: a repeat of "n={{counter}}" sends n=1, n=2, n=3,
// the preview shows the send after them, a new connection counts from 1
// again, and an unknown placeholder is refused with the values named.
func TestClientValuesCount(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	h.startServer()
	h.connectToOwnServer()
	retype(&c.Editor.Entry, "n={{counter}}")
	if got, want := c.Extras.Preview.Text, "Next: n=1"; !c.Extras.Preview.Visible() || got != want {
		t.Errorf("preview %q (shown %v); want %q", got, c.Extras.Preview.Visible(), want)
	}
	retype(c.Repeat, "3")
	retype(c.Interval, "1ms")
	test.Tap(c.SendBtn)
	h.waitFor("three sends", func() bool {
		return len(rowsData(h.wireRows(), sockets.SideClient, sockets.KindSent)) == 3 && c.Repeating == nil
	})
	if got := strings.Join(rowsData(h.wireRows(), sockets.SideClient, sockets.KindSent), "|"); got != "n=1|n=2|n=3" {
		t.Errorf("sent %q; want n=1|n=2|n=3", got)
	}
	h.waitFor("the server to receive them all", func() bool {
		return strings.Join(rowsData(h.wireRows(), sockets.SideServer, sockets.KindReceived), "") == "n=1n=2n=3"
	})
	h.waitFor("the preview to show the fourth", func() bool { return c.Extras.Preview.Text == "Next: n=4" })

	// With a checksum each send gets its own: XOR-8 of "n=4" and "n=5".
	c.Extras.Sum.SetValue("xor8")
	if got, want := c.Extras.Preview.Text, "Next: n=4 (+ 67)"; got != want {
		t.Errorf("preview %q; want %q", got, want)
	}
	retype(c.Repeat, "2")
	test.Tap(c.SendBtn)
	h.waitFor("two more sends", func() bool {
		return len(rowsData(h.wireRows(), sockets.SideClient, sockets.KindSent)) == 5 && c.Repeating == nil
	})
	if got := strings.Join(rowsData(h.wireRows(), sockets.SideClient, sockets.KindSent)[3:], "|"); got != "n=4g|n=5f" {
		t.Errorf("sent %q; want n=4g|n=5f", got)
	}
	c.Extras.Sum.SetValue(panes.SumNone)

	// A new connection counts from 1, as a CLI run does.
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to disconnect", func() bool { return c.State == panes.ClientIdle })
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to connect again", func() bool { return c.State == panes.ClientConnected })
	if got := c.Extras.Preview.Text; got != "Next: n=1" {
		t.Errorf("preview after reconnecting %q; want Next: n=1", got)
	}

	retype(&c.Editor.Entry, "x {{peer}}")
	hint := c.Payload.Hint.Text
	if !strings.Contains(hint, "{{peer}}") || !strings.Contains(hint, "counter, time, unixtime, random:N") || !c.SendBtn.Disabled() {
		t.Errorf("hint %q, Send disabled %v; want the unknown name and the values, and Send off", hint, c.SendBtn.Disabled())
	}
	if c.Editor.Text != "x {{peer}}" {
		t.Errorf("the editor holds %q; want what was typed", c.Editor.Text)
	}
	if c.Extras.Preview.Visible() {
		t.Errorf("preview %q shown for a payload that does not read", c.Extras.Preview.Text)
	}
}

// TestServerReplyAppendsChecksum: the server's fixed reply goes out with
// the checksum chosen for it.
func TestServerReplyAppendsChecksum(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeReply)
	s.ReplyFormat.SetValue(payload.FormatHex)
	retype(s.Reply, "01 03 04 00 0A 00 0B")
	s.ReplySum.SetValue("crc16-modbus")
	h.startServer()
	h.connectToOwnServer()
	h.typeAndSend("question")
	h.assertExchange("question", "\x01\x03\x04\x00\x0a\x00\x0b\x9b\xf6")
	// The server's sent row names the bytes the checksum added.
	i := h.rowIndex(sockets.SideServer, sockets.KindSent, "\x01\x03\x04\x00\x0a\x00\x0b\x9b\xf6")
	if i < 0 {
		t.Fatalf("no server sent row with the reply and its CRC:\n%s", h.logText())
	}
	sent := h.mw.log.Rows()[i]
	if got, want := logview.LogCellContent(&sent, true), "01 03 04 00 0a 00 0b 9b f6 + crc16-modbus 9b f6"; got != want {
		t.Errorf("the server's sent row shows %q; want %q", got, want)
	}
	// A live change of the checksum reaches the running server.
	s.ReplySum.SetValue("crc8")
	h.typeAndSend("again")
	h.waitFor("the reply with its CRC-8", func() bool {
		return h.rowIndex(sockets.SideServer, sockets.KindSent, "\x01\x03\x04\x00\x0a\x00\x0b\x9d") >= 0
	})
	if got := h.app.Preferences().String(panes.KeyServerReplyAppend); got != "crc8" {
		t.Errorf("preference %q; want crc8", got)
	}
}

// TestPacketAppend: a packet saved with a checksum keeps it in the library,
// sending it appends the checksum, and the manager changes it.
func TestPacketAppend(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	h.startServer()
	h.connectToOwnServer()
	c.Format.SetValue(payload.FormatHex)
	retype(&c.Editor.Entry, "01 03 00 00 00 02")
	c.Extras.Sum.SetValue("crc16-modbus")
	h.choosePacketItem("Save payload as packet…")
	if sum := c.Packets.SaveSum; sum == nil || sum.Value() != "crc16-modbus" {
		t.Fatal("the save dialog does not offer the pane's checksum")
	}
	h.closeDialogs()
	h.savePacket("read", false)
	c.Extras.Sum.SetValue(panes.SumNone)
	want := []packets.Packet{{Name: "read", Payload: "01 03 00 00 00 02", Format: payload.FormatHex, Append: "crc16-modbus"}}
	if got := h.savedLibrary().Packets; !samePackets(got, want) {
		t.Fatalf("saved %+v; want %+v", got, want)
	}
	h.choosePacketItem("read")
	frame := "\x01\x03\x00\x00\x00\x02\xc4\x0b"
	h.waitFor("the packet and its CRC echoed", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte(frame)) })
	if i := h.rowIndex(sockets.SideClient, sockets.KindSent, frame); i < 0 || h.mw.log.Rows()[i].Appended != "crc16-modbus c4 0b" {
		t.Errorf("no sent row marked with the appended CRC:\n%s", h.logText())
	}

	h.choosePacketItem("Manage packets…")
	m := c.Packets.Manager
	m.List.Select(0)
	if m.Sum.Value() != "crc16-modbus" {
		t.Errorf("the manager shows checksum %q; want crc16-modbus", m.Sum.Value())
	}
	m.Sum.SetValue("sum8")
	if got := h.savedLibrary().Packets; len(got) != 1 || got[0].Append != "sum8" {
		t.Errorf("after choosing SUM-8 in the manager the library holds %+v", got)
	}
	h.closeDialogs()
}
