package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// starttlsFlag checks --starttls and turns the TLS flags on with it: they
// then set up the handshake after the plain lines.
func starttlsFlag(fs *flag.FlagSet, tlsFlags *clientTLSFlags, proto, network string) error {
	if !flagWasSet(fs, "starttls") {
		return nil
	}
	if network == "udp" {
		return usageErrorf("send", "--starttls needs --tcp (mail and FTP servers speak TCP)")
	}
	if err := sockets.CheckStartTLS(proto); err != nil || proto == "" {
		return usageErrorf("send", "--starttls %q: want one of %s", proto, strings.Join(sockets.StartTLSProtocols, ", "))
	}
	if tlsFlags.enabled {
		return usageErrorf("send", "--starttls connects in plain text and then upgrades: leave out --tls (its --ca, --insecure, --sni and --cert flags work with --starttls)")
	}
	tlsFlags.enabled = true
	return nil
}

// printPlainTalk prints the plain lines of a STARTTLS exchange on w, "< "
// before a line received and "> " before one sent, escaped like PAYLOAD.
func printPlainTalk(w io.Writer, c *sockets.Client) {
	for _, l := range c.PlainTalk() {
		dir := "<"
		if l.Sent {
			dir = ">"
		}
		fmt.Fprintf(w, "%s %s\n", dir, payload.QuoteText([]byte(strings.TrimRight(l.Text, "\r\n"))))
	}
}
