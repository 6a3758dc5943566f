package sockets

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Proxy schemes ParseProxy accepts. socks5h is curl's name for SOCKS5 with
// the proxy resolving names, which is what SOCKS5 here always does.
const (
	ProxySOCKS5 = "socks5"
	ProxyHTTP   = "http"
)

// Proxy is a SOCKS5 or HTTP CONNECT proxy a client reaches its target
// through (ClientConfig.Proxy). Make one with ParseProxy.
type Proxy struct {
	Scheme string // ProxySOCKS5 or ProxyHTTP
	Addr   string // the proxy's host:port
	User   string // "" : no authentication
	Pass   string
	url    *url.URL
}

// Proxy message codes.
const (
	codeProxyBadURL     msg.Code = "proxyBadURL"
	codeProxyBadScheme  msg.Code = "proxyBadScheme"
	codeProxyNoPort     msg.Code = "proxyNoPort"
	codeProxyBadPort    msg.Code = "proxyBadPort"
	codeProxyOnlyTCP    msg.Code = "proxyOnlyTCP"
	codeProxyDial       msg.Code = "proxyDial"
	codeProxyTunnel     msg.Code = "proxyTunnel"
	codeProxyRefused    msg.Code = "proxyRefused"
	codeProxyNotSOCKS   msg.Code = "proxyNotSOCKS"
	codeProxyNotHTTP    msg.Code = "proxyNotHTTP"
	codeProxyClosed     msg.Code = "proxyClosed"
	codeProxySilent     msg.Code = "proxySilent"
	codeProxyNeedsAuth  msg.Code = "proxyNeedsAuth"
	codeProxyAuthFailed msg.Code = "proxyAuthFailed"
	codeProxyNoMethod   msg.Code = "proxyNoMethod"
	codeProxyHTTPStatus msg.Code = "proxyHTTPStatus"
	codeProxyHTTPAuth   msg.Code = "proxyHTTPAuth"
	codeProxyRulesHint  msg.Code = "proxyRulesHint"
	codeProxyTargetHint msg.Code = "proxyTargetHint"
	codeSOCKSReply      msg.Code = "socksReply"
	codeSOCKSFailure    msg.Code = "socksFailure"
	codeSOCKSRuleset    msg.Code = "socksRuleset"
	codeSOCKSNetUnreach msg.Code = "socksNetUnreachable"
	codeSOCKSHostUnrch  msg.Code = "socksHostUnreachable"
	codeSOCKSConnRefuse msg.Code = "socksConnRefused"
	codeSOCKSTTL        msg.Code = "socksTTLExpired"
	codeSOCKSCommand    msg.Code = "socksCommand"
	codeSOCKSAddrType   msg.Code = "socksAddrType"
)

var _ = msg.Define(map[msg.Code]string{
	codeProxyBadURL:     "{URL} is not a proxy address: write socks5://HOST:PORT or http://HOST:PORT (USER:PASS@ before HOST if it asks for a password)",
	codeProxyBadScheme:  "{URL}: a proxy of kind {Scheme} is not known: write socks5://HOST:PORT or http://HOST:PORT",
	codeProxyNoPort:     "{URL} has no port: write socks5://HOST:PORT or http://HOST:PORT",
	codeProxyBadPort:    "{URL}: port {Port} is out of range: write socks5://HOST:PORT or http://HOST:PORT with a port from 1 to 65535",
	codeProxyOnlyTCP:    "a proxy carries TCP, TLS and WebSocket only, not {Network}; clear the proxy or choose TCP",
	codeProxyDial:       "proxy {Proxy}: {Err}",
	codeProxyTunnel:     "tunnel to {Target} open through {Proxy}",
	codeProxyRefused:    "the proxy {Proxy} refused to connect to {Target}: {Err}",
	codeProxyNotSOCKS:   "{Proxy} did not answer as a SOCKS5 proxy; check its port, or write http:// for an HTTP proxy",
	codeProxyNotHTTP:    "{Proxy} did not answer as an HTTP proxy; check its port, or write socks5:// for a SOCKS5 proxy",
	codeProxyClosed:     "{Proxy} closed the connection without answering; check that it is a proxy and allows this client",
	codeProxySilent:     "{Proxy} took the connection but gave no {Kind} answer in time; check its port and kind (socks5:// or http://)",
	codeProxyNeedsAuth:  "the proxy asks for a user name and password: write socks5://USER:PASS@HOST:PORT",
	codeProxyAuthFailed: "the proxy refused the user name or password; check USER:PASS in the proxy address",
	codeProxyNoMethod:   "the proxy accepts none of the ways to log in we offer (none, user name and password)",
	codeProxyHTTPStatus: "the proxy answered {Status}; {Hint}",
	codeProxyHTTPAuth:   "it asks for a user name and password: write http://USER:PASS@HOST:PORT, or check them",
	codeProxyRulesHint:  "its rules do not allow this target or port; check them (tinyproxy: Allow, ConnectPort)",
	codeProxyTargetHint: "the proxy could not reach the target; check that the target's host and port are right from the proxy's side",
	codeSOCKSReply:      "the proxy answered {Reply}: {Meaning}",
	codeSOCKSFailure:    "general failure of the SOCKS server",
	codeSOCKSRuleset:    "not allowed by ruleset; check the proxy's rules for this client and target",
	codeSOCKSNetUnreach: "network unreachable from the proxy",
	codeSOCKSHostUnrch:  "host unreachable from the proxy; check the target's name and address",
	codeSOCKSConnRefuse: "connection refused by the target; is something listening on that port?",
	codeSOCKSTTL:        "TTL expired on the way to the target",
	codeSOCKSCommand:    "the proxy does not support CONNECT",
	codeSOCKSAddrType:   "the proxy does not support this kind of address; try the target's IP address",
})

// ParseProxy checks a proxy address, socks5://[USER:PASS@]HOST:PORT or
// http://[USER:PASS@]HOST:PORT, and returns it. A mistake is a *msg.Error
// saying what would be right.
func ParseProxy(s string) (*Proxy, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return nil, msg.NewError(codeProxyBadURL, "URL", s)
	}
	scheme := strings.ToLower(u.Scheme)
	switch scheme {
	case "socks5", "socks5h":
		scheme = ProxySOCKS5
	case ProxyHTTP:
	default:
		return nil, msg.NewError(codeProxyBadScheme, "URL", s, "Scheme", u.Scheme)
	}
	if u.Hostname() == "" || u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		return nil, msg.NewError(codeProxyBadURL, "URL", s)
	}
	port := u.Port()
	if port == "" {
		return nil, msg.NewError(codeProxyNoPort, "URL", s)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return nil, msg.NewError(codeProxyBadPort, "URL", s, "Port", port)
	}
	p := &Proxy{Scheme: scheme, Addr: u.Host, url: u}
	if u.User != nil {
		p.User = u.User.Username()
		p.Pass, _ = u.User.Password()
	}
	return p, nil
}

// String returns the proxy's address with the password hidden.
func (p *Proxy) String() string {
	u := *p.url
	u.Path = ""
	return u.Redacted()
}

// DialContext reaches target (host:port; the proxy resolves a name)
// through the proxy. d connects to the proxy; the exchange with it is
// bounded by d's deadline and ctx. The connection's RemoteAddr is the
// target as written.
func (p *Proxy) DialContext(ctx context.Context, d *net.Dialer, target string) (net.Conn, error) {
	conn, err := d.DialContext(ctx, "tcp", p.Addr)
	if err != nil {
		return nil, msg.Wrap(ExplainNetError(err), codeProxyDial, "Proxy", p.String())
	}
	deadline := d.Deadline
	if d.Timeout > 0 && (deadline.IsZero() || time.Now().Add(d.Timeout).Before(deadline)) {
		deadline = time.Now().Add(d.Timeout)
	}
	if dl, ok := ctx.Deadline(); ok && (deadline.IsZero() || dl.Before(deadline)) {
		deadline = dl
	}
	if deadline.IsZero() {
		deadline = time.Now().Add(DefaultDialTimeout)
	}
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	var br *bufio.Reader
	if p.Scheme == ProxySOCKS5 {
		err = p.socks5Connect(conn, target)
	} else {
		br, err = p.httpConnect(conn, target)
	}
	if !stop() && err == nil {
		err = ctx.Err() // cancelled just as the proxy answered
	}
	if err != nil {
		conn.Close()
		var ne net.Error
		switch _, said := msg.Of(err); {
		case said:
		case errors.As(err, &ne) && ne.Timeout():
			kind := "SOCKS5"
			if p.Scheme == ProxyHTTP {
				kind = "HTTP"
			}
			err = &msg.Error{Message: msg.New(codeProxySilent, "Proxy", p.String(), "Kind", kind), Err: err}
		default:
			err = msg.Wrap(ExplainNetError(err), codeProxyDial, "Proxy", p.String())
		}
		return nil, err
	}
	conn.SetDeadline(time.Time{})
	return &tunnelConn{Conn: conn, br: br, target: tunnelAddr(target)}, nil
}

// tunnelMessage is the event text once the tunnel is up.
func (p *Proxy) tunnelMessage(target string) msg.Message {
	return msg.New(codeProxyTunnel, "Target", target, "Proxy", p.String())
}

// refused wraps why the proxy would not connect to target.
func (p *Proxy) refused(target string, why *msg.Error) error {
	return msg.Wrap(why, codeProxyRefused, "Proxy", p.String(), "Target", target)
}

// tunnelAddr is a tunnel's far end as written: the proxy may have
// resolved it, so it stays a name.
type tunnelAddr string

func (a tunnelAddr) Network() string { return "tcp" }
func (a tunnelAddr) String() string  { return string(a) }

// tunnelConn is a connection through a proxy: its RemoteAddr is the
// target, and what the proxy sent after its answer is read first.
type tunnelConn struct {
	net.Conn
	br     *bufio.Reader // nil, or holding bytes read past the proxy's answer
	target tunnelAddr
}

func (t *tunnelConn) RemoteAddr() net.Addr { return t.target }

func (t *tunnelConn) Read(p []byte) (int, error) {
	if t.br != nil {
		if t.br.Buffered() > 0 {
			return t.br.Read(p)
		}
		t.br = nil
	}
	return t.Conn.Read(p)
}

// CloseWrite half-closes the tunnel's TCP connection, which the proxy
// passes on.
func (t *tunnelConn) CloseWrite() error {
	if cw, ok := t.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// checkProxyConfig refuses a bad ClientConfig.Proxy, or a proxy for a
// network it cannot carry.
func checkProxyConfig(cfg ClientConfig) error {
	if cfg.Proxy == "" {
		return nil
	}
	if _, err := ParseProxy(cfg.Proxy); err != nil {
		return err
	}
	switch cfg.Network {
	case "tcp", "tcp4", "tcp6", NetworkWS:
		return nil
	}
	return msg.NewError(codeProxyOnlyTCP, "Network", cfg.Network)
}

// dialProxy reaches target through the proxy at proxyURL.
func dialProxy(ctx context.Context, d *net.Dialer, proxyURL, target string) (net.Conn, error) {
	p, err := ParseProxy(proxyURL)
	if err != nil {
		return nil, err
	}
	return p.DialContext(ctx, d, target)
}

// emitTunnel reports, for a client through a proxy, that the tunnel is up.
func (c *Client) emitTunnel() {
	if c.cfg.Proxy == "" {
		return
	}
	if p, err := ParseProxy(c.cfg.Proxy); err == nil {
		c.emit(said(Event{Kind: KindInfo}, p.tunnelMessage(c.cfg.Addr)))
	}
}
