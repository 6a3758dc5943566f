package main

import (
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// eventLine renders an engine event as one text line in the schema's text
// form (sockets.Event.Line), e.g.
//
//	2026-01-02 13:04:05.123 server received tcp 127.0.0.1:5000 6B "hello\n"
func eventLine(e sockets.Event) string { return e.Line(payload.FormatText) }

// jsonLine renders an engine event as one line of the schema's JSON form,
// with a trailing newline.
func jsonLine(e sockets.Event) []byte { return sockets.AppendJSONLine(nil, e) }
