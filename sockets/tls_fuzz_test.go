package sockets

import (
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// FuzzParseTLSVersion checks the version parser: no panic, a known version
// or an error that quotes the input.
func FuzzParseTLSVersion(f *testing.F) {
	for _, s := range []string{"1.2", "TLS 1.3", "tls1.0", "", "1.4", "tls"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := tlsinfo.ParseVersion(s)
		if err != nil {
			if v != 0 || !strings.Contains(err.Error(), "unknown TLS version") {
				t.Fatalf("tlsinfo.ParseVersion(%q) = %x, %v", s, v, err)
			}
			return
		}
		if v < 0x0301 || v > 0x0304 {
			t.Fatalf("tlsinfo.ParseVersion(%q) = %x; want a TLS version", s, v)
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
