package wol

import (
	"bytes"
	"testing"
)

func TestMagicPacket(t *testing.T) {
	want := append(bytes.Repeat([]byte{0xff}, 6), bytes.Repeat([]byte{0xaa, 0xbb, 0xcc, 0x0d, 0xee, 0xff}, 16)...)
	for _, in := range []string{"aa:bb:cc:0d:ee:ff", "AA-BB-CC-0D-EE-FF", "aabb.cc0d.eeff", "aabbcc0deeff", " aa:bb:cc:0d:ee:ff "} {
		got, err := MagicPacket(in)
		if err != nil || !bytes.Equal(got, want) || len(got) != Size {
			t.Errorf("MagicPacket(%q) = % x, %v; want % x", in, got, err, want)
		}
	}
}

func TestBadMAC(t *testing.T) {
	for _, in := range []string{"", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:gg", "aa:bb-cc:dd:ee:ff", "aabb.ccdd.eef", "a:bb:cc:dd:ee:fff", "aabbccddeeff00", "aa.bbcc.ddeeff"} {
		_, err := MagicPacket(in)
		want := `"` + in + `" is not a MAC address; write six hex pairs, e.g. aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff`
		if err == nil || err.Error() != want {
			t.Errorf("MagicPacket(%q): %v; want %s", in, err, want)
		}
	}
}

func FuzzParseMAC(f *testing.F) {
	f.Add("aa:bb:cc:dd:ee:ff")
	f.Add("aabb.ccdd.eeff")
	f.Fuzz(func(t *testing.T, s string) {
		if p, err := MagicPacket(s); err == nil && len(p) != Size {
			t.Fatalf("%q: %d bytes", s, len(p))
		}
	})
}
