package packets

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/yamlfile"
	"go.yaml.in/yaml/v3"
)

// The keys of a library and of a packet.
var (
	fileKeys   = []string{"packets", "panel"}
	packetKeys = []string{"name", "payload", "format", "eol", "protocol", "address", "append"}
)

// Load reads the library at path; see Parse.
func Load(path string) (*Library, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read packets: %w", err)
	}
	return Parse(path, src)
}

// Parse reads a library; file names it in errors (*yamlfile.Error). An empty
// file is an empty library.
func Parse(file string, src []byte) (*Library, error) {
	s, doc, err := yamlfile.ParseOne(file, src, "packets")
	switch {
	case err != nil:
		return nil, err
	case doc == nil:
		return &Library{}, nil
	}
	l := &Library{}
	m, err := s.Mapping(doc, "", fileKeys...)
	if err != nil {
		return nil, err
	}
	items, _, err := m.List("packets")
	if err != nil {
		return nil, err
	}
	for i, n := range items {
		p, err := readPacket(s, n, yamlfile.Index("packets", i))
		if err != nil {
			return nil, err
		}
		if j := l.Index(p.Name); j >= 0 {
			return nil, s.At(n, yamlfile.Index("packets", i)+".name", msg.New(codeNameTaken, "Packet", j+1, "Name", strconv.Quote(p.Name)))
		}
		l.Packets = append(l.Packets, p)
	}
	if l.Panel, err = readPanel(s, m, l); err != nil {
		return nil, err
	}
	return l, nil
}

func readPacket(s *yamlfile.Source, n *yaml.Node, path string) (Packet, error) {
	m, err := s.Mapping(n, path, packetKeys...)
	if err != nil {
		return Packet{}, err
	}
	var p Packet
	name, ok, err := m.String("name")
	switch {
	case err != nil:
		return p, err
	case !ok || strings.TrimSpace(name) == "":
		return p, m.Fail("name", codeNeedsName)
	}
	p.Name = name
	if f, ok, err := m.String("format"); err != nil {
		return p, err
	} else if ok {
		if p.Format, err = payload.ParseFormat(f); err != nil {
			return p, m.FailWith("format", yamlfile.Problem(err))
		}
	}
	if e, ok, err := m.String("eol"); err != nil {
		return p, err
	} else if ok {
		if p.EOL, err = payload.ParseLineEnding(e); err != nil {
			return p, m.FailWith("eol", yamlfile.Problem(err))
		}
	}
	if err := p.readPayload(m); err != nil {
		return p, err
	}
	if p.Network, _, err = m.String("protocol"); err != nil {
		return p, err
	}
	if p.Network = strings.ToLower(p.Network); p.Network != "" && p.Network != "tcp" && p.Network != "udp" {
		return p, m.Fail("protocol", codeUnknownProtocol, "Protocol", strconv.Quote(p.Network))
	}
	if p.Addr, _, err = m.String("address"); err != nil {
		return p, err
	}
	if p.Addr != "" {
		if _, err := addr.ParseDial(p.Addr); err != nil {
			return p, m.FailWith("address", yamlfile.Problem(err))
		}
	}
	if p.Append, _, err = m.String("append"); err != nil {
		return p, err
	}
	if p.Append != "" {
		if _, err := checksum.Parse(p.Append); err != nil {
			return p, m.FailWith("append", yamlfile.Problem(err))
		}
	}
	return p, nil
}

func (p *Packet) readPayload(m *yamlfile.Mapping) error {
	if !m.Has("payload") {
		return m.Fail("payload", codeNeedsPayload)
	}
	if p.Format == payload.FormatPlain {
		// Plain text is taken as it is, so it is YAML's string.
		var err error
		p.Payload, _, err = m.String("payload")
		return err
	}
	t, _, err := m.Text("payload")
	if err != nil {
		return err
	}
	p.Payload = t.Raw
	if p.Format == payload.FormatHex {
		_, err = t.Hex()
	} else {
		_, err = t.Bytes()
	}
	return err
}

// Marshal writes the library as a file Parse reads back to the same packets.
func (l *Library) Marshal() ([]byte, error) {
	var b strings.Builder
	b.WriteString("# Socket Tester packets\npackets:\n")
	for _, p := range l.Packets {
		if err := p.Validate(); err != nil {
			return nil, err
		}
		if !utf8.ValidString(p.Name) || !utf8.ValidString(p.Payload) {
			return nil, msg.NewError(codeNotUTF8, "Name", strconv.Quote(p.Name))
		}
		fmt.Fprintf(&b, "  - name: %s\n", yamlString(p.Name))
		if p.Format == payload.FormatPlain {
			fmt.Fprintf(&b, "    payload: %s\n", yamlString(p.Payload))
		} else {
			fmt.Fprintf(&b, "    payload: \"%s\"\n", doubleQuoted(p.Payload, p.Format == payload.FormatHex))
		}
		fmt.Fprintf(&b, "    format: %s\n    eol: %s\n", p.Format, p.EOL)
		if p.Network != "" {
			fmt.Fprintf(&b, "    protocol: %s\n", p.Network)
		}
		if p.Addr != "" {
			fmt.Fprintf(&b, "    address: %s\n", yamlString(p.Addr))
		}
		if p.Append != "" {
			fmt.Fprintf(&b, "    append: %s\n", yamlString(p.Append))
		}
	}
	if err := l.Panel.marshal(&b, l); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// Save writes the library to path, replacing the file only once the new one is
// whole.
func (l *Library) Save(path string) error {
	data, err := l.Marshal()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".packets-*.yaml")
	if err != nil {
		return fmt.Errorf("save packets: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := firstErr(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save packets: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save packets: %w", err)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// yamlString writes s double-quoted on one line, escaping what a YAML file may
// not hold as it is.
func yamlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case needsEscape(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func needsEscape(r rune) bool {
	return r < ' ' || r >= 0x7f && r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff
}

// doubleQuoted makes payload text safe between double quotes so yamlfile.Text
// reads back the same bytes: escapes stay, a bare " becomes \", and characters
// YAML cannot hold become \xHH (in hex, where they can only be spaces, spaces).
func doubleQuoted(s string, hex bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\' && i+1 < len(s):
			_, next := utf8.DecodeRuneInString(s[i+1:])
			b.WriteString(s[i : i+1+next])
			i += 1 + next
			continue
		case r == '"':
			b.WriteString(`\"`)
		case needsEscape(r) && hex:
			b.WriteByte(' ')
		case needsEscape(r):
			for _, c := range []byte(s[i : i+size]) {
				fmt.Fprintf(&b, `\x%02x`, c)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
