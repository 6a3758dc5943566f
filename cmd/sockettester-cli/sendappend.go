package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/payload"
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
