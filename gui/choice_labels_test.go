package gui

import (
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// Labels of engine values, for code that picks a choice by what the user
// sees, as tests do.
var (
	protoTCP   = networkLabel("tcp")
	protoUDP   = networkLabel("udp")
	modeEcho   = modeLabel(sockets.ModeEcho)
	modeReply  = modeLabel(sockets.ModeReply)
	modeSilent = modeLabel(sockets.ModeSilent)
	formatText = formatLabel(payload.FormatText)
	formatHex  = formatLabel(payload.FormatHex)
	eolNone    = lineEndingLabel(payload.EOLNone)
	eolLF      = lineEndingLabel(payload.EOLLF)
	eolCRLF    = lineEndingLabel(payload.EOLCRLF)
)
