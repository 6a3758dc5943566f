package packets

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/yamlfile"
)

const example = `packets:
  - name: ping
    payload: "PING"
    eol: lf
  - name: binary
    payload: "01 02 ff"
    format: hex
    protocol: udp
    address: 127.0.0.1:9000
  - name: quote
    payload: 'say "hi"\r\n\xff'
  - name: literal
    payload: 'C:\dir'
    format: plain
`

func TestParseAndBytes(t *testing.T) {
	l, err := Parse("p.yaml", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(l.Names(), ","); got != "ping,binary,quote,literal" {
		t.Fatalf("names %s", got)
	}
	for name, want := range map[string]string{"ping": "PING\n", "binary": "\x01\x02\xff", "quote": "say \"hi\"\r\n\xff", "literal": `C:\dir`} {
		p, err := l.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := p.Bytes(); err != nil || string(b) != want {
			t.Errorf("%s: Bytes() = %q, %v; want %q", name, b, err, want)
		}
	}
	if p, _ := l.Find("binary"); p.Network != "udp" || p.Addr != "127.0.0.1:9000" || p.Format != payload.FormatHex {
		t.Errorf("binary = %+v", p)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	l := &Library{}
	for _, p := range []Packet{
		{Name: "text", Payload: `a "b" \x00\\ é`, EOL: payload.EOLCRLF},
		{Name: "with\nnewline: and \"quotes\"", Payload: "line1\nline2\t", Network: "tcp", Addr: "[::1]:9000"},
		{Name: "hex", Payload: "de:ad be ef", Format: payload.FormatHex},
		{Name: "plain", Payload: `\n "x" 'y'`, Format: payload.FormatPlain, EOL: payload.EOLLF},
	} {
		if err := l.Put(p); err != nil {
			t.Fatal(err)
		}
	}
	data, err := l.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("p.yaml", data)
	if err != nil {
		t.Fatalf("%v in:\n%s", err, data)
	}
	if len(back.Packets) != len(l.Packets) {
		t.Fatalf("read back %d packets; want %d", len(back.Packets), len(l.Packets))
	}
	for i, p := range l.Packets {
		q := back.Packets[i]
		want, _ := p.Bytes()
		got, err := q.Bytes()
		if q.Name != p.Name || q.Format != p.Format || q.EOL != p.EOL || q.Network != p.Network || q.Addr != p.Addr || err != nil || !bytes.Equal(got, want) {
			t.Errorf("packet %d read back as %+v (%q, %v); want %+v (%q)", i, q, got, err, p, want)
		}
	}
}

func TestLibraryEdits(t *testing.T) {
	l, err := Parse("p.yaml", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	check := func(want string) {
		t.Helper()
		if got := strings.Join(l.Names(), ","); got != want {
			t.Fatalf("names %s; want %s", got, want)
		}
	}
	if err := l.Rename("ping", "binary"); err == nil {
		t.Fatal("renamed onto a taken name")
	}
	if err := l.Rename("ping", "hello"); err != nil {
		t.Fatal(err)
	}
	if err := l.Move("literal", 0); err != nil {
		t.Fatal(err)
	}
	check("literal,hello,binary,quote")
	if err := l.Move("literal", 99); err != nil {
		t.Fatal(err)
	}
	if err := l.Delete("binary"); err != nil {
		t.Fatal(err)
	}
	check("hello,quote,literal")
	if err := l.Put(Packet{Name: "hello", Payload: "replaced"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Put(Packet{Name: "bad", Payload: `\q`}); err == nil || !strings.Contains(err.Error(), `unknown escape "\q"`) {
		t.Fatalf("Put of a bad payload: %v", err)
	}
	check("hello,quote,literal")
	if _, err := l.Get("nope"); !errors.Is(err, ErrNoSuchPacket) || err.Error() != `no such packet "nope" (have hello, quote, literal)` {
		t.Fatalf("Get(nope) = %v", err)
	}
	if err := l.Delete("nope"); !errors.Is(err, ErrNoSuchPacket) {
		t.Fatalf("Delete(nope) = %v", err)
	}
}

func TestSaveAndLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.yaml")
	l := &Library{Packets: []Packet{{Name: "a", Payload: `x\n`}}}
	if err := l.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil || len(back.Packets) != 1 || back.Packets[0].Payload != `x\n` {
		t.Fatalf("Load = %+v, %v", back, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("%d files in the directory; want only the library", len(entries))
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.HasPrefix(err.Error(), "read packets: ") {
		t.Fatalf("Load(missing) = %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown key", "packets:\n  - name: a\n    payload: b\n    fromat: hex\n", `p.yaml:4:5: packets[1].fromat: unknown key "fromat" (want name, payload, format, eol, protocol, address or append); did you mean "format"?`},
		{"bad hex", "packets:\n  - name: a\n    format: hex\n    payload: \"01 2\"\n", `p.yaml:4:18: packets[1].payload: odd number of hex digits, unpaired digit "2"`},
		{"bad escape", "packets:\n  - name: a\n    payload: 'ab\\z'\n", `p.yaml:3:17: packets[1].payload: unknown escape "\z" (escapes are \n \r \t \0 \\ \" \xHH)`},
		{"bad format", "packets:\n  - name: a\n    payload: b\n    format: binary\n", `p.yaml:4:13: packets[1].format: unknown payload format "binary" (want text, plain or hex)`},
		{"bad eol", "packets:\n  - name: a\n    payload: b\n    eol: lfcr\n", `p.yaml:4:10: packets[1].eol: unknown line ending "lfcr" (want none, lf, cr or crlf)`},
		{"bad protocol", "packets:\n  - name: a\n    payload: b\n    protocol: sctp\n", `p.yaml:4:15: packets[1].protocol: unknown protocol "sctp" (want tcp or udp)`},
		{"bad address", "packets:\n  - name: a\n    payload: b\n    address: localhost\n", `p.yaml:4:14: packets[1].address: invalid address "localhost": missing port (want host:port, e.g. 127.0.0.1:9000)`},
		{"no name", "packets:\n  - payload: b\n", `p.yaml:2:5: packets[1].name: a packet needs a name`},
		{"no payload", "packets:\n  - name: a\n", `p.yaml:2:5: packets[1].payload: a packet needs a payload`},
		{"same name", "packets:\n  - name: a\n    payload: b\n  - name: a\n    payload: c\n", `p.yaml:4:5: packets[2].name: packet 1 is already called "a"`},
		{"unknown checksum", "packets:\n  - name: a\n    payload: b\n    append: crc17\n", `p.yaml:4:13: packets[1].append: unknown checksum "crc17"; use one of crc16-modbus, crc16-ccitt-false, crc16-xmodem, crc32, crc8, sum8, xor8, lrc, with :le or :be for the byte order if needed`},
		{"button's packet missing", "packets:\n  - name: a\n    payload: b\npanel:\n  buttons:\n    - packet: z\n", `p.yaml:6:15: panel.buttons[1].packet: no such packet "z" (have a)`},
		{"button period too short", "packets:\n  - name: a\n    payload: b\npanel:\n  buttons:\n    - packet: a\n      every: 500us\n", `p.yaml:7:14: panel.buttons[1].every: every "500us" is too short: a button's period is 1ms or more (leave every out to send once per press)`},
		{"button period negative", "packets:\n  - name: a\n    payload: b\npanel:\n  buttons:\n    - packet: a\n      every: -1s\n", `p.yaml:7:14: panel.buttons[1].every: duration "-1s" must not be negative`},
		{"button without packet", "packets:\n  - name: a\n    payload: b\npanel:\n  buttons:\n    - every: 1s\n", `p.yaml:6:7: panel.buttons[1].packet: a button needs the name of a packet to send`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("Parse = %v\nwant          %s", err, tc.want)
			}
			if _, ok := yamlfile.Position(err); !ok {
				t.Fatalf("error %T has no position", err)
			}
		})
	}
}

func FuzzMarshalRoundTrip(f *testing.F) {
	f.Add("n", `a\n"b"`, 0)
	f.Add("x\"y", "de ad", 2)
	f.Add("p", `C:\x`, 1)
	f.Fuzz(func(t *testing.T, name, text string, format int) {
		p := Packet{Name: name, Payload: text, Format: payload.Format(format & 3)}
		l := &Library{}
		if l.Put(p) != nil {
			return
		}
		data, err := l.Marshal()
		if err != nil {
			return // not UTF-8: refused, as it must be
		}
		back, err := Parse("f", data)
		if err != nil {
			t.Fatalf("%v in:\n%s", err, data)
		}
		want, _ := p.Bytes()
		got, err := back.Packets[0].Bytes()
		if err != nil || !bytes.Equal(got, want) || back.Packets[0].Name != name {
			t.Fatalf("round trip of %+v gave %+v (%q, %v); want %q", p, back.Packets[0], got, err, want)
		}
	})
}

// TestPanelRoundTrip: a panel with its packets (one with a checksum) is
// written and read back the same; a button's bytes carry the checksum.
func TestPanelRoundTrip(t *testing.T) {
	src := "packets:\n  - name: read\n    format: hex\n    payload: \"01 03 00 0A 00 02\"\n    append: crc16-modbus\n  - name: ping\n    payload: \"PING\\n\"\n" +
		"panel:\n  title: Station 1\n  buttons:\n    - packet: read\n      every: 1ms\n    - packet: ping\n"
	l, err := Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Panel{Title: "Station 1", Buttons: []Button{{Packet: "read", Every: time.Millisecond}, {Packet: "ping"}}}
	if !reflect.DeepEqual(l.Panel, want) {
		t.Fatalf("panel %+v; want %+v", l.Panel, want)
	}
	b, err := l.Packets[0].Bytes()
	if err != nil || string(b) != "\x01\x03\x00\x0a\x00\x02\xe4\x09" {
		t.Fatalf("read's bytes % x, %v; want the frame and E4 09", b, err)
	}
	out, err := l.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("p.yaml", out)
	if err != nil || !reflect.DeepEqual(back, l) {
		t.Fatalf("read back %+v, %v from\n%s", back, err, out)
	}
}
