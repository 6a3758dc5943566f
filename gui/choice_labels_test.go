package gui

import (
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// Labels of engine values, for code that picks a choice by what the user
// sees, as tests do.
var (
	protoTCP   = widgets.NetworkLabel("tcp")
	protoUDP   = widgets.NetworkLabel("udp")
	modeEcho   = widgets.ModeLabel(sockets.ModeEcho)
	modeReply  = widgets.ModeLabel(sockets.ModeReply)
	modeSilent = widgets.ModeLabel(sockets.ModeSilent)
	formatText = widgets.FormatLabel(sockets.FormatText)
	formatHex  = widgets.FormatLabel(sockets.FormatHex)
	eolNone    = widgets.LineEndingLabel(sockets.EOLNone)
	eolLF      = widgets.LineEndingLabel(sockets.EOLLF)
	eolCRLF    = widgets.LineEndingLabel(sockets.EOLCRLF)
)
