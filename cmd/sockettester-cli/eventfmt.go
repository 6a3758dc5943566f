package main

import (
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// eventLine is the event's text form, e.g.
//
//	2026-01-02 13:04:05.123 server received tcp 127.0.0.1:5000 6B "hello\n"
func eventLine(e sockets.Event) string { return e.Line(payload.FormatText) }

func jsonLine(e sockets.Event) []byte { return sockets.AppendJSONLine(nil, e) }
