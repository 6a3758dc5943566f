package gui

import (
	"crypto/tls"
	"crypto/x509"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/internal/testcert"
	"github.com/sockettester/sockettester/sockets"
)

// TestTLSServerClientCA types a client CA file into the server pane's TLS
// section and starts the server: a client with a certificate the CA
// covers is logged verified with its subject, one without is logged
// refused, saying why; the path is kept.
func TestTLSServerClientCA(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	dir := t.TempDir()
	certPEM, keyPEM := testcert.New(t, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour),
		func(c *x509.Certificate) { c.Subject.CommonName = "workshop client" }).PEM(t)
	caFile := writeTestFile(t, dir, "client.pem", certPEM)
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	test.Tap(s.Tls.On)
	retype(s.Tls.ClientCA.Entry, caFile)
	port := h.startTLSServer()
	target := "127.0.0.1:" + strconv.Itoa(port)
	for _, certs := range [][]tls.Certificate{{pair}, nil} {
		d := tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true, Certificates: certs}}
		conn, err := d.Dial("tcp", target)
		if err == nil {
			conn.SetDeadline(time.Now().Add(waitTimeout))
			conn.Write([]byte("x"))
			conn.Read(make([]byte, 1))
			conn.Close()
		}
	}
	for _, want := range []string{"client certificate verified: CN=workshop client, issued by CN=workshop client",
		"the client sent no certificate, and this server requires one issued by CN=workshop client"} {
		h.waitFor(want, func() bool { return strings.Contains(h.logText(), want) })
	}
	// The window's rows say it too, in its own words.
	var rows []string
	for _, r := range h.mw.log.Rows() {
		if r.Side == sockets.SideServer && (r.Kind == sockets.KindTLS || r.Kind == sockets.KindError) {
			rows = append(rows, logview.LogMessage(&r))
		}
	}
	shown := strings.Join(rows, "\n")
	for _, want := range []string{"client certificate verified: CN=workshop client, issued by CN=workshop client; TLS 1.3",
		"the client sent no certificate, and this server requires one issued by CN=workshop client"} {
		if !strings.Contains(shown, want) {
			t.Errorf("server rows %q; want %q", shown, want)
		}
	}
	if s.Tls.ClientCA.Text != caFile || !s.Tls.ClientCA.Entry.Disabled() {
		t.Errorf("client CA field %q (disabled %v) while running; want %q, locked", s.Tls.ClientCA.Text, s.Tls.ClientCA.Disabled(), caFile)
	}
}
