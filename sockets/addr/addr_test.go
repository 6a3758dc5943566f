package addr

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

// addrCase is one input to an address or port parser: what it should
// return, or (want "") an error containing wantErr.
type addrCase struct {
	in, want, wantErr string
}

// checkCases runs parse over cases, naming it in failures.
func checkCases[T comparable](t *testing.T, name string, parse func(string) (T, error), show func(T) string, cases []addrCase) {
	t.Helper()
	for _, tc := range cases {
		got, err := parse(tc.in)
		if tc.wantErr == "" {
			if err != nil || show(got) != tc.want {
				t.Errorf("%s(%q) = %q, %v; want %q", name, tc.in, show(got), err, tc.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s(%q) = %q, %v; want an error with %q", name, tc.in, show(got), err, tc.wantErr)
		}
	}
}

func same(s string) string { return s }

func TestParseListenAddr(t *testing.T) {
	checkCases(t, "ParseListen", ParseListen, same, []addrCase{
		{"[::1]:0", "[::1]:0", ""},
		{":9000", ":9000", ""},
		{"9000", "127.0.0.1:9000", ""},
		{"0", "127.0.0.1:0", ""},
		{"127.0.0.1:0", "127.0.0.1:0", ""},
		{"[::]:0", "[::]:0", ""},
		{"0.0.0.0:80", "0.0.0.0:80", ""},
		{"localhost:9000", "localhost:9000", ""},
		{"[fe80::1%lo]:1", "[fe80::1%lo]:1", ""},
		{"127.0.0.1:65536", "", `invalid port "65536" in "127.0.0.1:65536" (want a number from 0 to 65535)`},
		{"127.0.0.1:-1", "", `invalid port "-1"`},
		{"127.0.0.1:+80", "", `invalid port "+80"`},
		{"65536", "", `invalid port "65536" (want a number from 0 to 65535)`},
		{"", "", "missing address (want host:port, e.g. 127.0.0.1:9000)"},
		{"::1:9000", "", `invalid address "::1:9000": write IPv6 addresses in brackets, e.g. [::1]:9000`},
		{"localhost", "", `invalid address "localhost": missing port`},
		{"a b:80", "", `invalid address "a b:80": a host name cannot contain spaces`},
	})
}

func TestParseDialAddr(t *testing.T) {
	checkCases(t, "ParseDial", ParseDial, same, []addrCase{
		{"127.0.0.1:9000", "127.0.0.1:9000", ""},
		{" 127.0.0.1:9000 ", "127.0.0.1:9000", ""},
		{"localhost:65535", "localhost:65535", ""},
		{"[::1]:9000", "[::1]:9000", ""},
		{"[127.0.0.1]:80", "127.0.0.1:80", ""},
		{"9000", "127.0.0.1:9000", ""},
		{":9000", "127.0.0.1:9000", ""},
		{"127.0.0.1:0", "", `port 0 in "127.0.0.1:0" cannot be connected to (want a number from 1 to 65535)`},
		{"0", "", "port 0 cannot be connected to"},
		{"127.0.0.1:99999", "", `invalid port "99999" in "127.0.0.1:99999" (want a number from 1 to 65535)`},
		{"127.0.0.1:http", "", `invalid port "http"`},
		{"127.0.0.1:", "", `invalid address "127.0.0.1:": missing port after the colon`},
		{"127.0.0.1", "", `invalid address "127.0.0.1": missing port (want host:port, e.g. 127.0.0.1:9000)`},
		{"localhost", "", "missing port"},
		{"[::1]", "", "missing port"},
		{"99999", "", `invalid port "99999"`},
		{"  ", "", "missing address"},
		{"::1:9000", "", "write IPv6 addresses in brackets"},
		{"fe80::1%lo:80", "", "write IPv6 addresses in brackets"},
		{"[::zz]:80", "", `"::zz" is not a valid IPv6 address`},
		{"[::1:80", "", `invalid address "[::1:80": missing ']' in address`},
		{"http://x:80", "", `invalid address "http://x:80": write host:port, not a URL`},
		{"x/y:80", "", `invalid address "x/y:80": "x/y" is not a host name or IP address`},
	})
}

func TestParsePorts(t *testing.T) {
	show := strconv.Itoa
	checkCases(t, "ParseListenPort", ParseListenPort, show, []addrCase{
		{"0", "0", ""},
		{" 8080 ", "8080", ""},
		{"65535", "65535", ""},
		{"", "", "enter a port number (0 picks a free one)"},
		{"65536", "", `invalid port "65536" (want a number from 0 to 65535)`},
		{"-1", "", `invalid port "-1" (want a number from 0 to 65535)`},
		{"99999999999999999999999", "", "want a number from 0 to 65535"},
	})
	checkCases(t, "ParseDialPort", ParseDialPort, show, []addrCase{
		{"1", "1", ""},
		{"65535", "65535", ""},
		{"", "", "enter the server's port number (1-65535)"},
		{"0", "", "port 0 cannot be connected to (want a number from 1 to 65535)"},
		{"000", "", "port 0 cannot be connected to"},
		{"65536", "", `invalid port "65536" (want a number from 1 to 65535)`},
		{"80a", "", `invalid port "80a" (want a number from 1 to 65535)`},
		{"8 0", "", `invalid port "8 0"`},
	})
}

func TestParseHost(t *testing.T) {
	checkCases(t, "ParseHost", ParseHost, same, []addrCase{
		{"127.0.0.1", "127.0.0.1", ""},
		{" localhost ", "localhost", ""},
		{"::1", "::1", ""},
		{"[::1]", "::1", ""},
		{"fe80::1%lo", "fe80::1%lo", ""},
		{"nosuchhost.invalid", "nosuchhost.invalid", ""},
		{"my_host-1.example", "my_host-1.example", ""},
		{"", "", "enter a host name"},
		{"   ", "", "enter a host name"},
		{"my host", "", "a host name cannot contain spaces"},
		{"127.0.0.1:80", "", "type the port in the Port field"},
		{"[::1]:80", "", "type the port in the Port field"},
		{"localhost:9000", "", "type the port in the Port field"},
		{"::zz", "", `"::zz" is not a valid IPv6 address`},
		{"http://x", "", `"http://x" is not a host name or IP address`},
		{"[", "", "is not a host name"},
		{"[]", "", "enter a host name"},
		{"a/b", "", `"a/b" is not a host name or IP address`},
		{strings.Repeat("a", 254), "", "is not a host name"},
	})
}

func TestParseListenIP(t *testing.T) {
	checkCases(t, "ParseListenIP", ParseListenIP, same, []addrCase{
		{"127.0.0.1", "127.0.0.1", ""},
		{"localhost", "127.0.0.1", ""},
		{"::1", "::1", ""},
		{"[::1]", "::1", ""},
		{"0.0.0.0", "0.0.0.0", ""},
		{" :: ", "::", ""},
		{"", "", "enter an address to listen on"},
		{"999.1.1.1", "", `"999.1.1.1" is not an IP address to listen on`},
		{"example", "", "is not an IP address"},
	})
}

func TestExposedAndLocalHost(t *testing.T) {
	for host, exposed := range map[string]bool{
		"127.0.0.1": false, "::1": false, "localhost": false, "127.0.0.2": false,
		"0.0.0.0": true, "::": true, "": true, "192.0.2.1": true, "example.com": true,
	} {
		if got := Exposed(host); got != exposed {
			t.Errorf("Exposed(%q) = %v; want %v", host, got, exposed)
		}
	}
	for in, want := range map[string]string{
		"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1", "127.0.0.1": "127.0.0.1", "::1": "::1", "localhost": "localhost",
	} {
		if got := LocalHost(in); got != want {
			t.Errorf("LocalHost(%q) = %q; want %q", in, got, want)
		}
	}
}

func FuzzParseAddr(f *testing.F) {
	for _, s := range []string{"127.0.0.1:9000", "[::1]:0", ":80", "9000", "::1", "host:", "[fe80::1%lo]:1", "a b:1", "[::1", " 0 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []struct {
			name    string
			parse   func(string) (string, error)
			minPort int
		}{{"ParseListen", ParseListen, 0}, {"ParseDial", ParseDial, 1}} {
			got, err := p.parse(s)
			if err != nil {
				if err.Error() == "" {
					t.Fatalf("%s(%q): empty error", p.name, s)
				}
				continue
			}
			host, port, err := net.SplitHostPort(got)
			if err != nil {
				t.Fatalf("%s(%q) = %q, which does not split: %v", p.name, s, got, err)
			}
			if n, err := strconv.Atoi(port); err != nil || n < p.minPort || n > 65535 {
				t.Fatalf("%s(%q) = %q: port out of range", p.name, s, got)
			}
			if host == "" && p.minPort == 1 {
				t.Fatalf("%s(%q) = %q: no host to connect to", p.name, s, got)
			}
			if again, err := p.parse(got); err != nil || again != got {
				t.Fatalf("%s(%q) = %q, but that parses as %q, %v", p.name, s, got, again, err)
			}
		}
	})
}

func FuzzParseHostAndPort(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "[::1]", "::1", "a b", "x:1", "", "[", "]", "0", "65535", "-0", "+1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h, err := ParseHost(s); err == nil {
			if got, err := ParseDial(net.JoinHostPort(h, "80")); err != nil {
				t.Fatalf("ParseHost(%q) = %q, which forms no address: %v", s, h, err)
			} else if again, _ := ParseHost(h); again != h {
				t.Fatalf("ParseHost(%q) = %q, but that parses as %q (address %q)", s, h, again, got)
			}
		}
		if ip, err := ParseListenIP(s); err == nil && net.ParseIP(StripZone(ip)) == nil {
			t.Fatalf("ParseListenIP(%q) = %q, not an IP", s, ip)
		}
		for _, listen := range []bool{true, false} {
			parse := ParseDialPort
			if listen {
				parse = ParseListenPort
			}
			n, err := parse(s)
			if err == nil && (n < 0 || n > 65535 || !listen && n == 0) {
				t.Fatalf("port %q (listen %v) = %d with no error", s, listen, n)
			}
			if err != nil && err.Error() == "" {
				t.Fatalf("port %q: empty error", s)
			}
		}
	})
}
