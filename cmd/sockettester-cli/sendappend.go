package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/tmpl"
)

// appendFlag is send's --append NAME: a checksum added after the payload.
type appendFlag struct{ name *string }

func addAppendFlag(fs *flag.FlagSet) appendFlag {
	return appendFlag{name: fs.String("append", "", "")}
}

// apply returns the checksum to append to p, telling stderr which bytes
// it adds; nil without --append.
func (a appendFlag) apply(fs *flag.FlagSet, p []byte, stream bool, stderr io.Writer) (*checksum.Spec, error) {
	if !flagWasSet(fs, "append") {
		return nil, nil
	}
	sp, err := checksum.Parse(*a.name)
	switch {
	case err != nil:
		return nil, usageErrorf("send", "--append: %v", err)
	case stream:
		return nil, usageErrorf("send", "--append needs a PAYLOAD or --packet: the bytes of stdin stream through as they come, with no end to put a checksum after")
	case flagWasSet(fs, "wol"):
		return nil, usageErrorf("send", "--append does not go with --wol: a magic packet has no checksum")
	}
	fmt.Fprintf(stderr, "appended %s: %s\n", sp, payload.HexString(sp.Sum(p)))
	return &sp, nil
}

// sendTemplate returns, for a text PAYLOAD with placeholders ({{counter}},
// {{time}}, {{unixtime}}, {{random:N}}), what makes each send's bytes
// (without the checksum of --append), the checksum, and what the first
// send will be, with it; nil for any other payload.
func sendTemplate(rest []string, hex bool, eol payload.LineEnding, sum appendFlag, fs *flag.FlagSet) (next func() []byte, sp *checksum.Spec, first []byte, err error) {
	if hex || len(rest) != 1 || rest[0] == "-" || !strings.Contains(rest[0], "{{") || flagWasSet(fs, "packet") {
		return nil, nil, nil, nil
	}
	s, err := tmpl.NewSender(rest[0], eol)
	if err != nil {
		return nil, nil, nil, usageErrorf("send", "invalid payload: %v", err)
	}
	if s.Static() {
		return nil, nil, nil, nil
	}
	first = s.Peek(nil)
	if flagWasSet(fs, "append") {
		c, err := checksum.Parse(*sum.name)
		if err != nil {
			return nil, nil, nil, usageErrorf("send", "--append: %v", err)
		}
		sp = &c
		first = c.Append(first)
	}
	return func() []byte { return s.Next(nil) }, sp, first, nil
}

// nextSend returns what makes each send's bytes, with the checksum of
// --append: for a connection that cannot record it on its sent events.
func (o *sendOptions) nextSend() func() []byte {
	bare := o.bareSend()
	if o.sum == nil {
		return bare
	}
	return func() []byte { b, _ := sockets.WithSum(bare(), *o.sum); return b }
}

// bareSend returns what makes each send's bytes before the checksum of
// --append: the template's, or the payload every time.
func (o *sendOptions) bareSend() func() []byte {
	if o.next != nil {
		return o.next
	}
	return func() []byte { return o.payload }
}

// sendEach makes the sends of a send session, with the checksum of
// --append recorded on each sent event.
func (o *sendOptions) sendEach(c *sockets.Client, stop <-chan struct{}) (int, error) {
	if o.sum != nil {
		return c.SendEachSum(stop, o.bareSend(), *o.sum, o.repeat, o.interval)
	}
	return c.SendEach(stop, o.bareSend(), o.repeat, o.interval)
}
