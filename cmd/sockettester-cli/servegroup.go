package main

import (
	"flag"
	"strings"

	"github.com/sockettester/sockettester/sockets"
)

// listFlag is a flag that may be given more than once.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// serveGroupFlags are serve's multicast flags.
type serveGroupFlags struct {
	join   listFlag
	iface  *string
	source *string
}

func addServeGroupFlags(fs *flag.FlagSet) *serveGroupFlags {
	g := &serveGroupFlags{iface: fs.String("iface", "", ""), source: fs.String("source", "", "")}
	fs.Var(&g.join, "join", "")
	return g
}

// groups checks the flags and returns the groups to join.
func (g *serveGroupFlags) groups(fs *flag.FlagSet, udp string) ([]sockets.Group, error) {
	if len(g.join) == 0 {
		if flagWasSet(fs, "iface") || flagWasSet(fs, "source") {
			return nil, usageErrorf("serve", "--iface and --source go with --join GROUP")
		}
		return nil, nil
	}
	if udp == "" {
		return nil, usageErrorf("serve", "--join needs --udp ADDR (e.g. --udp 0.0.0.0:5000)")
	}
	if *g.iface != "" {
		if _, err := sockets.InterfaceByName(*g.iface); err != nil {
			return nil, usageErrorf("serve", "--iface: %v", err)
		}
	}
	out := make([]sockets.Group, 0, len(g.join))
	for _, j := range g.join {
		a, err := sockets.ParseGroup(j)
		if err != nil {
			return nil, usageErrorf("serve", "--join: %v", err)
		}
		out = append(out, sockets.Group{Addr: a.String(), Source: *g.source, Iface: *g.iface})
	}
	return out, nil
}
