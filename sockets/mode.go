package sockets

// Mode is what a server does with the bytes it receives.
type Mode int

// Server modes.
const (
	ModeEcho   Mode = iota // send every received byte back (default)
	ModeReply              // send a fixed payload back for each message received
	ModeSilent             // receive and answer nothing (a sink)
)

var modeEnum = enumNames[Mode]{typ: "Mode", what: "mode",
	names:   []string{ModeEcho: "echo", ModeReply: "reply", ModeSilent: "silent"},
	aliases: map[string]Mode{"": ModeEcho, "fixed": ModeReply, "sink": ModeSilent}}

// String returns "echo", "reply" or "silent".
func (m Mode) String() string { return modeEnum.name(m) }

// Modes returns every mode, in order.
func Modes() []Mode { return modeEnum.values() }

// ParseMode reads "echo", "reply" or "silent" in any case ("sink" and
// "fixed" are accepted as other names for silent and reply).
func ParseMode(s string) (Mode, error) { return modeEnum.parse(s) }

// answer is what a server in mode m sends back for the chunk b: b itself,
// the reply, or nothing.
func (m Mode) answer(b, reply []byte) []byte {
	switch m {
	case ModeEcho:
		return b
	case ModeReply:
		return reply
	}
	return nil
}
