package gui

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/tlsinfo"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/sockets"
)

// startTLSServer ticks TLS on the server pane (a certificate generated for
// the session) and starts it; it returns the port.
func (h *appHarness) startTLSServer() int {
	h.t.Helper()
	s := h.mw.server
	if !s.tls.on.Checked {
		test.Tap(s.tls.on)
	}
	return h.startServer()
}

// typeTLSTarget types port into the client pane and ticks TLS, as for a
// server other than the app's own.
func (h *appHarness) typeTLSTarget(port int) {
	c := h.mw.client
	retype(c.port, strconv.Itoa(port))
	test.Tap(c.tls.on)
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
	if c.tls.on.Checked || c.tls.skip.Checked || s.tls.on.Checked {
		t.Fatal("TLS or Skip verification is on by default")
	}
	if c.tls.section.Visible() || s.tls.section.Visible() {
		t.Error("TLS settings show while TLS is off")
	}
	port := h.startTLSServer()
	cert := s.Certificate()
	if cert == nil || !cert.Generated {
		t.Fatalf("server certificate = %+v; want one generated for the session", cert)
	}
	if want := "SHA-256 " + cert.SHA256; s.tls.fingerprint.Text != want || !s.tls.copyBtn.Visible() {
		t.Errorf("fingerprint %q (Copy shown %v); want %q", s.tls.fingerprint.Text, s.tls.copyBtn.Visible(), want)
	}
	test.Tap(s.tls.copyBtn)
	if got := a.Clipboard().Content(); got != cert.SHA256 {
		t.Errorf("clipboard = %q; want the fingerprint %q", got, cert.SHA256)
	}

	h.connectToOwnServer()
	if !c.tls.on.Checked || !c.tls.trustOwn || c.tls.skip.Checked {
		t.Errorf("after Use my server: TLS %v, trusts own %v, skip %v; want on, yes, no", c.tls.on.Checked, c.tls.trustOwn, c.tls.skip.Checked)
	}
	h.typeAndSend(`hello\n`)
	h.assertExchange("hello\n", "hello\n")

	want := "Connected to 127.0.0.1:" + strconv.Itoa(port) + " · TLS 1.3"
	if got := c.frame.state.Text; got != want {
		t.Errorf("client state = %q; want %q", got, want)
	}
	conn := c.conn.text.Text
	for _, w := range []string{"From 127.0.0.1:", "TLS 1.3, TLS_", "no ALPN", "certificate verified"} {
		if !strings.Contains(conn, w) {
			t.Errorf("connection row %q lacks %q", conn, w)
		}
	}
	i, row, ok := h.tlsRow(sockets.SideClient)
	if !ok {
		t.Fatalf("no client TLS row in the log:\n%s", h.logText())
	}
	if got := logCellContent(&row, false); !strings.HasPrefix(got, "TLS 1.3, TLS_") || !strings.HasSuffix(got, "; certificate verified") {
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
	if !c.tls.section.Visible() || c.tls.skipWarn.Visible() {
		t.Fatalf("TLS on: section shown %v, warning shown %v; want the section, no warning", c.tls.section.Visible(), c.tls.skipWarn.Visible())
	}
	test.Tap(c.tls.skip)
	if !c.tls.skipWarn.Visible() || c.tls.skipWarn.Text != "Not verified: any server, or anyone in between, can pose as this one." {
		t.Errorf("Skip verification ticked: warning shown %v, %q", c.tls.skipWarn.Visible(), c.tls.skipWarn.Text)
	}
	test.Tap(c.connectBtn)
	h.waitFor("the client to connect", func() bool { return c.state == clientConnected })
	if got := c.conn.text.Text; !strings.Contains(got, "; verification skipped") {
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
	test.Tap(c.connectBtn)
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
	if c.state != clientIdle {
		t.Errorf("client state %v after a failed handshake; want idle", c.state)
	}
	h.waitFor("the handshake error row", func() bool {
		_, ok := h.errorRow("TLS handshake failed")
		return ok
	})
	for i, r := range h.mw.log.Rows() {
		if r.Side != sockets.SideClient || r.Kind != sockets.KindError {
			continue
		}
		if got, want := logMessage(&r), "TLS handshake failed: "+why; got != want {
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
	test.Tap(c.connectBtn)
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
			test.Tap(s.tls.on)
			s.tls.source.SetValue(tlsLoad)
			if !s.tls.loadRow.Visible() {
				t.Fatal("Load certificate… shows no file fields")
			}
			retype(s.tls.cert, tc.cert)
			retype(s.tls.key, tc.key)
			if s.startBtn.Disabled() {
				t.Fatalf("Start is off with both files there; hints %q %q", s.tls.cert.hint.Text, s.tls.key.hint.Text)
			}
			test.Tap(s.startBtn)
			h.waitDialog(tc.dialog)
			if s.state != serverStopped || s.running() != nil {
				t.Errorf("server state %v after a bad certificate; want stopped", s.state)
			}
			if tc.hint != "" && (!s.tls.loadHint.Visible() || !strings.HasPrefix(s.tls.loadHint.Text, tc.hint)) {
				t.Errorf("hint under the files = %q (shown %v); want it to start %q", s.tls.loadHint.Text, s.tls.loadHint.Visible(), tc.hint)
			}
			if s.tls.cert.Text != tc.cert || s.tls.key.Text != tc.key {
				t.Errorf("files typed changed to %q %q", s.tls.cert.Text, s.tls.key.Text)
			}
			h.closeDialogs()
			// Another file clears the old reason.
			retype(s.tls.key, tc.key+"x")
			if s.tls.loadHint.Visible() {
				t.Errorf("the old reason %q stays after the key file changed", s.tls.loadHint.Text)
			}
		})
	}

	// A missing file says so under its field before Start; a good pair
	// starts, presenting the loaded certificate.
	h := newAppHarness(t)
	s := h.mw.server
	test.Tap(s.tls.on)
	s.tls.source.SetValue(tlsLoad)
	retype(s.tls.cert, missing)
	retype(s.tls.key, key)
	if want := "No file at " + missing; s.tls.cert.hint.Text != want || !s.startBtn.Disabled() {
		t.Errorf("missing file: hint %q, Start disabled %v; want %q and Start off", s.tls.cert.hint.Text, s.startBtn.Disabled(), want)
	}
	retype(s.tls.cert, cert)
	h.startServer()
	if got := s.Certificate(); got == nil || got.Generated || !strings.Contains(s.tls.fingerprint.Text, got.SHA256) {
		t.Errorf("running with %+v, fingerprint %q; want the loaded certificate", got, s.tls.fingerprint.Text)
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
	test.Tap(s.tls.on)
	s.tls.source.SetValue(tlsLoad)
	retype(s.tls.cert, cert)
	retype(s.tls.key, key)
	retype(s.tls.name, "example.test")
	h.startServer()
	h.connectToOwnServer()
	if c.tls.name.Text != "example.test" {
		t.Errorf("Use my server set the TLS server name %q; want the certificate's, example.test", c.tls.name.Text)
	}
	if got := c.conn.text.Text; !strings.Contains(got, "certificate verified") {
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
	test.Tap(s.tls.on)
	s.tls.source.SetValue(tlsLoad)
	retype(s.tls.cert, certPath)
	retype(s.tls.key, keyPath)
	retype(s.tls.name, "example.test")
	test.Tap(c.tls.on)
	test.Tap(c.tls.skip)
	retype(c.tls.caFile, caPath)
	retype(c.tls.name, "sni.test")
	h.close()

	h = newAppHarnessFor(t, a)
	s, c = h.mw.server, h.mw.client
	if !s.tls.on.Checked || s.tls.source.Value() != tlsLoad || s.tls.cert.Text != certPath || s.tls.key.Text != keyPath || s.tls.name.Text != "example.test" {
		t.Errorf("server TLS restored as on %v, %v, %q %q %q", s.tls.on.Checked, s.tls.source.Value(), s.tls.cert.Text, s.tls.key.Text, s.tls.name.Text)
	}
	if !c.tls.on.Checked || !c.tls.skip.Checked || c.tls.caFile.Text != caPath || c.tls.name.Text != "sni.test" {
		t.Errorf("client TLS restored as on %v skip %v CA %q SNI %q", c.tls.on.Checked, c.tls.skip.Checked, c.tls.caFile.Text, c.tls.name.Text)
	}
	// Missing files are hinted at once: they were typed in an earlier session.
	if want := "No file at " + caPath; c.tls.caFile.hint.Text != want || !c.tls.caFile.hint.Visible() {
		t.Errorf("CA file hint %q (shown %v); want %q", c.tls.caFile.hint.Text, c.tls.caFile.hint.Visible(), want)
	}
	test.Tap(s.tls.on) // off: a plain server
	h.startServer()
	h.connectToOwnServer()
	if c.tls.on.Checked {
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
	retype(c.port, portOf(t, srv.Addr().String()))
	test.Tap(c.tls.on)
	retype(c.tls.caFile, ca)
	test.Tap(c.connectBtn)
	h.waitFor("the client to connect", func() bool { return c.state == clientConnected })
	if got := c.client.TLS(); got == nil || got.Verify != tlsinfo.VerifyOK {
		t.Fatalf("handshake %+v; want verified", got)
	}
	h.typeAndSend("ca")
	h.waitFor("the echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("ca")) })
}

// TestTLSFieldsLookCalm checks the new settings on first launch: TLS off,
// nothing red, the connection row and Forward to…'s rows hidden; choosing
// Load certificate… asks for its files at once.
func TestTLSFieldsLookCalm(t *testing.T) {
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	for name, f := range map[string]*field{"CA file": c.tls.caFile.field, "SNI": c.tls.name, "local host": c.local.host,
		"local port": c.local.port, "certificate": s.tls.cert.field, "key": s.tls.key.field, "server name": s.tls.name, "target": s.fwd.to} {
		if f.hint.Visible() {
			t.Errorf("%s shows a hint before it was touched: %q", name, f.hint.Text)
		}
	}
	for name, o := range map[string]interface{ Visible() bool }{"client TLS rows": c.tls.section, "connection row": c.conn.row,
		"server TLS rows": s.tls.section, "skip target row": s.fwd.skipRow, "relay warning": s.fwd.skipWarn} {
		if o.Visible() {
			t.Errorf("%s shown on first launch", name)
		}
	}
	test.Tap(s.tls.on)
	s.tls.source.SetValue(tlsLoad)
	if s.tls.cert.hint.Text != "Choose a file" || s.tls.key.hint.Text != "Choose a file" || !s.startBtn.Disabled() {
		t.Errorf("Load certificate… chosen: hints %q %q, Start off %v; want both asking for a file, Start off",
			s.tls.cert.hint.Text, s.tls.key.hint.Text, s.startBtn.Disabled())
	}
}
