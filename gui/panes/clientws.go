package panes

import (
	"net"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// parseTarget reads Host and Port into the client's Addr: host:port, or
// for WebSocket the ws:// or wss:// URL typed in Host (Port unused).
func (p *ClientPane) parseTarget() (target string, hostErr, portErr error) {
	if sockets.IsWS(p.Protocol.Value()) {
		url := strings.TrimSpace(p.Host.Text)
		if _, err := sockets.ParseWSURL(url); err != nil {
			return "", err, nil
		}
		return url, nil, nil
	}
	host, hostErr := addr.ParseHost(p.Host.Text)
	port, portErr := addr.ParseDialPort(p.Port.Text)
	if hostErr != nil || portErr != nil {
		return "", hostErr, portErr
	}
	return net.JoinHostPort(host, strconv.Itoa(port)), nil, nil
}

// useWSServer puts the server pane's WebSocket address in Host as a URL:
// wss:// when that server has a certificate.
func (p *ClientPane) useWSServer(network, host string, port int) {
	if !sockets.IsWS(network) {
		return
	}
	scheme := "ws://"
	if p.ServerCert != nil && p.ServerCert() != nil {
		scheme = "wss://"
	}
	p.Host.SetText(scheme + net.JoinHostPort(host, strconv.Itoa(port)) + "/")
}

// hostForProtocol keeps the typed target when the protocol changes between
// WebSocket and the others: Host and Port become ws://HOST:PORT/ in Host,
// and a ws:// or wss:// URL in Host goes back to its host and port. Text
// that is neither stays as typed, for the hint to explain.
func (p *ClientPane) hostForProtocol(network string) {
	text := strings.TrimSpace(p.Host.Text)
	if sockets.IsWS(network) {
		if text == "" || strings.Contains(text, "://") {
			return
		}
		host, err := addr.ParseHost(text)
		if err != nil {
			return
		}
		hp := host
		if port, err := addr.ParseDialPort(p.Port.Text); err == nil {
			hp = net.JoinHostPort(host, strconv.Itoa(port))
		} else if strings.Contains(host, ":") {
			hp = "[" + host + "]"
		}
		p.Host.SetText("ws://" + hp + "/")
		return
	}
	if !strings.HasPrefix(text, "ws://") && !strings.HasPrefix(text, "wss://") {
		return
	}
	u, err := sockets.ParseWSURL(text)
	if err != nil {
		return
	}
	p.Host.SetText(u.Hostname())
	if u.Port() != "" {
		p.Port.SetText(u.Port())
	}
}
