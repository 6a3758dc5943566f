package sockets

import "github.com/sockettester/sockettester/sockets/msg"

// Codes of the window's churn fold: one log row and one diagram band for a
// second of connections opening and closing faster than anyone can read.
// The engine never folds (its outputs keep every event); the codes live
// here so the window translates them like every other message.
const (
	// CodeChurnBoth: N clients connected and each one's connection ended.
	CodeChurnBoth msg.Code = "churnBoth"
	// CodeChurnSplit: C clients connected and D connections ended.
	CodeChurnSplit msg.Code = "churnSplit"
	// CodeChurnConnected: N clients connected, none left yet.
	CodeChurnConnected msg.Code = "churnConnected"
	// CodeChurnEnded: N connections ended, opened before the second.
	CodeChurnEnded msg.Code = "churnEnded"
	// CodeChurnReset, CodeChurnClosed and CodeChurnLeft say how they
	// ended: all reset, all closed, or some of each.
	CodeChurnReset  msg.Code = "churnReset"
	CodeChurnClosed msg.Code = "churnClosed"
	CodeChurnLeft   msg.Code = "churnLeft"
	// CodeChurnHosts stands for the peers' host when there are several.
	CodeChurnHosts msg.Code = "churnHosts"
)

var _ = msg.Define(map[msg.Code]string{
	CodeChurnBoth:      "{N} {N|client|clients} connected and {End} in 1 s, from {Host}, ports {Ports}",
	CodeChurnSplit:     "{C} {C|client|clients} connected, {D} {End} in 1 s, from {Host}, ports {Ports}",
	CodeChurnConnected: "{N} {N|client|clients} connected in 1 s, from {Host}, ports {Ports}",
	CodeChurnEnded:     "{N} {N|connection|connections} {End} in 1 s, from {Host}, ports {Ports}",
	CodeChurnReset:     "reset",
	CodeChurnClosed:    "closed",
	CodeChurnLeft:      "left",
	CodeChurnHosts:     "{N} {N|address|addresses}",
})
