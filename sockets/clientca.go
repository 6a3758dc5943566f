package sockets

import (
	"crypto/tls"
	"crypto/x509"
	"os"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// Codes of a server's client CA settings.
const (
	codeClientCAFile    msg.Code = "clientCAFile"
	codeClientCANotPEM  msg.Code = "clientCANotPEM"
	codeClientCAPEMNone msg.Code = "clientCAPEMNone"
)

var _ = msg.Define(map[msg.Code]string{
	codeClientCAFile:    "client CA file: {Err}",
	codeClientCANotPEM:  "client CA file {File} holds no PEM certificate (want the CA's -----BEGIN CERTIFICATE----- that issued the clients' certificates)",
	codeClientCAPEMNone: "the client CA certificates given hold no PEM certificate",
})

// requireClientCerts makes cfg require and verify client certificates when
// t names client CAs, and returns the CAs' subjects (nil when it does not).
func requireClientCerts(cfg *tls.Config, t *ServerTLS) ([]string, error) {
	if t.ClientCAFile == "" && len(t.ClientCAPEM) == 0 {
		return nil, nil
	}
	pool := x509.NewCertPool()
	var all []byte
	if t.ClientCAFile != "" {
		b, err := os.ReadFile(t.ClientCAFile)
		if err != nil {
			return nil, msg.Wrap(err, codeClientCAFile)
		}
		if !pool.AppendCertsFromPEM(b) {
			return nil, msg.NewError(codeClientCANotPEM, "File", t.ClientCAFile)
		}
		all = append(all, b...)
	}
	if len(t.ClientCAPEM) > 0 {
		if !pool.AppendCertsFromPEM(t.ClientCAPEM) {
			return nil, msg.NewError(codeClientCAPEMNone)
		}
		all = append(all, t.ClientCAPEM...)
	}
	cfg.ClientAuth = tls.RequireAndVerifyClientCert
	cfg.ClientCAs = pool
	return tlsinfo.CASubjects(all), nil
}
