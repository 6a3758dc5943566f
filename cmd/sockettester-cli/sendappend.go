package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/tmpl"
)

// appendFlag is send's --append NAME: a checksum added after the payload.
type appendFlag struct{ name *string }

func addAppendFlag(fs *flag.FlagSet) appendFlag {
	return appendFlag{name: fs.String("append", "", "")}
}

// apply appends the checksum to p, telling stderr which bytes were added;
// without --append it returns p as it is.
func (a appendFlag) apply(fs *flag.FlagSet, p []byte, stream bool, stderr io.Writer) ([]byte, error) {
	if !flagWasSet(fs, "append") {
		return p, nil
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
	sum := sp.Sum(p)
	fmt.Fprintf(stderr, "appended %s: %s\n", sp, payload.HexString(sum))
	return append(p, sum...), nil
}

// sendTemplate returns, for a text PAYLOAD with placeholders ({{counter}},
// {{time}}, {{unixtime}}, {{random:N}}), what makes each send's bytes, the
// checksum of --append after them, and what the first send will be; nil
// for any other payload.
func sendTemplate(rest []string, hex bool, eol payload.LineEnding, sum appendFlag, fs *flag.FlagSet) (next func() []byte, first []byte, err error) {
	if hex || len(rest) != 1 || rest[0] == "-" || !strings.Contains(rest[0], "{{") || flagWasSet(fs, "packet") {
		return nil, nil, nil
	}
	s, err := tmpl.NewSender(rest[0], eol)
	if err != nil {
		return nil, nil, usageErrorf("send", "invalid payload: %v", err)
	}
	if s.Static() {
		return nil, nil, nil
	}
	var sp *checksum.Spec
	if flagWasSet(fs, "append") {
		c, err := checksum.Parse(*sum.name)
		if err != nil {
			return nil, nil, usageErrorf("send", "--append: %v", err)
		}
		sp = &c
	}
	withSum := func(b []byte) []byte {
		if sp != nil {
			b = sp.Append(b)
		}
		return b
	}
	return func() []byte { return withSum(s.Next(nil)) }, withSum(s.Peek(nil)), nil
}

// nextSend returns what makes each send's bytes: the template's, or the
// payload every time.
func (o *sendOptions) nextSend() func() []byte {
	if o.next != nil {
		return o.next
	}
	return func() []byte { return o.payload }
}
