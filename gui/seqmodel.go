package gui

import (
	"net"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// The sequence diagram's model: the log's rows turned into a ladder's
// items. It is fed the same batches as the log (with their sequence
// numbers) and lets items go when the log lets their rows go, so it holds
// no more than the log does: the same memory bound. It has no widgets and
// no clock of its own.

// seqKind is what a diagram item draws.
type seqKind uint8

const (
	seqArrow  seqKind = iota // a message from one lane to another
	seqMarker                // something that happened at one lane: connect, close, reset, TLS, error...
	seqBand                  // many messages in quick succession, folded into one band
)

// Folding: a run of more than seqFoldMin messages, each within seqFoldGap
// of the one before, becomes one band, "N messages, X bytes in T ms", which
// goes on growing while the run lasts. An echo's two arrows, or a repeat a
// second apart, stay arrows.
const (
	seqFoldGap = 10 * time.Millisecond
	seqFoldMin = 8
	// seqBandGap is how long a band waits for more: a message within it
	// of the band's last joins the band, so a steady repeat with the odd
	// hiccup stays one band.
	seqBandGap = 250 * time.Millisecond
)

// seqPendingMax bounds the sends (or receives) waiting for their other
// end, per connection: a message to or from a program other than this app
// never gets one.
const seqPendingMax = 64

// seqItem is one row of the diagram.
type seqItem struct {
	kind seqKind
	seq  uint64 // the log row it stands for: the first one seen of the message, or the band's first
	last uint64 // a band's last row; an arrow's other end, if seen (paired)
	t    time.Time
	end  time.Time // a band's last message; a paired arrow's arrival

	// An arrow, or a marker: the side of the app it happened on, the
	// addresses, and for an arrow whether that side sent it.
	side          sockets.Side
	local, remote string
	sent          bool
	paired        bool          // both ends are this app's; the arrow runs from side to the other side
	reply         time.Duration // the reply time of the receiving end (the client's), if known

	preview string // an arrow's payload, cut short; a marker's message
	bytes   int    // an arrow's or a band's bytes
	count   int    // a band's messages
	mark    sockets.Kind
	reset   bool // a marker for a connection reset

	// A band's lanes, by the ends of its messages.
	bandEnds []seqEnd
}

// seqEnd is a message's two ends, as lane keys.
type seqEnd struct{ from, to seqLaneKey }

// seqLaneKey names a lane: this app's client or server, or a remote peer
// by address.
type seqLaneKey struct {
	kind seqLaneKind
	addr string // a peer's address
}

type seqLaneKind uint8

const (
	seqLaneClient seqLaneKind = iota
	seqLaneServer
	seqLanePeer
	seqLaneOthers // peers past seqMaxPeerLanes
)

// seqMaxPeerLanes bounds the lanes for remote peers; the rest share one.
const seqMaxPeerLanes = 4

// seqPreviewRunes is how much of a payload an arrow shows.
const seqPreviewRunes = 24

// seqModel holds the diagram's items, oldest first, and what it knows of
// the app's own addresses.
type seqModel struct {
	items     ring[seqItem]
	firstID   uint64 // the id of items.at(0); ids go up by one per item
	run       int    // arrows in the run the newest item ends
	clientAt  map[string]bool
	serverAt  []string // the server's listen addresses, newest last
	peers     []string // remote peers in the order they were first seen
	pendingUp map[string][]uint64
	pendingDn map[string][]uint64
}

func newSeqModel() *seqModel {
	m := &seqModel{}
	m.Clear()
	return m
}

// Clear forgets every item.
func (m *seqModel) Clear() {
	m.firstID += uint64(m.items.len())
	m.items.reset()
	m.run = 0
	m.clientAt = map[string]bool{}
	m.serverAt = nil
	m.peers = nil
	m.pendingUp = map[string][]uint64{}
	m.pendingDn = map[string][]uint64{}
}

// Len returns how many items there are.
func (m *seqModel) Len() int { return m.items.len() }

// Item returns item i, oldest first.
func (m *seqModel) Item(i int) *seqItem { return m.items.at(i) }

// byID returns the item with id, if it is still kept.
func (m *seqModel) byID(id uint64) (*seqItem, bool) {
	if id < m.firstID || id-m.firstID >= uint64(m.items.len()) {
		return nil, false
	}
	return m.items.at(int(id - m.firstID)), true
}

// Append adds log rows whose first has sequence number first.
func (m *seqModel) Append(rows []sockets.Event, first uint64) {
	for i := range rows {
		m.add(&rows[i], first+uint64(i))
	}
}

// Trim lets go of the items whose rows the log no longer keeps: those
// before sequence number first.
func (m *seqModel) Trim(first uint64) {
	for m.items.len() > 0 {
		it := m.items.at(0)
		last := it.seq
		if it.kind == seqBand {
			last = it.last
		}
		if last >= first {
			return
		}
		m.items.popFront()
		m.firstID++
	}
}

// add turns one row into an item, or into the other end of an arrow.
func (m *seqModel) add(e *sockets.Event, seq uint64) {
	m.learn(e)
	if !e.Kind.IsData() {
		if e.Kind == sockets.KindGap || e.Kind == sockets.KindSummary {
			return // counts, not events at an endpoint
		}
		m.push(seqItem{kind: seqMarker, seq: seq, t: e.Time, side: e.Side, local: e.Local, remote: e.Remote,
			preview: logCut(logMessage(e), seqPreviewRunes*2), mark: e.Kind, reset: isReset(e)})
		m.run = 0
		return
	}
	if m.pair(e, seq) {
		return
	}
	it := seqItem{kind: seqArrow, seq: seq, t: e.Time, side: e.Side, local: e.Local, remote: e.Remote,
		sent: e.Kind == sockets.KindSent, preview: logCut(sockets.RenderText(e.Data[:min(len(e.Data), 4*seqPreviewRunes)]), seqPreviewRunes),
		bytes: e.Bytes, reply: e.Reply}
	m.fold(it)
}

// learn records the app's own addresses: a client's local address, a
// server's listen address.
func (m *seqModel) learn(e *sockets.Event) {
	if e.Local == "" {
		return
	}
	switch e.Side {
	case sockets.SideClient:
		if !m.clientAt[e.Local] {
			if len(m.clientAt) >= seqPendingMax {
				m.clientAt = map[string]bool{}
			}
			m.clientAt[e.Local] = true
		}
	case sockets.SideServer:
		if n := len(m.serverAt); n == 0 || m.serverAt[n-1] != e.Local {
			m.serverAt = append(m.serverAt, e.Local)
			if len(m.serverAt) > seqPendingMax {
				m.serverAt = m.serverAt[1:]
			}
		}
	}
	if e.Remote != "" && m.laneOf(e.Remote).kind >= seqLanePeer && !containsString(m.peers, e.Remote) {
		m.peers = append(m.peers, e.Remote)
		if len(m.peers) > seqPendingMax {
			m.peers = m.peers[1:]
		}
	}
}

// pair joins e to the arrow its other end started, when the message went
// between this app's client and server, each of which logs it: the client
// sends what the server receives, and the other way round. Either end may
// be logged first. It reports whether e was joined; if not, and e may yet
// get its other end, it waits for it (at the id its item will get).
func (m *seqModel) pair(e *sockets.Event, seq uint64) bool {
	// The ends wait in one queue per client address and direction; the
	// queue holds ends of one side only, as an end of the other side
	// takes the oldest.
	pending, key := m.pendingDn, e.Remote
	if e.Side == sockets.SideClient {
		key = e.Local
	}
	if (e.Side == sockets.SideClient) == (e.Kind == sockets.KindSent) {
		pending = m.pendingUp
	}
	q := pending[key]
	for len(q) > 0 {
		it, ok := m.byID(q[0])
		if !ok || it.kind != seqArrow || it.paired {
			q = q[1:] // gone, or folded into a band
			continue
		}
		if it.side == e.Side || !m.endsMatch(it, e) {
			break
		}
		pending[key] = q[1:]
		it.paired = true
		it.last = seq
		if e.Kind == sockets.KindReceived {
			it.end = e.Time
			if e.Reply > 0 {
				it.reply = e.Reply
			}
		} else {
			// The receiving end was logged first: the arrow starts at the
			// sender.
			it.end, it.t = it.t, e.Time
			it.side, it.local, it.remote, it.sent = e.Side, e.Local, e.Remote, true
		}
		return true
	}
	if m.ownEnds(e) {
		q = append(q, m.nextID())
		if len(q) > seqPendingMax {
			q = q[1:]
		}
	}
	pending[key] = q
	return false
}

// endsMatch reports whether arrow it and event e are the two ends of one
// message: the same client address and the same server.
func (m *seqModel) endsMatch(it *seqItem, e *sockets.Event) bool {
	client, server := it.local, it.remote
	if it.side == sockets.SideServer {
		client, server = it.remote, it.local
	}
	c2, s2 := e.Local, e.Remote
	if e.Side == sockets.SideServer {
		c2, s2 = e.Remote, e.Local
	}
	return client == c2 && sameEndpoint(server, s2)
}

// ownEnds reports whether e went between this app's client and server, as
// far as known now: worth waiting for the other end.
func (m *seqModel) ownEnds(e *sockets.Event) bool {
	if e.Side == sockets.SideClient {
		return m.laneOf(e.Remote).kind == seqLaneServer || len(m.serverAt) == 0
	}
	return m.laneOf(e.Remote).kind == seqLaneClient || len(m.clientAt) == 0
}

// nextID is the id the next pushed item gets.
func (m *seqModel) nextID() uint64 { return m.firstID + uint64(m.items.len()) }

// push adds an item.
func (m *seqModel) push(it seqItem) { m.items.push(it, 0) }

// fold adds an arrow, folding a fast run of them into a band.
func (m *seqModel) fold(it seqItem) {
	n := m.items.len()
	var prev *seqItem
	if n > 0 {
		prev = m.items.at(n - 1)
	}
	gap := seqFoldGap
	if prev != nil && prev.kind == seqBand {
		gap = seqBandGap
	}
	quick := prev != nil && prev.kind != seqMarker && it.t.Sub(prev.lastTime()) <= gap
	switch {
	case quick && prev.kind == seqBand && !it.sent && m.laneOf(it.remote).kind == laneOfSide(otherSide(it.side)):
		// The receiving end of a message between the app's own client
		// and server, whose sending end the band counted already.
		prev.end, prev.last = it.t, max(prev.last, it.seq)
		return
	case quick && prev.kind == seqBand:
		prev.addToBand(&it)
		return
	case quick:
		m.run++
	default:
		m.run = 1
	}
	if m.run < seqFoldMin {
		m.push(it)
		return
	}
	band := seqItem{kind: seqBand}
	for k := 0; k < seqFoldMin-1; k++ {
		a := m.items.popBack()
		band.addToBand(&a)
	}
	band.addToBand(&it)
	m.push(band)
}

// lastTime is when an item's last message was logged.
func (it *seqItem) lastTime() time.Time {
	if it.kind == seqBand {
		return it.end
	}
	return it.t
}

// addToBand counts arrow a in band it.
func (it *seqItem) addToBand(a *seqItem) {
	if a.kind == seqBand {
		// Only arrows join a band; a band taken back whole is copied.
		*it = *a
		return
	}
	if it.count == 0 || a.seq < it.seq {
		it.seq, it.t = a.seq, a.t
	}
	last := max(a.seq, a.last)
	if last > it.last {
		it.last = last
	}
	if a.t.After(it.end) {
		it.end = a.t
	}
	it.count++
	it.bytes += a.bytes
	end := a.ends()
	if len(it.bandEnds) < 4 && !containsEnd(it.bandEnds, end) {
		it.bandEnds = append(it.bandEnds, end)
	}
}

// ends returns an arrow's ends as lane keys, as known now.
func (it *seqItem) ends() seqEnd {
	own := seqLaneKey{kind: laneOfSide(it.side)}
	other := seqLaneKey{kind: seqLanePeer, addr: it.remote}
	if it.paired {
		other = seqLaneKey{kind: laneOfSide(otherSide(it.side))}
	}
	if it.sent {
		return seqEnd{own, other}
	}
	return seqEnd{other, own}
}

func containsEnd(list []seqEnd, e seqEnd) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// laneOfSide is the lane of the app's side s.
func laneOfSide(s sockets.Side) seqLaneKind {
	if s == sockets.SideClient {
		return seqLaneClient
	}
	return seqLaneServer
}

// otherSide is the app's other side: the client's peer is the server.
func otherSide(s sockets.Side) sockets.Side {
	if s == sockets.SideClient {
		return sockets.SideServer
	}
	return sockets.SideClient
}

// laneOf is the lane of a remote address: this app's client or server if
// the address is theirs, else a peer's.
func (m *seqModel) laneOf(addr string) seqLaneKey {
	if m.clientAt[addr] {
		return seqLaneKey{kind: seqLaneClient}
	}
	for _, s := range m.serverAt {
		if sameEndpoint(s, addr) {
			return seqLaneKey{kind: seqLaneServer}
		}
	}
	return seqLaneKey{kind: seqLanePeer, addr: addr}
}

// resolve maps a lane key to a lane as known now: a peer address that
// turned out to be the app's own goes to its lane.
func (m *seqModel) resolve(k seqLaneKey) seqLaneKey {
	if k.kind == seqLanePeer {
		return m.laneOf(k.addr)
	}
	return k
}

// sameEndpoint reports whether a server listening on listen is reached at
// addr: the same port, and the same host or a wildcard listen address.
func sameEndpoint(listen, addr string) bool {
	if listen == addr {
		return true
	}
	lh, lp, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	ah, ap, err := net.SplitHostPort(addr)
	if err != nil || lp != ap {
		return false
	}
	if lh == ah {
		return true
	}
	ip := net.ParseIP(lh)
	return lh == "" || ip != nil && ip.IsUnspecified()
}

// isReset reports whether e is a connection reset.
func isReset(e *sockets.Event) bool {
	return e.Kind == sockets.KindDisconnected && (len(e.Msg) >= 8 && e.Msg[:8] == "reset by")
}

// seqLanes are the diagram's lanes now, left to right: the client, the
// server, then peers in the order first seen (the others sharing one).
type seqLanes struct {
	keys []seqLaneKey
}

// Lanes returns the lanes the items use, as known now.
func (m *seqModel) Lanes() seqLanes {
	var l seqLanes
	var hasClient, hasServer bool
	for i := 0; i < m.items.len(); i++ {
		it := m.items.at(i)
		for _, k := range m.itemLanes(it) {
			switch k.kind {
			case seqLaneClient:
				hasClient = true
			case seqLaneServer:
				hasServer = true
			}
		}
	}
	if hasClient {
		l.keys = append(l.keys, seqLaneKey{kind: seqLaneClient})
	}
	if hasServer {
		l.keys = append(l.keys, seqLaneKey{kind: seqLaneServer})
	}
	used := map[string]bool{}
	for i := 0; i < m.items.len(); i++ {
		for _, k := range m.itemLanes(m.items.at(i)) {
			if k.kind == seqLanePeer {
				used[k.addr] = true
			}
		}
	}
	n, others := 0, false
	for _, p := range m.peers {
		if !used[p] || m.laneOf(p).kind != seqLanePeer {
			continue
		}
		if n == seqMaxPeerLanes {
			others = true
			continue
		}
		l.keys = append(l.keys, seqLaneKey{kind: seqLanePeer, addr: p})
		n++
	}
	if others {
		l.keys = append(l.keys, seqLaneKey{kind: seqLaneOthers})
	}
	return l
}

// itemLanes are the lanes an item touches, as known now.
func (m *seqModel) itemLanes(it *seqItem) []seqLaneKey {
	switch it.kind {
	case seqBand:
		var out []seqLaneKey
		for _, e := range it.bandEnds {
			out = append(out, m.resolve(e.from), m.resolve(e.to))
		}
		return out
	case seqMarker:
		return []seqLaneKey{{kind: laneOfSide(it.side)}}
	}
	e := it.ends()
	return []seqLaneKey{m.resolve(e.from), m.resolve(e.to)}
}

// index returns the lane of k, or of the shared lane for a peer past the
// limit; -1 if there is none.
func (l seqLanes) index(k seqLaneKey) int {
	others := -1
	for i, x := range l.keys {
		if x == k {
			return i
		}
		if x.kind == seqLaneOthers {
			others = i
		}
	}
	if k.kind == seqLanePeer {
		return others
	}
	return -1
}

// ItemAt returns the index of the item that stands for log row seq, if
// any: an arrow either of whose ends it is, a band holding it, a marker.
func (m *seqModel) ItemAt(seq uint64) (int, bool) {
	for i := m.items.len() - 1; i >= 0; i-- {
		it := m.items.at(i)
		switch {
		case it.seq == seq:
			return i, true
		case it.kind == seqBand && it.seq <= seq && seq <= it.last:
			return i, true
		case it.kind == seqArrow && it.paired && it.last == seq:
			return i, true
		}
	}
	return 0, false
}
