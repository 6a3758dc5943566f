package sockets

import "github.com/sockettester/sockettester/sockets/internal/enum"

// Mode is what a server does with the bytes it receives.
type Mode int

// Server modes.
const (
	ModeEcho    Mode = iota // send every received byte back (default)
	ModeReply               // send a fixed payload back for each message received
	ModeSilent              // receive and answer nothing (a sink)
	ModeRules               // answer by the rules of a RuleSet (ServerConfig.Rules)
	ModeChat                // pass each message to every other client; answer the sender nothing
	ModeForward             // relay: pass each client's bytes (TCP) or datagrams (UDP) to ServerConfig.ForwardTo and its answers back
)

var modeEnum = enum.Names[Mode]{Type: "Mode", What: "mode",
	Names:   []string{ModeEcho: "echo", ModeReply: "reply", ModeSilent: "silent", ModeRules: "rules", ModeChat: "chat", ModeForward: "forward"},
	Aliases: map[string]Mode{"": ModeEcho, "fixed": ModeReply, "sink": ModeSilent}}

// String returns "echo", "reply", "silent", "rules", "chat" or "forward".
func (m Mode) String() string { return modeEnum.Name(m) }

// Modes returns the modes a server needs nothing more than a reply payload
// for: echo, reply and silent, in order. ModeRules (which needs a rule set),
// ModeChat (which has its prefix option) and ModeForward (which needs a
// target) are left out, for a front end to offer where it shows their
// settings.
func Modes() []Mode { return modeEnum.Values()[:ModeRules] }

// ParseMode reads "echo", "reply", "silent", "rules", "chat" or "forward" in any case
// ("sink" and "fixed" are accepted as other names for silent and reply).
func ParseMode(s string) (Mode, error) { return modeEnum.Parse(s) }

// answer is what mode m sends back for chunk b (rules answer per frame).
func (m Mode) answer(b, reply []byte) []byte {
	switch m {
	case ModeEcho:
		return b
	case ModeReply:
		return reply
	}
	return nil
}
