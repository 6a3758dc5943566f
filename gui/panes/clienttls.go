package panes

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

type clientTLS struct {
	On       *widget.Check
	CaFile   *fileField
	Skip     *widget.Check
	SkipWarn *widget.Label
	TrustOwn bool                        // trust the certificate of this app's running server
	Name     *widgets.Field              // SNI; empty: the host
	CertFile *fileField                  // a certificate to present when the server asks for one
	KeyFile  *fileField                  // its private key
	StartTLS *widgets.EnumChoice[string] // "": TLS from the start; else the protocol whose STARTTLS upgrades

	Section  *fyne.Container // shown while TLS is on
	advanced *fyne.Container // the server name row, under Advanced
}

// newClientTLS builds the TLS widgets; onChange runs after any change.
func newClientTLS(env Env, onChange func()) *clientTLS {
	t, prefs := env.Texts, env.Prefs
	c := &clientTLS{}
	c.On = rememberedCheck(t, prefs, "client.tls", keyClientTLS, false, onChange)
	c.CaFile = newFileField(env, keyClientTLSCAFile, "client.tlsCAPlaceholder", onChange)
	c.Skip = rememberedCheck(t, prefs, "client.tlsSkip", keyClientTLSInsecure, false, onChange)
	c.SkipWarn = warningLabel(t, "client.tlsSkipWarning")
	c.TrustOwn = prefs.BoolWithFallback(keyClientTLSTrustOwn, false)
	c.Name = widgets.NewEntryField(prefs, keyClientTLSName, "", onChange)
	t.Placeholder(c.Name.Entry, "client.tlsNamePlaceholder")

	c.CertFile = newFileField(env, keyClientTLSCertFile, "client.tlsCertPlaceholder", onChange)
	c.KeyFile = newFileField(env, keyClientTLSKeyFile, "client.tlsKeyPlaceholder", onChange)
	c.StartTLS = newStartTLSChoice(env, onChange)

	c.Section = container.NewVBox(
		container.NewBorder(nil, nil, t.Label("client.tlsCAFile"), c.Skip, c.CaFile.row),
		c.CaFile.Hint, c.SkipWarn)
	c.advanced = container.NewVBox(
		container.NewBorder(nil, nil, t.Label("client.tlsName"), nil, c.Name.Entry), c.Name.Hint,
		container.NewBorder(nil, nil, t.Label("client.tlsCertFile"), nil, c.CertFile.row), c.CertFile.Hint,
		container.NewBorder(nil, nil, t.Label("client.tlsKeyFile"), nil, c.KeyFile.row), c.KeyFile.Hint,
		container.NewHBox(t.Label("client.tlsStartTLS"), c.StartTLS.Object()))
	return c
}

func (c *clientTLS) setTrustOwn(prefs fyne.Preferences, on bool) {
	c.TrustOwn = on
	prefs.SetBool(keyClientTLSTrustOwn, on)
}

// active reports whether a connection over network uses TLS: switch on and TCP.
func (c *clientTLS) active(network string) bool {
	return c.On.Checked && (addr.IsTCP(network) || sockets.IsWS(network))
}

// check shows the TLS fields' hints and returns the first problem, if TLS on.
func (c *clientTLS) check(network string) error {
	if !c.active(network) {
		c.CaFile.Check(nil)
		c.Name.Check(nil)
		c.CertFile.Check(nil)
		c.KeyFile.Check(nil)
		return nil
	}
	caErr := c.CaFile.Check(checkFile(c.CaFile.path(), false))
	// A certificate needs its key and a key its certificate: once one is
	// typed, the other says it is missing.
	cert, key := c.CertFile.path(), c.KeyFile.path()
	if (cert == "") != (key == "") {
		c.CertFile.Touch()
		c.KeyFile.Touch()
	}
	certErr := c.CertFile.Check(checkFile(cert, key != ""))
	keyErr := c.KeyFile.Check(checkFile(key, cert != ""))
	var nameErr error
	if s := strings.TrimSpace(c.Name.Text); s != "" {
		_, nameErr = addr.ParseHost(s)
	}
	return errors.Join(caErr, c.Name.Check(nameErr), certErr, keyErr)
}

// update shows the TLS rows while TLS is on and enables them while idle.
func (c *clientTLS) update(network string, idle bool) {
	udp := addr.IsUDP(network)
	widgets.SetEnabled(c.On, idle && !udp && !addr.IsUnix(network))
	active := c.active(network)
	widgets.SetVisible(c.Section, active)
	widgets.SetVisible(c.advanced, active)
	for _, w := range []fyne.Disableable{c.CaFile, c.Skip, c.Name, c.CertFile, c.KeyFile, c.StartTLS} {
		widgets.SetEnabled(w, idle)
	}
	widgets.SetVisible(c.SkipWarn, c.Skip.Checked)
}

// settings returns the ClientTLS for network, nil when off; ownCert is the
// app's running server's.
func (c *clientTLS) settings(network string, ownCert *tlsinfo.Certificate) *sockets.ClientTLS {
	if !c.active(network) {
		return nil
	}
	t := &sockets.ClientTLS{
		ServerName: strings.TrimSpace(c.Name.Text),
		CAFile:     c.CaFile.path(),
		Insecure:   c.Skip.Checked,
		CertFile:   c.CertFile.path(),
		KeyFile:    c.KeyFile.path(),
	}
	if c.TrustOwn && ownCert != nil {
		t.CAPEM = ownCert.PEM
	}
	return t
}

// useServer carries the server pane's TLS over as Use my server does: on and
// verified against the app's own certificate for its name (the host, or
// localhost), or off for a plain server.
func (c *clientTLS) useServer(prefs fyne.Preferences, cert *tlsinfo.Certificate, host string) {
	if cert == nil {
		c.On.SetChecked(false)
		return
	}
	c.setTrustOwn(prefs, true)
	c.Skip.SetChecked(false)
	name := ""
	switch {
	case slices.Contains(cert.Info.SANs, host):
	case slices.Contains(cert.Info.SANs, "localhost"):
		name = "localhost"
	case len(cert.Info.SANs) > 0:
		name = cert.Info.SANs[0]
	}
	c.Name.SetText(name)
	c.On.SetChecked(true)
}

// showConnectFailure tells the user why a connection they asked for failed.
func (p *ClientPane) showConnectFailure(what string, err error) {
	var te *tlsinfo.Error
	if !errors.As(err, &te) {
		widgets.ShowFailure(p.Win, what, err)
		return
	}
	logrus.WithError(err).Debug(what)
	msg := what + ":\n" + widgets.UpperFirst(i18n.TrTLSWhy(te))
	switch {
	case te.Reason.Verification():
		msg += "\n\n" + i18n.Tr("client.tlsVerifyHint")
	case te.Reason == tlsinfo.NotTLS:
		msg += "\n\n" + i18n.Tr("client.tlsNotTLSHint")
	}
	widgets.ShowDialog(p.Win, dialog.NewError(errors.New(msg), p.Win), nil)
}

// connectionNote is what the client's state adds about the open
// connection: " · TLS 1.3" over TLS, " · end of stream sent" after it.
func (p *ClientPane) connectionNote() string {
	var s string
	if p.Client != nil && p.Client.TLS() != nil {
		s += " · " + p.Client.TLS().Version
	}
	if p.StreamEnded {
		s += " · " + i18n.Tr("client.streamEnded")
	}
	return s
}

// useServerTLS carries the server pane's TLS over for the host filled in.
func (p *ClientPane) useServerTLS(host string) {
	if p.ServerCert != nil {
		p.Tls.useServer(p.Prefs, p.ServerCert(), host)
	}
}
