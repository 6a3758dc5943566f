// Package netns builds small private networks for tests: network
// namespaces joined by veth pairs to a bridge, with addresses from the
// documentation ranges 192.0.2.0/24 and 2001:db8::/64. Nothing a test sends
// inside them reaches the machine's real interfaces. It needs root and the
// ip command (iproute2); without them New skips the test, saying why.
package netns

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Iface is the name of every host's interface to the shared link.
const Iface = "st0"

// Host is one namespace on the link.
type Host struct {
	NS   string     // the namespace's name, for ip netns exec
	IPv4 netip.Addr // 192.0.2.N on Iface, a /24
	IPv6 netip.Addr // 2001:db8::N on Iface, a /64
	// LinkLocal is fe80::N%st0, set by hand so it is usable at once: it is
	// the source of what the host sends to a link-scope group (ff12::...).
	LinkLocal netip.Addr
}

// Broadcast is the link's directed broadcast address.
var Broadcast = netip.MustParseAddr("192.0.2.255")

var seq atomic.Int64

// New makes n hosts (1 to 200) on one link and removes them when the test
// ends. It skips the test when not root or when ip is missing.
func New(t testing.TB, n int) []Host {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("netns: network namespaces are Linux only")
	}
	if os.Geteuid() != 0 {
		t.Skip("netns: needs root to make network namespaces (CI runs as root)")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("netns: needs the ip command (iproute2; scripts/deps.sh installs it)")
	}
	prefix := fmt.Sprintf("st-%d-%d", os.Getpid(), seq.Add(1))
	hub := prefix + "-hub"
	var made []string
	t.Cleanup(func() {
		for _, ns := range made {
			exec.Command("ip", "netns", "del", ns).Run()
		}
	})
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	addNS := func(name string) {
		t.Helper()
		run("netns", "add", name)
		made = append(made, name)
		run("-n", name, "link", "set", "lo", "up")
	}
	addNS(hub)
	// Snooping off: the bridge floods every group, as a plain switch does,
	// so "did not join, got nothing" is the receiver's doing.
	run("-n", hub, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0")
	run("-n", hub, "link", "set", "br0", "up")
	hosts := make([]Host, n)
	for i := range hosts {
		h := Host{NS: fmt.Sprintf("%s-%d", prefix, i+1),
			IPv4:      netip.AddrFrom4([4]byte{192, 0, 2, byte(i + 1)}),
			IPv6:      netip.MustParseAddr(fmt.Sprintf("2001:db8::%d", i+1)),
			LinkLocal: netip.MustParseAddr(fmt.Sprintf("fe80::%d%%%s", i+1, Iface))}
		addNS(h.NS)
		port := fmt.Sprintf("p%d", i+1)
		run("link", "add", Iface, "netns", h.NS, "type", "veth", "peer", "name", port, "netns", hub)
		run("-n", hub, "link", "set", port, "master", "br0")
		run("-n", hub, "link", "set", port, "up")
		run("-n", h.NS, "addr", "add", h.IPv4.String()+"/24", "broadcast", Broadcast.String(), "dev", Iface)
		run("-n", h.NS, "link", "set", Iface, "addrgenmode", "none")
		run("-n", h.NS, "addr", "add", h.IPv6.String()+"/64", "dev", Iface, "nodad")
		run("-n", h.NS, "addr", "add", h.LinkLocal.WithZone("").String()+"/64", "dev", Iface, "nodad")
		run("-n", h.NS, "link", "set", Iface, "up")
		hosts[i] = h
	}
	// A veth drops what is sent before its carrier is up: wait for every
	// end to be up, as nothing signals it.
	deadline := time.Now().Add(10 * time.Second)
	for i, h := range hosts {
		for _, end := range [][2]string{{h.NS, Iface}, {hub, fmt.Sprintf("p%d", i+1)}} {
			for {
				out, _ := exec.Command("ip", "-n", end[0], "-o", "link", "show", end[1]).Output()
				if strings.Contains(string(out), "state UP") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("netns: %s in %s is not up after 10 s: %s", end[1], end[0], out)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
	}
	return hosts
}

// Command returns cmd run inside the host's namespace (ip netns exec).
func (h Host) Command(name string, args ...string) *exec.Cmd {
	return exec.Command("ip", append([]string{"netns", "exec", h.NS, name}, args...)...)
}
