package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/version"
	"github.com/sockettester/sockettester/sockets"
)

// runInProcess runs a command line without the binary.
func runInProcess(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, stdio{strings.NewReader(""), &out, &errOut})
	return out.String(), errOut.String(), code
}

func TestVersion(t *testing.T) {
	want := "sockettester-cli " + version.String() + "\n"
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		out, errOut, code := runInProcess(args...)
		if code != 0 || out != want || errOut != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0 and %q", args, code, out, errOut, want)
		}
	}
	// And from the real binary.
	if r := runCLI(t, "", "--version"); r.code != 0 || r.stdout != want {
		t.Errorf("binary --version: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		out, errOut, code := runInProcess(args...)
		if code != 0 || !strings.HasPrefix(out, "usage: sockettester-cli ") || errOut != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0 and the usage on stdout", args, code, out, errOut)
		}
	}
	for _, c := range commands() {
		for _, args := range [][]string{{"help", c.name}, {c.name, "--help"}, {c.name, "-h"}, {c.name, "--tcp", "127.0.0.1:1", "-help"}} {
			if c.name == "help" && len(args) > 2 || c.name == "version" && len(args) > 2 {
				continue
			}
			out, errOut, code := runInProcess(args...)
			if code != 0 || out != c.usage || errOut != "" {
				t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0 and %s's help", args, code, out, errOut, c.name)
			}
		}
	}
}

func TestUsageMistakes(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "usage: sockettester-cli"},
		{[]string{"frob"}, `sockettester-cli: unknown command "frob"`},
		{[]string{"--frob"}, "sockettester-cli: unknown flag --frob"},
		{[]string{"help", "frob"}, `sockettester-cli: unknown command "frob"`},
		{[]string{"help", "send", "serve"}, "sockettester-cli: too many arguments"},
		{[]string{"version", "x"}, `sockettester-cli: unexpected argument "x"`},
		{[]string{"bench", "--bogus"}, "sockettester-cli: flag provided but not defined: -bogus\nusage: sockettester-cli bench"},
	}
	for _, tt := range tests {
		out, errOut, code := runInProcess(tt.args...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and stderr starting %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

// TestHelpNamesRealFlags checks every flag the help texts mention exists.
func TestHelpNamesRealFlags(t *testing.T) {
	flagRE := regexp.MustCompile(`(?m)^ +(?:-([a-z]), )?--([a-z-]+)`)
	for _, c := range []command{{name: "serve", usage: serveUsage}, {name: "send", usage: sendUsage}, {name: "bench", usage: benchUsage}} {
		found := flagRE.FindAllStringSubmatch(c.usage, -1)
		if len(found) < 5 {
			t.Fatalf("%s: only %d flags found in the help", c.name, len(found))
		}
		for _, m := range found {
			for _, name := range m[1:] {
				if name == "" || name == "help" {
					continue
				}
				_, errOut, _ := runInProcess(c.name, "--"+name)
				if strings.Contains(errOut, "not defined") {
					t.Errorf("%s --help mentions --%s, which is not a flag", c.name, name)
				}
			}
		}
	}
}

func TestParseFlagsMixesFlagsAndArguments(t *testing.T) {
	tests := []struct {
		args     []string
		wantPos  []string
		wantWait time.Duration
	}{
		{[]string{"--wait", "1s", "a"}, []string{"a"}, time.Second},
		{[]string{"a", "--wait", "1s"}, []string{"a"}, time.Second},
		{[]string{"a", "--wait", "1s", "b"}, []string{"a", "b"}, time.Second},
		{[]string{"--", "-x", "--wait", "1s"}, []string{"-x", "--wait", "1s"}, 0},
		{[]string{"a", "--", "--wait"}, []string{"a", "--wait"}, 0},
		{[]string{"-"}, []string{"-"}, 0},
	}
	for _, tt := range tests {
		fs := newFlagSet("test")
		wait := fs.Duration("wait", 0, "")
		pos, err := parseFlags(fs, tt.args, "", stdio{})
		if err != nil || !reflect.DeepEqual(pos, tt.wantPos) || *wait != tt.wantWait {
			t.Errorf("parseFlags(%q) = %q, wait %v, %v; want %q, wait %v", tt.args, pos, *wait, err, tt.wantPos, tt.wantWait)
		}
	}
}

func TestEventLine(t *testing.T) {
	at := time.Date(2025, 1, 2, 13, 4, 5, 123456789, time.UTC)
	tests := []struct {
		e    sockets.Event
		want string
	}{
		{sockets.Event{Time: at, Kind: sockets.KindReceived, Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000", N: 7, Data: []byte("a\"b\\\n\x00\xff")},
			`13:04:05.123 server received tcp 127.0.0.1:5000 7B "a\"b\\\n\0\xff"`},
		{sockets.Event{Time: at, Side: sockets.SideClient, Kind: sockets.KindSent, Network: "udp", Remote: "[::1]:9", N: 3000, Data: []byte("abc"), Truncated: true},
			`13:04:05.123 client sent udp [::1]:9 3000B "abc"...`},
		{sockets.Event{Time: at, Kind: sockets.KindDisconnected, Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000", Msg: "reset by peer", Err: errors.New("read: connection\nreset")},
			`13:04:05.123 server disconnected tcp 127.0.0.1:5000 reset by peer: read: connection reset`},
		{sockets.Event{Time: at, Kind: sockets.KindStopped, Network: "tcp", Local: "127.0.0.1:9000"},
			`13:04:05.123 server stopped tcp 127.0.0.1:9000`},
	}
	for _, tt := range tests {
		if got := eventLine(tt.e); got != tt.want {
			t.Errorf("eventLine:\n got %s\nwant %s", got, tt.want)
		}
	}
}

// TestQuotePayloadRoundTrips checks that what the log shows between the
// quotes parses back to the same bytes.
func TestQuotePayloadRoundTrips(t *testing.T) {
	for _, p := range [][]byte{nil, []byte(`"quoted"`), []byte("\x00\x01\\\"\r\n\t\xff\xfeé"), []byte(`\x41`)} {
		q := quotePayload(p)
		back, err := sockets.ParseEscaped(q[1 : len(q)-1])
		if err != nil || !bytes.Equal(back, p) {
			t.Errorf("quotePayload(%q) = %s, which parses back to %q, %v", p, q, back, err)
		}
	}
}

func TestToJSON(t *testing.T) {
	at := time.Date(2025, 1, 2, 13, 4, 5, 123456789, time.UTC)
	got := string(jsonLine(toJSON(sockets.Event{Time: at, Kind: sockets.KindReceived, Network: "udp", Local: "127.0.0.1:9", Remote: "127.0.0.1:5", N: 0, Data: []byte{}})))
	want := `{"time":"2025-01-02T13:04:05.123456789Z","side":"server","kind":"received","network":"udp","local":"127.0.0.1:9","remote":"127.0.0.1:5","bytes":0,"data":"","hex":""}` + "\n"
	if got != want {
		t.Errorf("empty datagram:\n got %s\nwant %s", got, want)
	}
	got = string(jsonLine(toJSON(sockets.Event{Time: at, Kind: sockets.KindError, Network: "tcp", Err: errors.New("boom"), Msg: "start failed"})))
	var m map[string]any
	if err := json.Unmarshal([]byte(got), &m); err != nil || m["error"] != "boom" || m["msg"] != "start failed" || m["bytes"] != nil {
		t.Errorf("error event: %s (%v)", got, err)
	}
}
