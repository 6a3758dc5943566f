package sockets

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/testpeers"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// lookPeer finds a real peer program, skipping the test without it unless
// testpeers.NeedPeers is set.
func lookPeer(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		testpeers.Missing(t, name, name)
	}
	return p
}

// testCA is a certificate authority that issues client certificates.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(t testing.TB, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name, Organization: []string{"Socket Tester"}},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return &testCA{cert: c, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue makes a client certificate for cn valid from notBefore to notAfter,
// as a tls.Certificate and as PEM files.
func (ca *testCA) issue(t testing.TB, cn string, notBefore, notAfter time.Time) (tls.Certificate, string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalPKCS8PrivateKey(key)
	dir := t.TempDir()
	certFile := writeFile(t, dir, "client.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	keyFile := writeFile(t, dir, "client.key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}))
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, certFile, keyFile
}

// TestServerRequiresClientCert has crypto/tls clients offer a server with
// a client CA: a certificate the CA issued, none, one from another CA and
// an expired one. Each gives one event: verified with its subject, or why
// it was refused, naming the CAs.
func TestServerRequiresClientCert(t *testing.T) {
	now := time.Now()
	ca, other := newTestCA(t, "Test Client CA"), newTestCA(t, "Other CA")
	alice, _, _ := ca.issue(t, "alice", now.Add(-time.Hour), now.Add(time.Hour))
	old, _, _ := ca.issue(t, "old", now.Add(-72*time.Hour), now.Add(-48*time.Hour))
	mallory, _, _ := other.issue(t, "mallory", now.Add(-time.Hour), now.Add(time.Hour))
	caFile := writeFile(t, t.TempDir(), "ca.pem", ca.pem)
	for _, version := range []uint16{tls.VersionTLS13, tls.VersionTLS12} {
		tests := []struct {
			name   string
			cert   *tls.Certificate
			reason tlsinfo.Failure
			want   string
		}{
			{"issued by the CA", &alice, 0, "client certificate verified: CN=alice, issued by CN=Test Client CA,O=Socket Tester; " + tls.VersionName(version)},
			{"none", nil, tlsinfo.NoClientCert, "the client sent no certificate, and this server requires one issued by CN=Test Client CA,O=Socket Tester (openssl s_client -cert FILE -key FILE; curl --cert FILE --key FILE)"},
			{"another CA", &mallory, tlsinfo.UnknownAuthority, "the client's certificate CN=mallory is issued by CN=Other CA,O=Socket Tester, not by a CA this server trusts for clients (CN=Test Client CA,O=Socket Tester)"},
			{"expired", &old, tlsinfo.Expired, "the client's certificate CN=old was refused: certificate expired on " + old.Leaf.NotAfter.UTC().Format(time.DateTime) + " UTC (2 days ago)"},
		}
		for _, tt := range tests {
			t.Run(tls.VersionName(version)+"/"+tt.name, func(t *testing.T) {
				q := NewEventQueue(0)
				s := startTLSServer(t, ServerConfig{Events: q, TLS: &ServerTLS{ClientCAFile: caFile}})
				roots := x509.NewCertPool()
				roots.AppendCertsFromPEM(s.Certificate().PEM)
				cfg := &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MaxVersion: version,
					GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
						if tt.cert == nil {
							return &tls.Certificate{}, nil
						}
						return tt.cert, nil
					}}
				d := tls.Dialer{Config: cfg}
				ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
				defer cancel()
				c, err := d.DialContext(ctx, "tcp", s.Addr().String())
				if err == nil {
					// In TLS 1.3 the server refuses after the client's side is done.
					c.SetDeadline(time.Now().Add(testTimeout))
					c.Write([]byte("x"))
					c.Read(make([]byte, 1))
					c.Close()
				}
				if tt.reason == 0 {
					ev := waitEvent(t, q, kindIs(SideServer, KindTLS))
					if got := ev[len(ev)-1].Msg; !strings.HasPrefix(got, tt.want) {
						t.Errorf("TLS event %q; want it to start %q", got, tt.want)
					}
					return
				}
				ev := waitEvent(t, q, kindIs(SideServer, KindError))
				var te *tlsinfo.Error
				if e := ev[len(ev)-1]; !errors.As(e.Err, &te) || te.Reason != tt.reason || te.Text != tt.want {
					t.Errorf("server error %v (reason %v); want %v, %q", e.Err, te, tt.reason, tt.want)
				}
			})
		}
	}
}

// TestServerClientCASettings checks a client CA that cannot be read or
// holds no certificate stops Start with a message naming the file.
func TestServerClientCASettings(t *testing.T) {
	dir := t.TempDir()
	junk := writeFile(t, dir, "junk.pem", []byte("not a certificate\n"))
	for _, tt := range []struct {
		tls  ServerTLS
		want string
	}{
		{ServerTLS{ClientCAFile: dir + "/nope.pem"}, "client CA file: open " + dir + "/nope.pem: no such file or directory"},
		{ServerTLS{ClientCAFile: junk}, "client CA file " + junk + " holds no PEM certificate (want the CA's -----BEGIN CERTIFICATE----- that issued the clients' certificates)"},
		{ServerTLS{ClientCAPEM: []byte("junk")}, "the client CA certificates given hold no PEM certificate"},
	} {
		s := NewServer(ServerConfig{Addr: "127.0.0.1:0", TLS: &tt.tls})
		if err := s.Start(); err == nil || !strings.Contains(err.Error(), tt.want) {
			s.Stop()
			t.Errorf("Start with %+v: %v; want %q", tt.tls, err, tt.want)
		}
	}
}

// TestServerClientCertInterop has openssl s_client and curl, real TLS
// clients, offer a server with a client CA: a certificate the CA issued
// is verified (and curl gets the server's HTTP reply), none and one from
// another CA are refused, each saying why.
func TestServerClientCertInterop(t *testing.T) {
	openssl, curl := lookPeer(t, "openssl"), lookPeer(t, "curl")
	now := time.Now()
	ca, other := newTestCA(t, "Test Client CA"), newTestCA(t, "Other CA")
	_, aliceCert, aliceKey := ca.issue(t, "alice", now.Add(-time.Hour), now.Add(time.Hour))
	_, malloryCert, malloryKey := other.issue(t, "mallory", now.Add(-time.Hour), now.Add(time.Hour))
	const reply = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
	verified := "client certificate verified: CN=alice, issued by CN=Test Client CA,O=Socket Tester; TLS 1.3"
	none := "the client sent no certificate, and this server requires one issued by CN=Test Client CA,O=Socket Tester"
	otherCA := "the client's certificate CN=mallory is issued by CN=Other CA,O=Socket Tester, not by a CA this server trusts for clients (CN=Test Client CA,O=Socket Tester)"
	tests := []struct {
		name string
		args func(addr, serverCA string) []string
		want string // the server's event
		out  string // what curl printed, when it gets an answer
	}{
		{"s_client with the CA's certificate", func(addr, sca string) []string {
			return []string{openssl, "s_client", "-quiet", "-no_ign_eof", "-connect", addr, "-CAfile", sca, "-cert", aliceCert, "-key", aliceKey}
		}, verified, ""},
		{"s_client without a certificate", func(addr, sca string) []string {
			return []string{openssl, "s_client", "-quiet", "-no_ign_eof", "-connect", addr, "-CAfile", sca}
		}, none, ""},
		{"s_client with another CA's certificate", func(addr, sca string) []string {
			return []string{openssl, "s_client", "-quiet", "-no_ign_eof", "-connect", addr, "-CAfile", sca, "-cert", malloryCert, "-key", malloryKey}
		}, otherCA, ""},
		{"curl --cert", func(addr, sca string) []string {
			return []string{curl, "-sS", "--max-time", "10", "--cacert", sca, "--cert", aliceCert, "--key", aliceKey, "https://" + addr + "/"}
		}, verified, "ok\n"},
		{"curl without --cert", func(addr, sca string) []string {
			return []string{curl, "-sS", "--max-time", "10", "--cacert", sca, "https://" + addr + "/"}
		}, none, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := NewEventQueue(0)
			s := startTLSServer(t, ServerConfig{Events: q, Mode: ModeReply, Reply: []byte(reply), TLS: &ServerTLS{ClientCAPEM: ca.pem}})
			sca := writeFile(t, t.TempDir(), "server.pem", s.Certificate().PEM)
			args := tt.args(s.Addr().String(), sca)
			ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, args[0], args[1:]...)
			cmd.Stdin = strings.NewReader("GET / HTTP/1.0\r\n\r\n")
			out, _ := cmd.Output()
			if tt.out != "" && string(out) != tt.out {
				t.Errorf("%s printed %q; want %q", args[0], out, tt.out)
			}
			kind := KindError
			if tt.want == verified {
				kind = KindTLS
			}
			ev := waitEvent(t, q, kindIs(SideServer, kind))
			e := ev[len(ev)-1]
			got := e.Msg
			if e.Err != nil {
				got = e.Err.Error()
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("server event %q; want it to say %q", got, tt.want)
			}
		})
	}
}
