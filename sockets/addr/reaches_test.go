package addr

import "testing"

func TestReaches(t *testing.T) {
	for _, c := range []struct {
		listen, target string
		want           bool
	}{
		{"127.0.0.1:9000", "127.0.0.1:9000", true},
		{"127.0.0.1:9000", "localhost:9000", true},
		{"127.0.0.1:9000", "127.0.0.1:9001", false},
		{"127.0.0.1:9000", "192.0.2.1:9000", false},
		{"0.0.0.0:9000", "192.0.2.1:9000", true},
		{":9000", "127.0.0.1:9000", true},
		{"[::]:9000", "localhost:9000", true},
		{"[::]:9000", "example.com:9000", false},
		{"[::1]:9000", "[::1]:9000", true},
		{"[::1]:9000", "127.0.0.1:9000", false},
		{"127.0.0.1:9000", "example.com:9000", false},
		{"localhost:9000", "localhost:9000", true},
		{"127.0.0.1:9000", "no port", false},
		{"no port", "127.0.0.1:9000", false},
		{"/run/app.sock", "/run/app.sock", true},
		{"/run/app.sock", "/run/other.sock", false},
		{"", "", false},
	} {
		if got := Reaches(c.listen, c.target); got != c.want {
			t.Errorf("Reaches(%q, %q) = %v; want %v", c.listen, c.target, got, c.want)
		}
	}
}
