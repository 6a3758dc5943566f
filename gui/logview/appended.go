package logview

import (
	"strings"

	"github.com/sockettester/sockettester/sockets"
)

// checksumLabels are the checksums' names as their specifications write
// them; the engine's names (package checksum) are what settings and files
// keep.
var checksumLabels = map[string]string{
	"crc16-modbus": "CRC-16/MODBUS", "crc16-ccitt-false": "CRC-16/CCITT-FALSE", "crc16-xmodem": "CRC-16/XMODEM",
	"crc32": "CRC-32", "crc8": "CRC-8", "sum8": "SUM-8", "xor8": "XOR-8", "lrc": "LRC",
}

// ChecksumLabel names a checksum as checksum.Parse reads it for people:
// "crc16-modbus" is "CRC-16/MODBUS", "crc32:le" is "CRC-32 LE" (the byte
// order shows only when it is not the usual one). An unknown name comes
// back as it is.
func ChecksumLabel(spec string) string {
	name, order, _ := strings.Cut(spec, ":")
	l, ok := checksumLabels[name]
	if !ok {
		return spec
	}
	if order != "" {
		l += " " + strings.ToUpper(order)
	}
	return l
}

// appendedSuffix is what a row shows after a send's bytes when a checksum
// was appended: " + crc16-modbus e4 09", as the text line ends; else "".
func appendedSuffix(e *sockets.Event) string {
	if e.Appended == "" {
		return ""
	}
	return " + " + e.Appended
}

// appendedText is the detail's line for the checksum a send appended:
// "CRC-16/MODBUS: e4 09"; "" when none was.
func appendedText(e *sockets.Event) string {
	spec, hex, ok := strings.Cut(e.Appended, " ")
	if !ok {
		return e.Appended
	}
	return ChecksumLabel(spec) + ": " + hex
}
