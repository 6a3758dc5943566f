package main

import (
	"encoding/json"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/nettest"
	"github.com/sockettester/sockettester/sockets"
)

func TestSendExitStatus(t *testing.T) {
	t.Parallel()
	sink := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0", "--mode", "sink")
	refused := closedPort(t)
	tests := []struct {
		name string
		args []string
		code int
		want string // in the first line on stderr
		hint bool   // a flag syntax error: a usage reminder follows
	}{
		{"refused", []string{"--tcp", refused, "hi"}, 1, "connection refused (nothing is listening on that port)", false},
		{"no reply from a sink", []string{"--tcp", sink.addrs["tcp"], "--wait", "300ms", "hi"}, 1, "no reply from " + sink.addrs["tcp"] + " within 300ms", false},
		{"no UDP reply from a sink", []string{"--udp", sink.addrs["udp"], "--wait", "300ms", "hi"}, 1, "no reply", false},
		{"bad port", []string{"--tcp", "127.0.0.1:99999", "hi"}, 2, `invalid port "99999" in "127.0.0.1:99999" (want a number from 1 to 65535)`, false},
		{"port 0", []string{"--tcp", "127.0.0.1:0", "hi"}, 2, `port 0 in "127.0.0.1:0" cannot be connected to`, false},
		{"named port", []string{"--tcp", "127.0.0.1:http", "hi"}, 2, `invalid port "http"`, false},
		{"no port", []string{"--tcp", "localhost", "hi"}, 2, `invalid address "localhost": missing port`, false},
		{"unknown flag", []string{"--tcp", refused, "--bogus", "hi"}, 2, "unknown flag --bogus", true},
		{"bad flag value", []string{"--tcp", refused, "--wait", "soon", "hi"}, 2, `--wait wants a duration such as 2s, 500ms or 1m30s, not "soon"`, true},
		{"invalid hex", []string{"--tcp", refused, "--hex", "zz"}, 2, `invalid hex payload: invalid hex digit "z" at position 0`, false},
		{"odd hex", []string{"--tcp", refused, "--hex", "abc"}, 2, "invalid hex payload", false},
		{"invalid escape", []string{"--tcp", refused, `a\q`}, 2, `invalid payload: unknown escape "\q" at position 1`, false},
		{"missing payload", []string{"--tcp", refused}, 2, "missing PAYLOAD", false},
		{"two payloads", []string{"--tcp", refused, "a", "b"}, 2, "too many arguments", false},
		{"missing address", []string{"hi"}, 2, "missing --tcp ADDR or --udp ADDR", false},
		{"both networks", []string{"--tcp", refused, "--udp", refused, "hi"}, 2, "not both", false},
		{"bad eol", []string{"--tcp", refused, "--eol", "nl", "hi"}, 2, `unknown line ending "nl"`, true},
		{"bad out", []string{"--tcp", refused, "--out", "xml", "hi"}, 2, `unknown --out "xml"`, false},
		{"zero repeat", []string{"--tcp", refused, "--repeat", "0", "hi"}, 2, "--repeat must be at least 1", false},
		{"json and out", []string{"--tcp", refused, "--json", "--out", "hex", "hi"}, 2, "--json conflicts with --out hex", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, "", append([]string{"send"}, tt.args...)...)
			r.stderr = withoutSummary(r.stderr)
			first, _, _ := strings.Cut(r.stderr, "\n")
			if r.code != tt.code || first != "" && !strings.HasPrefix(first, "sockettester-cli: ") || !strings.Contains(first, tt.want) {
				t.Fatalf("send %q: exit %d, stderr %q; want %d and a first line with %q", tt.args, r.code, r.stderr, tt.code, tt.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing", r.stdout)
			}
			if n := strings.Count(r.stderr, "\n"); !tt.hint && n != 1 || tt.hint && !strings.Contains(r.stderr, "send --help") {
				t.Errorf("stderr has %d lines, want 1 (or a help reminder after a flag syntax error): %q", n, r.stderr)
			}
		})
	}
}

func TestSendNoWaitToSink(t *testing.T) {
	t.Parallel()
	sink := startServe(t, "--tcp", "127.0.0.1:0", "--mode", "sink")
	r := runCLI(t, "", "send", "--tcp", sink.addrs["tcp"], "--wait", "0", "fire and forget")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("--wait 0: exit %d, stdout %q, stderr %q; want 0 and no output", r.code, r.stdout, r.stderr)
	}
}

func TestSendUDPRefused(t *testing.T) {
	t.Parallel()
	addr := nettest.ClosedAddr(t, "udp")
	// Loopback usually answers "port unreachable" at once; where it does
	// not, --wait runs out. Either way the status is 1.
	r := runCLI(t, "", "send", "--udp", addr, "--wait", "1s", "hi")
	if r.code != 1 || strings.Count(withoutSummary(r.stderr), "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want 1 and one line", r.code, r.stderr)
	}
}

func TestSendOutputFormats(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0")
	tests := []struct {
		name  string
		stdin string
		args  []string
		raw   string // the bytes that come back
		want  string // what send prints, when not raw
	}{
		{"text", "", []string{"--udp", s.addrs["udp"], "--out", "text", `tab\there\n\x00`}, "tab\there\n\x00", `tab\there\n\0` + "\n"},
		{"hex", "", []string{"--udp", s.addrs["udp"], "--out", "hex", "--hex", "0xCAFE 00"}, "\xca\xfe\x00", "ca fe 00\n"},
		{"eol lf", "", []string{"--tcp", s.addrs["tcp"], "--eol", "lf", "line"}, "line\n", ""},
		{"stdin raw", "a\\n\x00b\n", []string{"--tcp", s.addrs["tcp"], "-"}, "a\\n\x00b\n", ""},
		{"stdin hex", "68 69\n", []string{"--tcp", s.addrs["tcp"], "--hex", "-"}, "hi", ""},
		{"payload after --", "", []string{"--tcp", s.addrs["tcp"], "--", "-1"}, "-1", ""},
		{"flags after payload", "", []string{"payload", "--tcp", s.addrs["tcp"]}, "payload", ""},
		{"udp repeat", "", []string{"--udp", s.addrs["udp"], "--repeat", "3", "--out", "text", "r"}, "rrr", "r\nr\nr\n"},
		{"tcp repeat", "", []string{"--tcp", s.addrs["tcp"], "--repeat", "3", "--interval", "20ms", "ab"}, "ababab", ""},
		{"max bytes cuts", "", []string{"--tcp", s.addrs["tcp"], "--max-bytes", "3", "abcdef"}, "abc", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, tt.stdin, append(append([]string{"send"}, expect(tt.raw)...), tt.args...)...)
			want := tt.want
			if want == "" {
				want = tt.raw
			}
			if r.code != 0 || r.stdout != want {
				t.Errorf("send %q: exit %d, stdout %q, stderr %q; want 0 and %q", tt.args, r.code, r.stdout, r.stderr, want)
			}
		})
	}
}

func TestSendJSON(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0")
	r := runCLI(t, "", sendArgs("tcp", s.addrs["tcp"], `hi\n`, "hi\n", "--json")...)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var kinds []string
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", line, err)
		}
		e, err := sockets.DecodeEvent([]byte(line))
		if err != nil {
			t.Fatalf("line %q is not an event: %v", line, err)
		}
		if e.Side != sockets.SideClient || e.Network != "tcp" || e.Remote != s.addrs["tcp"] {
			t.Errorf("line %q: want side client, network tcp, remote %s", line, s.addrs["tcp"])
		}
		if e.Kind == sockets.KindReceived && (m["text"] != `hi\n` || m["hex"] != "68 69 0a" || m["bytes"] != 3.0 || e.Reply <= 0) {
			t.Errorf("received line %q: want text hi\\n, hex 68 69 0a, bytes 3 and a reply time", line)
		}
		if e.Kind == sockets.KindSummary && (e.Summary == nil || e.Summary.Sent != 1 || e.Summary.Replies != 1 || e.Summary.P50 <= 0) {
			t.Errorf("summary line %q: want 1 sent, 1 reply, with times", line)
		}
		kinds = append(kinds, e.Kind.String())
	}
	if got := strings.Join(kinds, " "); got != "connected sent received disconnected summary" {
		t.Errorf("kinds %q, want connected sent received disconnected summary", got)
	}
	if r.stderr != "" {
		t.Errorf("stderr %q; want nothing: with --json the summary is an event", r.stderr)
	}
}

// summaryRE matches the reply summary send prints on stderr, e.g.
// "--- 127.0.0.1:9000 tcp: 1 sent, 1 reply, 0 lost; reply
// min/avg/p50/p99/max 0.051/0.051/0.051/0.051/0.051 ms".
var summaryRE = regexp.MustCompile(`^--- \S+ (tcp|udp): \d+ sent, \d+ repl(y|ies), \d+ lost(; reply min/avg/p50/p99/max \d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3} ms)?\n$`)

// withoutSummary drops send's "--- " lines (reply summary, TLS) from
// stderr, leaving the errors.
func withoutSummary(stderr string) string {
	var keep []string
	for _, l := range strings.SplitAfter(stderr, "\n") {
		if !strings.HasPrefix(l, "--- ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// hangUpServer listens on loopback until the test ends, and for each
// connection reads once, writes reply (if any) and hangs up. It returns
// the address.
func hangUpServer(t *testing.T, reply string) string {
	t.Helper()
	return loopbackServer(t, func(c net.Conn) {
		c.Read(make([]byte, 16))
		c.Write([]byte(reply))
	})
}

// loopbackServer listens on loopback until the test ends and hands each
// connection, with a deadline, to handle on a goroutine of its own,
// closing it after. It returns the address.
func loopbackServer(t *testing.T, handle func(c net.Conn)) string {
	t.Helper()
	ln := nettest.Listen(t)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(runDeadline))
				handle(c)
			}()
		}
	}()
	return ln.Addr().String()
}

// TestSendPeerCloses checks a server that hangs up: without a reply, or
// before the repeats are done, send fails; after a reply it succeeds at
// once. A --wait longer than runCLI's deadline fails the test if send waits
// it out instead of seeing the close.
func TestSendPeerCloses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, reply string
		flags       []string
		code        int
		stdout      string
		stderr      string
	}{
		{"without a reply", "", nil, 1, "", "without a reply"},
		{"with a reply", "bye\n", nil, 0, "bye\n", ""},
		{"before the repeats", "", []string{"--repeat", "5", "--interval", "1h"}, 1, "", "after 1 of 5 sends"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			addr := hangUpServer(t, tt.reply)
			args := append([]string{"send", "--tcp", addr, "--wait", "1h"}, tt.flags...)
			r := runCLI(t, "", append(args, "hi")...)
			if r.code != tt.code || r.stdout != tt.stdout || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q and %q", r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
			}
			if tt.code != 0 && !strings.Contains(r.stderr, "closed by "+addr) {
				t.Errorf("stderr %q; want it to say the server closed the connection", r.stderr)
			}
		})
	}
}

// TestSendResetBeforeReply checks the hint when a server reads what a
// plain send sent and resets without a reply, as a TLS server (ncat
// --ssl, openssl s_server) does to plain text.
func TestSendResetBeforeReply(t *testing.T) {
	t.Parallel()
	addr := loopbackServer(t, func(c net.Conn) {
		c.Read(make([]byte, 64))
		c.(*net.TCPConn).SetLinger(0) // the close resets
	})
	r := runCLI(t, "", "send", "--tcp", addr, "--wait", "1h", "Hello, world")
	if r.code != 1 || !strings.Contains(r.stderr, "connection to "+addr+" reset before any reply: ") || !strings.Contains(r.stderr, "(a TLS server does this to plain text: try --tls)") {
		t.Errorf("exit %d, stderr %q; want 1 and the TLS hint", r.code, r.stderr)
	}
}
