package tlsinfo

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Certificate is the certificate a TLS server or relay presents.
type Certificate struct {
	// PEM is the chain, leaf first, without the key: for openssl -CAfile, curl
	// --cacert or ClientTLS.CAPEM.
	PEM       []byte
	SHA256    string   // the leaf's fingerprint, hex pairs joined by ':'
	Info      CertInfo // the leaf
	Generated bool     // self-signed for this session

	pair tls.Certificate
}

// Covers reports whether every name is among the certificate's SANs.
func (c *Certificate) Covers(names []string) bool {
	for _, n := range names {
		if !slices.Contains(c.Info.SANs, n) {
			return false
		}
	}
	return true
}

// Generate makes a self-signed ECDSA P-256 certificate for names (host
// names and IP addresses), valid from a minute ago for valid.
func Generate(names []string, valid time.Duration) (*Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("generate serial number: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "Socket Tester session certificate", Organization: []string{"Socket Tester"}},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(valid),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	addSANs(tmpl, names)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("generate certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("generate certificate: %w", err)
	}
	pair := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
	c := New(pair, now)
	c.Generated = true
	return c, nil
}

func addSANs(tmpl *x509.Certificate, names []string) {
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
}

// New describes a key pair whose Leaf is set.
func New(pair tls.Certificate, now time.Time) *Certificate {
	var pemChain []byte
	for _, der := range pair.Certificate {
		pemChain = append(pemChain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	info := certInfo(pair.Leaf, now)
	return &Certificate{PEM: pemChain, SHA256: info.SHA256, Info: info, pair: pair}
}

// Load reads a PEM certificate (chain, leaf first) and its key and checks that
// they match, that the leaf is valid at now and that it covers one of names (if
// any). Errors name the file at fault.
func Load(certFile, keyFile string, names []string, now time.Time) (*Certificate, error) {
	pair, err := LoadKeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	leaf := pair.Leaf
	switch {
	case now.After(leaf.NotAfter):
		return nil, msg.NewError(codeCertExpired, "File", certFile, "Date", utcDate(leaf.NotAfter), "Ago", daysAgo(leaf.NotAfter, now))
	case now.Before(leaf.NotBefore):
		return nil, msg.NewError(codeCertNotYetValid, "File", certFile, "Date", utcDate(leaf.NotBefore))
	}
	if len(names) > 0 && commonNameOnly(leaf) {
		return nil, msg.NewError(codeCertCNOnly, "File", certFile, "Why", CommonNameOnlyMessage(leaf, names...))
	}
	if len(names) > 0 && !slices.ContainsFunc(names, func(n string) bool { return leaf.VerifyHostname(n) == nil }) {
		return nil, msg.NewError(codeCertWrongName, "File", certFile, "Names", certNames(leaf), "Want", strings.Join(names, " or "),
			"Hint", msg.New(codeCertNameHint))
	}
	return New(pair, now), nil
}

// LoadKeyPair reads a PEM certificate and key and parses the leaf; errors name
// the file at fault.
func LoadKeyPair(certFile, keyFile string) (tls.Certificate, error) {
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return tls.Certificate{}, msg.Wrap(err, codeCertFileErr)
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return tls.Certificate{}, msg.Wrap(err, codeKeyFileErr)
	}
	if !hasPEMBlock(certPEM, func(t string) bool { return t == "CERTIFICATE" }) {
		return tls.Certificate{}, msg.NewError(codeCertNotPEM, "File", certFile)
	}
	if !hasPEMBlock(keyPEM, func(t string) bool { return strings.HasSuffix(t, "PRIVATE KEY") }) {
		return tls.Certificate{}, msg.NewError(codeKeyNotPEM, "File", keyFile)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		if strings.Contains(err.Error(), "does not match") {
			return tls.Certificate{}, msg.Wrap(err, codeKeyMismatch, "Key", keyFile, "Cert", certFile)
		}
		return tls.Certificate{}, msg.Wrap(err, codeCertWithKey, "Cert", certFile, "Key", keyFile)
	}
	if pair.Leaf == nil {
		if pair.Leaf, err = x509.ParseCertificate(pair.Certificate[0]); err != nil {
			return tls.Certificate{}, msg.Wrap(err, codeCertFileNamed, "File", certFile)
		}
	}
	return pair, nil
}

// hasPEMBlock reports whether b holds a PEM block whose type passes ok.
func hasPEMBlock(b []byte, ok func(typ string) bool) bool {
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			return false
		}
		if ok(blk.Type) {
			return true
		}
	}
}

// certNames lists the names a certificate is for: its SANs, or its common
// name when it has none.
func certNames(c *x509.Certificate) string {
	names := sans(c)
	if len(names) == 0 && c.Subject.CommonName != "" {
		names = []string{c.Subject.CommonName}
	}
	if len(names) == 0 {
		return "no name at all"
	}
	return strings.Join(names, ", ")
}

// utcDate is t as certificate messages show it: "2026-01-02 15:04:05 UTC".
func utcDate(t time.Time) string { return t.UTC().Format(time.DateTime + " UTC") }

// daysAgo says how long ago t was: "today", "1 day ago", "3 days ago".
func daysAgo(t, now time.Time) msg.Message {
	d := int(now.Sub(t) / (24 * time.Hour))
	if d == 0 {
		return msg.New(codeToday)
	}
	return msg.New(codeDaysAgo, "N", d)
}

// KeyPair returns the certificate and its key for a tls.Config.
func (c *Certificate) KeyPair() tls.Certificate { return c.pair }
