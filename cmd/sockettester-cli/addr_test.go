package main

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		in      string
		minPort int
		want    string // "" means an error containing wantErr
		wantErr string
	}{
		{"127.0.0.1:9000", 1, "127.0.0.1:9000", ""},
		{" 127.0.0.1:9000 ", 1, "127.0.0.1:9000", ""},
		{"[::1]:0", 0, "[::1]:0", ""},
		{":9000", 0, ":9000", ""},
		{"9000", 0, "127.0.0.1:9000", ""},
		{"localhost:65535", 1, "localhost:65535", ""},
		{"127.0.0.1:0", 0, "127.0.0.1:0", ""},
		{"127.0.0.1:0", 1, "", `invalid port "0" in "127.0.0.1:0" (want a number from 1 to 65535)`},
		{"127.0.0.1:65536", 0, "", `invalid port "65536"`},
		{"127.0.0.1:99999", 1, "", `invalid port "99999" in "127.0.0.1:99999"`},
		{"127.0.0.1:-1", 0, "", `invalid port "-1"`},
		{"127.0.0.1:+80", 0, "", `invalid port "+80"`},
		{"127.0.0.1:http", 1, "", `invalid port "http"`},
		{"127.0.0.1:", 1, "", `invalid port ""`},
		{"127.0.0.1", 1, "", `invalid address "127.0.0.1": missing port`},
		{"localhost", 1, "", "missing port"},
		{"", 1, "", "missing address"},
		{"::1:9000", 1, "", "write IPv6 addresses in brackets"},
		{"[::1]", 1, "", "missing port"},
		{"99999", 1, "", `invalid port "99999"`},
		{"a b:80", 1, "", "space"},
	}
	for _, tt := range tests {
		got, err := checkAddr(tt.in, tt.minPort)
		if tt.want != "" {
			if err != nil || got != tt.want {
				t.Errorf("checkAddr(%q, %d) = %q, %v; want %q", tt.in, tt.minPort, got, err, tt.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("checkAddr(%q, %d) = %q, %v; want an error with %q", tt.in, tt.minPort, got, err, tt.wantErr)
		}
	}
}

func FuzzCheckAddr(f *testing.F) {
	for _, s := range []string{"127.0.0.1:9000", "[::1]:0", ":80", "9000", "::1", "host:", "[fe80::1%lo]:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := checkAddr(s, 1)
		if err != nil {
			return
		}
		host, port, err := net.SplitHostPort(got)
		if err != nil {
			t.Fatalf("checkAddr(%q) = %q, which does not split: %v", s, got, err)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			t.Fatalf("checkAddr(%q) = %q: port out of range", s, got)
		}
		if again, err := checkAddr(got, 1); err != nil || again != got {
			t.Fatalf("checkAddr(%q) = %q, but that checks as %q, %v (host %q)", s, got, again, err, host)
		}
	})
}
