package sockets

import (
	"time"

	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/payload"
)

// SendSum sends p with sum's checksum of p after it, as one send; the sent
// event's Appended names the checksum and its bytes. p is not changed.
func (c *Client) SendSum(p []byte, sum checksum.Spec) error {
	b, appended := WithSum(p, sum)
	return c.send(b, appended)
}

// WithSum returns p with sum's checksum after it (in a new array) and how
// Event.Appended tells it, e.g. "crc16-modbus e4 09".
func WithSum(p []byte, sum checksum.Spec) ([]byte, string) {
	s := sum.Sum(p)
	return append(p[:len(p):len(p)], s...), AppendedText(sum, s)
}

// AppendedText is how Event.Appended tells that sum appended the bytes s.
func AppendedText(sum checksum.Spec, s []byte) string {
	return sum.String() + " " + payload.HexString(s)
}

// SendEachSum is SendEach with sum's checksum after each send's bytes: each
// send's own checksum, over its own bytes.
func (c *Client) SendEachSum(stop <-chan struct{}, next func() []byte, sum checksum.Spec, count int, interval time.Duration) (int, error) {
	return sendRepeated(stop, summed{c, sum}, next, count, interval, time.After)
}

// SendEverySum is SendEvery with sum's checksum after each send's bytes, each
// sent event naming it, as SendSum does.
func (c *Client) SendEverySum(stop <-chan struct{}, next func() []byte, sum checksum.Spec, period time.Duration) (int, error) {
	return sendEvery(stop, summed{c, sum}, next, period)
}

// summed sends through SendSum.
type summed struct {
	c   *Client
	sum checksum.Spec
}

func (s summed) Send(p []byte) error   { return s.c.SendSum(p, s.sum) }
func (s summed) Done() <-chan struct{} { return s.c.Done() }
