package sockets

import (
	"net"
	"strings"
	"testing"
)

// FuzzParseLocalAddr checks the client's local address fields: no panic,
// and what parses is a host:port that binds (an IP or nothing, a port
// 0-65535) and parses again to itself.
func FuzzParseLocalAddr(f *testing.F) {
	for _, s := range [][2]string{{"", ""}, {"127.0.0.1", "5000"}, {"[::1]", ""}, {"localhost", "0"}, {"x", "70000"}, {"::1%lo", "1"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, host, port string) {
		got, err := ParseLocalAddr(host, port)
		if err != nil || got == "" {
			if err != nil && got != "" {
				t.Fatalf("ParseLocalAddr(%q, %q) = %q with error %v", host, port, got, err)
			}
			return
		}
		h, p, err := net.SplitHostPort(got)
		if err != nil {
			t.Fatalf("ParseLocalAddr(%q, %q) = %q, not host:port: %v", host, port, got, err)
		}
		if _, err := net.ResolveTCPAddr("tcp", got); err != nil {
			t.Fatalf("ParseLocalAddr(%q, %q) = %q, which does not resolve: %v", host, port, got, err)
		}
		if again, err := ParseLocalAddr(h, p); err != nil || again != got {
			t.Fatalf("ParseLocalAddr(%q, %q) = %q, %v; want %q again", h, p, again, err, got)
		}
	})
}

// FuzzParseTLSVersion checks the version parser: no panic, a known version
// or an error that quotes the input.
func FuzzParseTLSVersion(f *testing.F) {
	for _, s := range []string{"1.2", "TLS 1.3", "tls1.0", "", "1.4", "tls"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseTLSVersion(s)
		if err != nil {
			if v != 0 || !strings.Contains(err.Error(), "unknown TLS version") {
				t.Fatalf("ParseTLSVersion(%q) = %x, %v", s, v, err)
			}
			return
		}
		if v < 0x0301 || v > 0x0304 {
			t.Fatalf("ParseTLSVersion(%q) = %x; want a TLS version", s, v)
		}
	})
}

// FuzzSplitList checks ALPN lists: the items are trimmed, never empty, and
// joined again they split the same.
func FuzzSplitList(f *testing.F) {
	for _, s := range []string{"h2,http/1.1", " h2 , ,", "", ","} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		items := SplitList(s)
		for _, item := range items {
			if item == "" || strings.TrimSpace(item) != item || strings.Contains(item, ",") {
				t.Fatalf("SplitList(%q) gave %q", s, item)
			}
		}
		if again := SplitList(strings.Join(items, ",")); strings.Join(again, ",") != strings.Join(items, ",") {
			t.Fatalf("SplitList(%q) = %q, but joined and split again %q", s, items, again)
		}
	})
}
