package sockets

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"

	"github.com/sockettester/sockettester/sockets/msg"
)

// The SOCKS5 client is written here (RFC 1928, RFC 1929) rather than taken
// from golang.org/x/net/proxy: that one reports a refusal as English text
// only ("unknown error connection not allowed by ruleset"), and the window
// needs the proxy's reply code to say it in the user's language.

const (
	socksVersion     = 5
	socksNoAuth      = 0x00
	socksUserPass    = 0x02
	socksNoMethod    = 0xff
	socksConnect     = 0x01
	socksAtypIPv4    = 0x01
	socksAtypDomain  = 0x03
	socksAtypIPv6    = 0x04
	socksAuthVersion = 0x01
)

// socksReplies names the reply codes of RFC 1928 section 6.
var socksReplies = map[byte]msg.Code{
	0x01: codeSOCKSFailure,
	0x02: codeSOCKSRuleset,
	0x03: codeSOCKSNetUnreach,
	0x04: codeSOCKSHostUnrch,
	0x05: codeSOCKSConnRefuse,
	0x06: codeSOCKSTTL,
	0x07: codeSOCKSCommand,
	0x08: codeSOCKSAddrType,
}

// errSOCKSShort stands for an answer cut short: the proxy closed.
var errSOCKSShort = errors.New("socks5: short answer")

// socks5Connect asks the proxy on conn to connect to target, sending a
// name as a name so that the proxy resolves it.
func (p *Proxy) socks5Connect(conn net.Conn, target string) error {
	host, portText, err := net.SplitHostPort(target)
	if err != nil {
		return err
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		n, lerr := net.LookupPort("tcp", portText)
		if lerr != nil {
			return lerr
		}
		port = uint64(n)
	}
	methods := []byte{socksNoAuth}
	if p.User != "" {
		methods = []byte{socksNoAuth, socksUserPass}
	}
	if _, err := conn.Write(append([]byte{socksVersion, byte(len(methods))}, methods...)); err != nil {
		return err
	}
	var b [2]byte
	if err := p.readSOCKS(conn, b[:]); err != nil {
		return err
	}
	if b[0] != socksVersion {
		return msg.NewError(codeProxyNotSOCKS, "Proxy", p.String())
	}
	switch b[1] {
	case socksNoAuth:
	case socksUserPass:
		if p.User == "" {
			return p.refused(target, msg.NewError(codeProxyNeedsAuth))
		}
		if err := p.socksLogin(conn, target); err != nil {
			return err
		}
	case socksNoMethod:
		if p.User == "" {
			return p.refused(target, msg.NewError(codeProxyNeedsAuth))
		}
		return p.refused(target, msg.NewError(codeProxyNoMethod))
	default:
		return p.refused(target, msg.NewError(codeProxyNoMethod))
	}
	req := []byte{socksVersion, socksConnect, 0}
	if ip, err := netip.ParseAddr(host); err == nil && ip.Zone() == "" {
		if ip.Is4() || ip.Is4In6() {
			a := ip.Unmap().As4()
			req = append(append(req, socksAtypIPv4), a[:]...)
		} else {
			a := ip.As16()
			req = append(append(req, socksAtypIPv6), a[:]...)
		}
	} else {
		if len(host) > 255 {
			return p.refused(target, msg.NewError(codeSOCKSAddrType))
		}
		req = append(append(req, socksAtypDomain, byte(len(host))), host...)
	}
	req = append(req, byte(port>>8), byte(port))
	if _, err := conn.Write(req); err != nil {
		return err
	}
	var head [4]byte
	if err := p.readSOCKS(conn, head[:]); err != nil {
		return err
	}
	if head[0] != socksVersion {
		return msg.NewError(codeProxyNotSOCKS, "Proxy", p.String())
	}
	if head[1] != 0 {
		meaning, ok := socksReplies[head[1]]
		if !ok {
			meaning = codeSOCKSFailure
		}
		return p.refused(target, msg.NewError(codeSOCKSReply, "Reply", fmt.Sprintf("0x%02x", head[1]), "Meaning", msg.New(meaning)))
	}
	// The address the proxy bound for us: read and dropped.
	var rest int
	switch head[3] {
	case socksAtypIPv4:
		rest = 4 + 2
	case socksAtypIPv6:
		rest = 16 + 2
	case socksAtypDomain:
		var n [1]byte
		if err := p.readSOCKS(conn, n[:]); err != nil {
			return err
		}
		rest = int(n[0]) + 2
	default:
		return msg.NewError(codeProxyNotSOCKS, "Proxy", p.String())
	}
	return p.readSOCKS(conn, make([]byte, rest))
}

// socksLogin sends the user name and password (RFC 1929).
func (p *Proxy) socksLogin(conn net.Conn, target string) error {
	if len(p.User) > 255 || len(p.Pass) > 255 {
		return p.refused(target, msg.NewError(codeProxyAuthFailed))
	}
	req := []byte{socksAuthVersion, byte(len(p.User))}
	req = append(append(req, p.User...), byte(len(p.Pass)))
	req = append(req, p.Pass...)
	if _, err := conn.Write(req); err != nil {
		return err
	}
	var b [2]byte
	if err := p.readSOCKS(conn, b[:]); err != nil {
		if errors.Is(err, errSOCKSShort) {
			// microsocks closes at once on a wrong password.
			return p.refused(target, msg.NewError(codeProxyAuthFailed))
		}
		return err
	}
	if b[1] != 0 {
		return p.refused(target, msg.NewError(codeProxyAuthFailed))
	}
	return nil
}

// readSOCKS fills b; a proxy that closes part way is said so.
func (p *Proxy) readSOCKS(conn net.Conn, b []byte) error {
	_, err := io.ReadFull(conn, b)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &msg.Error{Message: msg.New(codeProxyClosed, "Proxy", p.String()), Err: errSOCKSShort}
	}
	return err
}
