package gui

import (
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// Labels of engine values, for code that picks a choice by what the user
// sees, as tests do.
var (
	protoTCP   = widgets.NetworkLabel("tcp")
	protoUDP   = widgets.NetworkLabel("udp")
	modeEcho   = widgets.ModeLabel(sockets.ModeEcho)
	modeReply  = widgets.ModeLabel(sockets.ModeReply)
	modeSilent = widgets.ModeLabel(sockets.ModeSilent)
	formatText = widgets.FormatLabel(payload.FormatText)
	formatHex  = widgets.FormatLabel(payload.FormatHex)
	eolNone    = widgets.LineEndingLabel(payload.EOLNone)
	eolLF      = widgets.LineEndingLabel(payload.EOLLF)
	eolCRLF    = widgets.LineEndingLabel(payload.EOLCRLF)
)
