// Package ifaces lists the machine's network interfaces as a person picks
// one for multicast or broadcast: name, index, flags, and addresses with
// each IPv4 network's directed broadcast.
package ifaces

import (
	"net"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets"
)

// Interface is one network interface.
type Interface struct {
	Name      string `json:"name"`
	Index     int    `json:"index"` // what the system joins groups by
	MTU       int    `json:"mtu"`
	MAC       string `json:"mac,omitempty"`
	Up        bool   `json:"up"`
	Loopback  bool   `json:"loopback"`
	Multicast bool   `json:"multicast"` // the system marks it multicast-capable
	Broadcast bool   `json:"broadcast"`
	Addrs     []Addr `json:"addrs"`
}

// Addr is one address of an interface.
type Addr struct {
	Prefix    string `json:"prefix"`              // address and prefix length, e.g. 192.0.2.1/24
	Broadcast string `json:"broadcast,omitempty"` // IPv4: the network's directed broadcast, e.g. 192.0.2.255
}

// List returns the interfaces in the system's order.
func List() ([]Interface, error) {
	all, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	out := make([]Interface, 0, len(all))
	for _, ni := range all {
		i := Interface{Name: ni.Name, Index: ni.Index, MTU: ni.MTU, MAC: ni.HardwareAddr.String(),
			Up: ni.Flags&net.FlagUp != 0, Loopback: ni.Flags&net.FlagLoopback != 0,
			Multicast: ni.Flags&net.FlagMulticast != 0, Broadcast: ni.Flags&net.FlagBroadcast != 0,
			Addrs: []Addr{}}
		addrs, _ := ni.Addrs()
		for _, a := range addrs {
			ad := Addr{Prefix: a.String()}
			if b, ok := sockets.DirectedBroadcast(a); ok && i.Broadcast {
				ad.Broadcast = b.String()
			}
			i.Addrs = append(i.Addrs, ad)
		}
		out = append(out, i)
	}
	return out, nil
}

// String renders the interface as text: a line with its name, index and
// flags, then one indented line per address, e.g.
//
//	eth0 (index 2) up multicast broadcast mtu 1500 mac 02:00:5e:10:00:01
//	  192.0.2.1/24 broadcast 192.0.2.255
//	  2001:db8::1/64
func (i Interface) String() string {
	var b strings.Builder
	b.WriteString(i.Name + " (index " + strconv.Itoa(i.Index) + ")")
	for _, f := range []struct {
		on   bool
		name string
	}{{i.Up, "up"}, {!i.Up, "down"}, {i.Loopback, "loopback"}, {i.Multicast, "multicast"}, {i.Broadcast, "broadcast"}} {
		if f.on {
			b.WriteString(" " + f.name)
		}
	}
	b.WriteString(" mtu " + strconv.Itoa(i.MTU))
	if i.MAC != "" {
		b.WriteString(" mac " + i.MAC)
	}
	for _, a := range i.Addrs {
		b.WriteString("\n  " + a.Prefix)
		if a.Broadcast != "" {
			b.WriteString(" broadcast " + a.Broadcast)
		}
	}
	return b.String()
}
