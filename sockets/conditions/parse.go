package conditions

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// keys are the keys each type takes besides its own (the type's key holds
// its main value), in help order.
var keys = map[Type][]string{
	Latency:   {"jitter"},
	Bandwidth: {},
	SlowClose: {},
	Timeout:   {},
	ResetPeer: {},
	Slicer:    {"variation", "delay"},
	LimitData: {},
	Down:      {},
	Loss:      {"correlation"},
	Duplicate: {},
	Reorder:   {"window"},
	Corrupt:   {},
}

var common = []string{"dir", "toxicity", "name"}

// Parse reads the command line's form of a condition: TYPE[=VALUE] then
// comma-separated KEY=VALUE, e.g. "latency=200ms,jitter=20ms,dir=down",
// "bandwidth=1000", "slicer=64,variation=16,delay=500us", "down",
// "loss=0.1,correlation=0.25", "reorder=0.2,window=4". Bare numbers are in
// toxiproxy's units: ms, KB/s, bytes, and µs for slicer's delay; loss,
// duplicate, reorder and corrupt take a share from 0 to 1 or a percentage.
// Defaults, for every type: dir=down, toxicity=1, name TYPE_DIR.
func Parse(spec string) (Condition, error) {
	c := Condition{Dir: DownDir, Toxicity: 1}
	parts := strings.Split(strings.TrimSpace(spec), ",")
	if parts[0] == "" {
		return c, msg.NewError(codeEmptySpec)
	}
	seen := map[string]bool{}
	for i, part := range parts {
		k, v, hasV := strings.Cut(strings.TrimSpace(part), "=")
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		if i == 0 {
			c.Type = Type(k)
			if _, ok := keys[c.Type]; !ok {
				return c, msg.NewError(codeUnknownType, "Type", k, "Want", typeList())
			}
			if c.Type == Down {
				if hasV {
					return c, msg.NewError(codeWantsValue, "Key", k)
				}
				continue
			}
			if !hasV || v == "" {
				return c, msg.NewError(codeNoValue, "Key", k, "Example", example(c.Type))
			}
		} else if seen[k] {
			return c, msg.NewError(codeKeyTwice, "Key", k)
		} else if !hasV {
			return c, msg.NewError(codeNoValue, "Key", k, "Example", exampleKey(k))
		}
		seen[k] = true
		if err := c.Set(k, v); err != nil {
			return c, err
		}
	}
	if c.Name == "" {
		c.Name = c.DefaultName()
	}
	return c, c.Validate()
}

// Keys returns the keys a condition of type t takes, its own first.
func Keys(t Type) []string {
	out := []string{}
	if t != Down {
		out = append(out, string(t))
	}
	return append(append(out, keys[t]...), common...)
}

// Set sets one key of c from its text, in the command line's units.
func (c *Condition) Set(k, v string) error {
	var err error
	switch {
	case k == "dir" || k == "stream":
		c.Dir, err = ParseDir(v)
	case k == "toxicity":
		c.Toxicity, err = strconv.ParseFloat(v, 64)
		if err != nil {
			return msg.NewError(codeBadNumber, "Key", k, "Value", v, "Example", "0.5")
		}
		if math.IsNaN(c.Toxicity) || c.Toxicity < 0 || c.Toxicity > 1 {
			return msg.NewError(codeBadToxicity, "Value", c.Toxicity)
		}
	case k == "name":
		c.Name = v
	case c.Type == Latency && k == "latency":
		c.Latency, err = duration(k, v, time.Millisecond, "ms")
	case c.Type == Latency && k == "jitter":
		c.Jitter, err = duration(k, v, time.Millisecond, "ms")
	case c.Type == Bandwidth && (k == "bandwidth" || k == "rate"):
		c.Rate, err = number(k, strings.TrimSuffix(strings.ToLower(v), "kb/s"), "1000")
	case (c.Type == SlowClose || c.Type == Timeout || c.Type == ResetPeer) && (k == string(c.Type) || k == "delay" || k == "timeout"):
		c.Delay, err = duration(k, v, time.Millisecond, "ms")
	case c.Type == Slicer && (k == "slicer" || k == "average_size"):
		c.AverageSize, err = number(k, v, "64")
	case c.Type == Slicer && (k == "variation" || k == "size_variation"):
		c.SizeVariation, err = number(k, v, "16")
	case c.Type == Slicer && k == "delay":
		c.Delay, err = duration(k, v, time.Microsecond, "µs")
	case isShareType(c.Type) && (k == string(c.Type) || k == "probability" || k == "rate"):
		c.Probability, err = share(k, v)
	case c.Type == Loss && k == "correlation":
		c.Correlation, err = share(k, v)
	case c.Type == Reorder && k == "window":
		c.Window, err = number(k, v, "3")
		if err == nil && c.Window < 1 {
			return msg.NewError(codeBadWindow, "Value", c.Window)
		}
	case c.Type == LimitData && (k == "limit_data" || k == "bytes"):
		var n int
		n, err = number(k, v, "1024")
		c.Bytes = int64(n)
	default:
		return msg.NewError(codeUnknownKey, "Key", k, "Type", string(c.Type), "Want", strings.Join(Keys(c.Type), ", "))
	}
	return err
}

// ParseDir reads a direction: up, down, both, or toxiproxy's upstream and
// downstream.
func ParseDir(v string) (Dir, error) {
	switch strings.ToLower(v) {
	case "up", "upstream":
		return Up, nil
	case "down", "downstream":
		return DownDir, nil
	case "both":
		return Both, nil
	}
	return 0, msg.NewError(codeDirWord, "Value", v)
}

func duration(k, v string, unit time.Duration, unitName string) (time.Duration, error) {
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		d := time.Duration(n * float64(unit))
		if d < 0 {
			return 0, msg.NewError(codeNegative, "Field", k, "Value", d.String())
		}
		return d, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, msg.NewError(codeBadDuration, "Key", k, "Value", v, "Unit", unitName)
	}
	if d < 0 {
		return 0, msg.NewError(codeNegative, "Field", k, "Value", d.String())
	}
	return d, nil
}

func isShareType(t Type) bool { return t == Loss || t == Duplicate || t == Reorder || t == Corrupt }

// share reads a share from 0 to 1, or a percentage ("10%").
func share(k, v string) (float64, error) {
	t, pct := strings.CutSuffix(strings.TrimSpace(v), "%")
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, msg.NewError(codeBadNumber, "Key", k, "Value", v, "Example", "0.1")
	}
	if pct {
		f /= 100
	}
	if badShare(f) {
		return 0, msg.NewError(codeBadShare, "Key", k, "Value", v)
	}
	return f, nil
}

func number(k, v, ex string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, msg.NewError(codeBadNumber, "Key", k, "Value", v, "Example", ex)
	}
	return n, nil
}

func example(t Type) string {
	switch t {
	case Latency:
		return "200ms"
	case Bandwidth:
		return "1000"
	case Slicer:
		return "64"
	case LimitData:
		return "1024"
	case Loss, Duplicate, Reorder, Corrupt:
		return "0.1"
	}
	return "1s"
}

func exampleKey(k string) string {
	switch k {
	case "dir":
		return "down"
	case "toxicity":
		return "0.5"
	case "name":
		return "slow"
	}
	return "10"
}
