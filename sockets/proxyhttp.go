package sockets

import (
	"bufio"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/sockettester/sockettester/sockets/msg"
)

// httpConnect asks the HTTP proxy on conn for a tunnel to target (CONNECT,
// with basic Proxy-Authorization when the address has a user). The reader
// it returns may hold the first bytes from the target.
func (p *Proxy) httpConnect(conn net.Conn, target string) (*bufio.Reader, error) {
	var req strings.Builder
	req.WriteString("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n")
	if p.User != "" {
		cred := base64.StdEncoding.EncodeToString([]byte(p.User + ":" + p.Pass))
		req.WriteString("Proxy-Authorization: Basic " + cred + "\r\n")
	}
	req.WriteString("\r\n")
	if _, err := io.WriteString(conn, req.String()); err != nil {
		return nil, err
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, &msg.Error{Message: msg.New(codeProxyClosed, "Proxy", p.String()), Err: err}
	case err != nil:
		var ne net.Error
		if errors.As(err, &ne) {
			return nil, err
		}
		return nil, &msg.Error{Message: msg.New(codeProxyNotHTTP, "Proxy", p.String()), Err: err}
	}
	if resp.StatusCode/100 == 2 {
		return br, nil
	}
	resp.Body.Close()
	hint := codeProxyRulesHint
	switch {
	case resp.StatusCode == http.StatusProxyAuthRequired:
		hint = codeProxyHTTPAuth
	case resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout ||
		resp.StatusCode == http.StatusServiceUnavailable:
		hint = codeProxyTargetHint
	}
	// The status line as the proxy wrote it, e.g. "403 Access violation".
	return nil, p.refused(target, msg.NewError(codeProxyHTTPStatus, "Status", resp.Status, "Hint", msg.New(hint)))
}
