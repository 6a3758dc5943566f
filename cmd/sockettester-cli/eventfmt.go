package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// eventLine renders an engine event as one log line, e.g.
//
//	13:04:05.123 server received tcp 127.0.0.1:5000 6B "hello\n"
//
// The text between the quotes uses the escapes of the payload syntax, so it
// can be pasted back into send; "..." after the closing quote means the event
// kept only the first bytes.
func eventLine(e sockets.Event) string {
	var b strings.Builder
	b.WriteString(e.Time.Format("15:04:05.000"))
	b.WriteString(" " + e.Side.String() + " " + e.Kind.String())
	if e.Network != "" {
		b.WriteString(" " + e.Network)
	}
	if e.Remote != "" {
		b.WriteString(" " + e.Remote)
	} else if e.Local != "" {
		b.WriteString(" " + e.Local)
	}
	if isData(e) {
		fmt.Fprintf(&b, " %dB %s", e.N, quotePayload(e.Data))
		if e.Truncated {
			b.WriteString("...")
		}
	}
	if e.Msg != "" {
		b.WriteString(" " + e.Msg)
	}
	if e.Err != nil {
		b.WriteString(": " + oneLine(e.Err.Error()))
	}
	return b.String()
}

// quotePayload shows bytes as escaped text between double quotes.
func quotePayload(p []byte) string {
	return `"` + strings.ReplaceAll(sockets.RenderText(p), `"`, `\"`) + `"`
}

func isData(e sockets.Event) bool {
	return e.Kind == sockets.KindSent || e.Kind == sockets.KindReceived
}

// jsonEvent is one line of --json output. Every line has time, side and
// kind; bytes, data and hex appear on sent and received lines.
type jsonEvent struct {
	Time      string     `json:"time"` // RFC 3339 with nanoseconds
	Side      string     `json:"side"` // "server" or "client"
	Kind      string     `json:"kind"` // listening, stopped, connected, disconnected, sent, received, error, info
	Network   string     `json:"network,omitempty"`
	Local     string     `json:"local,omitempty"`
	Remote    string     `json:"remote,omitempty"`
	Addr      string     `json:"addr,omitempty"` // the bound address, on listening lines
	Mode      string     `json:"mode,omitempty"` // echo, reply or sink, on listening lines
	Bytes     *int       `json:"bytes,omitempty"`
	Data      *string    `json:"data,omitempty"` // the bytes as escaped text (see sockets.RenderText)
	Hex       *string    `json:"hex,omitempty"`  // the bytes as spaced hex pairs
	Truncated bool       `json:"truncated,omitempty"`
	Msg       string     `json:"msg,omitempty"`
	Error     string     `json:"error,omitempty"`
	Stats     *jsonStats `json:"stats,omitempty"` // a server's totals, on stopped lines
}

// jsonStats is a server's exact counters.
type jsonStats struct {
	BytesIn     uint64 `json:"bytes_in"`
	BytesOut    uint64 `json:"bytes_out"`
	MsgsIn      uint64 `json:"msgs_in"`
	MsgsOut     uint64 `json:"msgs_out"`
	Connections uint64 `json:"connections"`
}

// toJSON converts an engine event for --json output.
func toJSON(e sockets.Event) jsonEvent {
	j := jsonEvent{
		Time:    e.Time.Format(time.RFC3339Nano),
		Side:    e.Side.String(),
		Kind:    e.Kind.String(),
		Network: e.Network,
		Local:   e.Local,
		Remote:  e.Remote,
		Msg:     e.Msg,
	}
	if isData(e) {
		n, text, hex := e.N, sockets.RenderText(e.Data), sockets.HexString(e.Data)
		j.Bytes, j.Data, j.Hex, j.Truncated = &n, &text, &hex, e.Truncated
	}
	if e.Err != nil {
		j.Error = e.Err.Error()
	}
	return j
}

// jsonLine marshals v as one line with a trailing newline.
func jsonLine(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only plain strings and numbers go in; this cannot happen.
		b = []byte(fmt.Sprintf(`{"kind":"error","error":%q}`, err.Error()))
	}
	return append(b, '\n')
}

// statsText summarises a server's counters for its "stopped" line.
func statsText(network string, st sockets.Stats) string {
	if strings.HasPrefix(network, "udp") {
		return fmt.Sprintf("(received %s, %d B; sent %s, %d B)",
			count(st.MsgsIn, "datagram"), st.BytesIn, count(st.MsgsOut, "datagram"), st.BytesOut)
	}
	return fmt.Sprintf("(%s; received %d B; sent %d B)", count(st.ConnsTotal, "connection"), st.BytesIn, st.BytesOut)
}

// count writes n and the noun, plural unless n is 1.
func count(n uint64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
