package sockets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/replytime"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// The event schema (JSON, text line, CSV row) is what scripts read: fields are
// only ever added, never renamed or removed.

// EventTimeLayout is the time in JSON and CSV: RFC 3339 with nanoseconds.
const EventTimeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// LineTimeLayout is the time at the start of a text line.
const LineTimeLayout = "2006-01-02 15:04:05.000"

type eventJSON struct {
	Time      string             `json:"time"`
	Side      string             `json:"side"`
	Kind      string             `json:"kind"`
	Network   string             `json:"network,omitempty"`
	Local     string             `json:"local,omitempty"`
	Remote    string             `json:"remote,omitempty"`
	Bytes     *int               `json:"bytes,omitempty"`
	Text      *string            `json:"text,omitempty"`
	Hex       *string            `json:"hex,omitempty"`
	Truncated bool               `json:"truncated,omitempty"`
	Error     string             `json:"error,omitempty"`
	Message   string             `json:"message,omitempty"`
	Skipped   *uint64            `json:"skipped,omitempty"`
	ReplyMS   *float64           `json:"reply_ms,omitempty"`
	HeldMS    *float64           `json:"held_ms,omitempty"` // network conditions held it this long (Event.Held)
	Dropped   bool               `json:"dropped,omitempty"` // a network condition dropped it
	Rule      string             `json:"rule,omitempty"`
	TLS       *tlsinfo.Handshake `json:"tls,omitempty"`
	Summary   *replytime.Summary `json:"summary,omitempty"`
	Name      string             `json:"name,omitempty"`
	Code      string             `json:"code,omitempty"`
	Group     string             `json:"group,omitempty"`
	Opcode    string             `json:"opcode,omitempty"`
	// SystemDropped is Event.SystemDropped, on a dropped-by-system event.
	SystemDropped *uint64 `json:"system_dropped,omitempty"`
	Appended      string  `json:"appended,omitempty"` // Event.Appended
}

// MarshalJSON encodes the event in the schema's JSON form.
func (e Event) MarshalJSON() ([]byte, error) {
	j := eventJSON{
		Time:      e.Time.Format(EventTimeLayout),
		Side:      e.Side.String(),
		Kind:      e.Kind.String(),
		Network:   e.Network,
		Local:     e.Local,
		Remote:    e.Remote,
		Truncated: e.Truncated,
		Error:     e.ErrText(),
		Message:   e.Msg,
		Rule:      e.Rule,
		TLS:       e.TLS,
		Summary:   e.Summary,
		Name:      e.Name,
		Code:      string(e.Code),
		Group:     e.Group,
		Opcode:    e.Opcode,
		Appended:  e.Appended,
	}
	if e.Reply > 0 {
		f := replytime.Millis(e.Reply)
		j.ReplyMS = &f
	}
	if e.Held > 0 {
		f := replytime.Millis(e.Held)
		j.HeldMS = &f
	}
	j.Dropped = e.Dropped
	if e.Kind.IsData() {
		n, text, hex := e.Bytes, payload.RenderText(e.Data), payload.HexString(e.Data)
		j.Bytes, j.Text, j.Hex = &n, &text, &hex
	}
	if e.Kind == KindGap {
		n := e.Skipped
		j.Skipped = &n
	}
	if e.Kind == KindSystemDrop {
		n := e.SystemDropped
		j.SystemDropped = &n
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(j); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), nil
}

// UnmarshalJSON decodes the schema's JSON form; the payload comes from "hex"
// and an error comes back with the same text.
func (e *Event) UnmarshalJSON(b []byte) error {
	var j eventJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	var out Event
	var err error
	if out.Time, err = time.Parse(time.RFC3339Nano, j.Time); err != nil {
		return fmt.Errorf("event time: %w", err)
	}
	if out.Side, err = parseSide(j.Side); err != nil {
		return err
	}
	if out.Kind, err = parseKind(j.Kind); err != nil {
		return err
	}
	out.Network, out.Local, out.Remote = j.Network, j.Local, j.Remote
	out.Truncated, out.Msg = j.Truncated, j.Message
	if j.Error != "" {
		out.Err = errors.New(j.Error)
	}
	if j.Bytes != nil {
		out.Bytes = *j.Bytes
	}
	if j.Hex != nil {
		if out.Data, err = payload.ParseHex(*j.Hex); err != nil {
			return fmt.Errorf("event hex: %w", err)
		}
	}
	if j.Skipped != nil {
		out.Skipped = *j.Skipped
	}
	if j.ReplyMS != nil {
		out.Reply = replytime.FromMillis(*j.ReplyMS)
	}
	if j.HeldMS != nil {
		out.Held = replytime.FromMillis(*j.HeldMS)
	}
	out.Dropped = j.Dropped
	out.Rule, out.TLS, out.Summary, out.Name = j.Rule, j.TLS, j.Summary, j.Name
	out.Code = msg.Code(j.Code)
	out.Group = j.Group
	out.Opcode = j.Opcode
	out.Appended = j.Appended
	if j.SystemDropped != nil {
		out.SystemDropped = *j.SystemDropped
	}
	*e = out
	return nil
}

// DecodeEvent reads one event from a line of JSON.
func DecodeEvent(line []byte) (Event, error) {
	var e Event
	err := json.Unmarshal(line, &e)
	return e, err
}

// AppendJSONLine appends the event's JSON form and a newline to b.
func AppendJSONLine(b []byte, e Event) []byte {
	j, err := e.MarshalJSON()
	if err != nil {
		// Only strings and numbers go in; keep the line well-formed anyway.
		j, _ = json.Marshal(map[string]string{"kind": "error", "error": err.Error()})
	}
	return append(append(b, j...), '\n')
}

// String renders the event as its text line with content as text.
func (e Event) String() string { return e.Line(payload.FormatText) }

// Line renders the event as one line of text, e.g.
//
//	2026-01-02 13:04:05.123 server received tcp 127.0.0.1:5000 6B "hello\n"
//
// A datagram sent to a multicast group names it after the sender:
//
//	2026-01-02 13:04:05.123 server received udp 192.0.2.1:40000 to 239.1.2.3 6B "hello\n"
//
// A client's name replaces its side; content is escaped text that can be
// pasted back, or hex pairs in brackets with FormatHex, then "..." if cut,
// then the checksum a send appended:
//
//	2026-01-02 13:04:05.123 client sent tcp 127.0.0.1:502 8B [01 03 00 0a 00 02 e4 09] + crc16-modbus e4 09
func (e Event) Line(content payload.Format) string {
	return string(e.AppendLine(make([]byte, 0, 96+2*len(e.Data)), content))
}

// AppendLine appends the event's text line (without a newline) to b.
func (e Event) AppendLine(b []byte, content payload.Format) []byte {
	b = e.Time.AppendFormat(b, LineTimeLayout)
	b = append(b, ' ')
	// The CLI names no client, so its lines keep the side.
	if e.Name != "" {
		b = append(b, e.Name...)
	} else {
		b = append(b, e.Side.String()...)
	}
	b = append(b, ' ')
	b = append(b, e.Kind.String()...)
	if e.Network != "" {
		b = append(append(b, ' '), e.Network...)
	}
	if p := e.Peer(); p != "" {
		b = append(append(b, ' '), p...)
	}
	if e.Group != "" && e.Kind.IsData() {
		b = append(append(b, " to "...), e.Group...)
	}
	if e.Opcode != "" {
		b = append(append(b, ' '), e.Opcode...)
	}
	if e.Kind.IsData() {
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(e.Bytes), 10)
		b = append(b, 'B', ' ')
		if content == payload.FormatHex {
			b = append(append(append(b, '['), payload.HexString(e.Data)...), ']')
		} else {
			b = append(append(append(b, '"'), payload.QuoteText(e.Data)...), '"')
		}
		if e.Truncated {
			b = append(b, "..."...)
		}
		if e.Appended != "" {
			b = append(append(b, " + "...), e.Appended...)
		}
	}
	if e.Reply > 0 {
		b = append(b, " +"...)
		b = replytime.AppendMillis(b, e.Reply)
	}
	if m := e.Message(); m != "" {
		b = append(append(b, ' '), m...)
	}
	return b
}

// CSVHeader names the columns of CSVRecord, as the JSON fields are named.
func CSVHeader() []string {
	return []string{"time", "side", "kind", "network", "local", "remote", "bytes", "truncated", "text", "hex", "error", "message", "skipped", "reply_ms", "rule", "name", "held_ms", "dropped", "group", "opcode", "system_dropped", "appended"}
}

// CSVRecord renders the event in the order of CSVHeader.
func (e Event) CSVRecord() []string {
	rec := []string{e.Time.Format(EventTimeLayout), e.Side.String(), e.Kind.String(), e.Network, e.Local, e.Remote,
		"", "", "", "", e.ErrText(), e.Msg, "", "", e.Rule, e.Name, "", "", e.Group, e.Opcode, "", e.Appended}
	if e.Kind.IsData() {
		rec[6] = strconv.Itoa(e.Bytes)
		rec[7] = strconv.FormatBool(e.Truncated)
		rec[8] = payload.RenderText(e.Data)
		rec[9] = payload.HexString(e.Data)
	}
	if e.Kind == KindGap {
		rec[12] = strconv.FormatUint(e.Skipped, 10)
	}
	if e.Reply > 0 {
		rec[13] = strconv.FormatFloat(replytime.Millis(e.Reply), 'f', -1, 64)
	}
	if e.Held > 0 {
		rec[16] = strconv.FormatFloat(replytime.Millis(e.Held), 'f', -1, 64)
	}
	if e.Dropped {
		rec[17] = "true"
	}
	if e.Kind == KindSystemDrop {
		rec[20] = strconv.FormatUint(e.SystemDropped, 10)
	}
	return rec
}
