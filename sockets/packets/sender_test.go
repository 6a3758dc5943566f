package packets_test

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/periodbench"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/payload"
)

func TestSenderFillsEachSend(t *testing.T) {
	tests := []struct {
		name string
		pk   packets.Packet
		want [][]byte
	}{
		{"counter, line ending and checksum per send",
			packets.Packet{Name: "n", Payload: `T{{counter}}`, EOL: payload.EOLLF, Append: "sum8"},
			// sum8 of "T1\n" is 0x54+0x31+0x0a = 0x8f.
			[][]byte{[]byte("T1\n\x8f"), []byte("T2\n\x90"), []byte("T3\n\x91")}},
		{"no placeholder: the same bytes",
			packets.Packet{Name: "s", Payload: `01 03 00 0A 00 02`, Format: payload.FormatHex, Append: "crc16-modbus"},
			[][]byte{{1, 3, 0, 0x0a, 0, 2, 0xe4, 0x09}, {1, 3, 0, 0x0a, 0, 2, 0xe4, 0x09}}},
		{"hex keeps braces out of it",
			packets.Packet{Name: "h", Payload: `41`, Format: payload.FormatHex},
			[][]byte{{0x41}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, err := tt.pk.Sender()
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tt.want {
				if got := next(); !bytes.Equal(got, w) {
					t.Errorf("send %d = %q; want %q", i+1, got, w)
				}
			}
		})
	}
}

func TestSenderRefusesUnknownPlaceholder(t *testing.T) {
	_, err := packets.Packet{Name: "bad", Payload: `x{{nope}}`}.Sender()
	if err == nil {
		t.Fatal("{{nope}} was taken")
	}
	if got := err.Error(); !bytes.Contains([]byte(got), []byte(`"bad"`)) || !bytes.Contains([]byte(got), []byte("{{nope}}")) {
		t.Errorf("error %q names neither the packet nor the placeholder", got)
	}
}

// BenchmarkPanelSendEvery1ms is the panel's periodic button as it runs:
// SendEvery every millisecond for 10 s with a packet's Sender (a counter
// filled in and a CRC appended per send) to a UDP socket on loopback; it
// reports the median, 5th and 95th percentile of the arrival intervals
// (target: a median of 1.0 ± 0.2 ms). Run it alone:
//
//	go test -run '^$' -bench BenchmarkPanelSendEvery1ms -benchtime 1x ./sockets/packets/
func BenchmarkPanelSendEvery1ms(b *testing.B) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer pc.Close()
	c, err := sockets.Dial(context.Background(), sockets.ClientConfig{Network: "udp", Addr: pc.LocalAddr().String()})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	next, sum, err := packets.Packet{Name: "tick", Payload: `tick {{counter}}`, Append: "crc16-modbus"}.Sends()
	if err != nil {
		b.Fatal(err)
	}
	// As a panel button with a checksum sends: the body, then SendEverySum.
	periodbench.Run(b, pc, 10*time.Second, func(stop <-chan struct{}) {
		c.SendEverySum(stop, next, *sum, time.Millisecond)
	})
}

// A panel follows its packets: a rename renames its buttons, a delete
// removes them (the last one, the panel), so the library still writes.
func TestPanelFollowsRenameAndDelete(t *testing.T) {
	lib := &packets.Library{Packets: []packets.Packet{{Name: "a", Payload: "A"}, {Name: "b", Payload: "B"}},
		Panel: &packets.Panel{Buttons: []packets.Button{{Packet: "a"}, {Packet: "b", Every: time.Second}, {Packet: "a"}}}}
	if err := lib.Rename("b", "c"); err != nil {
		t.Fatal(err)
	}
	if err := lib.Delete("a"); err != nil {
		t.Fatal(err)
	}
	out, err := lib.Marshal()
	if err != nil {
		t.Fatalf("after the delete the library does not write: %v", err)
	}
	back, err := packets.Parse("back", out)
	if err != nil {
		t.Fatal(err)
	}
	if back.Panel == nil || len(back.Panel.Buttons) != 1 || back.Panel.Buttons[0] != (packets.Button{Packet: "c", Every: time.Second}) {
		t.Fatalf("panel %+v; want one button c every 1s", back.Panel)
	}
	if err := lib.Delete("c"); err != nil {
		t.Fatal(err)
	}
	if lib.Panel != nil {
		t.Errorf("with its last button gone the panel stays: %+v", lib.Panel)
	}
}
