package conditions

import (
	"strconv"
	"time"
)

// Attr is one parameter of a condition: its name in toxiproxy's attributes
// (and a conditions file), its key on the command line, and its value as
// text in toxiproxy's units, which (*Condition).Set reads back under either.
type Attr struct {
	Name  string // toxiproxy's attribute, e.g. "rate"
	Key   string // the command line's key, e.g. "bandwidth"
	Value string // e.g. "1000"; a duration finer than Unit carries its own unit ("1.5ms")
	Unit  string // "ms" or "µs" when Value is a bare number of a duration unit, else ""
}

// Attributes returns the parameters of c's type, the inverse of
// (*Condition).Set, in the order of Keys(c.Type): latency and jitter in ms,
// rate in KB/s, slicer's sizes in bytes and its delay in µs, the other
// delays in ms, limit_data's bytes, the UDP types' shares (0 to 1) and
// reorder's window in datagrams. A whole number of the unit is written
// bare (200), anything finer with its unit (1.5ms), so Set gives back
// exactly c. Down has none. A new type adds a case here.
func (c Condition) Attributes() []Attr {
	switch c.Type {
	case Latency:
		return []Attr{dur("latency", "latency", c.Latency, time.Millisecond), dur("jitter", "jitter", c.Jitter, time.Millisecond)}
	case Bandwidth:
		return []Attr{{"rate", "bandwidth", strconv.Itoa(c.Rate), ""}}
	case SlowClose:
		return []Attr{dur("delay", string(SlowClose), c.Delay, time.Millisecond)}
	case Timeout, ResetPeer:
		return []Attr{dur("timeout", string(c.Type), c.Delay, time.Millisecond)}
	case Slicer:
		return []Attr{
			{"average_size", "slicer", strconv.Itoa(c.AverageSize), ""},
			{"size_variation", "variation", strconv.Itoa(c.SizeVariation), ""},
			dur("delay", "delay", c.Delay, time.Microsecond),
		}
	case LimitData:
		return []Attr{{"bytes", string(LimitData), strconv.FormatInt(c.Bytes, 10), ""}}
	case Loss:
		return []Attr{shareAttr("probability", string(Loss), c.Probability), shareAttr("correlation", "correlation", c.Correlation)}
	case Duplicate, Corrupt:
		return []Attr{shareAttr("probability", string(c.Type), c.Probability)}
	case Reorder:
		return []Attr{shareAttr("probability", string(Reorder), c.Probability), {"window", "window", strconv.Itoa(c.Window), ""}}
	}
	return nil
}

// shareAttr writes a share of 0 to 1 in the fewest digits that read back exactly.
func shareAttr(name, key string, v float64) Attr {
	return Attr{name, key, strconv.FormatFloat(v, 'g', -1, 64), ""}
}

// dur writes d as a bare number of unit when it is whole, else as a Go
// duration, which Set also reads.
func dur(name, key string, d, unit time.Duration) Attr {
	if d%unit == 0 {
		u := "ms"
		if unit == time.Microsecond {
			u = "µs"
		}
		return Attr{name, key, strconv.FormatInt(int64(d/unit), 10), u}
	}
	return Attr{name, key, d.String(), ""}
}
