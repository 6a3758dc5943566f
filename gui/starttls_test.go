package gui

import (
	"net"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/internal/testcert"
	"github.com/sockettester/sockettester/internal/testpeers"
	"github.com/sockettester/sockettester/sockets"
)

// TestClientStartTLSWithAiosmtpd chooses STARTTLS SMTP under Advanced and
// connects to aiosmtpd: the plain lines are log rows, then the handshake's
// row, and what is typed next goes over TLS.
func TestClientStartTLSWithAiosmtpd(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := testcert.New(t, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour), testcert.Names("127.0.0.1")).PEM(t)
	certFile, keyFile := writeTestFile(t, dir, "cert.pem", certPEM), writeTestFile(t, dir, "key.pem", keyPEM)
	target := testpeers.Aiosmtpd(t, certFile, keyFile, true)
	_, port, _ := net.SplitHostPort(target)
	p, _ := strconv.Atoi(port)

	h := newAppHarness(t)
	c := h.mw.client
	h.typeTLSTarget(p)
	retype(c.Tls.CaFile.Entry, certFile)
	c.Tls.StartTLS.SetValue(sockets.StartTLSSMTP)
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	h.waitFor("the TLS row", func() bool { _, _, ok := h.tlsRow(sockets.SideClient); return ok })
	for _, row := range []string{"EHLO sockettester.localhost\r\n", "STARTTLS\r\n"} {
		if !h.hasRow(sockets.SideClient, sockets.KindSent, []byte(row)) {
			t.Errorf("no sent row %q; log:\n%s", row, h.logText())
		}
	}
	if !h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("220 Ready to start TLS\r\n")) {
		t.Errorf("no received row for the go-ahead; log:\n%s", h.logText())
	}
	_, row, _ := h.tlsRow(sockets.SideClient)
	if row.TLS == nil || !row.TLS.Verified {
		t.Errorf("TLS row %+v; want a verified handshake", row)
	}
}
