package checksum

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

// TestCheckValues: the catalogue's check values (the checksum of
// "123456789") and the Modbus frames from the specification's examples.
func TestCheckValues(t *testing.T) {
	check := []byte("123456789")
	for _, tc := range []struct {
		spec string
		in   []byte
		want string // appended bytes, hex
	}{
		{"crc16-modbus", mustHex(t, "01030000 0002"), "c40b"},
		{"crc16-modbus", mustHex(t, "0103000A0002"), "e409"},
		{"crc16-modbus", check, "374b"}, // 0x4B37, low byte first
		{"crc16-modbus:be", check, "4b37"},
		{"crc16-ccitt-false", check, "29b1"},
		{"crc16-ccitt-false:le", check, "b129"},
		{"crc16-xmodem", check, "31c3"},
		{"crc32", check, "cbf43926"},
		{"CRC32:LE", check, "2639f4cb"},
		{"crc8", check, "f4"},
		{"sum8", check, "dd"},
		{"xor8", check, "31"},
		{"lrc", check, "23"},
		{"lrc", mustHex(t, "0103000A0002"), "f0"}, // Modbus ASCII: -(1+3+10+2) = 0xF0
	} {
		sp, err := Parse(tc.spec)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.spec, err)
		}
		if got := hex.EncodeToString(sp.Sum(tc.in)); got != tc.want {
			t.Errorf("%s of % x = %s; want %s", tc.spec, tc.in, got, tc.want)
		}
		in := bytes.Clone(tc.in)
		if got := sp.Append(in); !bytes.Equal(got[:len(tc.in)], tc.in) || hex.EncodeToString(got[len(tc.in):]) != tc.want {
			t.Errorf("%s: Append = % x", tc.spec, got)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"crc17", `unknown checksum "crc17"; use one of crc16-modbus, crc16-ccitt-false, crc16-xmodem, crc32, crc8, sum8, xor8, lrc, with :le or :be for the byte order if needed`},
		{"crc32:middle", `"middle" is not a byte order for crc32; write crc32:le (little endian) or crc32:be (big endian)`},
		{"", `unknown checksum ""; use one of`},
	} {
		_, err := Parse(tc.in)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v; want %q", tc.in, err, tc.want)
		}
	}
}

func TestSpecString(t *testing.T) {
	for in, want := range map[string]string{"crc16-modbus": "crc16-modbus", "crc16-modbus:le": "crc16-modbus", "crc16-modbus:be": "crc16-modbus:be", "crc32:le": "crc32:le", "xor8:be": "xor8"} {
		sp, err := Parse(in)
		if err != nil || sp.String() != want {
			t.Errorf("Parse(%q).String() = %q, %v; want %q", in, sp.String(), err, want)
		}
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BenchmarkCRC16Modbus is the cost per byte of a table-driven CRC-16 on a
// 1 KiB payload.
func BenchmarkCRC16Modbus(b *testing.B) {
	sp, _ := Parse("crc16-modbus")
	p := bytes.Repeat([]byte("x"), 1024)
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		sp.Sum(p)
	}
}
