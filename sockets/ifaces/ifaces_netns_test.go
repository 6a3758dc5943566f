//go:build linux

package ifaces

import (
	"strconv"
	"testing"

	"github.com/sockettester/sockettester/internal/netns"
)

// TestListInNamespace: a namespace with a known link lists exactly it and
// lo, with the link's addresses and broadcast.
func TestListInNamespace(t *testing.T) {
	hosts := netns.New(t, 1)
	var got []Interface
	if err := hosts[0].Do(func() (err error) { got, err = List(); return err }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "lo" || got[1].Name != netns.Iface {
		t.Fatalf("List() = %v; want lo and %s", got, netns.Iface)
	}
	st := got[1]
	if !st.Up || !st.Multicast || !st.Broadcast || st.Loopback || len(st.Addrs) != 3 ||
		st.Addrs[0] != (Addr{Prefix: "192.0.2.1/24", Broadcast: "192.0.2.255"}) ||
		st.Addrs[1] != (Addr{Prefix: "2001:db8::1/64"}) || st.Addrs[2] != (Addr{Prefix: "fe80::1/64"}) {
		t.Fatalf("%s: %+v", netns.Iface, st)
	}
	want := "st0 (index " + strconv.Itoa(st.Index) + ") up multicast broadcast mtu 1500 mac " + st.MAC +
		"\n  192.0.2.1/24 broadcast 192.0.2.255\n  2001:db8::1/64\n  fe80::1/64"
	if s := st.String(); s != want {
		t.Fatalf("String():\n%s\nwant\n%s", s, want)
	}
}
