package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// wsSendFlags are send's WebSocket flags.
type wsSendFlags struct {
	url, origin, subprotocol string
	binary                   bool
	headers                  headerList
	tls                      *sockets.ClientTLS
}

// headerList collects repeated --header "Name: value" flags.
type headerList []string

func (h *headerList) String() string     { return strings.Join(*h, ", ") }
func (h *headerList) Set(v string) error { *h = append(*h, v); return nil }

func addWSSendFlags(fs *flag.FlagSet) *wsSendFlags {
	w := &wsSendFlags{}
	fs.StringVar(&w.url, "ws", "", "")
	fs.StringVar(&w.origin, "origin", "", "")
	fs.StringVar(&w.subprotocol, "subprotocol", "", "")
	fs.BoolVar(&w.binary, "binary", false, "")
	fs.Var(&w.headers, "header", "")
	return w
}

// check reads the WebSocket flags: nil without --ws, and then none of
// its flags may be given.
func (w *wsSendFlags) check(fs *flag.FlagSet, tlsFlags *clientTLSFlags) error {
	if !flagWasSet(fs, "ws") {
		for _, name := range []string{"origin", "subprotocol", "binary", "header"} {
			if flagWasSet(fs, name) {
				return usageErrorf("send", "--%s needs --ws URL", name)
			}
		}
		return nil
	}
	for _, name := range []string{"tcp", "udp"} {
		if flagWasSet(fs, name) {
			return usageErrorf("send", "give --ws or --%s, not both", name)
		}
	}
	u, err := sockets.ParseWSURL(w.url)
	if err != nil {
		return usageErrorf("send", "--ws: %v", err)
	}
	if tlsFlags.enabled && u.Scheme == "ws" {
		return usageErrorf("send", "--tls with a ws:// URL: write wss://%s%s for WebSocket over TLS", u.Host, u.RequestURI())
	}
	tlsFlags.enabled = u.Scheme == "wss"
	if w.tls, err = tlsFlags.settings(fs, "send"); err != nil {
		if !tlsFlags.enabled {
			return usageErrorf("send", "--ca, --insecure, --cert and --key need a wss:// URL")
		}
		return err
	}
	for _, h := range w.headers {
		name, _, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(name) == "" || strings.ContainsAny(strings.TrimSpace(name), " \t") {
			return usageErrorf("send", "--header %q: write Name: value, e.g. --header 'Authorization: Bearer abc'", h)
		}
	}
	return nil
}

func (w *wsSendFlags) config() sockets.WSClientConfig {
	h := http.Header{}
	for _, line := range w.headers {
		name, value, _ := strings.Cut(line, ":")
		h.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	return sockets.WSClientConfig{URL: w.url, Header: h, Origin: w.origin, Binary: w.binary,
		Subprotocols: sockets.SplitList(w.subprotocol), TLS: w.tls}
}

// runSendWS sends the payload as --repeat WebSocket messages and prints
// each message that comes back, until --wait passes with nothing new.
func runSendWS(ctx context.Context, o sendOptions, std stdio) error {
	ctx, stop := interruptible(ctx)
	defer stop()
	out := &replyWriter{w: std.out, format: o.out}
	sink := newReplySink(out, o.maxBytes)
	events := sockets.NewEventQueue(4096)
	cfg := o.ws.config()
	cfg.Timeout, cfg.Events, cfg.CaptureBytes, cfg.Proxy = o.timeout, events, 1, o.proxy
	if o.out == "json" {
		cfg.CaptureBytes = 64 * 1024
	}
	cfg.OnMessage = func(_ string, p []byte) { sink.onData(p) }
	c, err := sockets.DialWS(ctx, cfg)
	if err != nil {
		out.events(events)
		if ctx.Err() != nil {
			return errors.New("interrupted")
		}
		return err
	}
	if p := c.Subprotocol(); p != "" && o.out != "json" {
		fmt.Fprintf(std.err, "--- subprotocol %s\n", p)
	}
	runErr := sendWSMessages(ctx, c, o, sink, out, events)
	c.Close()
	out.events(events)
	st := c.Stats()
	if o.wait > 0 && o.out != "json" {
		fmt.Fprintf(std.err, "--- %s: messages sent %d, received %d\n", o.ws.url, st.MsgsOut, st.MsgsIn)
	}
	return runErr
}

func sendWSMessages(ctx context.Context, c *sockets.WSClient, o sendOptions, sink *replySink, out *replyWriter, events *sockets.EventQueue) error {
	next := o.nextSend()
	for i := range o.repeat {
		if i > 0 && o.interval > 0 {
			select {
			case <-time.After(o.interval):
			case <-ctx.Done():
				return errors.New("interrupted")
			}
		}
		if err := c.Send(next()); err != nil {
			return err
		}
	}
	if o.wait == 0 {
		return nil
	}
	t := time.NewTimer(o.wait)
	defer t.Stop()
	for {
		select {
		case <-sink.arrived:
			t.Reset(o.wait)
		case <-sink.full:
			return nil
		case e := <-events.Events():
			out.event(e)
		case <-c.Done():
			if err := c.Err(); err != nil {
				return err
			}
			if _, n := sink.counts(); n == 0 {
				return fmt.Errorf("the server closed the connection without a reply")
			}
			return nil
		case <-t.C:
			if _, n := sink.counts(); n == 0 {
				return fmt.Errorf("no reply from %s within %v (sent %d messages)", o.ws.url, o.wait, c.Stats().MsgsOut)
			}
			return nil
		case <-ctx.Done():
			if _, n := sink.counts(); n == 0 {
				return errors.New("interrupted before any reply")
			}
			return nil
		}
	}
}
