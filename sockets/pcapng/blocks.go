// Package pcapng writes a session's payload events as a pcapng capture that
// Wireshark opens: each event becomes a synthetic Ethernet/IP/TCP or UDP frame
// with TCP sequence numbers counted from the byte counts, so Wireshark follows
// the streams. gopacket's pcapgo is not used: its NgWriter (v1.1.19) cannot
// attach the packet comment that marks a payload not captured whole.
package pcapng

import (
	"encoding/binary"
)

// Block types and option codes of the pcapng format (draft-ietf-opsawg-pcapng).
const (
	blockSHB = 0x0A0D0D0A // section header
	blockIDB = 0x00000001 // interface description
	blockEPB = 0x00000006 // enhanced packet

	byteOrderMagic = 0x1A2B3C4D

	optEnd      = 0
	optComment  = 1
	optUserAppl = 4 // shb_userappl
	optIfName   = 2 // if_name
	optTSResol  = 9 // if_tsresol

	linkEthernet = 1
	snapLen      = 0 // no limit
)

var le = binary.LittleEndian

type option struct {
	code  uint16
	value []byte
}

func pad4(n int) int { return (n + 3) &^ 3 }

func appendOptions(b []byte, opts []option) []byte {
	if len(opts) == 0 {
		return b
	}
	for _, o := range opts {
		b = le.AppendUint16(b, o.code)
		b = le.AppendUint16(b, uint16(len(o.value)))
		b = append(b, o.value...)
		b = append(b, make([]byte, pad4(len(o.value))-len(o.value))...)
	}
	return le.AppendUint32(b, optEnd) // code 0, length 0
}

// appendBlock: body is already padded.
func appendBlock(b []byte, typ uint32, body []byte, opts []option) []byte {
	start := len(b)
	b = le.AppendUint32(b, typ)
	b = le.AppendUint32(b, 0) // the total length, set below
	b = append(b, body...)
	b = appendOptions(b, opts)
	total := uint32(len(b) - start + 4)
	le.PutUint32(b[start+4:], total)
	return le.AppendUint32(b, total)
}

func sectionHeader(b []byte) []byte {
	var body []byte
	body = le.AppendUint32(body, byteOrderMagic)
	body = le.AppendUint16(body, 1) // major version
	body = le.AppendUint16(body, 0) // minor version
	body = le.AppendUint64(body, ^uint64(0))
	return appendBlock(b, blockSHB, body, []option{{optUserAppl, []byte("Socket Tester")}})
}

// interfaceDescription describes the one synthetic Ethernet interface, with
// nanosecond timestamps.
func interfaceDescription(b []byte) []byte {
	var body []byte
	body = le.AppendUint16(body, linkEthernet)
	body = le.AppendUint16(body, 0) // reserved
	body = le.AppendUint32(body, snapLen)
	return appendBlock(b, blockIDB, body, []option{
		{optIfName, []byte("socket tester session")},
		{optTSResol, []byte{9}},
	})
}

// enhancedPacket: data may be shorter than origLen; ts is in ns since 1970.
func enhancedPacket(b []byte, ts uint64, data []byte, origLen int, comment string) []byte {
	body := make([]byte, 0, 20+pad4(len(data)))
	body = le.AppendUint32(body, 0) // interface 0
	body = le.AppendUint32(body, uint32(ts>>32))
	body = le.AppendUint32(body, uint32(ts))
	body = le.AppendUint32(body, uint32(len(data)))
	body = le.AppendUint32(body, uint32(origLen))
	body = append(body, data...)
	body = append(body, make([]byte, pad4(len(data))-len(data))...)
	var opts []option
	if comment != "" {
		opts = []option{{optComment, []byte(comment)}}
	}
	return appendBlock(b, blockEPB, body, opts)
}
