// Package checksum appends a checksum or CRC to a payload on send, as
// device protocols expect: CRC-16/MODBUS, CRC-16/CCITT-FALSE,
// CRC-16/XMODEM, CRC-32, CRC-8, sum-8, XOR-8 and LRC, each in its usual byte
// order or the one asked for.
//
// CRC-32 is the standard library's (hash/crc32, IEEE). The 8- and 16-bit
// CRCs are computed from their parameters in the CRC catalogue (width,
// polynomial, initial value, reflection, final XOR) by one table-driven
// algorithm, so no table is written by hand.
package checksum

import (
	"encoding/binary"
	"hash/crc32"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Algo is one checksum: its name, its size in bytes, how it is computed and
// the byte order it is usually sent in.
type Algo struct {
	Name  string
	Size  int
	Order binary.ByteOrder // the usual order, for Size > 1
	sum   func([]byte) uint32
}

// Algos are the checksums offered, in the order a menu lists them.
var Algos = []*Algo{
	{Name: "crc16-modbus", Size: 2, Order: binary.LittleEndian, sum: crcParams{16, 0x8005, 0xffff, true, true, 0}.table().sum},
	{Name: "crc16-ccitt-false", Size: 2, Order: binary.BigEndian, sum: crcParams{16, 0x1021, 0xffff, false, false, 0}.table().sum},
	{Name: "crc16-xmodem", Size: 2, Order: binary.BigEndian, sum: crcParams{16, 0x1021, 0, false, false, 0}.table().sum},
	{Name: "crc32", Size: 4, Order: binary.BigEndian, sum: crc32.ChecksumIEEE},
	{Name: "crc8", Size: 1, sum: crcParams{8, 0x07, 0, false, false, 0}.table().sum},
	{Name: "sum8", Size: 1, sum: sum8},
	{Name: "xor8", Size: 1, sum: xor8},
	{Name: "lrc", Size: 1, sum: func(p []byte) uint32 { return -sum8(p) & 0xff }},
}

// Names lists the checksums' names.
func Names() []string {
	out := make([]string, len(Algos))
	for i, a := range Algos {
		out[i] = a.Name
	}
	return out
}

// Spec is a checksum to append and the byte order to append it in.
type Spec struct {
	Algo  *Algo
	Order binary.ByteOrder
}

// Parse reads "NAME", "NAME:le" or "NAME:be", e.g. "crc16-modbus" or
// "crc32:le". Without an order the checksum's usual one is used (little
// endian for Modbus, big endian for the others).
func Parse(s string) (Spec, error) {
	name, order, hasOrder := strings.Cut(strings.ToLower(strings.TrimSpace(s)), ":")
	var a *Algo
	for _, x := range Algos {
		if x.Name == name {
			a = x
		}
	}
	if a == nil {
		return Spec{}, msg.NewError(codeUnknown, "Name", strconv.Quote(s), "Names", strings.Join(Names(), ", "))
	}
	sp := Spec{Algo: a, Order: a.Order}
	switch {
	case !hasOrder:
	case order == "le":
		sp.Order = binary.LittleEndian
	case order == "be":
		sp.Order = binary.BigEndian
	default:
		return Spec{}, msg.NewError(codeBadOrder, "Order", strconv.Quote(order), "Name", a.Name)
	}
	return sp, nil
}

// String is the spec as Parse reads it: the name, and ":le" or ":be" when
// the order is not the usual one.
func (s Spec) String() string {
	if s.Algo.Size == 1 || s.Order == s.Algo.Order {
		return s.Algo.Name
	}
	if s.Order == binary.LittleEndian {
		return s.Algo.Name + ":le"
	}
	return s.Algo.Name + ":be"
}

// Sum returns p's checksum as the bytes to append.
func (s Spec) Sum(p []byte) []byte {
	return s.put(make([]byte, 0, s.Algo.Size), s.Algo.sum(p))
}

// Append returns p with its checksum after it; it may reuse p's array.
func (s Spec) Append(p []byte) []byte {
	return s.put(p, s.Algo.sum(p))
}

func (s Spec) put(b []byte, v uint32) []byte {
	switch s.Algo.Size {
	case 1:
		return append(b, byte(v))
	case 2:
		if s.Order == binary.LittleEndian {
			return binary.LittleEndian.AppendUint16(b, uint16(v))
		}
		return binary.BigEndian.AppendUint16(b, uint16(v))
	}
	if s.Order == binary.LittleEndian {
		return binary.LittleEndian.AppendUint32(b, v)
	}
	return binary.BigEndian.AppendUint32(b, v)
}

func sum8(p []byte) uint32 {
	var s byte
	for _, c := range p {
		s += c
	}
	return uint32(s)
}

func xor8(p []byte) uint32 {
	var s byte
	for _, c := range p {
		s ^= c
	}
	return uint32(s)
}

// crcParams are a CRC's parameters as the CRC catalogue gives them.
type crcParams struct {
	width         uint
	poly, init    uint32
	refIn, refOut bool
	xorOut        uint32
}

// crcTable is a CRC ready to compute: its parameters and the table of the
// polynomial's remainders, computed from them.
type crcTable struct {
	p crcParams
	t [256]uint32
}

func (p crcParams) table() *crcTable {
	c := &crcTable{p: p}
	top, mask := uint32(1)<<(p.width-1), uint32(1)<<p.width-1
	for i := range c.t {
		r := uint32(i) << (p.width - 8)
		for range 8 {
			if r&top != 0 {
				r = r<<1 ^ p.poly
			} else {
				r <<= 1
			}
		}
		c.t[i] = r & mask
	}
	return c
}

func (c *crcTable) sum(b []byte) uint32 {
	p := c.p
	mask := uint32(1)<<p.width - 1
	crc := p.init
	for _, x := range b {
		if p.refIn {
			x = reflect8(x)
		}
		crc = (crc<<8 ^ c.t[byte(crc>>(p.width-8))^x]) & mask
	}
	if p.refOut {
		crc = reflect(crc, p.width)
	}
	return crc ^ p.xorOut
}

func reflect8(b byte) byte { return byte(reflect(uint32(b), 8)) }

func reflect(v uint32, width uint) uint32 {
	var r uint32
	for i := range width {
		if v&(1<<i) != 0 {
			r |= 1 << (width - 1 - i)
		}
	}
	return r
}

// Codes of the package's messages.
const (
	codeUnknown  msg.Code = "checksumUnknown"
	codeBadOrder msg.Code = "checksumBadOrder"
)

var _ = msg.Define(map[msg.Code]string{
	codeUnknown:  "unknown checksum {Name}; use one of {Names}, with :le or :be for the byte order if needed",
	codeBadOrder: "{Order} is not a byte order for {Name}; write {Name}:le (little endian) or {Name}:be (big endian)",
})
