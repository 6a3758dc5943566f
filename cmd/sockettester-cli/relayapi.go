package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/toxiapi"
)

// relayAPIProxy is the name the relay from --to gets in the API.
const relayAPIProxy = "relay"

// parseAPIAddr reads --api: host:port, or a bare port for 127.0.0.1 only.
func parseAPIAddr(s string) (string, error) {
	a, err := addr.ParseListen(s)
	if err != nil {
		return "", usageErrorf("relay", "--api: %v (e.g. --api 8474 or --api 127.0.0.1:8474)", err)
	}
	return a, nil
}

// apiOnlyFlags refuses, with --api and no --to, the flags only the relay
// from --to would use; err, if any, comes first.
func apiOnlyFlags(fs *flag.FlagSet, o relayOptions, err error) error {
	if err != nil {
		return err
	}
	for _, name := range []string{"condition", "conditions", "listen", "tls", "tls-to"} {
		if flagWasSet(fs, name) {
			return usageErrorf("relay", "--%s applies to the relay from --to, and there is none: give --to HOST:PORT too, or make proxies and toxics through the API (POST /proxies, POST /proxies/NAME/toxics)", name)
		}
	}
	return nil
}

// runRelayAPI serves toxiproxy's HTTP API on o.api until interrupted; the
// relay from --to, if given, is its proxy named "relay".
func runRelayAPI(ctx context.Context, o relayOptions, std stdio) error {
	ctx, stop := interruptible(ctx)
	defer stop()
	q := sockets.NewEventQueue(16 * 1024)
	api := toxiapi.New()
	api.Events = q
	if o.seedGiven {
		api.Seed = &o.conds.seed
	}
	defer api.Close()
	ln, err := net.Listen("tcp", o.api)
	if err != nil {
		return fmt.Errorf("--api %s: %w (choose a free port, e.g. --api 127.0.0.1:8474)", o.api, err)
	}
	p := &eventPrinter{w: bufio.NewWriter(std.out), json: o.json, quiet: o.quiet}
	if o.cfg.ForwardTo != "" {
		px, err := api.Adopt(relayAPIProxy, o.cfg)
		if err != nil {
			ln.Close()
			return err
		}
		r := api.Server(relayAPIProxy)
		if err := o.tlsFlags.saveCertificate(r.Certificate()); err != nil {
			ln.Close()
			return err
		}
		p.listening(r.Config().Network, r.Addr(), r.Certificate(), " relay to "+px.Upstream)
		first := r.Addr().String()
		p.listenEvents = func(e sockets.Event) bool {
			// The relay's first listening event is the line above.
			if e.Local == first {
				first = ""
				return false
			}
			return true
		}
	} else {
		p.listenEvents = func(sockets.Event) bool { return true }
	}
	p.listening("tcp", ln.Addr(), nil, " toxiproxy api")
	hs := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	err = p.printUntilDone(ctx, q)
	stop()
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = hs.Shutdown(shut)
	if e := <-served; err == nil && !errors.Is(e, http.ErrServerClosed) {
		err = e
	}
	api.Close()
	if err != nil {
		return err
	}
	p.drain(q, 0)
	return p.flush()
}
