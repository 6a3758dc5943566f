package sockets

import (
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/payload"
)

// TestSendSumAppendsAndTellsIt: SendSum puts the Modbus CRC after the frame
// on the wire, and the sent event says which bytes were appended; each of
// SendEachSum's sends gets the checksum of its own bytes.
func TestSendSumAppendsAndTellsIt(t *testing.T) {
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			q := NewEventQueue(256)
			s := startServer(t, ServerConfig{Network: network, Addr: "127.0.0.1:0", Events: q})
			got := make(chunks, 16)
			c := dialClient(t, ClientConfig{Network: network, Addr: s.Addr().String(), Events: q, OnData: got.onData})
			sp, err := checksum.Parse("crc16-modbus")
			if err != nil {
				t.Fatal(err)
			}
			frame := []byte{0x01, 0x03, 0x00, 0x0a, 0x00, 0x02}
			if err := c.SendSum(frame, sp); err != nil {
				t.Fatal(err)
			}
			got.waitBytes(t, "\x01\x03\x00\x0a\x00\x02\xe4\x09")
			if len(frame) != 6 {
				t.Fatalf("SendSum changed its argument to % x", frame)
			}
			ev := waitEvent(t, q, kindIs(SideClient, KindSent))
			sent := ev[len(ev)-1]
			if sent.Appended != "crc16-modbus e4 09" || payload.HexString(sent.Data) != "01 03 00 0a 00 02 e4 09" {
				t.Fatalf("sent event: Appended %q, data % x; want crc16-modbus e4 09 after the frame", sent.Appended, sent.Data)
			}
			if line := sent.Line(payload.FormatHex); !strings.HasSuffix(line, "8B [01 03 00 0a 00 02 e4 09] + crc16-modbus e4 09") {
				t.Fatalf("line %q; want it to end with the appended bytes", line)
			}

			frames := [][]byte{{0x01, 0x03, 0x00, 0x00, 0x00, 0x02}, {0x01, 0x03, 0x00, 0x0a, 0x00, 0x02}}
			i := 0
			next := func() []byte { i++; return frames[i-1] }
			if n, err := c.SendEachSum(nil, next, sp, 2, 0); n != 2 || err != nil {
				t.Fatalf("SendEachSum: %d, %v", n, err)
			}
			if network == "tcp" {
				got.waitBytes(t, "\x01\x03\x00\x00\x00\x02\xc4\x0b\x01\x03\x00\x0a\x00\x02\xe4\x09")
			} else {
				got.waitBytes(t, "\x01\x03\x00\x00\x00\x02\xc4\x0b")
				got.waitBytes(t, "\x01\x03\x00\x0a\x00\x02\xe4\x09")
			}
		})
	}
}

// TestServerReplySumTellsIt: a reply server with ReplySum answers with the
// reply and its checksum, exact, and its sent event names the bytes the
// checksum added; SetModeSum changes both live, and SetMode drops them.
func TestServerReplySumTellsIt(t *testing.T) {
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			sp, err := checksum.Parse("crc16-modbus")
			if err != nil {
				t.Fatal(err)
			}
			q := NewEventQueue(256)
			reply := []byte{0x01, 0x03, 0x04, 0x00, 0x0a, 0x00, 0x0b}
			s := startServer(t, ServerConfig{Network: network, Addr: "127.0.0.1:0", Events: q, Mode: ModeReply, Reply: reply, ReplySum: &sp})
			got := make(chunks, 16)
			c := dialClient(t, ClientConfig{Network: network, Addr: s.Addr().String(), OnData: got.onData})
			if err := c.Send([]byte("q")); err != nil {
				t.Fatal(err)
			}
			got.waitBytes(t, "\x01\x03\x04\x00\x0a\x00\x0b\x9b\xf6")
			ev := waitEvent(t, q, kindIs(SideServer, KindSent))
			if sent := ev[len(ev)-1]; sent.Appended != "crc16-modbus 9b f6" {
				t.Fatalf("the reply's sent event: Appended %q; want crc16-modbus 9b f6", sent.Appended)
			}
			s.SetMode(ModeReply, []byte("ok"))
			if err := c.Send([]byte("q")); err != nil {
				t.Fatal(err)
			}
			got.waitBytes(t, "ok")
			ev = waitEvent(t, q, func(e Event) bool { return e.Side == SideServer && e.Kind == KindSent && string(e.Data) == "ok" })
			if sent := ev[len(ev)-1]; sent.Appended != "" {
				t.Fatalf("after SetMode without a checksum: Appended %q", sent.Appended)
			}
		})
	}
}
