package sockets

// Mode is what a server does with the bytes it receives.
type Mode int

// Server modes.
const (
	ModeEcho   Mode = iota // send every received byte back (default)
	ModeReply              // send a fixed payload back for each message received
	ModeSilent             // receive and answer nothing (a sink)
	ModeRules              // answer by the rules of a RuleSet (ServerConfig.Rules)
)

var modeEnum = enumNames[Mode]{typ: "Mode", what: "mode",
	names:   []string{ModeEcho: "echo", ModeReply: "reply", ModeSilent: "silent", ModeRules: "rules"},
	aliases: map[string]Mode{"": ModeEcho, "fixed": ModeReply, "sink": ModeSilent}}

// String returns "echo", "reply", "silent" or "rules".
func (m Mode) String() string { return modeEnum.name(m) }

// Modes returns the modes a server needs nothing more than a reply payload
// for: echo, reply and silent, in order. ModeRules also needs a rule set
// (ServerConfig.Rules), so it is left out, for a front end to offer where
// it can load a rules file.
func Modes() []Mode { return modeEnum.values()[:ModeRules] }

// ParseMode reads "echo", "reply", "silent" or "rules" in any case ("sink" and
// "fixed" are accepted as other names for silent and reply).
func ParseMode(s string) (Mode, error) { return modeEnum.parse(s) }

// answer is what a server in mode m sends back for the chunk b: b itself,
// the reply, or nothing (silent, and rules, which answer per frame).
func (m Mode) answer(b, reply []byte) []byte {
	switch m {
	case ModeEcho:
		return b
	case ModeReply:
		return reply
	}
	return nil
}
