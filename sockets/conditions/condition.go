// Package conditions describes network conditions a relay applies to the
// bytes it passes on (latency, bandwidth, slicing, cut connections), with
// toxiproxy's names and parameters, and holds a Set of them that can change
// while the relay runs. It has no sockets of its own: the relay asks a
// connection's Pipe what to do with each chunk.
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
)

// Types lists every type, in the order help shows them.
var Types = []Type{Latency, Bandwidth, SlowClose, Timeout, ResetPeer, Slicer, LimitData, Down}

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
	}
	return msg.New(codeDescDown)
}

// Validate says what is wrong with c, if anything, and what would be right.
func (c Condition) Validate() error {
	known := false
	for _, t := range Types {
		known = known || t == c.Type
	}
	neg := func(field string, d time.Duration) error {
		if d < 0 {
			return msg.NewError(codeNegative, "Field", field, "Value", d.String())
		}
		return nil
	}
	switch {
	case !known:
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
	}
	return nil
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
