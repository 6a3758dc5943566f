package gui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

func TestParsePort(t *testing.T) {
	tests := []struct {
		in      string
		server  bool
		want    int
		wantErr string
	}{
		{"0", true, 0, ""},
		{" 8080 ", true, 8080, ""},
		{"65535", false, 65535, ""},
		{"1", false, 1, ""},
		{"", true, 0, "enter a port number (0 picks a free one)"},
		{"", false, 0, "enter the server's port number (1-65535)"},
		{"0", false, 0, "port 0 cannot be connected to"},
		{"65536", true, 0, "port must be between 0 and 65535"},
		{"65536", false, 0, "port must be between 1 and 65535"},
		{"-1", true, 0, "port must be between 0 and 65535"},
		{"80a", false, 0, `port must be a number, not "80a"`},
		{"99999999999999999999999", true, 0, "port must be between 0 and 65535"},
	}
	for _, tt := range tests {
		got, err := parsePort(tt.in, tt.server)
		if tt.wantErr == "" {
			if err != nil || got != tt.want {
				t.Errorf("parsePort(%q, %v) = %d, %v; want %d", tt.in, tt.server, got, err, tt.want)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
			t.Errorf("parsePort(%q, %v) error = %v; want %q", tt.in, tt.server, err, tt.wantErr)
		}
	}
}

func TestParseHost(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{"127.0.0.1", "127.0.0.1", ""},
		{" localhost ", "localhost", ""},
		{"::1", "::1", ""},
		{"[::1]", "::1", ""},
		{"fe80::1%lo", "fe80::1%lo", ""},
		{"nosuchhost.invalid", "nosuchhost.invalid", ""},
		{"", "", "enter a host name"},
		{"   ", "", "enter a host name"},
		{"my host", "", "a host name cannot contain spaces"},
		{"127.0.0.1:80", "", "type the port in the Port field"},
		{"[::1]:80", "", "type the port in the Port field"},
		{"::zz", "", `"::zz" is not a valid IPv6 address`},
		{"http://x", "", `"http://x" is not a host name or IP address`},
		{"[", "", "is not a host name"},
		{"[]", "", "enter a host name"},
		{"a/b", "", `"a/b" is not a host name or IP address`},
	}
	for _, tt := range tests {
		got, err := parseHost(tt.in)
		if tt.wantErr == "" {
			if err != nil || got != tt.want {
				t.Errorf("parseHost(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("parseHost(%q) error = %v; want %q", tt.in, err, tt.wantErr)
		}
	}
}

func TestParseBind(t *testing.T) {
	tests := []struct {
		in, want string
		exposed  bool
		wantErr  string
	}{
		{bindLoopback, "127.0.0.1", false, ""},
		{bindAllIPv4, "0.0.0.0", true, ""},
		{bindAllIPv6, "::", true, ""},
		{"localhost", "127.0.0.1", false, ""},
		{"::1", "::1", false, ""},
		{"[::1]", "::1", false, ""},
		{"127.0.0.2", "127.0.0.2", false, ""},
		{"", "", false, "choose an address"},
		{"999.1.1.1", "", false, `"999.1.1.1" is not an IP address`},
		{"example", "", false, "is not an IP address"},
	}
	for _, tt := range tests {
		got, err := parseBind(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseBind(%q) error = %v; want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseBind(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if e := exposedBind(got); e != tt.exposed {
			t.Errorf("exposedBind(%q) = %v; want %v", got, e, tt.exposed)
		}
	}
}

func TestConnectableHost(t *testing.T) {
	for in, want := range map[string]string{
		"0.0.0.0": "127.0.0.1", "::": "::1", "127.0.0.1": "127.0.0.1", "::1": "::1", "localhost": "localhost",
	} {
		if got := connectableHost(in); got != want {
			t.Errorf("connectableHost(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestParseDurations(t *testing.T) {
	if d, err := parseTimeout("5s"); err != nil || d != 5*time.Second {
		t.Errorf("parseTimeout(5s) = %v, %v", d, err)
	}
	if d, err := parseTimeout("2.5"); err != nil || d != 2500*time.Millisecond {
		t.Errorf("parseTimeout(2.5) = %v, %v", d, err)
	}
	for _, bad := range []string{"", "soon", "0", "-1s", "11m", "1e99"} {
		if _, err := parseTimeout(bad); err == nil {
			t.Errorf("parseTimeout(%q) accepted", bad)
		}
	}
	if d, err := parseInterval("250ms"); err != nil || d != 250*time.Millisecond {
		t.Errorf("parseInterval(250ms) = %v, %v", d, err)
	}
	for _, bad := range []string{"", "0", "500us", "2h"} {
		if _, err := parseInterval(bad); err == nil {
			t.Errorf("parseInterval(%q) accepted", bad)
		}
	}
	if n, err := parseRepeat(" 3 "); err != nil || n != 3 {
		t.Errorf("parseRepeat(3) = %d, %v", n, err)
	}
	for _, bad := range []string{"", "0", "-2", "x", "1000001"} {
		if _, err := parseRepeat(bad); err == nil {
			t.Errorf("parseRepeat(%q) accepted", bad)
		}
	}
}

func TestParsePayloadMessages(t *testing.T) {
	tests := []struct{ in, format, eol, want, wantErr string }{
		{`hi\n`, formatText, eolNone, "hi\n", ""},
		{"hi", formatText, eolCRLF, "hi\r\n", ""},
		{"de:ad 0xbe", formatHex, eolLF, "\xde\xad\xbe\n", ""},
		{"4g", formatHex, eolNone, "", `hex: invalid hex digit "g" at position 1`},
		{`a\q`, formatText, eolNone, "", `text: unknown escape "\q" at position 1`},
	}
	for _, tt := range tests {
		got, err := parsePayload(tt.in, tt.format, tt.eol)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("parsePayload(%q, %s) error = %v; want %q", tt.in, tt.format, err, tt.wantErr)
			}
			var se *sockets.SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("parsePayload(%q) error %T does not wrap *sockets.SyntaxError", tt.in, err)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("parsePayload(%q, %s, %s) = %q, %v; want %q", tt.in, tt.format, tt.eol, got, err, tt.want)
		}
	}
}

func TestPlainReason(t *testing.T) {
	port := closedLoopbackPort(t)
	_, err := sockets.Dial(context.Background(), sockets.ClientConfig{Addr: fmt.Sprintf("127.0.0.1:%d", port), Timeout: 5 * time.Second})
	if err == nil {
		t.Skip("something listens on the closed port")
	}
	if got := plainReason(err); got != "connection refused (nothing is listening on that port)" {
		t.Errorf("plainReason = %q (from %q)", got, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	srv := sockets.NewServer(sockets.ServerConfig{Addr: ln.Addr().String()})
	err = srv.Start()
	if err == nil {
		srv.Stop()
		t.Fatal("second listen on the same port succeeded")
	}
	if got := plainReason(err); got != "address already in use (another program is using this port)" {
		t.Errorf("plainReason = %q (from %q)", got, err)
	}
	if got := plainReason(errors.New("plain")); got != "plain" {
		t.Errorf("plainReason(plain) = %q", got)
	}
}

func FuzzParsePort(f *testing.F) {
	for _, s := range []string{"0", "65535", "65536", "", "abc", " 80 ", "-0", "+1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, server := range []bool{true, false} {
			n, err := parsePort(s, server)
			if err == nil && (n < 0 || n > 65535 || (!server && n == 0)) {
				t.Fatalf("parsePort(%q, %v) = %d with no error", s, server, n)
			}
			if err != nil && hintText(err) == "" {
				t.Fatalf("parsePort(%q) gave an empty message", s)
			}
		}
	})
}

func FuzzParseHost(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "[::1]", "::1", "a b", "x:1", "", "[", "]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parseHost(s)
		if err != nil {
			return
		}
		if h == "" || strings.ContainsAny(h, " \t\n") {
			t.Fatalf("parseHost(%q) = %q with no error", s, h)
		}
		if _, _, err := net.SplitHostPort(net.JoinHostPort(h, "80")); err != nil {
			t.Fatalf("parseHost(%q) = %q cannot form an address: %v", s, h, err)
		}
	})
}

func FuzzParseBind(f *testing.F) {
	for _, s := range append([]string{"", "localhost", "::1", "999.1.1.1", "[::]"}, bindOptions...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := parseBind(s)
		if err == nil && net.ParseIP(stripZone(a)) == nil {
			t.Fatalf("parseBind(%q) = %q, not an IP", s, a)
		}
	})
}

func FuzzParseDurations(f *testing.F) {
	for _, s := range []string{"5s", "1", "0.5", "", "1e308", "-1", "NaN", "Inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := parseTimeout(s); err == nil && (d <= 0 || d > 10*time.Minute) {
			t.Fatalf("parseTimeout(%q) = %v", s, d)
		}
		if d, err := parseInterval(s); err == nil && (d < time.Millisecond || d > time.Hour) {
			t.Fatalf("parseInterval(%q) = %v", s, d)
		}
		if n, err := parseRepeat(s); err == nil && (n < 1 || n > maxRepeat) {
			t.Fatalf("parseRepeat(%q) = %d", s, n)
		}
	})
}
