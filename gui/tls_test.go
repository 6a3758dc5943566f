package gui

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/internal/testcert"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// startTLSServer ticks TLS on the server pane (a certificate generated for
// the session) and starts it; it returns the port.
func (h *appHarness) startTLSServer() int {
	h.t.Helper()
	s := h.mw.server
	if !s.Tls.On.Checked {
		test.Tap(s.Tls.On)
	}
	return h.startServer()
}

// typeTLSTarget types port into the client pane and ticks TLS, as for a
// server other than the app's own.
func (h *appHarness) typeTLSTarget(port int) {
	c := h.mw.client
	retype(c.Port, strconv.Itoa(port))
	test.Tap(c.Tls.On)
}

// tlsRow returns the first TLS handshake row of side s.
func (h *appHarness) tlsRow(s sockets.Side) (int, sockets.Event, bool) {
	for i, r := range h.mw.log.Rows() {
		if r.Side == s && r.Kind == sockets.KindTLS {
			return i, r, true
		}
	}
	return 0, sockets.Event{}, false
}

// TestTLSUseMyServer is the TLS demo: TLS on the server pane, Use my server
// carries it to the client, which trusts the app's own certificate, and
// the hello comes back over TLS 1.3.
func TestTLSUseMyServer(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	s, c := h.mw.server, h.mw.client
	if c.Tls.On.Checked || c.Tls.Skip.Checked || s.Tls.On.Checked {
		t.Fatal("TLS or Skip verification is on by default")
	}
	if c.Tls.Section.Visible() || s.Tls.Section.Visible() {
		t.Error("TLS settings show while TLS is off")
	}
	port := h.startTLSServer()
	cert := s.Certificate()
	if cert == nil || !cert.Generated {
		t.Fatalf("server certificate = %+v; want one generated for the session", cert)
	}
	if want := "SHA-256 " + cert.SHA256; s.Tls.Fingerprint.Text != want || !s.Tls.CopyBtn.Visible() {
		t.Errorf("fingerprint %q (Copy shown %v); want %q", s.Tls.Fingerprint.Text, s.Tls.CopyBtn.Visible(), want)
	}
	test.Tap(s.Tls.CopyBtn)
	if got := a.Clipboard().Content(); got != cert.SHA256 {
		t.Errorf("clipboard = %q; want the fingerprint %q", got, cert.SHA256)
	}

	h.connectToOwnServer()
	if !c.Tls.On.Checked || !c.Tls.TrustOwn || c.Tls.Skip.Checked {
		t.Errorf("after Use my server: TLS %v, trusts own %v, skip %v; want on, yes, no", c.Tls.On.Checked, c.Tls.TrustOwn, c.Tls.Skip.Checked)
	}
	h.typeAndSend(`hello\n`)
	h.assertExchange("hello\n", "hello\n")

	want := "Connected to 127.0.0.1:" + strconv.Itoa(port) + " · TLS 1.3"
	if got := c.Frame.State.Text; got != want {
		t.Errorf("client state = %q; want %q", got, want)
	}
	conn := c.Conn.Text.Text
	for _, w := range []string{"From 127.0.0.1:", "TLS 1.3, TLS_", "no ALPN", "certificate verified"} {
		if !strings.Contains(conn, w) {
			t.Errorf("connection row %q lacks %q", conn, w)
		}
	}
	i, row, ok := h.tlsRow(sockets.SideClient)
	if !ok {
		t.Fatalf("no client TLS row in the log:\n%s", h.logText())
	}
	if got := logview.LogCellContent(&row, false); !strings.HasPrefix(got, "TLS 1.3, TLS_") || !strings.HasSuffix(got, "; certificate verified") {
		t.Errorf("TLS row content = %q", got)
	}
	h.mw.log.Select(i)
	detail := h.mw.log.DetailText()
	for _, w := range []string{"Verification: certificate verified", "Certificate 1 of 1",
		"Subject     CN=Socket Tester session certificate", "Names       localhost, 127.0.0.1, ::1",
		"Key         ECDSA P-256", "SHA-256     " + cert.SHA256, "days left)", "Valid from  ", "Valid until "} {
		if !strings.Contains(detail, w) {
			t.Errorf("detail lacks %q:\n%s", w, detail)
		}
	}
	if _, _, ok := h.tlsRow(sockets.SideServer); !ok {
		t.Error("no server TLS row in the log")
	}
}

// TestTLSSkipVerification connects to the app's TLS server without
// trusting it, with Skip verification, which shows its warning.
func TestTLSSkipVerification(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	port := h.startTLSServer()
	h.typeTLSTarget(port)
	if !c.Tls.Section.Visible() || c.Tls.SkipWarn.Visible() {
		t.Fatalf("TLS on: section shown %v, warning shown %v; want the section, no warning", c.Tls.Section.Visible(), c.Tls.SkipWarn.Visible())
	}
	test.Tap(c.Tls.Skip)
	if !c.Tls.SkipWarn.Visible() || c.Tls.SkipWarn.Text != "Not verified: any server, or anyone in between, can pose as this one." {
		t.Errorf("Skip verification ticked: warning shown %v, %q", c.Tls.SkipWarn.Visible(), c.Tls.SkipWarn.Text)
	}
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	if got := c.Conn.Text.Text; !strings.Contains(got, "; verification skipped") {
		t.Errorf("connection row = %q; want verification skipped", got)
	}
	h.typeAndSend("skip")
	h.assertExchange("skip", "skip")
}

// TestTLSUntrustedServerSaysWhy connects with verification to a server
// whose certificate nothing trusts: the dialog and the log say so in plain
// words, the dialog with what to do, and the error row's detail shows the
// certificate presented.
func TestTLSUntrustedServerSaysWhy(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	port := h.startTLSServer()
	h.typeTLSTarget(port)
	test.Tap(c.ConnectBtn)
	const why = "the certificate is not signed by an authority this client trusts (self-signed?)"
	h.waitDialog("Could not connect to 127.0.0.1:" + strconv.Itoa(port) + " (TCP):\nThe certificate is not signed")
	for _, w := range []string{"as the CA file", "Skip verification"} {
		if d := h.dialogText(); !strings.Contains(d, w) {
			t.Errorf("dialog lacks the hint %q:\n%s", w, d)
		}
	}
	if d := h.dialogText(); strings.Contains(d, "x509") {
		t.Errorf("dialog shows crypto/tls's own words:\n%s", d)
	}
	if c.State != panes.ClientIdle {
		t.Errorf("client state %v after a failed handshake; want idle", c.State)
	}
	h.waitFor("the handshake error row", func() bool {
		_, ok := h.errorRow("TLS handshake failed")
		return ok
	})
	for i, r := range h.mw.log.Rows() {
		if r.Side != sockets.SideClient || r.Kind != sockets.KindError {
			continue
		}
		if got, want := logview.LogMessage(&r), "TLS handshake failed: "+why; got != want {
			t.Errorf("log message = %q; want %q", got, want)
		}
		h.mw.log.Select(i)
		detail := h.mw.log.DetailText()
		for _, w := range []string{"Handshake failed: The certificate is not signed", "crypto/tls said: tls: failed to verify certificate",
			"Certificate 1 of 1", "Names       localhost, 127.0.0.1, ::1", "as the CA file"} {
			if !strings.Contains(detail, w) {
				t.Errorf("error detail lacks %q:\n%s", w, detail)
			}
		}
		break
	}
}

// TestTLSToPlainServerSaysSo connects with TLS to a plain echo server: the
// dialog says what the server did and to untick TLS.
func TestTLSToPlainServerSaysSo(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	h.typeTLSTarget(h.startServer())
	test.Tap(c.ConnectBtn)
	h.waitDialog("The server sent our own TLS hello back: it speaks plain TCP")
	if d := h.dialogText(); !strings.Contains(d, "Untick TLS") {
		t.Errorf("dialog lacks the hint to untick TLS:\n%s", d)
	}
}

// TestTLSBadCertificateFileKeepsServerStopped tries to start with each
// kind of bad certificate file: the server stays stopped, the reason shows
// under the files and in the dialog, and nothing typed is lost.
func TestTLSBadCertificateFileKeepsServerStopped(t *testing.T) {
	cert, key := validCertFiles(t)
	_, otherKey := validCertFiles(t)
	oldCert, oldKey := certFiles(t, []string{"localhost"}, time.Now().Add(-72*time.Hour), time.Now().Add(-48*time.Hour))
	nameCert, nameKey := certFiles(t, []string{"example.com"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	junk := writeTestFile(t, t.TempDir(), "junk.pem", []byte("not a certificate\n"))
	missing := filepath.Join(t.TempDir(), "missing.pem")
	for _, tc := range []struct {
		name, cert, key string
		hint, dialog    string // under the files, and in the dialog
	}{
		{"not PEM", junk, key, "Certificate file " + junk + " is not PEM", "is not PEM"},
		{"key of another certificate", cert, otherKey, "Key file " + otherKey + " does not belong to certificate " + cert, "does not belong"},
		{"expired", oldCert, oldKey, "Certificate " + oldCert + " expired on ", "days ago"},
		{"wrong name", nameCert, nameKey, "", "is for example.com, not 127.0.0.1 or localhost"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newAppHarness(t)
			s := h.mw.server
			test.Tap(s.Tls.On)
			s.Tls.Source.SetValue(panes.TlsLoad)
			if !s.Tls.LoadRow.Visible() {
				t.Fatal("Load certificate… shows no file fields")
			}
			retype(s.Tls.Cert, tc.cert)
			retype(s.Tls.Key, tc.key)
			if s.StartBtn.Disabled() {
				t.Fatalf("Start is off with both files there; hints %q %q", s.Tls.Cert.Hint.Text, s.Tls.Key.Hint.Text)
			}
			test.Tap(s.StartBtn)
			h.waitDialog(tc.dialog)
			if s.State != panes.ServerStopped || s.Running() != nil {
				t.Errorf("server state %v after a bad certificate; want stopped", s.State)
			}
			if tc.hint != "" && (!s.Tls.LoadHint.Visible() || !strings.HasPrefix(s.Tls.LoadHint.Text, tc.hint)) {
				t.Errorf("hint under the files = %q (shown %v); want it to start %q", s.Tls.LoadHint.Text, s.Tls.LoadHint.Visible(), tc.hint)
			}
			if s.Tls.Cert.Text != tc.cert || s.Tls.Key.Text != tc.key {
				t.Errorf("files typed changed to %q %q", s.Tls.Cert.Text, s.Tls.Key.Text)
			}
			h.closeDialogs()
			// Another file clears the old reason.
			retype(s.Tls.Key, tc.key+"x")
			if s.Tls.LoadHint.Visible() {
				t.Errorf("the old reason %q stays after the key file changed", s.Tls.LoadHint.Text)
			}
		})
	}

	// A missing file says so under its field before Start; a good pair
	// starts, presenting the loaded certificate.
	h := newAppHarness(t)
	s := h.mw.server
	test.Tap(s.Tls.On)
	s.Tls.Source.SetValue(panes.TlsLoad)
	retype(s.Tls.Cert, missing)
	retype(s.Tls.Key, key)
	if want := "No file at " + missing; s.Tls.Cert.Hint.Text != want || !s.StartBtn.Disabled() {
		t.Errorf("missing file: hint %q, Start disabled %v; want %q and Start off", s.Tls.Cert.Hint.Text, s.StartBtn.Disabled(), want)
	}
	retype(s.Tls.Cert, cert)
	h.startServer()
	if got := s.Certificate(); got == nil || got.Generated || !strings.Contains(s.Tls.Fingerprint.Text, got.SHA256) {
		t.Errorf("running with %+v, fingerprint %q; want the loaded certificate", got, s.Tls.Fingerprint.Text)
	}
	h.connectToOwnServer()
	h.typeAndSend("loaded")
	h.assertExchange("loaded", "loaded")
}

// TestTLSServerNameForLoadedCertificate starts with a certificate for
// another name once Server name says it, and Use my server then connects
// by that name.
func TestTLSServerNameForLoadedCertificate(t *testing.T) {
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	cert, key := certFiles(t, []string{"example.test"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	test.Tap(s.Tls.On)
	s.Tls.Source.SetValue(panes.TlsLoad)
	retype(s.Tls.Cert, cert)
	retype(s.Tls.Key, key)
	retype(s.Tls.Name, "example.test")
	h.startServer()
	h.connectToOwnServer()
	if c.Tls.Name.Text != "example.test" {
		t.Errorf("Use my server set the TLS server name %q; want the certificate's, example.test", c.Tls.Name.Text)
	}
	if got := c.Conn.Text.Text; !strings.Contains(got, "certificate verified") {
		t.Errorf("connection row = %q", got)
	}
}

// TestTLSSettingsRemembered checks the TLS fields come back in a new
// window, and Use my server of a plain server turns client TLS off.
func TestTLSSettingsRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	s, c := h.mw.server, h.mw.client
	dir := t.TempDir()
	certPath, keyPath, caPath := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem"), filepath.Join(dir, "ca.pem")
	test.Tap(s.Tls.On)
	s.Tls.Source.SetValue(panes.TlsLoad)
	retype(s.Tls.Cert, certPath)
	retype(s.Tls.Key, keyPath)
	retype(s.Tls.Name, "example.test")
	test.Tap(c.Tls.On)
	test.Tap(c.Tls.Skip)
	retype(c.Tls.CaFile, caPath)
	retype(c.Tls.Name, "sni.test")
	h.close()

	h = newAppHarnessFor(t, a)
	s, c = h.mw.server, h.mw.client
	if !s.Tls.On.Checked || s.Tls.Source.Value() != panes.TlsLoad || s.Tls.Cert.Text != certPath || s.Tls.Key.Text != keyPath || s.Tls.Name.Text != "example.test" {
		t.Errorf("server TLS restored as on %v, %v, %q %q %q", s.Tls.On.Checked, s.Tls.Source.Value(), s.Tls.Cert.Text, s.Tls.Key.Text, s.Tls.Name.Text)
	}
	if !c.Tls.On.Checked || !c.Tls.Skip.Checked || c.Tls.CaFile.Text != caPath || c.Tls.Name.Text != "sni.test" {
		t.Errorf("client TLS restored as on %v skip %v CA %q SNI %q", c.Tls.On.Checked, c.Tls.Skip.Checked, c.Tls.CaFile.Text, c.Tls.Name.Text)
	}
	// Missing files are hinted at once: they were typed in an earlier session.
	if want := "No file at " + caPath; c.Tls.CaFile.Hint.Text != want || !c.Tls.CaFile.Hint.Visible() {
		t.Errorf("CA file hint %q (shown %v); want %q", c.Tls.CaFile.Hint.Text, c.Tls.CaFile.Hint.Visible(), want)
	}
	test.Tap(s.Tls.On) // off: a plain server
	h.startServer()
	h.connectToOwnServer()
	if c.Tls.On.Checked {
		t.Error("Use my server of a plain server left client TLS on")
	}
}

// TestTLSAgainstEngineServerWithCAFile trusts a server by a CA file typed
// in the client pane.
func TestTLSAgainstEngineServerWithCAFile(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	srv := sockets.NewServer(sockets.ServerConfig{TLS: &sockets.ServerTLS{}})
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	ca := writeTestFile(t, t.TempDir(), "ca.pem", srv.Certificate().PEM)
	retype(c.Port, portOf(t, srv.Addr().String()))
	test.Tap(c.Tls.On)
	retype(c.Tls.CaFile, ca)
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	if got := c.Client.TLS(); got == nil || got.Verify != tlsinfo.VerifyOK {
		t.Fatalf("handshake %+v; want verified", got)
	}
	h.typeAndSend("ca")
	h.waitFor("the echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("ca")) })
}

// TestTLSFieldsLookCalm checks the new settings on first launch: TLS off,
// nothing red, the connection row empty and Forward to…'s rows hidden; choosing
// Load certificate… asks for its files at once.
func TestTLSFieldsLookCalm(t *testing.T) {
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	for name, f := range map[string]*widgets.Field{"CA file": c.Tls.CaFile.Field, "SNI": c.Tls.Name, "local host": c.Local.Host,
		"local port": c.Local.Port, "certificate": s.Tls.Cert.Field, "key": s.Tls.Key.Field, "server name": s.Tls.Name, "target": s.Fwd.To} {
		if f.Hint.Visible() {
			t.Errorf("%s shows a hint before it was touched: %q", name, f.Hint.Text)
		}
	}
	if c.Conn.Text.Text != "" {
		t.Errorf("the connection row says %q on first launch", c.Conn.Text.Text)
	}
	for name, o := range map[string]interface{ Visible() bool }{"client TLS rows": c.Tls.Section,
		"server TLS rows": s.Tls.Section, "skip target row": s.Fwd.SkipRow, "relay warning": s.Fwd.SkipWarn} {
		if o.Visible() {
			t.Errorf("%s shown on first launch", name)
		}
	}
	test.Tap(s.Tls.On)
	s.Tls.Source.SetValue(panes.TlsLoad)
	if s.Tls.Cert.Hint.Text != "Choose a file" || s.Tls.Key.Hint.Text != "Choose a file" || !s.StartBtn.Disabled() {
		t.Errorf("Load certificate… chosen: hints %q %q, Start off %v; want both asking for a file, Start off",
			s.Tls.Cert.Hint.Text, s.Tls.Key.Hint.Text, s.StartBtn.Disabled())
	}
}

// TestTLSCommonNameOnlySaysReissue connects to a server whose certificate
// names localhost only in its Common Name, with that certificate as the CA
// file: the dialog says to reissue it with a subjectAltName or skip
// verification, never to choose it as the CA file, which it already is.
func TestTLSCommonNameOnlySaysReissue(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	certPEM, keyPEM := testcert.New(t, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour),
		func(c *x509.Certificate) { c.Subject.CommonName = "localhost" }).PEM(t)
	caFile := writeTestFile(t, t.TempDir(), "cn.pem", certPEM)
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pair}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.SetDeadline(time.Now().Add(10 * time.Second))
			conn.(*tls.Conn).Handshake()
			conn.Close()
		}
	}()
	h.typeTLSTarget(ln.Addr().(*net.TCPAddr).Port)
	retype(c.Tls.CaFile.Entry, caFile)
	test.Tap(c.ConnectBtn)
	h.waitDialog("The certificate names localhost only in its Common Name, which TLS clients ignore: reissue it with a subjectAltName")
	d := h.dialogText()
	for _, w := range []string{`-addext "subjectAltName=DNS:localhost,IP:127.0.0.1"`, "or skip verification"} {
		if !strings.Contains(d, w) {
			t.Errorf("dialog lacks %q:\n%s", w, d)
		}
	}
	if strings.Contains(d, "as the CA file") {
		t.Errorf("dialog says to choose the certificate as the CA file, which it already is:\n%s", d)
	}
}

// TestTLSClientCertificateFields presents the certificate and key chosen
// under Advanced to a server that requires one: the handshake passes, the
// server sees that certificate, and the echo comes back.
func TestTLSClientCertificateFields(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	dir := t.TempDir()
	day := 24 * time.Hour
	serverPEM, serverKey := testcert.New(t, time.Now().Add(-time.Hour), time.Now().Add(day), testcert.Names("localhost", "127.0.0.1")).PEM(t)
	clientPEM, clientKey := testcert.New(t, time.Now().Add(-time.Hour), time.Now().Add(day),
		func(c *x509.Certificate) { c.Subject.CommonName = "workshop client" }).PEM(t)
	pair, err := tls.X509KeyPair(serverPEM, serverKey)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequireAnyClientCert})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	presented := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(waitTimeout))
		tc := conn.(*tls.Conn)
		if err := tc.Handshake(); err != nil {
			presented <- "handshake: " + err.Error()
			return
		}
		presented <- tc.ConnectionState().PeerCertificates[0].Subject.CommonName
		buf := make([]byte, 64)
		n, _ := tc.Read(buf)
		tc.Write(buf[:n])
	}()
	h.typeTLSTarget(ln.Addr().(*net.TCPAddr).Port)
	test.Tap(c.Tls.Skip)
	retype(c.Tls.CertFile.Entry, writeTestFile(t, dir, "client.pem", clientPEM))
	retype(c.Tls.KeyFile.Entry, writeTestFile(t, dir, "client.key", clientKey))
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	select {
	case cn := <-presented:
		if cn != "workshop client" {
			t.Fatalf("the server saw %q; want the certificate chosen under Advanced", cn)
		}
	case <-time.After(waitTimeout):
		t.Fatal("the server's handshake did not finish")
	}
	h.typeAndSend("mtls")
	h.waitFor("the echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("mtls")) })
}

// TestTLSClientKeyWithoutCertificate refuses a key with no certificate
// beside it, saying what is missing, and keeps what was typed.
func TestTLSClientKeyWithoutCertificate(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	h.typeTLSTarget(1)
	key := writeTestFile(t, t.TempDir(), "client.key", []byte("x"))
	retype(c.Tls.KeyFile.Entry, key)
	test.Tap(c.ConnectBtn)
	h.pump()
	if c.State != panes.ClientIdle || c.Tls.CertFile.Hint.Text != "Choose a file" || c.Tls.KeyFile.Text != key {
		t.Errorf("Connect with a key only: state %v, certificate hint %q, key %q; want idle, \"Choose a file\" and the key kept",
			c.State, c.Tls.CertFile.Hint.Text, c.Tls.KeyFile.Text)
	}
}
