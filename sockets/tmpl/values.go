package tmpl

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// The values any template may hold, for sends and for rules' replies alike:
//
//	{{counter}}    a count from 1: the send's number, or how often a rule fired
//	{{time}}       the time now, RFC 3339 (2026-12-07T14:38:23+01:00)
//	{{unixtime}}   the time now in seconds since 1970, e.g. 1796651903
//	{{random:N}}   a random whole number from 0 to N-1, in decimal
//	{{hex:0d0a}}   bytes given as hex digits (read when the template is parsed)

// Value is one of the common placeholders, ready to fill.
type Value struct {
	kind valueKind
	n    uint64 // random's bound
}

type valueKind uint8

const (
	valueCounter valueKind = iota + 1
	valueTime
	valueUnixTime
	valueRandom
)

// maxRandom is the largest N {{random:N}} takes.
const maxRandom = 1 << 62

// ParseValue reads a common placeholder's name ("counter", "random:100").
// ok is false for a name that is not one of them; problem says what is
// wrong with one that is but is written wrong ("random:0").
func ParseValue(name string) (v Value, ok bool, problem msg.Message) {
	switch name {
	case "counter":
		return Value{kind: valueCounter}, true, msg.Message{}
	case "time":
		return Value{kind: valueTime}, true, msg.Message{}
	case "unixtime":
		return Value{kind: valueUnixTime}, true, msg.Message{}
	}
	bound, isRandom := strings.CutPrefix(name, "random:")
	if !isRandom {
		return Value{}, false, msg.Message{}
	}
	n, err := strconv.ParseUint(strings.TrimSpace(bound), 10, 64)
	if err != nil || n < 2 || n > maxRandom {
		return Value{}, true, msg.New(codeBadRandom, "N", strconv.Quote(bound))
	}
	return Value{kind: valueRandom, n: n}, true, msg.Message{}
}

// Append appends the value: count is the counter's value now, now the time.
func (v Value) Append(dst []byte, count uint64, now time.Time) []byte {
	switch v.kind {
	case valueCounter:
		return strconv.AppendUint(dst, count, 10)
	case valueTime:
		return now.AppendFormat(dst, time.RFC3339)
	case valueUnixTime:
		return strconv.AppendInt(dst, now.Unix(), 10)
	case valueRandom:
		return strconv.AppendUint(dst, rand.Uint64N(v.n), 10)
	}
	return dst
}

// ValueNames lists the common placeholders, as messages name them.
const ValueNames = "counter, time, unixtime, random:N"
