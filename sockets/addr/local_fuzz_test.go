package addr

import (
	"net"
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
		got, err := ParseLocal(host, port)
		if err != nil || got == "" {
			if err != nil && got != "" {
				t.Fatalf("ParseLocal(%q, %q) = %q with error %v", host, port, got, err)
			}
			return
		}
		h, p, err := net.SplitHostPort(got)
		if err != nil {
			t.Fatalf("ParseLocal(%q, %q) = %q, not host:port: %v", host, port, got, err)
		}
		if _, err := net.ResolveTCPAddr("tcp", got); err != nil {
			t.Fatalf("ParseLocal(%q, %q) = %q, which does not resolve: %v", host, port, got, err)
		}
		if again, err := ParseLocal(h, p); err != nil || again != got {
			t.Fatalf("ParseLocal(%q, %q) = %q, %v; want %q again", h, p, again, err, got)
		}
	})
}
