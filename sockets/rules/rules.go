// Package rules reads a rules file (YAML) and answers by it: the replies of a
// server in sockets.ModeRules. Rules are tried in order; the first match wins:
//
//	frame: line          # line: split at \n (a \r before it goes too); raw: each read or datagram
//	default: echo        # echo | silent | {reply: "text"}
//	max_line: 65536      # optional: longest line, in bytes, before it is answered in pieces
//	rules:
//	  - match: "PING"              # exact; or prefix:, contains:, regex:, hex: (exact bytes)
//	    reply: "PONG {{counter}}\n"
//	  - regex: "^GET (\\S+)"
//	    reply: "you asked for {{1}}\n"
//	    delay: 50ms
//	  - contains: "BYE"
//	    name: goodbye               # optional; defaults to the text matched
//	    reply: "bye\n"
//	    close: true
//
// Payloads use the client's syntax; replies are templates (see Parse). A *Set
// from Parse or Load is a sockets.RuleSet that peers share.
package rules

import (
	"regexp"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// Frame is how received bytes are cut into the frames rules match.
type Frame int

// Frames.
const (
	FrameLine Frame = iota // lines: split at \n; the match sees a line without its ending (\n or \r\n)
	FrameRaw               // each TCP read or UDP datagram as it came
)

// String returns "line" or "raw".
func (f Frame) String() string {
	if f == FrameRaw {
		return "raw"
	}
	return "line"
}

// DefaultMaxLine is the longest line kept whole by default; a longer one is
// answered in pieces.
const DefaultMaxLine = 64 * 1024

// MatchKind is how a rule matches a frame.
type MatchKind int

// Ways to match, named by their keys in the file.
const (
	MatchExact    MatchKind = iota // match: the frame is exactly these bytes
	MatchPrefix                    // prefix: the frame starts with them
	MatchContains                  // contains: the frame holds them somewhere
	MatchRegex                     // regex: the regular expression (Go syntax) matches somewhere in the frame
	MatchHex                       // hex: the frame is exactly these bytes, given as hex digits
)

var matchKeys = []string{MatchExact: "match", MatchPrefix: "prefix", MatchContains: "contains", MatchRegex: "regex", MatchHex: "hex"}

// String returns the kind's key in the file, e.g. "regex".
func (k MatchKind) String() string { return matchKeys[k] }

// DefaultKind is what happens to a frame no rule matches.
type DefaultKind int

// Defaults.
const (
	DefaultEcho   DefaultKind = iota // send the frame back as it came, line ending included
	DefaultSilent                    // answer nothing
	DefaultReply                     // answer with the default's reply template
)

// Set is a compiled rules file. It is a sockets.RuleSet.
type Set struct {
	Frame   Frame
	MaxLine int         // longest line kept whole, in bytes
	Default DefaultKind // what happens when no rule matches
	Rules   []*Rule     // in the order they are tried

	defaultReply *reply
}

// Rule is one compiled rule.
type Rule struct {
	Name    string // from name:, or the text it matches
	Kind    MatchKind
	Pattern []byte         // the bytes to match (all kinds but regex)
	Regexp  *regexp.Regexp // MatchRegex only
	Delay   time.Duration  // wait before answering
	Close   bool           // close the connection after answering (TCP; a UDP peer is forgotten)
	Drop    bool           // answer nothing
	Line    int            // where the rule starts in its file

	reply *reply // nil when the rule sends nothing
	named bool   // the file gave the name
}

// NewPeer returns the state of one peer: its partial line and counters.
func (s *Set) NewPeer(addr string) sockets.RulePeer {
	return &peer{set: s, addr: addr, counters: make([]uint64, len(s.Rules)+1)}
}
