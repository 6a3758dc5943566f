package toxiapi

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/conditions"
)

// Toxic is one condition as toxiproxy's API shows it.
type Toxic struct {
	Name       string         `json:"name"`
	Type       string         `json:"type"`
	Stream     string         `json:"stream"`
	Toxicity   float32        `json:"toxicity"`
	Attributes map[string]any `json:"attributes"`
}

// attrs are toxiproxy's attribute names; every duration is in
// milliseconds except slicer's delay, which is in microseconds.
type attrs struct {
	Latency       int64 `json:"latency"`
	Jitter        int64 `json:"jitter"`
	Rate          int64 `json:"rate"`
	Delay         int64 `json:"delay"`
	Timeout       int64 `json:"timeout"`
	AverageSize   int64 `json:"average_size"`
	SizeVariation int64 `json:"size_variation"`
	Bytes         int64 `json:"bytes"`
}

// toxicTypes are the toxic types toxiproxy 2.5.0 knows and we serve.
var toxicTypes = []conditions.Type{conditions.Latency, conditions.Bandwidth, conditions.SlowClose,
	conditions.Timeout, conditions.ResetPeer, conditions.Slicer, conditions.LimitData}

func typeNames() string {
	s := make([]string, len(toxicTypes))
	for i, t := range toxicTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

func knownType(t string) bool {
	for _, k := range toxicTypes {
		if string(k) == t {
			return true
		}
	}
	return false
}

// streamDir maps toxiproxy's stream to a direction.
func streamDir(s string) (conditions.Dir, error) {
	switch s {
	case "upstream":
		return conditions.Up, nil
	case "downstream":
		return conditions.DownDir, nil
	}
	return 0, fmt.Errorf("stream %q is not known: it can be either upstream (client to target) or downstream (target to client)", s)
}

func dirStream(d conditions.Dir) string {
	if d == conditions.Up {
		return "upstream"
	}
	return "downstream"
}

const ms = time.Millisecond

// toAttrs is c's attributes in toxiproxy's units.
func toAttrs(c conditions.Condition) attrs {
	a := attrs{Latency: int64(c.Latency / ms), Jitter: int64(c.Jitter / ms), Rate: int64(c.Rate),
		AverageSize: int64(c.AverageSize), SizeVariation: int64(c.SizeVariation), Bytes: c.Bytes}
	switch c.Type {
	case conditions.Slicer:
		a.Delay = int64(c.Delay / time.Microsecond)
	case conditions.Timeout, conditions.ResetPeer:
		a.Timeout = int64(c.Delay / ms)
	default:
		a.Delay = int64(c.Delay / ms)
	}
	return a
}

// apply sets c's fields from a, as c.Type reads them.
func (a attrs) apply(c *conditions.Condition) error {
	for _, f := range []struct {
		name string
		v    int64
	}{{"latency", a.Latency}, {"jitter", a.Jitter}, {"rate", a.Rate}, {"delay", a.Delay}, {"timeout", a.Timeout},
		{"average_size", a.AverageSize}, {"size_variation", a.SizeVariation}, {"bytes", a.Bytes}} {
		name, v := f.name, f.v
		if v < 0 {
			return fmt.Errorf("attribute %s is %d: it must be 0 or more", name, v)
		}
		if v > math.MaxInt32 && name != "bytes" {
			return fmt.Errorf("attribute %s is %d: it must be at most %d", name, v, math.MaxInt32)
		}
	}
	c.Latency = time.Duration(a.Latency) * ms
	c.Jitter = time.Duration(a.Jitter) * ms
	c.Rate = int(a.Rate)
	c.AverageSize = int(a.AverageSize)
	c.SizeVariation = int(a.SizeVariation)
	c.Bytes = a.Bytes
	switch c.Type {
	case conditions.Slicer:
		c.Delay = time.Duration(a.Delay) * time.Microsecond
	case conditions.Timeout, conditions.ResetPeer:
		c.Delay = time.Duration(a.Timeout) * ms
	default:
		c.Delay = time.Duration(a.Delay) * ms
	}
	return nil
}

// toxicOf shows c as toxiproxy does, with only its type's attributes.
func toxicOf(c conditions.Condition) Toxic {
	a := toAttrs(c)
	var m map[string]any
	switch c.Type {
	case conditions.Latency:
		m = map[string]any{"latency": a.Latency, "jitter": a.Jitter}
	case conditions.Bandwidth:
		m = map[string]any{"rate": a.Rate}
	case conditions.SlowClose:
		m = map[string]any{"delay": a.Delay}
	case conditions.Timeout, conditions.ResetPeer:
		m = map[string]any{"timeout": a.Timeout}
	case conditions.Slicer:
		m = map[string]any{"average_size": a.AverageSize, "size_variation": a.SizeVariation, "delay": a.Delay}
	case conditions.LimitData:
		m = map[string]any{"bytes": a.Bytes}
	default:
		m = map[string]any{}
	}
	return Toxic{Name: c.Name, Type: string(c.Type), Stream: dirStream(c.Dir), Toxicity: float32(c.Toxicity), Attributes: m}
}
