package rules

import "github.com/sockettester/sockettester/sockets/msg"

// Codes of what the rules say: notes on a rule event, and mistakes in a
// rules file.
const (
	codeLongLine msg.Code = "ruleLongLine"
)

var _ = msg.Define(map[msg.Code]string{
	codeLongLine: "part of a line longer than max_line",
})
