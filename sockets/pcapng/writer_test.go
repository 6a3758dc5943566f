package pcapng

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/sockettester/sockettester/sockets"
)

var t0 = time.Date(2026, 1, 2, 13, 4, 5, 123456789, time.UTC)

// ev is a client event at t0 + ms.
func ev(ms int, network string, k sockets.Kind, local, remote, data string) sockets.Event {
	return sockets.Event{Time: t0.Add(time.Duration(ms) * time.Millisecond), Side: sockets.SideClient, Kind: k,
		Network: network, Local: local, Remote: remote, Bytes: len(data), Data: []byte(data)}
}

// packet is what gopacket reads back of one frame.
type packet struct {
	ts              time.Time
	src, dst        string
	seq, ack        uint32
	syn, ackf, psh  bool
	payload         string
	captured, wire  int
	checksumCorrect bool
}

// readBack parses a capture with gopacket's pcapng reader and decoders, and
// recomputes each checksum to compare with the one written.
func readBack(t *testing.T, file []byte) []packet {
	t.Helper()
	r, err := pcapgo.NewNgReader(bytes.NewReader(file), pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatal(err)
	}
	if r.LinkType() != layers.LinkTypeEthernet {
		t.Fatalf("link type %v; want Ethernet", r.LinkType())
	}
	var out []packet
	for {
		data, ci, err := r.ReadPacketData()
		if err != nil {
			break
		}
		p := gopacket.NewPacket(data, layers.LayerTypeEthernet, gopacket.Default)
		if el := p.ErrorLayer(); el != nil && ci.CaptureLength == ci.Length {
			t.Fatalf("frame %d does not decode: %v", len(out)+1, el.Error())
		}
		pk := packet{ts: ci.Timestamp, captured: ci.CaptureLength, wire: ci.Length}
		var net gopacket.NetworkLayer
		if ip4, ok := p.NetworkLayer().(*layers.IPv4); ok {
			net = ip4
			pk.src, pk.dst = ip4.SrcIP.String(), ip4.DstIP.String()
		} else if ip6, ok := p.NetworkLayer().(*layers.IPv6); ok {
			net = ip6
			pk.src, pk.dst = ip6.SrcIP.String(), ip6.DstIP.String()
		}
		switch l := p.TransportLayer().(type) {
		case *layers.TCP:
			pk.src += ":" + strconv.Itoa(int(l.SrcPort))
			pk.dst += ":" + strconv.Itoa(int(l.DstPort))
			pk.seq, pk.ack, pk.syn, pk.ackf, pk.psh = l.Seq, l.Ack, l.SYN, l.ACK, l.PSH
			pk.payload = string(l.Payload)
			pk.checksumCorrect = checksumOK(t, l, net, l.Checksum)
		case *layers.UDP:
			pk.src += ":" + strconv.Itoa(int(l.SrcPort))
			pk.dst += ":" + strconv.Itoa(int(l.DstPort))
			pk.payload = string(l.Payload)
			pk.checksumCorrect = checksumOK(t, l, net, l.Checksum)
		}
		out = append(out, pk)
	}
	return out
}

// checksumOK re-serialises the transport layer with gopacket, which
// computes the checksum, and compares it with the one read.
func checksumOK(t *testing.T, l interface {
	gopacket.SerializableLayer
	SetNetworkLayerForChecksum(gopacket.NetworkLayer) error
	LayerPayload() []byte
}, net gopacket.NetworkLayer, got uint16) bool {
	t.Helper()
	if err := l.SetNetworkLayerForChecksum(net); err != nil {
		t.Fatal(err)
	}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true}, l, gopacket.Payload(l.LayerPayload())); err != nil {
		t.Fatal(err)
	}
	off := 16 // TCP
	if _, udp := l.(*layers.UDP); udp {
		off = 6
	}
	return binary.BigEndian.Uint16(buf.Bytes()[off:]) == got
}

func TestTCPSessionReadsBack(t *testing.T) {
	const cli, srv = "127.0.0.1:40000", "127.0.0.1:8080"
	req := "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
	resp := "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"
	events := []sockets.Event{
		{Time: t0, Side: sockets.SideClient, Kind: sockets.KindConnected, Network: "tcp", Local: cli, Remote: srv},
		ev(1, "tcp", sockets.KindSent, cli, srv, req),
		ev(2, "tcp", sockets.KindReceived, cli, srv, resp[:10]),
		ev(3, "tcp", sockets.KindReceived, cli, srv, resp[10:]),
		ev(4, "tcp", sockets.KindInfo, cli, srv, ""), // not a frame
	}
	var buf bytes.Buffer
	n, err := WriteEvents(&buf, events)
	if err != nil || n != 6 {
		t.Fatalf("WriteEvents = %d, %v; want 6 frames", n, err)
	}
	got := readBack(t, buf.Bytes())
	if len(got) != 6 {
		t.Fatalf("read %d frames; want 6", len(got))
	}
	isnC, isnS := got[0].seq, got[1].seq
	want := []packet{
		{ts: t0, src: cli, dst: srv, seq: isnC, syn: true},
		{ts: t0, src: srv, dst: cli, seq: isnS, ack: isnC + 1, syn: true, ackf: true},
		{ts: t0, src: cli, dst: srv, seq: isnC + 1, ack: isnS + 1, ackf: true},
		{ts: t0.Add(time.Millisecond), src: cli, dst: srv, seq: isnC + 1, ack: isnS + 1, ackf: true, psh: true, payload: req},
		{ts: t0.Add(2 * time.Millisecond), src: srv, dst: cli, seq: isnS + 1, ack: isnC + 1 + uint32(len(req)), ackf: true, psh: true, payload: resp[:10]},
		{ts: t0.Add(3 * time.Millisecond), src: srv, dst: cli, seq: isnS + 11, ack: isnC + 1 + uint32(len(req)), ackf: true, psh: true, payload: resp[10:]},
	}
	for i, w := range want {
		g := got[i]
		w.captured, w.wire, w.checksumCorrect = g.captured, g.wire, true
		if g.captured != g.wire || g.wire != 54+len(w.payload) {
			t.Errorf("frame %d: %d of %d bytes captured; want %d whole", i+1, g.captured, g.wire, 54+len(w.payload))
		}
		if !g.ts.Equal(w.ts) {
			t.Errorf("frame %d at %v; want %v", i+1, g.ts, w.ts)
		}
		g.ts, w.ts = time.Time{}, time.Time{}
		if g != w {
			t.Errorf("frame %d = %+v\nwant      %+v", i+1, g, w)
		}
	}
}

func TestUDPAndIPv6(t *testing.T) {
	const cli, srv = "[::1]:5000", "[::1]:9999"
	events := []sockets.Event{ev(0, "udp", sockets.KindSent, cli, srv, "\x01\x02"), ev(1, "udp", sockets.KindReceived, cli, srv, "abc")}
	var buf bytes.Buffer
	if _, err := WriteEvents(&buf, events); err != nil {
		t.Fatal(err)
	}
	got := readBack(t, buf.Bytes())
	if len(got) != 2 || got[0].src != "::1:5000" || got[0].dst != "::1:9999" || got[0].payload != "\x01\x02" ||
		got[1].src != "::1:9999" || got[1].payload != "abc" || !got[0].checksumCorrect || !got[1].checksumCorrect || got[1].wire != 14+40+8+3 {
		t.Fatalf("frames %+v", got)
	}
}

func TestTruncatedPayloadKeepsSequenceAndIsCommented(t *testing.T) {
	const cli, srv = "127.0.0.1:1", "127.0.0.1:2"
	big := ev(0, "tcp", sockets.KindSent, cli, srv, strings.Repeat("a", 100))
	big.Bytes, big.Truncated = 70000, true // 100 of 70,000 bytes kept
	after := ev(1, "tcp", sockets.KindSent, cli, srv, "next")
	var buf bytes.Buffer
	if n, err := WriteEvents(&buf, []sockets.Event{big, after}); err != nil || n != 4 {
		t.Fatalf("WriteEvents = %d, %v; want 3 segments for 70,000 bytes and 1 more", n, err)
	}
	got := readBack(t, buf.Bytes())
	if got[0].captured != 54+100 || got[0].wire != 54+maxSegment || got[1].captured != 54 || got[2].wire != 54+70000-2*maxSegment {
		t.Fatalf("frame lengths %+v", got[:3])
	}
	if got[3].seq-got[0].seq != 70000 || got[3].payload != "next" || !got[3].checksumCorrect {
		t.Fatalf("the frame after the cut payload is at seq +%d; want +70000: %+v", got[3].seq-got[0].seq, got[3])
	}
	comments := packetComments(t, buf.Bytes())
	want := "payload not captured whole: 100 of 70000 bytes kept"
	if len(comments) != 4 || comments[0] != want || comments[1] != want || comments[2] != want || comments[3] != "" {
		t.Fatalf("comments %q; want the three frames of the cut payload marked", comments)
	}
}

// packetComments returns each enhanced packet block's comment, reading the
// blocks by the format's layout.
func packetComments(t *testing.T, file []byte) []string {
	t.Helper()
	var out []string
	for len(file) >= 12 {
		typ, total := binary.LittleEndian.Uint32(file), int(binary.LittleEndian.Uint32(file[4:]))
		if total < 12 || total > len(file) || binary.LittleEndian.Uint32(file[total-4:]) != uint32(total) {
			t.Fatalf("bad block length %d", total)
		}
		if typ == blockEPB {
			capLen := int(binary.LittleEndian.Uint32(file[20:]))
			opts := file[28+pad4(capLen) : total-4]
			comment := ""
			for len(opts) >= 4 {
				code, l := binary.LittleEndian.Uint16(opts), int(binary.LittleEndian.Uint16(opts[2:]))
				if code == optComment {
					comment = string(opts[4 : 4+l])
				}
				opts = opts[4+pad4(l):]
			}
			out = append(out, comment)
		}
		file = file[total:]
	}
	return out
}

func TestBothEndsOfAConnectionCountOnce(t *testing.T) {
	const cli, srv = "127.0.0.1:3000", "127.0.0.1:9000"
	server := func(ms int, k sockets.Kind, data string) sockets.Event {
		e := ev(ms, "tcp", k, srv, cli, data)
		e.Side = sockets.SideServer
		return e
	}
	events := []sockets.Event{
		ev(0, "tcp", sockets.KindSent, cli, srv, "ping"), server(1, sockets.KindReceived, "ping"),
		server(2, sockets.KindSent, "pong"), ev(3, "tcp", sockets.KindReceived, cli, srv, "pong"),
	}
	var buf bytes.Buffer
	if n, err := WriteEvents(&buf, events); err != nil || n != 2 {
		t.Fatalf("WriteEvents = %d, %v; want one frame each way", n, err)
	}
}

// needTshark names the environment variable that makes a missing tshark a
// failure rather than a skip: `make test` sets it, as scripts/deps.sh
// installs tshark.
const needTshark = "SOCKETTESTER_NEED_TSHARK"

// TestWiresharkDissectsHTTP runs tshark on a capture of an HTTP exchange.
func TestWiresharkDissectsHTTP(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	switch {
	case err != nil && os.Getenv(needTshark) != "":
		t.Fatalf("tshark is not installed (scripts/deps.sh installs it; %s is set): %v", needTshark, err)
	case err != nil:
		t.Skip("tshark is not installed (scripts/deps.sh installs it)")
	}
	const cli, srv = "127.0.0.1:40000", "127.0.0.1:80"
	events := []sockets.Event{
		{Time: t0, Side: sockets.SideClient, Kind: sockets.KindConnected, Network: "tcp", Local: cli, Remote: srv},
		ev(1, "tcp", sockets.KindSent, cli, srv, "GET /hello HTTP/1.1\r\nHost: example\r\n\r\n"),
		ev(2, "tcp", sockets.KindReceived, cli, srv, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"),
	}
	path := filepath.Join(t.TempDir(), "http.pcapng")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteEvents(f, events); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command(tshark, "-r", path, "-Y", "http", "-T", "fields", "-e", "http.request.uri", "-e", "http.response.code").Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || strings.TrimSpace(lines[0]) != "/hello" || strings.TrimSpace(lines[1]) != "200" {
		t.Fatalf("tshark saw:\n%s\nwant the request for /hello and a 200 response", out)
	}
}
