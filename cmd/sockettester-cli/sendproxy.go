package main

import (
	"flag"

	"github.com/sockettester/sockettester/sockets"
)

// proxyFlag checks send's --proxy: a SOCKS5 or HTTP proxy address, for a
// TCP (TLS, STARTTLS) or WebSocket client.
func proxyFlag(fs *flag.FlagSet, proxy, network string) error {
	if !flagWasSet(fs, "proxy") {
		return nil
	}
	if _, err := sockets.ParseProxy(proxy); err != nil {
		return usageErrorf("send", "--proxy: %v", err)
	}
	if network != "tcp" && network != sockets.NetworkWS {
		return usageErrorf("send", "--proxy needs --tcp or --ws: a proxy carries TCP, TLS and WebSocket, not %s", network)
	}
	return nil
}
