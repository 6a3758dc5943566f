package logview

import (
	"net"
	"slices"
	"strconv"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/msg"
)

// Connection churn: a retry loop, a health checker or a port scanner opens
// and closes connections faster than anyone reads them, and a row and a
// diagram marker for each cost the window a core. Once a server or relay
// has seen more than ChurnPerSecond connections in the last second, its
// connects, and the closes of the connections whose connect folded, fold
// into one row a second: "37 clients connected and reset in 1 s". The fold
// is display only: the model keeps every event, saves write them all, and
// the engine's counters and outputs never fold.
//
// A peer that sends or receives data is never folded away: its data rows
// show, and so does its close. Its connect stays counted in the fold it
// came in, as nothing told it apart then.

// ChurnPerSecond is how many connections a second a server or relay shows
// one by one; past it they fold.
const ChurnPerSecond = 10

// churnWindow is how long one fold row gathers, and how far back the rate
// looks.
const churnWindow = time.Second

// churnRemotesMax bounds the folded peers remembered: a peer
// that never closes would otherwise be kept forever.
const churnRemotesMax = 4096

// ChurnFold is one folded second of a server's or relay's connections.
type ChurnFold struct {
	Side      sockets.Side
	Network   string
	Local     string
	Start     time.Time // the first folded event's time
	End       time.Time // the newest one's
	First     uint64    // the first folded event's sequence number: where the fold shows
	Last      uint64    // the newest one's
	Connected int       // connects folded
	Closed    int       // closes folded, resets not counted
	Reset     int       // resets folded
	hosts     []string  // up to churnHostsMax distinct hosts
	moreHosts bool      // there were more
	lowPort   int
	highPort  int

	event sockets.Event // the row it shows as; rebuilt when stale
	stale bool
}

const churnHostsMax = 4

// Ended is how many folded connections ended.
func (f *ChurnFold) Ended() int { return f.Closed + f.Reset }

// Event returns the row the fold shows as: an info event at its start,
// saying what it folded. It is for display only; saves write the events
// it folded.
func (f *ChurnFold) Event() sockets.Event {
	if f.stale {
		f.event = sockets.Event{Time: f.Start, Side: f.Side, Kind: sockets.KindInfo, Network: f.Network, Local: f.Local}
		m := f.message()
		f.event.Code, f.event.Args, f.event.Msg = m.Code, m.Args, m.String()
		if len(f.hosts) == 1 && !f.moreHosts {
			f.event.Remote = f.hosts[0]
		}
		f.stale = false
	}
	return f.event
}

func (f *ChurnFold) message() msg.Message {
	var host any = f.hostText()
	if len(f.hosts) != 1 || f.moreHosts {
		n := len(f.hosts)
		if f.moreHosts {
			n++ // at least
		}
		host = msg.New(sockets.CodeChurnHosts, "N", n)
	}
	ports := strconv.Itoa(f.lowPort)
	if f.highPort != f.lowPort {
		ports += "-" + strconv.Itoa(f.highPort)
	}
	end := msg.New(sockets.CodeChurnLeft)
	switch {
	case f.Reset == 0:
		end = msg.New(sockets.CodeChurnClosed)
	case f.Closed == 0:
		end = msg.New(sockets.CodeChurnReset)
	}
	switch {
	case f.Ended() == 0:
		return msg.New(sockets.CodeChurnConnected, "N", f.Connected, "Host", host, "Ports", ports)
	case f.Connected == 0:
		return msg.New(sockets.CodeChurnEnded, "N", f.Ended(), "End", end, "Host", host, "Ports", ports)
	case f.Connected == f.Ended():
		return msg.New(sockets.CodeChurnBoth, "N", f.Connected, "End", end, "Host", host, "Ports", ports)
	}
	return msg.New(sockets.CodeChurnSplit, "C", f.Connected, "D", f.Ended(), "End", end, "Host", host, "Ports", ports)
}

func (f *ChurnFold) hostText() string {
	if len(f.hosts) == 0 {
		return ""
	}
	return f.hosts[0]
}

func (f *ChurnFold) add(e *sockets.Event, seq uint64) {
	if f.Connected+f.Ended() == 0 {
		f.Start, f.First = e.Time, seq
		f.Network, f.Local = e.Network, e.Local
	}
	f.End, f.Last = e.Time, seq
	switch {
	case e.Kind == sockets.KindConnected:
		f.Connected++
	case IsResetEvent(e):
		f.Reset++
	default:
		f.Closed++
	}
	host, port := splitPeer(e.Remote)
	if !slices.Contains(f.hosts, host) {
		if len(f.hosts) < churnHostsMax {
			f.hosts = append(f.hosts, host)
		} else {
			f.moreHosts = true
		}
	}
	if port > 0 {
		if f.lowPort == 0 || port < f.lowPort {
			f.lowPort = port
		}
		f.highPort = max(f.highPort, port)
	}
	f.stale = true
}

func splitPeer(addr string) (string, int) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return addr, 0
	}
	port, _ := strconv.Atoi(p)
	return host, port
}

// resetCodes are the engine's codes for a connection ended by a reset.
var resetCodes = []msg.Code{"resetByServer", "resetByPeer", "resetNoReply"}

// IsResetEvent reports whether e is a connection ended by a reset.
func IsResetEvent(e *sockets.Event) bool {
	return e.Kind == sockets.KindDisconnected && slices.Contains(resetCodes, e.Code)
}

// ChurnFolder decides, event by event, which fold into a ChurnFold. The
// log model and the diagram each run one over the same rows, so they fold
// the same events. It is not safe for concurrent use; the zero value is
// ready.
type ChurnFolder struct {
	sides map[sockets.Side]*churnSide
	// folded are the peers whose connect folded and that have not closed
	// or spoken since: their close folds too.
	folded map[string]bool
}

type churnSide struct {
	connects Ring[time.Time] // connect times within the last churnWindow
	open     *ChurnFold      // the fold gathering now, until its second is over
}

// Add looks at row e with sequence number seq. It returns the fold e went
// into, or nil when e shows as a row of its own; isNew says the fold
// begins with e (and shows where e would have).
func (c *ChurnFolder) Add(e *sockets.Event, seq uint64) (f *ChurnFold, isNew bool) {
	if e.Side != sockets.SideServer && e.Side != sockets.SideRelay {
		return nil, false
	}
	if e.Kind.IsData() {
		if len(c.folded) > 0 {
			delete(c.folded, e.Remote) // it spoke: its close shows
		}
		return nil, false
	}
	if e.Kind != sockets.KindConnected && e.Kind != sockets.KindDisconnected {
		return nil, false
	}
	if c.sides == nil {
		c.sides = map[sockets.Side]*churnSide{}
	}
	s := c.sides[e.Side]
	if s == nil {
		s = &churnSide{}
		c.sides[e.Side] = s
	}
	fold := false
	if e.Kind == sockets.KindConnected {
		for s.connects.Len() > 0 && !s.connects.At(0).After(e.Time.Add(-churnWindow)) {
			s.connects.PopFront()
		}
		s.connects.Push(e.Time, 0)
		fold = s.connects.Len() > ChurnPerSecond
		if fold {
			c.remember(&c.folded, e.Remote)
		}
	} else {
		fold = c.folded[e.Remote]
		delete(c.folded, e.Remote)
	}
	if !fold {
		return nil, false
	}
	if s.open == nil || !e.Time.Before(s.open.Start.Add(churnWindow)) {
		s.open = &ChurnFold{Side: e.Side}
		isNew = true
	}
	s.open.add(e, seq)
	return s.open, isNew
}

func (c *ChurnFolder) remember(m *map[string]bool, remote string) {
	if *m == nil || len(*m) >= churnRemotesMax {
		*m = map[string]bool{}
	}
	(*m)[remote] = true
}

// Reset forgets everything, as when the log is cleared.
func (c *ChurnFolder) Reset() { *c = ChurnFolder{} }
