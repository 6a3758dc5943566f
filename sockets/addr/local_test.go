package addr

import (
	"strings"
	"testing"
)

func TestParseLocalAddr(t *testing.T) {
	for _, tt := range []struct{ host, port, want, err string }{
		{"", "", "", ""},
		{"127.0.0.1", "", "127.0.0.1:0", ""},
		{" localhost ", "5000", "127.0.0.1:5000", ""},
		{"[::1]", "0", "[::1]:0", ""},
		{"::1", "5000", "[::1]:5000", ""},
		{"", "5000", ":5000", ""},
		{"example.com", "", "", "example.com"},
		{"127.0.0.1", "70000", "", "70000"},
		{"127.0.0.1", "x", "", `"x"`},
	} {
		got, err := ParseLocal(tt.host, tt.port)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseLocal(%q, %q) = %q, %v; want an error about %s", tt.host, tt.port, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseLocal(%q, %q) = %q, %v; want %q", tt.host, tt.port, got, err, tt.want)
		}
	}
}
