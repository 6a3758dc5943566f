package logview

import (
	"errors"
	"testing"

	"github.com/sockettester/sockettester/sockets"
)

func TestLogFilterMatch(t *testing.T) {
	row := sockets.Event{Side: sockets.SideClient, Kind: sockets.KindReceived, Remote: "127.0.0.1:5000",
		Local: "127.0.0.1:9000", Bytes: 7, Data: []byte("Hello\n\x01"), Msg: ""}
	errRow := sockets.Event{Side: sockets.SideServer, Kind: sockets.KindDisconnected, Remote: "[::1]:4000",
		Msg: "reset by peer", Err: errors.New("read: Connection RESET")}
	for _, tc := range []struct {
		side  logSideFilter
		query string
		row   sockets.Event
		want  bool
	}{
		{LogSideAll, "", row, true},
		{logSideClient, "", row, true},
		{logSideServer, "", row, false},
		{LogSideAll, "hello", row, true},               // content text, any case
		{LogSideAll, `LO\n\x01`, row, true},            // content as the row shows it
		{LogSideAll, "6c 6f 0a", row, true},            // content hex
		{LogSideAll, "6C6F0A", row, true},              // content hex without spaces
		{LogSideAll, "6f 0a 01 ff", row, false},        // hex that is not there
		{LogSideAll, "5000", row, true},                // peer
		{LogSideAll, "9000", row, true},                // local address
		{LogSideAll, "goodbye", row, false},            // nowhere
		{LogSideAll, "RESET BY", errRow, true},         // message
		{LogSideAll, "connection reset", errRow, true}, // error
		{LogSideAll, "[::1]", errRow, true},
		{logSideClient, "reset", errRow, false},
		{LogSideAll, "  hello  ", row, true}, // surrounding spaces ignored
	} {
		f := newLogFilter(tc.side, tc.query)
		if got := f.match(&tc.row); got != tc.want {
			t.Errorf("filter %d %q on %+v = %v; want %v", tc.side, tc.query, tc.row, got, tc.want)
		}
	}
}
