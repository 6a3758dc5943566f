package seqdiagram

import (
	"time"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// The model is fed the log's batches and lets items go when the log lets
// their rows go, so it holds no more than the log does: the same bound.

type seqKind uint8

const (
	SeqArrow  seqKind = iota // a message from one lane to another
	seqMarker                // something that happened at one lane: connect, close, reset, TLS, error...
	SeqBand                  // many messages in quick succession, folded into one band
)

// Folding: a run of more than seqFoldMin messages, each within seqFoldGap
// of the one before, becomes one band, "N messages, X bytes in T ms", which
// goes on growing while the run lasts.
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

// SeqItem is one row of the diagram.
type SeqItem struct {
	Kind seqKind
	seq  uint64 // the log row it stands for: the first one seen of the message, or the band's first
	last uint64 // a band's last row; an arrow's other end, if seen (paired)
	t    time.Time
	end  time.Time // a band's last message; a paired arrow's arrival

	// An arrow, or a marker: the side of the app it happened on, the
	// addresses, and for an arrow whether that side sent it.
	side          sockets.Side
	local, remote string
	sent          bool
	paired        bool          // both ends are this app's; the arrow runs from side to peerSide
	peerSide      sockets.Side  // a paired arrow's other end: the client, server or relay
	name          string        // the client tab's name on the side's end (Event.Name)
	peerName      string        // a paired arrow's client tab name on its other end
	group         string        // the multicast group a received message came to: it arrives from the group's lane
	reply         time.Duration // the reply time of the receiving end (the client's), if known
	held          time.Duration // the relay passed it on this late: network conditions held it (a slanted arrow)
	dropped       bool          // a network condition dropped it at the relay (an arrow ending in a cross)
	opcode        string        // a WebSocket message's: sockets.OpText or OpBinary

	preview string         // an arrow's payload, cut short
	event   *sockets.Event // a marker's event: its message is rendered when drawn, in the language then in use
	bytes   int            // an arrow's or a band's bytes
	Count   int            // a band's messages
	mark    sockets.Kind
	reset   bool // a marker for a connection reset

	// A band's lanes, by the ends of its messages.
	bandEnds []seqEnd
	// churn is, for a band of connection churn, the fold it draws.
	churn *logview.ChurnFold
}

// seqPreviewRunes is how much of a payload an arrow shows.
const seqPreviewRunes = 24

// seqModel holds the diagram's items, oldest first, and what it knows of
// the app's own addresses.
type seqModel struct {
	items     logview.Ring[SeqItem]
	firstID   uint64            // the id of items.at(0); ids go up by one per item
	run       int               // arrows in the run the newest item ends
	clientAt  map[string]string // the app's client addresses, to their tab names
	serverAt  []string          // the server's listen addresses, newest last
	relayAt   []string          // the relay's listen addresses, newest last
	links     relayLinks        // the relay's clients and their targets
	peers     []string          // remote peers in the order they were first seen
	pendingUp map[string][]uint64
	pendingDn map[string][]uint64
	// heldFor holds, per app client address, how long the relay held the
	// chunks it passed on to that client, until the client's own receive
	// draws the arrow.
	heldFor map[string]time.Duration
	// members are, per group, the receivers the app knows of: its own
	// server once it received at the group, and peers that answered a
	// client's send to it. groupOfClient is the group each client address
	// last sent to.
	members       map[string][]seqLaneKey
	groupOfClient map[string]string
	// clientAnyPort are the app's clients on a wildcard address (a group
	// or broadcast sender's unconnected socket, "0.0.0.0:32960"), by port:
	// a server sees them at the machine's address.
	clientAnyPort map[string]string
	// churn folds connection churn as the log does; churnAt are the
	// bands of the folds still gathering, by item id.
	churn   logview.ChurnFolder
	churnAt map[*logview.ChurnFold]uint64
}

func newSeqModel() *seqModel {
	m := &seqModel{}
	m.Clear()
	return m
}

// Clear forgets every item.
func (m *seqModel) Clear() {
	m.firstID += uint64(m.items.Len())
	m.items.Reset()
	m.run = 0
	m.clientAt = map[string]string{}
	m.serverAt = nil
	m.relayAt = nil
	m.links.reset()
	m.peers = nil
	m.pendingUp = map[string][]uint64{}
	m.pendingDn = map[string][]uint64{}
	m.heldFor = map[string]time.Duration{}
	m.members = map[string][]seqLaneKey{}
	m.groupOfClient = map[string]string{}
	m.clientAnyPort = map[string]string{}
	m.churn.Reset()
	m.churnAt = map[*logview.ChurnFold]uint64{}
}

// Len returns how many items there are.
func (m *seqModel) Len() int { return m.items.Len() }

// Item returns item i, oldest first.
func (m *seqModel) Item(i int) *SeqItem { return m.items.At(i) }

// byID returns the item with id, if it is still kept.
func (m *seqModel) byID(id uint64) (*SeqItem, bool) {
	if id < m.firstID || id-m.firstID >= uint64(m.items.Len()) {
		return nil, false
	}
	return m.items.At(int(id - m.firstID)), true
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
	for m.items.Len() > 0 {
		it := m.items.At(0)
		last := it.seq
		if it.Kind == SeqBand {
			last = it.last
		}
		if last >= first {
			return
		}
		m.items.PopFront()
		m.firstID++
	}
	m.run = min(m.run, m.items.Len())
}

// add turns one row into an item, or into the other end of an arrow.
func (m *seqModel) add(e *sockets.Event, seq uint64) {
	if f, isNew := m.churn.Add(e, seq); f != nil {
		m.addChurn(f, isNew, e, seq)
		return
	}
	m.learn(e)
	m.learnMembers(e)
	if !e.Kind.IsData() {
		if e.Kind == sockets.KindGap || e.Kind == sockets.KindSummary {
			return // counts, not events at an endpoint
		}
		ev := *e
		m.push(SeqItem{Kind: seqMarker, seq: seq, t: e.Time, side: e.Side, name: e.Name, local: e.Local, remote: e.Remote,
			event: &ev, mark: e.Kind, reset: logview.IsResetEvent(e)})
		m.run = 0
		return
	}
	if !m.pair(e, seq) {
		m.fold(SeqItem{Kind: SeqArrow, seq: seq, t: e.Time, side: e.Side, name: e.Name, local: e.Local, remote: e.Remote, group: e.Group,
			sent: e.Kind == sockets.KindSent, preview: logview.LogCut(payload.RenderText(e.Data[:min(len(e.Data), 4*seqPreviewRunes)]), seqPreviewRunes),
			bytes: e.Bytes, reply: e.Reply, dropped: e.Side == sockets.SideRelay && e.Dropped, held: m.takeHeld(e), opcode: e.Opcode})
	}
	m.passOn(e, seq)
}

// learn records the app's own addresses: a client's local, a server's listen.
func (m *seqModel) learn(e *sockets.Event) {
	if e.Local == "" {
		return
	}
	switch e.Side {
	case sockets.SideClient:
		if name, ok := m.clientAt[e.Local]; !ok || name != e.Name {
			if len(m.clientAt) >= seqPendingMax {
				m.clientAt = map[string]string{}
			}
			m.clientAt[e.Local] = e.Name
			m.learnAnyPort(e)
		}
	case sockets.SideServer:
		if n := len(m.serverAt); n == 0 || m.serverAt[n-1] != e.Local {
			m.serverAt = append(m.serverAt, e.Local)
			if len(m.serverAt) > seqPendingMax {
				m.serverAt = m.serverAt[1:]
			}
		}
	case sockets.SideRelay:
		m.learnRelay(e)
	}
	if e.Remote != "" && m.laneOf(e.Remote).kind == seqLanePeer && !containsString(m.peers, e.Remote) {
		m.peers = append(m.peers, e.Remote)
		if len(m.peers) > seqPendingMax {
			m.peers = m.peers[1:]
		}
	}
}

func (m *seqModel) nextID() uint64 { return m.firstID + uint64(m.items.Len()) }

func (m *seqModel) push(it SeqItem) { m.items.Push(it, 0) }

// fold adds an arrow, folding a fast run of them into a band.
func (m *seqModel) fold(it SeqItem) {
	n := m.items.Len()
	var prev *SeqItem
	if n > 0 {
		prev = m.items.At(n - 1)
	}
	gap := seqFoldGap
	if prev != nil && prev.Kind == SeqBand {
		gap = seqBandGap
	}
	// A churn band is connections, not messages: an arrow never joins it.
	quick := prev != nil && prev.Kind != seqMarker && prev.churn == nil && it.t.Sub(prev.lastTime()) <= gap
	switch {
	case it.dropped:
		// A band would hide the cross: a dropped message stands alone.
		m.push(it)
		m.run = 0
		return
	case quick && prev.Kind == SeqBand && !it.sent && m.laneOf(it.remote).kind == laneOfSide(otherSide(it.side)):
		// The receiving end of a message between the app's own client
		// and server, whose sending end the band counted already.
		prev.end, prev.last = it.t, max(prev.last, it.seq)
		return
	case quick && prev.Kind == SeqBand:
		prev.addToBand(&it)
		return
	case quick:
		m.run++
	default:
		m.run = 1
	}
	if m.run < seqFoldMin || !m.arrowsAtBack(seqFoldMin-1) {
		m.push(it)
		return
	}
	band := SeqItem{Kind: SeqBand}
	for k := 0; k < seqFoldMin-1; k++ {
		a := m.items.PopBack()
		band.addToBand(&a)
	}
	band.addToBand(&it)
	m.push(band)
}

// arrowsAtBack reports whether the newest n items are arrows: the run to
// fold. Trim may have let some of a run go.
func (m *seqModel) arrowsAtBack(n int) bool {
	if m.items.Len() < n {
		return false
	}
	for i := m.items.Len() - n; i < m.items.Len(); i++ {
		if m.items.At(i).Kind != SeqArrow {
			return false
		}
	}
	return true
}

func (it *SeqItem) lastTime() time.Time {
	if it.Kind == SeqBand {
		return it.end
	}
	return it.t
}

func (it *SeqItem) addToBand(a *SeqItem) {
	if a.Kind == SeqBand {
		// Only arrows join a band; a band taken back whole is copied.
		*it = *a
		return
	}
	if it.Count == 0 || a.seq < it.seq {
		it.seq, it.t = a.seq, a.t
	}
	last := max(a.seq, a.last)
	if last > it.last {
		it.last = last
	}
	if a.t.After(it.end) {
		it.end = a.t
	}
	it.Count++
	it.bytes += a.bytes
	end := a.ends()
	if len(it.bandEnds) < 4 && !containsEnd(it.bandEnds, end) {
		it.bandEnds = append(it.bandEnds, end)
	}
}

// ends returns an arrow's ends as lane keys, as known now.
func (it *SeqItem) ends() seqEnd {
	own := seqLaneKey{kind: laneOfSide(it.side), name: it.name}
	other := seqLaneKey{kind: seqLanePeer, addr: it.remote}
	if it.paired {
		other = seqLaneKey{kind: laneOfSide(it.peerSide), name: it.peerName}
	}
	if it.group != "" && !it.sent {
		other = seqLaneKey{kind: seqLaneGroup, addr: it.group}
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

// ItemAt returns the index of the item that stands for log row seq, if
// any: an arrow either of whose ends it is, a band holding it, a marker.
func (m *seqModel) ItemAt(seq uint64) (int, bool) {
	for i := m.items.Len() - 1; i >= 0; i-- {
		it := m.items.At(i)
		switch {
		case it.seq == seq:
			return i, true
		case it.Kind == SeqBand && it.seq <= seq && seq <= it.last:
			return i, true
		case it.Kind == SeqArrow && it.paired && it.last == seq:
			return i, true
		}
	}
	return 0, false
}
