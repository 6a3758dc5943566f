package scenario

import (
	"strings"

	"github.com/sockettester/sockettester/sockets"
)

// conn is what a scenario runs over: a TCP, UDP or TLS client, or a
// WebSocket one.
type conn interface {
	Send(p []byte) error
	Done() <-chan struct{}
	Err() error
	Close() error
}

func isWS(network string) bool { return network == "ws" || network == "wss" }

// splitWSPath splits "host:port/path?q" into "host:port" and "/path?q"
// ("/" when there is none).
func splitWSPath(s string) (hostPort, path string) {
	if i := strings.IndexAny(s, "/?"); i >= 0 {
		hostPort, path = s[:i], s[i:]
	} else {
		hostPort = s
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return hostPort, path
}

// dialWS connects a ws:// or wss:// scenario; every message that arrives
// is appended to what the expects look at, as TCP's bytes are.
func (r *runner) dialWS() (conn, error) {
	cfg := sockets.WSClientConfig{URL: r.sc.URL(), Timeout: r.sc.Timeout, Proxy: r.sc.Proxy, Events: r.opt.Events,
		CaptureBytes: r.opt.CaptureBytes, OnMessage: func(_ string, p []byte) { r.received(p) }}
	if r.sc.Network == "wss" {
		var cc sockets.ClientConfig
		clientTLS(&cc, r.sc.TLS)
		cfg.TLS = cc.TLS
	}
	return sockets.DialWS(r.ctx, cfg)
}
