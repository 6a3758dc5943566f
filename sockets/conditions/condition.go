// Package conditions describes network conditions a relay applies to what
// it passes on: on TCP latency, bandwidth, slicing and cut connections, with
// toxiproxy's names and parameters; on UDP latency, loss, duplicate, reorder
// and corrupt, per datagram. It holds a Set of them that can change while
// the relay runs. It has no sockets of its own: a TCP relay asks a
// connection's Pipe what to do with each chunk, a UDP relay asks a
// direction's Datagrams what to do with each datagram.
//
// Every condition, of either kind, applies to one direction: down (target
// to client, toxiproxy's downstream) unless dir says up or both.
package conditions

import (
	"math"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Type is a kind of condition, named as toxiproxy names its toxics.
type Type string

// The condition types.
const (
	Latency   Type = "latency"    // delay each chunk by Latency ± Jitter
	Bandwidth Type = "bandwidth"  // pass at most Rate KB/s
	SlowClose Type = "slow_close" // delay the end of stream by Delay
	Timeout   Type = "timeout"    // stop passing data; close after Delay (0: hold forever)
	ResetPeer Type = "reset_peer" // reset both connections after Delay
	Slicer    Type = "slicer"     // split chunks into AverageSize ± SizeVariation bytes, Delay apart
	LimitData Type = "limit_data" // close after Bytes bytes
	Down      Type = "down"       // refuse new connections, close open ones
	Loss      Type = "loss"       // UDP: drop a datagram with Probability (bursts by Correlation)
	Duplicate Type = "duplicate"  // UDP: pass a datagram twice with Probability
	Reorder   Type = "reorder"    // UDP: hold a datagram with Probability until Window later ones passed
	Corrupt   Type = "corrupt"    // UDP: flip one bit of a datagram with Probability
)

// Types lists every type, in the order help shows them.
var Types = []Type{Latency, Bandwidth, SlowClose, Timeout, ResetPeer, Slicer, LimitData, Down, Loss, Duplicate, Reorder, Corrupt}

// ForUDP reports whether t works on a UDP relay: latency (per datagram),
// loss, duplicate, reorder and corrupt.
func ForUDP(t Type) bool {
	switch t {
	case Latency, Loss, Duplicate, Reorder, Corrupt:
		return true
	}
	return false
}

// ForTCP reports whether t works on a TCP relay: every type but the UDP
// ones; latency works on both.
func ForTCP(t Type) bool { return t == Latency || !ForUDP(t) && known(t) }

// TypesFor lists the types a UDP relay (udp) or a TCP relay takes, in help
// order.
func TypesFor(udp bool) []Type {
	var out []Type
	for _, t := range Types {
		if ForUDP(t) && udp || ForTCP(t) && !udp {
			out = append(out, t)
		}
	}
	return out
}

// DefaultReorderWindow is how many later datagrams pass one reorder holds
// when Window is not given.
const DefaultReorderWindow = 3

func known(t Type) bool {
	for _, k := range Types {
		if k == t {
			return true
		}
	}
	return false
}

// Dir is the direction(s) a condition applies to.
type Dir uint8

// Directions. Up is client to target (toxiproxy's upstream), DownDir target
// to client (downstream).
const (
	Up      Dir = 1
	DownDir Dir = 2
	Both        = Up | DownDir
)

// String names d as the command line does: "up", "down" or "both".
func (d Dir) String() string {
	switch d {
	case Up:
		return "up"
	case DownDir:
		return "down"
	case Both:
		return "both"
	}
	return "none"
}

// Condition is one named condition. Which fields count depends on Type.
type Condition struct {
	Name     string  // unique in a Set; default "TYPE_DIR", e.g. "latency_down"
	Type     Type    // which condition
	Dir      Dir     // default DownDir, as toxiproxy
	Toxicity float64 // share of connections it applies to, 0..1 (0: none at all)

	Latency       time.Duration // latency
	Jitter        time.Duration // latency: each chunk's delay is Latency ± up to Jitter
	Rate          int           // bandwidth, KB/s (1 KB = 1000 bytes)
	Delay         time.Duration // slow_close, timeout, reset_peer; slicer: between pieces
	AverageSize   int           // slicer, bytes
	SizeVariation int           // slicer, bytes
	Bytes         int64         // limit_data
	// Probability (loss, duplicate, reorder, corrupt) is the share, 0..1,
	// of the datagrams it applies to that it drops, doubles, holds or
	// corrupts.
	Probability float64
	// Correlation (loss) is the probability that the datagram after a lost
	// one is lost too, for bursts; 0: independent losses.
	Correlation float64
	Window      int // reorder: held until this many later datagrams passed (0: DefaultReorderWindow)
}

// ReorderWindow is Window, or DefaultReorderWindow when it is not set.
func (c Condition) ReorderWindow() int {
	if c.Window <= 0 {
		return DefaultReorderWindow
	}
	return c.Window
}

// DefaultName is the name a condition gets when none is given.
func (c Condition) DefaultName() string { return string(c.Type) + "_" + c.Dir.String() }

// Describe is the condition in one line, e.g. "latency 200ms ± 20ms".
func (c Condition) Describe() msg.Message {
	switch c.Type {
	case Latency:
		return msg.New(codeDescLatency, "Latency", c.Latency.String(), "Jitter", c.Jitter.String())
	case Bandwidth:
		return msg.New(codeDescBandwidth, "Rate", c.Rate)
	case SlowClose, ResetPeer:
		return msg.New(codeDescDelay, "Type", string(c.Type), "Delay", c.Delay.String())
	case Timeout:
		if c.Delay == 0 {
			return msg.New(codeDescHold)
		}
		return msg.New(codeDescDelay, "Type", string(c.Type), "Delay", c.Delay.String())
	case Slicer:
		return msg.New(codeDescSlicer, "Size", c.AverageSize, "Variation", c.SizeVariation, "Delay", c.Delay.String())
	case LimitData:
		return msg.New(codeDescLimit, "Bytes", c.Bytes)
	case Loss:
		return msg.New(codeDescLoss, "P", c.Probability, "Correlation", c.Correlation)
	case Duplicate, Corrupt:
		return msg.New(codeDescShare, "Type", string(c.Type), "P", c.Probability)
	case Reorder:
		return msg.New(codeDescReorder, "P", c.Probability, "Window", c.ReorderWindow())
	}
	return msg.New(codeDescDown)
}

// Validate says what is wrong with c, if anything, and what would be right.
func (c Condition) Validate() error {
	neg := func(field string, d time.Duration) error {
		if d < 0 {
			return msg.NewError(codeNegative, "Field", field, "Value", d.String())
		}
		return nil
	}
	switch {
	case !known(c.Type):
		return msg.NewError(codeUnknownType, "Type", string(c.Type), "Want", typeList())
	case c.Dir == 0 || c.Dir > Both:
		return msg.NewError(codeBadDir, "Dir", c.Dir.String())
	case math.IsNaN(c.Toxicity) || c.Toxicity < 0 || c.Toxicity > 1:
		return msg.NewError(codeBadToxicity, "Value", c.Toxicity)
	}
	for _, e := range []error{neg("latency", c.Latency), neg("jitter", c.Jitter), neg("delay", c.Delay)} {
		if e != nil {
			return e
		}
	}
	switch {
	case c.Type == Bandwidth && c.Rate <= 0:
		return msg.NewError(codeBadRate, "Value", c.Rate)
	case c.Type == Slicer && c.AverageSize <= 0:
		return msg.NewError(codeBadSliceSize, "Value", c.AverageSize)
	case c.Type == Slicer && (c.SizeVariation < 0 || c.SizeVariation >= c.AverageSize):
		return msg.NewError(codeBadVariation, "Value", c.SizeVariation, "Size", c.AverageSize)
	case c.Type == LimitData && c.Bytes < 0:
		return msg.NewError(codeBadLimit, "Value", c.Bytes)
	case badShare(c.Probability):
		return msg.NewError(codeBadShare, "Key", string(c.Type), "Value", c.Probability)
	case badShare(c.Correlation):
		return msg.NewError(codeBadShare, "Key", "correlation", "Value", c.Correlation)
	case c.Window < 0:
		return msg.NewError(codeBadWindow, "Value", c.Window)
	case c.Type == Loss && c.Correlation >= 1 && c.Probability < 1:
		return msg.NewError(codeCorrelationOne)
	case c.Type == Loss && c.Correlation > 0 && c.Probability < 1 && c.LossAfterPass() > 1:
		return msg.NewError(codeCorrelationLow, "P", c.Probability, "Correlation", c.Correlation, "Min", 2-1/c.Probability)
	}
	return nil
}

func badShare(v float64) bool { return math.IsNaN(v) || v < 0 || v > 1 }

// LossAfterPass is the probability of a loss after a datagram that passed,
// chosen so that losses make up Probability of the datagrams over time: in
// the two-state chain with P(loss|loss) = Correlation, the stationary share
// of losses is q / (1 - Correlation + q).
func (c Condition) LossAfterPass() float64 {
	if c.Correlation == 0 || c.Probability >= 1 {
		return c.Probability
	}
	return c.Probability * (1 - c.Correlation) / (1 - c.Probability)
}

func typeList() string {
	s := ""
	for i, t := range Types {
		if i > 0 {
			s += ", "
		}
		s += string(t)
	}
	return s
}
