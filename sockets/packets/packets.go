// Package packets keeps a library of named, saved payloads in a YAML file:
//
//	packets:
//	  - name: ping
//	    payload: "PING"            # in the client's payload syntax for its format
//	    format: text               # text (escapes \n \r \t \0 \\ \" \xHH; the default), hex or plain
//	    eol: lf                    # appended: none (the default), lf, cr or crlf
//	    protocol: tcp              # optional: tcp or udp
//	    address: 127.0.0.1:9000    # optional: where to send it
//	    append: crc16-modbus       # optional: a checksum after the bytes (see package checksum)
//
// A library may also hold a panel: buttons that each send a packet, once
// or every period (see Panel).
package packets

import (
	"slices"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
)

// Packet is one saved payload.
type Packet struct {
	Name    string             // unique in its library
	Payload string             // as typed, in Format's syntax
	Format  payload.Format     // how Payload reads
	EOL     payload.LineEnding // appended to the payload
	Network string             // "tcp", "udp", or "" when the packet does not say
	Addr    string             // host:port, or "" when the packet does not say
	Append  string             // a checksum to append (checksum.Parse), or ""
}

// Bytes returns the payload read in its format, then the line ending,
// then the checksum if the packet has one.
func (p Packet) Bytes() ([]byte, error) {
	b, err := payload.Parse(p.Payload, p.Format, p.EOL)
	if err != nil {
		return nil, msg.Wrap(err, codePacketErr, "Name", strconv.Quote(p.Name))
	}
	if p.Append != "" {
		sp, err := checksum.Parse(p.Append)
		if err != nil {
			return nil, msg.Wrap(err, codePacketErr, "Name", strconv.Quote(p.Name))
		}
		b = sp.Append(b)
	}
	return b, nil
}

// Validate checks the name, payload, line ending, protocol and address.
func (p Packet) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return msg.NewError(codeNeedsName)
	}
	if _, err := p.Bytes(); err != nil {
		return err
	}
	if p.Network != "" && p.Network != "tcp" && p.Network != "udp" {
		return msg.NewError(codePacketErr, "Name", strconv.Quote(p.Name), "Err", msg.New(codeUnknownProtocol, "Protocol", strconv.Quote(p.Network)))
	}
	if p.Addr != "" {
		if _, err := addr.ParseDial(p.Addr); err != nil {
			return msg.Wrap(err, codePacketErr, "Name", strconv.Quote(p.Name))
		}
	}
	return nil
}

// Library is an ordered list of packets with unique names, and the panel
// of buttons that send them, if it has one.
type Library struct {
	Packets []Packet
	Panel   *Panel // nil: no panel
}

func (l *Library) Names() []string {
	out := make([]string, len(l.Packets))
	for i, p := range l.Packets {
		out[i] = p.Name
	}
	return out
}

// Index returns the position of the packet called name, or -1.
func (l *Library) Index(name string) int {
	return slices.IndexFunc(l.Packets, func(p Packet) bool { return p.Name == name })
}

// Find returns the packet called name.
func (l *Library) Find(name string) (Packet, bool) {
	if i := l.Index(name); i >= 0 {
		return l.Packets[i], true
	}
	return Packet{}, false
}

// ErrNoSuchPacket is returned for a name the library does not have.
var ErrNoSuchPacket error = msg.NewError(codeNoSuchPacketAlone)

func (l *Library) notFound(name string) error {
	if len(l.Packets) == 0 {
		return &msg.Error{Message: msg.New(codeNoSuchPacketEmpty, "Name", strconv.Quote(name)), Err: ErrNoSuchPacket}
	}
	return &msg.Error{Message: msg.New(codeNoSuchPacket, "Name", strconv.Quote(name), "Have", strings.Join(l.Names(), ", ")), Err: ErrNoSuchPacket}
}

// Get returns the packet called name, or an error listing the names there are.
func (l *Library) Get(name string) (Packet, error) {
	if p, ok := l.Find(name); ok {
		return p, nil
	}
	return Packet{}, l.notFound(name)
}

// Put checks p, then adds it at the end or replaces the packet of the same name.
func (l *Library) Put(p Packet) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if i := l.Index(p.Name); i >= 0 {
		l.Packets[i] = p
		return nil
	}
	l.Packets = append(l.Packets, p)
	return nil
}

// Rename gives the packet called from the name to, in the panel too.
func (l *Library) Rename(from, to string) error {
	i := l.Index(from)
	switch {
	case i < 0:
		return l.notFound(from)
	case strings.TrimSpace(to) == "":
		return msg.NewError(codeNeedsName)
	case to != from && l.Index(to) >= 0:
		return msg.NewError(codeNameInUse, "Name", strconv.Quote(to))
	}
	l.Packets[i].Name = to
	l.Panel.rename(from, to)
	return nil
}

// Delete removes the packet called name, and the panel's buttons that
// send it (the panel with its last one).
func (l *Library) Delete(name string) error {
	i := l.Index(name)
	if i < 0 {
		return l.notFound(name)
	}
	l.Packets = slices.Delete(l.Packets, i, i+1)
	l.Panel.forget(name)
	if l.Panel != nil && len(l.Panel.Buttons) == 0 {
		l.Panel = nil
	}
	return nil
}

// Move puts the packet called name at position to (0-based; past the end is
// last).
func (l *Library) Move(name string, to int) error {
	i := l.Index(name)
	if i < 0 {
		return l.notFound(name)
	}
	p := l.Packets[i]
	l.Packets = slices.Delete(l.Packets, i, i+1)
	to = min(max(to, 0), len(l.Packets))
	l.Packets = slices.Insert(l.Packets, to, p)
	return nil
}
