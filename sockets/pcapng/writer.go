package pcapng

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"
	"net/netip"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// maxSegment splits a large event into several frames, as on the wire, since
// an IP packet holds at most 64 KiB.
const maxSegment = 32 * 1024

// Writer writes events as frames of a pcapng capture. Create it with
// NewWriter; call Flush at the end.
type Writer struct {
	w      *bufio.Writer
	buf    []byte
	frames int
	ipID   uint16

	// Per direction of each conversation ("tcp 1.2.3.4:5>6.7.8.9:10"):
	next  map[string]uint32       // the next TCP sequence number
	owner map[string]sockets.Side // the side whose events describe it
	syn   map[string]bool         // TCP connections whose handshake is written
}

// NewWriter writes the capture's header to w.
func NewWriter(w io.Writer) (*Writer, error) {
	pw := &Writer{w: bufio.NewWriterSize(w, 64*1024), next: map[string]uint32{}, owner: map[string]sockets.Side{}, syn: map[string]bool{}}
	pw.buf = interfaceDescription(sectionHeader(pw.buf[:0]))
	if _, err := pw.w.Write(pw.buf); err != nil {
		return nil, fmt.Errorf("write pcapng: %w", err)
	}
	return pw, nil
}

// WriteEvents writes events as a whole capture and returns the frame count.
func WriteEvents(w io.Writer, events []sockets.Event) (int, error) {
	pw, err := NewWriter(w)
	if err != nil {
		return 0, err
	}
	for _, e := range events {
		if err := pw.Write(e); err != nil {
			return pw.frames, err
		}
	}
	return pw.frames, pw.Flush()
}

// Frames returns how many frames have been written.
func (w *Writer) Frames() int { return w.frames }

// Flush writes out what is buffered.
func (w *Writer) Flush() error {
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("write pcapng: %w", err)
	}
	return nil
}

// Write adds the frames of one event: TCP segments or a UDP datagram for sent
// and received, a three-way handshake for a TCP connect; other events add
// nothing. When a session holds both ends of a connection, each direction comes
// from the side that reported it first, so no byte counts twice.
func (w *Writer) Write(e sockets.Event) error {
	local, lok := parseEndpoint(e.Local)
	remote, rok := parseEndpoint(e.Remote)
	if !lok || !rok {
		return nil
	}
	if local.ip.Is6() != remote.ip.Is6() {
		local.ip, remote.ip = as16(local.ip), as16(remote.ip)
	}
	tcp := addr.IsTCP(e.Network)
	switch {
	case e.Kind == sockets.KindConnected && tcp:
		client, server := local, remote
		if e.Side == sockets.SideServer {
			client, server = remote, local
		}
		return w.handshake(e, client, server)
	case e.Kind == sockets.KindSent:
		return w.payload(e, tcp, local, remote)
	case e.Kind == sockets.KindReceived:
		return w.payload(e, tcp, remote, local)
	}
	return nil
}

// handshake writes SYN, SYN-ACK and ACK for a connection not yet seen.
func (w *Writer) handshake(e sockets.Event, client, server endpoint) error {
	cs, sc := key("tcp", client, server), key("tcp", server, client)
	if w.syn[cs] {
		return nil
	}
	w.syn[cs] = true
	if _, seen := w.next[cs]; seen {
		return nil // data came first: too late for a handshake
	}
	ic, is := isn(cs), isn(sc)
	w.next[cs], w.next[sc] = ic+1, is+1
	ts := uint64(e.Time.UnixNano())
	for _, s := range []segment{
		{proto: protoTCP, src: client, dst: server, seq: ic, flags: flagSYN},
		{proto: protoTCP, src: server, dst: client, seq: is, ack: ic + 1, flags: flagSYN | flagACK},
		{proto: protoTCP, src: client, dst: server, seq: ic + 1, ack: is + 1, flags: flagACK},
	} {
		if err := w.frame(ts, s, ""); err != nil {
			return err
		}
	}
	return nil
}

func (w *Writer) payload(e sockets.Event, tcp bool, src, dst endpoint) error {
	network := "udp"
	if tcp {
		network = "tcp"
	}
	k := key(network, src, dst)
	if side, ok := w.owner[k]; ok && side != e.Side {
		return nil
	}
	w.owner[k] = e.Side
	comment := ""
	if e.Truncated {
		comment = fmt.Sprintf("payload not captured whole: %d of %d bytes kept", len(e.Data), e.Bytes)
		if e.Msg != "" {
			comment += " (" + e.Msg + ")"
		}
	}
	ts := uint64(e.Time.UnixNano())
	if !tcp {
		return w.frame(ts, segment{proto: protoUDP, src: src, dst: dst, payload: e.Data, wireLen: e.Bytes}, comment)
	}
	back := key(network, dst, src)
	for off := 0; off < e.Bytes || off == 0; off += maxSegment {
		n := min(maxSegment, e.Bytes-off)
		seq := w.seq(k)
		ack := w.seq(back)
		data := e.Data[min(off, len(e.Data)):min(off+n, len(e.Data))]
		s := segment{proto: protoTCP, src: src, dst: dst, seq: seq, ack: ack, flags: flagPSH | flagACK, payload: data, wireLen: n}
		w.next[k] = seq + uint32(n)
		if err := w.frame(ts, s, comment); err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	return nil
}

// seq returns the next sequence number of direction k, starting it at its
// initial number.
func (w *Writer) seq(k string) uint32 {
	if s, ok := w.next[k]; ok {
		return s
	}
	s := isn(k)
	w.next[k] = s
	return s
}

func (w *Writer) frame(ts uint64, s segment, comment string) error {
	w.ipID++
	s.id = w.ipID
	frame := s.build(make([]byte, 0, s.headerLen()+len(s.payload)))
	w.buf = enhancedPacket(w.buf[:0], ts, frame, s.headerLen()+s.wireLen, comment)
	if _, err := w.w.Write(w.buf); err != nil {
		return fmt.Errorf("write pcapng: %w", err)
	}
	w.frames++
	return nil
}

func key(network string, src, dst endpoint) string {
	return network + " " + netip.AddrPortFrom(src.ip, src.port).String() + ">" + netip.AddrPortFrom(dst.ip, dst.port).String()
}

// isn is a direction's initial sequence number: fixed for the addresses,
// so the same session always gives the same file.
func isn(k string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(k))
	return h.Sum32()
}

func parseEndpoint(s string) (endpoint, bool) {
	ap, err := netip.ParseAddrPort(s)
	if err != nil {
		return endpoint{}, false
	}
	return endpoint{ip: ap.Addr().Unmap().WithZone(""), port: ap.Port()}, true
}

// as16 returns ip as an IPv6 address (IPv4 ones mapped).
func as16(ip netip.Addr) netip.Addr { return netip.AddrFrom16(ip.As16()) }
