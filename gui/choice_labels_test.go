package gui

import "github.com/sockettester/sockettester/sockets"

// Labels of engine values, for code that picks a choice by what the user
// sees, as tests do.
var (
	protoTCP   = networkLabel("tcp")
	protoUDP   = networkLabel("udp")
	modeEcho   = modeLabel(sockets.ModeEcho)
	modeReply  = modeLabel(sockets.ModeReply)
	modeSilent = modeLabel(sockets.ModeSilent)
	formatText = formatLabel(sockets.FormatText)
	formatHex  = formatLabel(sockets.FormatHex)
	eolNone    = lineEndingLabel(sockets.EOLNone)
	eolLF      = lineEndingLabel(sockets.EOLLF)
	eolCRLF    = lineEndingLabel(sockets.EOLCRLF)
)
