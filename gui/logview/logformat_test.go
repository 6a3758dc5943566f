package logview

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// logContent is the whole content a cell cuts short: the payload as
// escaped text or hex pairs, or the message for other kinds.
func logContent(e *sockets.Event, hex bool) string {
	switch {
	case !e.Kind.IsData():
		return e.Message()
	case hex:
		return payload.HexString(e.Data)
	}
	return payload.RenderText(e.Data)
}

func TestLogCellText(t *testing.T) {
	ts := time.Date(2024, 5, 6, 7, 8, 9, 45_600_000, time.Local)
	long := []byte(strings.Repeat("ab", 150))
	for _, tc := range []struct {
		name              string
		event             sockets.Event
		dir, peer, nbytes string
		text, hex         string
		cellText, cellHex string
		lineText          string
	}{
		{
			name: "received",
			event: sockets.Event{Time: ts, Side: sockets.SideServer, Kind: sockets.KindReceived, Network: "tcp",
				Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000", Bytes: 6, Data: []byte("hi\r\n\x00\xff")},
			dir: "received", peer: "127.0.0.1:5000", nbytes: "6",
			text: `hi\r\n\0\xff`, hex: "68 69 0d 0a 00 ff",
			cellText: `hi\r\n\0\xff`, cellHex: "68 69 0d 0a 00 ff",
			lineText: `2024-05-06 07:08:09.045 server received tcp 127.0.0.1:5000 6B "hi\r\n\0\xff"`,
		},
		{
			name: "sent truncated",
			event: sockets.Event{Time: ts, Side: sockets.SideClient, Kind: sockets.KindSent, Network: "udp",
				Remote: "[::1]:53", Bytes: 5000, Data: long, Truncated: true},
			dir: "sent", peer: "[::1]:53", nbytes: "5000",
			text: string(long), hex: strings.TrimSuffix(strings.Repeat("61 62 ", 150), " "),
			cellText: strings.Repeat("ab", 60) + "…", cellHex: strings.TrimSuffix(strings.Repeat("61 62 ", 20), " ") + "…",
			lineText: `2024-05-06 07:08:09.045 client sent udp [::1]:53 5000B "` + string(long) + `"...`,
		},
		{
			name: "listening",
			event: sockets.Event{Time: ts, Side: sockets.SideServer, Kind: sockets.KindListening, Network: "tcp",
				Local: "127.0.0.1:9000", Msg: "mode echo"},
			dir: "listening", peer: "127.0.0.1:9000", nbytes: "",
			text: "mode echo", hex: "mode echo", cellText: "mode echo", cellHex: "mode echo",
			lineText: "2024-05-06 07:08:09.045 server listening tcp 127.0.0.1:9000 mode echo",
		},
		{
			name: "error over two lines",
			event: sockets.Event{Time: ts, Side: sockets.SideClient, Kind: sockets.KindError, Remote: "127.0.0.9:80",
				Msg: "connect failed", Err: errors.New("dial tcp:\nrefused")},
			dir: "error", peer: "127.0.0.9:80",
			text: "connect failed: dial tcp: refused", hex: "connect failed: dial tcp: refused",
			cellText: "connect failed: dial tcp: refused", cellHex: "connect failed: dial tcp: refused",
			lineText: "2024-05-06 07:08:09.045 client error 127.0.0.9:80 connect failed: dial tcp: refused",
		},
		{
			name:  "multi-byte text cut by characters",
			event: sockets.Event{Time: ts, Kind: sockets.KindReceived, Bytes: 390, Data: []byte(strings.Repeat("€", 130))},
			dir:   "received", nbytes: "390",
			text: strings.Repeat("€", 130), hex: strings.TrimSuffix(strings.Repeat("e2 82 ac ", 130), " "),
			cellText: strings.Repeat("€", 120) + "…", cellHex: strings.Repeat("e2 82 ac ", 13) + "e2…",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &tc.event
			check := func(what, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q; want %q", what, got, want)
				}
			}
			check("time", LogTimeText(e, TimeClock, time.Time{}), "07:08:09.045600")
			check("kind", e.Kind.String(), tc.dir)
			check("peer", e.Peer(), tc.peer)
			check("bytes", logBytesText(e), tc.nbytes)
			check("content as text", logContent(e, false), tc.text)
			check("content as hex", logContent(e, true), tc.hex)
			check("cell as text", LogCellContent(e, false), tc.cellText)
			check("cell as hex", LogCellContent(e, true), tc.cellHex)
			if tc.lineText != "" {
				check("Line(text)", e.Line(payload.FormatText), tc.lineText)
			}
		})
	}
}

func TestLogCutMatchesWholeContent(t *testing.T) {
	// The row renders only a prefix of the data; it must show the same as
	// cutting the whole rendering, for any mix of byte kinds.
	pieces := []string{"a", "\n", "\xff", "€", "😀", "\\", "\x00", "\xf0\x9f"}
	for n := range 600 {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(pieces[(i*7+n)%len(pieces)])
		}
		e := &sockets.Event{Kind: sockets.KindReceived, Data: []byte(b.String())}
		e.Bytes = len(e.Data)
		if got, want := LogCellContent(e, false), LogCut(logContent(e, false), logRowContentMax); got != want {
			t.Fatalf("n=%d: cell %q; want %q", n, got, want)
		}
		want := logContent(e, true)
		if len(e.Data) > logRowHexBytes {
			want = want[:3*logRowHexBytes-1] + "…"
		}
		if got := LogCellContent(e, true); got != want {
			t.Fatalf("n=%d: hex cell %q; want %q", n, got, want)
		}
	}
}

func TestLogDetail(t *testing.T) {
	r := &sockets.Event{Time: time.Date(2024, 5, 6, 7, 8, 9, 45_000_000, time.Local), Side: sockets.SideServer,
		Kind: sockets.KindReceived, Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000",
		Bytes: 40, Data: []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), Truncated: true}
	want := "2024-05-06 07:08:09.045  Server  received  TCP\n" +
		"Local:   127.0.0.1:9000\n" +
		"Remote:  127.0.0.1:5000\n" +
		"Bytes:   40 (first 27 captured)\n" +
		"\nText:\n" +
		`GET / HTTP/1.1\r\n` + "\n" +
		`Host: x\r\n` + "\n" +
		`\r\n` + "\n" +
		"\nHex:\n" +
		strings.TrimSuffix(payload.HexDump(r.Data), "\n")
	if got := logDetail(r); got != want {
		t.Errorf("Detail =\n%s\nwant\n%s", got, want)
	}
	e := &sockets.Event{Time: r.Time, Side: sockets.SideClient, Kind: sockets.KindError, Remote: "127.0.0.1:1",
		Msg: "connect failed", Err: errors.New("refused")}
	want = "2024-05-06 07:08:09.045  Client  error\nRemote:  127.0.0.1:1\nMessage: connect failed\nError:   refused"
	if got := logDetail(e); got != want {
		t.Errorf("Detail =\n%s\nwant\n%s", got, want)
	}
}

func TestLogDetailShowsWebSocketOpcode(t *testing.T) {
	e := &sockets.Event{Time: time.Date(2024, 5, 6, 7, 8, 9, 45_000_000, time.Local), Side: sockets.SideClient,
		Kind: sockets.KindReceived, Network: "ws", Opcode: sockets.OpBinary, Bytes: 1, Data: []byte{0}}
	if got, want := strings.SplitN(logDetail(e), "\n", 2)[0], "2024-05-06 07:08:09.045  Client  received  WS [binary]"; got != want {
		t.Fatalf("first line %q; want %q", got, want)
	}
}
