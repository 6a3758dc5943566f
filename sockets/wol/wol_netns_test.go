//go:build linux

package wol

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/netns"
	"github.com/sockettester/sockettester/sockets"
)

// TestWakeBetweenNamespaces: a magic packet broadcast out of host 1's link
// interface reaches a listener on port 9 in host 2 as the exact 102 bytes.
func TestWakeBetweenNamespaces(t *testing.T) {
	hosts := netns.New(t, 2)
	var rx *net.UDPConn
	if err := hosts[1].Do(func() (err error) {
		rx, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4zero, Port: Port})
		return err
	}); err != nil {
		t.Fatalf("listen in host 2: %v", err)
	}
	defer rx.Close()
	want, err := MagicPacket("02:00:5e:10:00:01")
	if err != nil {
		t.Fatal(err)
	}
	for _, iface := range []string{netns.Iface, ""} {
		var c *sockets.Client
		err := hosts[0].Do(func() error {
			to, err := Target(iface, Port)
			if err != nil {
				return err
			}
			if wantTo := map[string]string{netns.Iface: "192.0.2.255:9", "": "255.255.255.255:9"}[iface]; to != wantTo {
				t.Errorf("Target(%q) = %s; want %s", iface, to, wantTo)
			}
			// 255.255.255.255 leaves by the interface named; the
			// namespace has no default route to choose one.
			c, err = sockets.Dial(context.Background(), sockets.ClientConfig{Network: "udp", Addr: to, Broadcast: true, Iface: netns.Iface})
			return err
		})
		if err != nil {
			t.Fatalf("iface %q: %v", iface, err)
		}
		if err := c.Send(want); err != nil {
			t.Fatalf("Send: %v", err)
		}
		buf := make([]byte, 512)
		rx.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, from, err := rx.ReadFromUDPAddrPort(buf)
		c.Close()
		if err != nil || !bytes.Equal(buf[:n], want) || from.Addr().Unmap() != hosts[0].IPv4 {
			t.Fatalf("host 2 got % x from %v, %v; want the %d bytes % x from %v", buf[:n], from, err, Size, want, hosts[0].IPv4)
		}
	}
}

func TestTargetMistakes(t *testing.T) {
	if _, err := Target("nosuch0", Port); err == nil || err.Error()[:len(`no interface named "nosuch0"`)] != `no interface named "nosuch0"` {
		t.Fatalf("Target(nosuch0): %v", err)
	}
}
