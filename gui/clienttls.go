package gui

import (
	"errors"
	"slices"
	"strings"

	"github.com/sockettester/sockettester/sockets/tlsinfo"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// clientTLS is the client pane's TLS settings (TCP only). The switch sits
// beside the protocol; while it is on, a section below the address shows
//
//	CA file [empty: the system's trusted authorities] [Browse]  [ ] Skip verification
//	(warning while verification is skipped)
//
// and the server name (SNI) is under Advanced. Verification is on by
// default, against the system's roots, a CA file, and this app's own
// server certificate once Use my server trusted it, which the connection
// row says (see clientConn).
type clientTLS struct {
	on       *widget.Check
	caFile   *fileField
	skip     *widget.Check
	skipWarn *widget.Label
	trustOwn bool   // trust the certificate of this app's running server
	name     *field // SNI; empty: the host

	section  *fyne.Container // shown while TLS is on
	advanced *fyne.Container // the server name row, under Advanced
}

// newClientTLS builds the TLS widgets; onChange runs after any of them
// changes.
func newClientTLS(env paneEnv, onChange func()) *clientTLS {
	t, prefs := env.texts, env.prefs
	c := &clientTLS{}
	c.on = rememberedCheck(t, prefs, "client.tls", keyClientTLS, false, onChange)
	c.caFile = newFileField(env, keyClientTLSCAFile, "client.tlsCAPlaceholder", onChange)
	c.skip = rememberedCheck(t, prefs, "client.tlsSkip", keyClientTLSInsecure, false, onChange)
	c.skipWarn = warningLabel(t, "client.tlsSkipWarning")
	c.trustOwn = prefs.BoolWithFallback(keyClientTLSTrustOwn, false)
	c.name = newEntryField(prefs, keyClientTLSName, "", onChange)
	t.placeholder(c.name.Entry, "client.tlsNamePlaceholder")

	c.section = container.NewVBox(
		container.NewBorder(nil, nil, t.label("client.tlsCAFile"), c.skip, c.caFile.row),
		c.caFile.hint, c.skipWarn)
	c.advanced = container.NewVBox(
		container.NewBorder(nil, nil, t.label("client.tlsName"), nil, c.name.Entry), c.name.hint)
	return c
}

// setTrustOwn trusts (or stops trusting) this app's server certificate.
func (c *clientTLS) setTrustOwn(prefs fyne.Preferences, on bool) {
	c.trustOwn = on
	prefs.SetBool(keyClientTLSTrustOwn, on)
}

// active reports whether the connection will use TLS: the switch is on and
// the protocol is TCP.
func (c *clientTLS) active(network string) bool { return c.on.Checked && addr.IsTCP(network) }

// check validates the TLS fields, showing their hints, and returns the
// first problem. It returns nil while TLS is off: the fields do not count
// then.
func (c *clientTLS) check(network string) error {
	if !c.active(network) {
		c.caFile.check(nil)
		c.name.check(nil)
		return nil
	}
	caErr := c.caFile.check(checkFile(c.caFile.path(), false))
	var nameErr error
	if s := strings.TrimSpace(c.name.Text); s != "" {
		_, nameErr = addr.ParseHost(s)
	}
	return errors.Join(caErr, c.name.check(nameErr))
}

// update shows the TLS rows while TLS is on and enables them while idle.
func (c *clientTLS) update(network string, idle bool) {
	udp := addr.IsUDP(network)
	setEnabled(c.on, idle && !udp)
	active := c.active(network)
	setVisible(c.section, active)
	setVisible(c.advanced, active)
	for _, w := range []fyne.Disableable{c.caFile, c.skip, c.name} {
		setEnabled(w, idle)
	}
	setVisible(c.skipWarn, c.skip.Checked)
}

// settings returns the ClientTLS for a connection over network, nil when
// TLS is off; ownCert is this app's running server's certificate, if any.
func (c *clientTLS) settings(network string, ownCert *tlsinfo.Certificate) *sockets.ClientTLS {
	if !c.active(network) {
		return nil
	}
	t := &sockets.ClientTLS{
		ServerName: strings.TrimSpace(c.name.Text),
		CAFile:     c.caFile.path(),
		Insecure:   c.skip.Checked,
	}
	if c.trustOwn && ownCert != nil {
		t.CAPEM = ownCert.PEM
	}
	return t
}

// useServer carries the server pane's TLS over to the client, as Use my
// server does: TLS on and verified, trusting the app's own certificate,
// with the server name the certificate is for (the host used, or
// localhost); or TLS off for a plain server.
func (c *clientTLS) useServer(prefs fyne.Preferences, cert *tlsinfo.Certificate, host string) {
	if cert == nil {
		c.on.SetChecked(false)
		return
	}
	c.setTrustOwn(prefs, true)
	c.skip.SetChecked(false)
	name := ""
	switch {
	case slices.Contains(cert.Info.SANs, host):
	case slices.Contains(cert.Info.SANs, "localhost"):
		name = "localhost"
	case len(cert.Info.SANs) > 0:
		name = cert.Info.SANs[0]
	}
	c.name.SetText(name)
	c.on.SetChecked(true)
}

// tlsInfoText sums a handshake up in the current language: "TLS 1.3,
// TLS_AES_128_GCM_SHA256, no ALPN; certificate verified".
func tlsInfoText(i *tlsinfo.Handshake) string {
	return trf("tls.info", args{"Version": i.Version, "Cipher": i.Cipher, "ALPN": alpnText(i.ALPN), "Verify": tlsVerifyText(i)})
}

// tlsVerifyText says what became of the peer's certificate.
func tlsVerifyText(i *tlsinfo.Handshake) string {
	switch i.Verify {
	case tlsinfo.VerifyOK:
		return tr("tls.verified")
	case tlsinfo.VerifySkipped:
		return tr("tls.verifySkipped")
	case tlsinfo.VerifyNotRequested:
		return tr("tls.verifyNotRequested")
	case tlsinfo.VerifyNotChecked:
		return tr("tls.verifyNotChecked")
	case tlsinfo.VerifyNone:
		return tr("tls.verifyNone")
	}
	return trEngine(i.Verify)
}

// showConnectFailure tells the user why a connection they asked for
// failed. A TLS failure is said in the engine's plain words, with what to
// do about it: trust the certificate or skip the check when the
// certificate was the problem, turn TLS off when the server does not speak
// it.
func (p *clientPane) showConnectFailure(what string, err error) {
	var te *tlsinfo.Error
	if !errors.As(err, &te) {
		showFailure(p.win, what, err)
		return
	}
	logrus.WithError(err).Debug(what)
	msg := what + ":\n" + upperFirst(trEngine(te.Text))
	switch {
	case te.Reason.Verification():
		msg += "\n\n" + tr("client.tlsVerifyHint")
	case te.Reason == tlsinfo.NotTLS:
		msg += "\n\n" + tr("client.tlsNotTLSHint")
	}
	showDialog(p.win, dialog.NewError(errors.New(msg), p.win), nil)
}

// connectionNote is what the client's state adds about the open
// connection: " · TLS 1.3" over TLS, " · end of stream sent" after it.
func (p *clientPane) connectionNote() string {
	var s string
	if p.client != nil && p.client.TLS() != nil {
		s += " · " + p.client.TLS().Version
	}
	if p.streamEnded {
		s += " · " + tr("client.streamEnded")
	}
	return s
}

// useServerTLS carries the server pane's TLS over, as Use my server does,
// for the host it filled in.
func (p *clientPane) useServerTLS(host string) {
	if p.serverCert != nil {
		p.tls.useServer(p.prefs, p.serverCert(), host)
	}
}
