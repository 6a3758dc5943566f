package sockets

import (
	"errors"
	"net"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/replytime"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

var formatTestTime = time.Date(2026, 1, 2, 13, 4, 5, 123456789, time.FixedZone("", 3600))

// formatTestEvents are one event of each shape the schema has.
var formatTestEvents = []struct {
	name          string
	e             Event
	line, hexLine string
	json          string
	csv           []string
}{
	{
		name:    "received",
		e:       Event{Time: formatTestTime, Side: SideServer, Kind: KindReceived, Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000", Bytes: 8, Data: []byte("hi\n\x01\"\\")},
		line:    `2026-01-02 13:04:05.123 server received tcp 127.0.0.1:5000 8B "hi\n\x01\"\\"`,
		hexLine: `2026-01-02 13:04:05.123 server received tcp 127.0.0.1:5000 8B [68 69 0a 01 22 5c]`,
		json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"server","kind":"received","network":"tcp","local":"127.0.0.1:9000","remote":"127.0.0.1:5000","bytes":8,"text":"hi\\n\\x01\"\\\\","hex":"68 69 0a 01 22 5c"}`,
		csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "server", "received", "tcp", "127.0.0.1:9000", "127.0.0.1:5000", "8", "false", `hi\n\x01"\\`, "68 69 0a 01 22 5c", "", "", "", "", "", "", "", "", "", "", "", ""},
	},
	{
		name:    "sent, truncated",
		e:       Event{Time: formatTestTime, Side: SideClient, Kind: KindSent, Network: "udp", Local: "[::1]:5000", Remote: "[::1]:53", Bytes: 70000, Data: []byte("<a&b>"), Truncated: true},
		line:    `2026-01-02 13:04:05.123 client sent udp [::1]:53 70000B "<a&b>"...`,
		hexLine: `2026-01-02 13:04:05.123 client sent udp [::1]:53 70000B [3c 61 26 62 3e]...`,
		json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"client","kind":"sent","network":"udp","local":"[::1]:5000","remote":"[::1]:53","bytes":70000,"text":"<a&b>","hex":"3c 61 26 62 3e","truncated":true}`,
		csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "client", "sent", "udp", "[::1]:5000", "[::1]:53", "70000", "true", "<a&b>", "3c 61 26 62 3e", "", "", "", "", "", "", "", "", "", "", "", ""},
	},
	{
		name:    "sent with a checksum appended",
		e:       Event{Time: formatTestTime, Side: SideClient, Kind: KindSent, Network: "tcp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:502", Bytes: 8, Data: []byte{1, 3, 0, 0x0a, 0, 2, 0xe4, 0x09}, Appended: "crc16-modbus e4 09"},
		line:    `2026-01-02 13:04:05.123 client sent tcp 127.0.0.1:502 8B "\x01\x03\0\n\0\x02\xe4\t" + crc16-modbus e4 09`,
		hexLine: `2026-01-02 13:04:05.123 client sent tcp 127.0.0.1:502 8B [01 03 00 0a 00 02 e4 09] + crc16-modbus e4 09`,
		json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"client","kind":"sent","network":"tcp","local":"127.0.0.1:5000","remote":"127.0.0.1:502","bytes":8,"text":"\\x01\\x03\\0\\n\\0\\x02\\xe4\\t","hex":"01 03 00 0a 00 02 e4 09","appended":"crc16-modbus e4 09"}`,
		csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "client", "sent", "tcp", "127.0.0.1:5000", "127.0.0.1:502", "8", "false", `\x01\x03\0\n\0\x02\xe4\t`, "01 03 00 0a 00 02 e4 09", "", "", "", "", "", "", "", "", "", "", "", "crc16-modbus e4 09"},
	},
	{
		name:    "empty datagram",
		e:       Event{Time: formatTestTime, Side: SideClient, Kind: KindReceived, Network: "udp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:53", Data: []byte{}},
		line:    `2026-01-02 13:04:05.123 client received udp 127.0.0.1:53 0B ""`,
		hexLine: `2026-01-02 13:04:05.123 client received udp 127.0.0.1:53 0B []`,
		json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"client","kind":"received","network":"udp","local":"127.0.0.1:5000","remote":"127.0.0.1:53","bytes":0,"text":"","hex":""}`,
		csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "client", "received", "udp", "127.0.0.1:5000", "127.0.0.1:53", "0", "false", "", "", "", "", "", "", "", "", "", "", "", "", "", ""},
	},
	{
		name:    "listening",
		e:       Event{Time: formatTestTime, Side: SideServer, Kind: KindListening, Network: "tcp", Local: "127.0.0.1:9000", Msg: "mode echo"},
		line:    `2026-01-02 13:04:05.123 server listening tcp 127.0.0.1:9000 mode echo`,
		hexLine: `2026-01-02 13:04:05.123 server listening tcp 127.0.0.1:9000 mode echo`,
		json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"server","kind":"listening","network":"tcp","local":"127.0.0.1:9000","message":"mode echo"}`,
		csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "server", "listening", "tcp", "127.0.0.1:9000", "", "", "", "", "", "", "mode echo", "", "", "", "", "", "", "", "", "", ""},
	},
	{
		name:    "dropped by the system",
		e:       Event{Time: formatTestTime, Side: SideServer, Kind: KindSystemDrop, Network: "udp", Local: "127.0.0.1:9000", SystemDropped: 7895, Msg: "dropped by the system before the app saw them: 7895"},
		line:    `2026-01-02 13:04:05.123 server dropped-by-system udp 127.0.0.1:9000 dropped by the system before the app saw them: 7895`,
		hexLine: `2026-01-02 13:04:05.123 server dropped-by-system udp 127.0.0.1:9000 dropped by the system before the app saw them: 7895`,
		json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"server","kind":"dropped-by-system","network":"udp","local":"127.0.0.1:9000","message":"dropped by the system before the app saw them: 7895","system_dropped":7895}`,
		csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "server", "dropped-by-system", "udp", "127.0.0.1:9000", "", "", "", "", "", "", "dropped by the system before the app saw them: 7895", "", "", "", "", "", "", "", "", "7895", ""},
	},
	{
		name:    "error with message on two lines",
		e:       Event{Time: formatTestTime, Side: SideClient, Kind: KindDisconnected, Network: "tcp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:9000", Msg: "reset by server", Err: errors.New("read: connection\nreset")},
		line:    `2026-01-02 13:04:05.123 client disconnected tcp 127.0.0.1:9000 reset by server: read: connection reset`,
		hexLine: `2026-01-02 13:04:05.123 client disconnected tcp 127.0.0.1:9000 reset by server: read: connection reset`,
		json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"client","kind":"disconnected","network":"tcp","local":"127.0.0.1:5000","remote":"127.0.0.1:9000","error":"read: connection\nreset","message":"reset by server"}`,
		csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "client", "disconnected", "tcp", "127.0.0.1:5000", "127.0.0.1:9000", "", "", "", "", "read: connection\nreset", "reset by server", "", "", "", "", "", "", "", "", "", ""},
	},
	{
		name:    "gap",
		e:       gapEvent(formatTestTime, SideServer, 1234),
		line:    `2026-01-02 13:04:05.123 server gap 1234 events not shown`,
		hexLine: `2026-01-02 13:04:05.123 server gap 1234 events not shown`,
		json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"server","kind":"gap","message":"1234 events not shown","skipped":1234,"code":"notShown"}`,
		csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "server", "gap", "", "", "", "", "", "", "", "", "1234 events not shown", "1234", "", "", "", "", "", "", "", "", ""},
	},
}

func init() {
	notAfter := time.Date(2026, 1, 9, 13, 4, 5, 0, time.UTC)
	formatTestEvents = append(formatTestEvents, []struct {
		name          string
		e             Event
		line, hexLine string
		json          string
		csv           []string
	}{
		{
			name:    "received with reply time",
			e:       Event{Time: formatTestTime, Side: SideClient, Kind: KindReceived, Network: "tcp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:9000", Bytes: 2, Data: []byte("ok"), Reply: 231456 * time.Nanosecond},
			line:    `2026-01-02 13:04:05.123 client received tcp 127.0.0.1:9000 2B "ok" +0.231ms`,
			hexLine: `2026-01-02 13:04:05.123 client received tcp 127.0.0.1:9000 2B [6f 6b] +0.231ms`,
			json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"client","kind":"received","network":"tcp","local":"127.0.0.1:5000","remote":"127.0.0.1:9000","bytes":2,"text":"ok","hex":"6f 6b","reply_ms":0.231456}`,
			csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "client", "received", "tcp", "127.0.0.1:5000", "127.0.0.1:9000", "2", "false", "ok", "6f 6b", "", "", "", "0.231456", "", "", "", "", "", "", "", ""},
		},
		{
			name:    "relayed, held and dropped",
			e:       Event{Time: formatTestTime, Side: SideRelay, Kind: KindReceived, Network: "udp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:9000", Bytes: 2, Data: []byte("ok"), Held: 300 * time.Millisecond, Dropped: true},
			line:    `2026-01-02 13:04:05.123 relay received udp 127.0.0.1:9000 2B "ok"`,
			hexLine: `2026-01-02 13:04:05.123 relay received udp 127.0.0.1:9000 2B [6f 6b]`,
			json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"relay","kind":"received","network":"udp","local":"127.0.0.1:5000","remote":"127.0.0.1:9000","bytes":2,"text":"ok","hex":"6f 6b","held_ms":300,"dropped":true}`,
			csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "relay", "received", "udp", "127.0.0.1:5000", "127.0.0.1:9000", "2", "false", "ok", "6f 6b", "", "", "", "", "", "", "300", "true", "", "", "", ""},
		},
		{
			name:    "rule",
			e:       Event{Time: formatTestTime, Side: SideServer, Kind: KindRule, Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000", Rule: "ping", Msg: `rule "ping" matched; replied 7 B`},
			line:    `2026-01-02 13:04:05.123 server rule tcp 127.0.0.1:5000 rule "ping" matched; replied 7 B`,
			hexLine: `2026-01-02 13:04:05.123 server rule tcp 127.0.0.1:5000 rule "ping" matched; replied 7 B`,
			json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"server","kind":"rule","network":"tcp","local":"127.0.0.1:9000","remote":"127.0.0.1:5000","message":"rule \"ping\" matched; replied 7 B","rule":"ping"}`,
			csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "server", "rule", "tcp", "127.0.0.1:9000", "127.0.0.1:5000", "", "", "", "", "", `rule "ping" matched; replied 7 B`, "", "", "ping", "", "", "", "", "", "", ""},
		},
		{
			name: "tls",
			e: Event{Time: formatTestTime, Side: SideClient, Kind: KindTLS, Network: "tcp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:9443", Msg: "TLS 1.3 TLS_AES_128_GCM_SHA256; verified",
				TLS: &tlsinfo.Handshake{Version: "TLS 1.3", Cipher: "TLS_AES_128_GCM_SHA256", ServerName: "localhost", Verified: true, Verify: "ok",
					Chain: []tlsinfo.CertInfo{{Subject: "CN=localhost", Issuer: "CN=localhost", SANs: []string{"localhost", "127.0.0.1"}, NotBefore: notAfter.AddDate(0, 0, -7), NotAfter: notAfter, DaysLeft: 6, Key: "ECDSA P-256", SHA256: "ab:cd"}}}},
			line:    `2026-01-02 13:04:05.123 client tls tcp 127.0.0.1:9443 TLS 1.3 TLS_AES_128_GCM_SHA256; verified`,
			hexLine: `2026-01-02 13:04:05.123 client tls tcp 127.0.0.1:9443 TLS 1.3 TLS_AES_128_GCM_SHA256; verified`,
			json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"client","kind":"tls","network":"tcp","local":"127.0.0.1:5000","remote":"127.0.0.1:9443","message":"TLS 1.3 TLS_AES_128_GCM_SHA256; verified","tls":{"version":"TLS 1.3","cipher":"TLS_AES_128_GCM_SHA256","resumed":false,"server_name":"localhost","verified":true,"verify":"ok","chain":[{"subject":"CN=localhost","issuer":"CN=localhost","sans":["localhost","127.0.0.1"],"not_before":"2026-01-02T13:04:05Z","not_after":"2026-01-09T13:04:05Z","days_left":6,"key":"ECDSA P-256","sha256":"ab:cd"}]}}`,
			csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "client", "tls", "tcp", "127.0.0.1:5000", "127.0.0.1:9443", "", "", "", "", "", "TLS 1.3 TLS_AES_128_GCM_SHA256; verified", "", "", "", "", "", "", "", "", "", ""},
		},
		{
			name:    "named client",
			e:       Event{Time: formatTestTime, Side: SideClient, Kind: KindSent, Network: "tcp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:9000", Bytes: 2, Data: []byte("hi"), Name: "Client 2"},
			line:    `2026-01-02 13:04:05.123 Client 2 sent tcp 127.0.0.1:9000 2B "hi"`,
			hexLine: `2026-01-02 13:04:05.123 Client 2 sent tcp 127.0.0.1:9000 2B [68 69]`,
			json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"client","kind":"sent","network":"tcp","local":"127.0.0.1:5000","remote":"127.0.0.1:9000","bytes":2,"text":"hi","hex":"68 69","name":"Client 2"}`,
			csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "client", "sent", "tcp", "127.0.0.1:5000", "127.0.0.1:9000", "2", "false", "hi", "68 69", "", "", "", "", "", "Client 2", "", "", "", "", "", ""},
		},
		{
			name:    "websocket message",
			e:       Event{Time: formatTestTime, Side: SideClient, Kind: KindReceived, Network: "ws", Local: "127.0.0.1:5000", Remote: "ws://127.0.0.1:9000/", Bytes: 2, Data: []byte("hi"), Opcode: OpText},
			line:    `2026-01-02 13:04:05.123 client received ws ws://127.0.0.1:9000/ text 2B "hi"`,
			hexLine: `2026-01-02 13:04:05.123 client received ws ws://127.0.0.1:9000/ text 2B [68 69]`,
			json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"client","kind":"received","network":"ws","local":"127.0.0.1:5000","remote":"ws://127.0.0.1:9000/","bytes":2,"text":"hi","hex":"68 69","opcode":"text"}`,
			csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "client", "received", "ws", "127.0.0.1:5000", "ws://127.0.0.1:9000/", "2", "false", "hi", "68 69", "", "", "", "", "", "", "", "", "", "text", "", ""},
		},
		{
			name: "summary",
			e: Event{Time: formatTestTime, Side: SideClient, Kind: KindSummary, Network: "udp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:9000", Msg: "3 sent, 2 replies, 1 lost",
				Summary: &replytime.Summary{Sent: 3, Replies: 2, Lost: 1, Min: 100 * time.Microsecond, Avg: 150 * time.Microsecond, P50: 100 * time.Microsecond, P99: 200 * time.Microsecond, Max: 200 * time.Microsecond}},
			line:    `2026-01-02 13:04:05.123 client summary udp 127.0.0.1:9000 3 sent, 2 replies, 1 lost`,
			hexLine: `2026-01-02 13:04:05.123 client summary udp 127.0.0.1:9000 3 sent, 2 replies, 1 lost`,
			json:    `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"client","kind":"summary","network":"udp","local":"127.0.0.1:5000","remote":"127.0.0.1:9000","message":"3 sent, 2 replies, 1 lost","summary":{"sent":3,"replies":2,"lost":1,"min_ms":0.1,"avg_ms":0.15,"p50_ms":0.1,"p99_ms":0.2,"max_ms":0.2}}`,
			csv:     []string{"2026-01-02T13:04:05.123456789+01:00", "client", "summary", "udp", "127.0.0.1:5000", "127.0.0.1:9000", "", "", "", "", "", "3 sent, 2 replies, 1 lost", "", "", "", "", "", "", "", "", "", ""},
		},
	}...)
}

func TestEventLine(t *testing.T) {
	for _, tt := range formatTestEvents {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Line(payload.FormatText); got != tt.line {
				t.Errorf("Line(text)\n got  %s\n want %s", got, tt.line)
			}
			if got := tt.e.String(); got != tt.line {
				t.Errorf("String\n got  %s\n want %s", got, tt.line)
			}
			if got := tt.e.Line(payload.FormatHex); got != tt.hexLine {
				t.Errorf("Line(hex)\n got  %s\n want %s", got, tt.hexLine)
			}
		})
	}
}

func TestEventJSON(t *testing.T) {
	for _, tt := range formatTestEvents {
		t.Run(tt.name, func(t *testing.T) {
			got := string(AppendJSONLine(nil, tt.e))
			if got != tt.json+"\n" {
				t.Fatalf("JSON\n got  %s want %s", got, tt.json)
			}
			back, err := DecodeEvent([]byte(tt.json))
			if err != nil {
				t.Fatalf("DecodeEvent: %v", err)
			}
			if !back.Time.Equal(tt.e.Time) || back.Side != tt.e.Side || back.Kind != tt.e.Kind ||
				back.Network != tt.e.Network || back.Local != tt.e.Local || back.Remote != tt.e.Remote ||
				back.Bytes != tt.e.Bytes || string(back.Data) != string(tt.e.Data) || back.Truncated != tt.e.Truncated ||
				back.Msg != tt.e.Msg || back.ErrText() != tt.e.ErrText() || back.Skipped != tt.e.Skipped ||
				back.Reply != tt.e.Reply || back.Rule != tt.e.Rule || back.Opcode != tt.e.Opcode || back.SystemDropped != tt.e.SystemDropped || back.Name != tt.e.Name || !reflect.DeepEqual(back.TLS, tt.e.TLS) || !reflect.DeepEqual(back.Summary, tt.e.Summary) {
				t.Fatalf("decoded %+v\n want   %+v", back, tt.e)
			}
			// Decoding and encoding again gives the same line.
			if again := string(AppendJSONLine(nil, back)); again != got {
				t.Fatalf("re-encoded\n got  %s want %s", again, got)
			}
		})
	}
}

func TestEventCSV(t *testing.T) {
	if h := CSVHeader(); len(h) != 22 || h[0] != "time" || h[12] != "skipped" || h[14] != "rule" || h[15] != "name" || h[16] != "held_ms" || h[17] != "dropped" || h[18] != "group" || h[19] != "opcode" || h[20] != "system_dropped" || h[21] != "appended" {
		t.Fatalf("CSVHeader %v", h)
	}
	for _, tt := range formatTestEvents {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.CSVRecord(); !reflect.DeepEqual(got, tt.csv) {
				t.Fatalf("CSVRecord\n got  %q\n want %q", got, tt.csv)
			}
		})
	}
}

// TestQuoteTextRoundTrips checks that what a line shows between the quotes
// parses back to the same bytes.
func TestQuoteTextRoundTrips(t *testing.T) {
	for _, p := range [][]byte{nil, []byte(`"quoted"`), []byte("\x00\x01\\\"\r\n\t\xff\xfeé"), []byte(`\x41`)} {
		q := payload.QuoteText(p)
		back, err := payload.ParseEscaped(q)
		if err != nil || string(back) != string(p) {
			t.Errorf("payload.QuoteText(%q) = %s, which parses back to %q, %v", p, q, back, err)
		}
	}
}

func TestDecodeEventErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"time":"yesterday","side":"server","kind":"sent"}`, "event time"},
		{`{"time":"2026-01-02T13:04:05Z","side":"middle","kind":"sent"}`, `unknown side "middle"`},
		{`{"time":"2026-01-02T13:04:05Z","side":"server","kind":"jumped"}`, `unknown event kind "jumped"`},
		{`{"time":"2026-01-02T13:04:05Z","side":"server","kind":"sent","hex":"zz"}`, "event hex"},
		{`not json`, "invalid character"},
	} {
		if _, err := DecodeEvent([]byte(tt.in)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("DecodeEvent(%s) error %v; want one containing %q", tt.in, err, tt.want)
		}
	}
}

func TestNamesParseBack(t *testing.T) {
	for _, k := range kindEnum.Values() {
		if got, err := parseKind(k.String()); err != nil || got != k {
			t.Errorf("parseKind(%q) = %v, %v", k, got, err)
		}
	}
	for _, s := range []Side{SideServer, SideClient} {
		if got, err := parseSide(s.String()); err != nil || got != s {
			t.Errorf("parseSide(%q) = %v, %v", s, got, err)
		}
	}
	for _, m := range modeEnum.Values() {
		if got, err := ParseMode(m.String()); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m, got, err)
		}
	}
	if m, err := ParseMode("sink"); err != nil || m != ModeSilent {
		t.Errorf(`ParseMode("sink") = %v, %v; want silent`, m, err)
	}
}

func FuzzDecodeEvent(f *testing.F) {
	for _, tt := range formatTestEvents {
		f.Add([]byte(tt.json))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		e, err := DecodeEvent(line)
		if err != nil {
			return
		}
		// Whatever decodes encodes, and decodes again to the same line.
		first := AppendJSONLine(nil, e)
		back, err := DecodeEvent(first)
		if err != nil {
			t.Fatalf("re-decode of %s: %v", first, err)
		}
		if second := AppendJSONLine(nil, back); string(second) != string(first) {
			t.Fatalf("not stable:\n%s%s", first, second)
		}
	})
}

func TestEventJSONCarriesCode(t *testing.T) {
	e := said(Event{Time: formatTestTime, Side: SideServer, Kind: KindStopped, Network: "tcp", Local: "127.0.0.1:9000"},
		Stats{ConnsTotal: 1, BytesIn: 6, BytesOut: 6}.summary("tcp"))
	want := `{"time":"2026-01-02T13:04:05.123456789+01:00","side":"server","kind":"stopped","network":"tcp","local":"127.0.0.1:9000",` +
		`"message":"served 1 connection; received 6 B; sent 6 B","code":"servedTCP"}` + "\n"
	if got := string(AppendJSONLine(nil, e)); got != want {
		t.Fatalf("JSON\n got  %s want %s", got, want)
	}
	back, err := DecodeEvent([]byte(want))
	if err != nil || back.Code != codeServedTCP || back.Msg != e.Msg {
		t.Fatalf("decoded code %q, message %q (%v); want %q, %q", back.Code, back.Msg, err, codeServedTCP, e.Msg)
	}
	if line := e.Line(payload.FormatText); line != `2026-01-02 13:04:05.123 server stopped tcp 127.0.0.1:9000 served 1 connection; received 6 B; sent 6 B` {
		t.Errorf("text line %q", line)
	}
}

func TestExplainNetErrorIsCoded(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := ln.Addr().String()
	ln.Close()
	d := net.Dialer{Timeout: 5 * time.Second}
	_, err = d.Dial("tcp", a)
	if err == nil {
		t.Skip("something listens on the port just closed")
	}
	err = ExplainNetError(err)
	m, ok := msg.Of(err)
	if !ok || m.Code != codeRefused {
		t.Fatalf("ExplainNetError(%v): code %q, want %q", err, m.Code, codeRefused)
	}
	if hint, _ := m.Args["Hint"].(msg.Message); hint.Code != codeRefusedHint {
		t.Errorf("hint %v, want %s", m.Args["Hint"], codeRefusedHint)
	}
	if want := "dial tcp " + a + ": connect: connection refused (nothing is listening on that port)"; err.Error() != want {
		t.Errorf("text %q, want %q", err.Error(), want)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Error("the system error is no longer in the chain")
	}
}
