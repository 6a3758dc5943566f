package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sockettester/sockettester/sockets/ifaces"
)

const ifacesUsage = `usage: sockettester-cli ifaces [--json]

List this machine's network interfaces: name, index, flags (up, loopback,
multicast, broadcast), MTU and MAC, then one line per address, with each
IPv4 network's directed broadcast, e.g.

  eth0 (index 2) up multicast broadcast mtu 1500 mac 02:00:5e:10:00:01
    192.0.2.1/24 broadcast 192.0.2.255
    2001:db8::1/64

The name is what --iface takes (serve --join, send to a group or broadcast,
send --wol).

Flags:
  --json      one JSON object per interface and line: name, index, mtu, mac,
              up, loopback, multicast, broadcast, addrs [{prefix, broadcast}]
  -h, --help  show this help
`

func runIfaces(_ context.Context, args []string, std stdio) error {
	fs := newFlagSet("ifaces")
	asJSON := fs.Bool("json", false, "")
	rest, err := parseFlags(fs, args, ifacesUsage, std)
	if err != nil {
		return helpOK(err)
	}
	if len(rest) > 0 {
		return usageErrorf("ifaces", "unexpected argument %q (ifaces takes only --json)", rest[0])
	}
	list, err := ifaces.List()
	if err != nil {
		return fmt.Errorf("list interfaces: %w", err)
	}
	for _, i := range list {
		if *asJSON {
			b, _ := json.Marshal(i)
			fmt.Fprintf(std.out, "%s\n", b)
			continue
		}
		fmt.Fprintln(std.out, i)
	}
	return nil
}
