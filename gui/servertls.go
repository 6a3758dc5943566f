package gui

import (
	"errors"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/tlsinfo"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// tlsSource is where the server's certificate comes from.
type tlsSource int

const (
	tlsGenerate tlsSource = iota // a self-signed certificate made at Start
	tlsLoad                      // PEM files the user names
)

// serverTLS is the server pane's TLS settings (TCP only), which also serve
// the relay's side toward its clients in Forward to… mode. The switch sits
// beside the protocol; while it is on:
//
//	Certificate [Generate for this session]   SHA-256 AB:CD:…  [Copy]   (while running)
//
// or, to load one,
//
//	Certificate [Load certificate…]  Server name [the name clients connect by]
//	[cert.pem] [Browse]  [key.pem] [Browse]
//
// (the fingerprint takes the server name's place while running). A loaded
// certificate is checked at Start, before anything binds: a bad file keeps
// the server stopped and says why under the files. It must cover the
// server name or, without one, the listen address.
type serverTLS struct {
	on       *widget.Check
	source   *enumChoice[tlsSource]
	cert     *fileField
	key      *fileField
	loadRow  *fyne.Container
	loadHint *widget.Label // why the files did not load, until they change
	loadErr  error
	loadFor  [2]string // the paths loadErr is about

	fingerprint *widget.Label
	sha256      string // the running certificate's fingerprint, for Copy
	copyBtn     *plainButton
	name        *field // ServerTLS.ServerName, for a loaded certificate

	nameBox *fyne.Container // the server name with its label, while loading and stopped
	section *fyne.Container // shown while TLS is on
}

func newServerTLS(env paneEnv, onChange func()) *serverTLS {
	t, prefs := env.texts, env.prefs
	s := &serverTLS{loadHint: newHint()}
	s.cert = newFileField(env, keyServerTLSCert, "server.tlsCertPlaceholder", onChange)
	s.key = newFileField(env, keyServerTLSKey, "server.tlsKeyPlaceholder", onChange)
	// Choosing to load a certificate asks for its files: say so at once
	// if they are missing.
	chosen := func() {
		if s.on.Checked && s.source.Value() == tlsLoad {
			s.cert.touch()
			s.key.touch()
		}
		onChange()
	}
	s.on = rememberedCheck(t, prefs, "server.tls", keyServerTLS, false, chosen)
	s.source = newEnumChoice(t, []tlsSource{tlsGenerate, tlsLoad}, tlsSourceKey, noKey[tlsSource], tlsSourceName)
	s.source.remember(prefs, keyServerTLSSource, tlsGenerate, func(tlsSource) { chosen() })
	s.name = newEntryField(prefs, keyServerTLSName, "", onChange)
	t.placeholder(s.name.Entry, "server.tlsNamePlaceholder")
	s.loadRow = container.NewVBox(
		container.NewGridWithColumns(2, s.cert.row, s.key.row),
		container.NewGridWithColumns(2, s.cert.hint, s.key.hint), s.name.hint, s.loadHint)
	s.nameBox = container.NewBorder(nil, nil, t.label("server.tlsName"), nil, s.name.Entry)
	s.fingerprint = truncatedLabel("")
	s.copyBtn = t.button("server.tlsCopy", theme.ContentCopyIcon(), func() {
		env.app.Clipboard().SetContent(s.sha256)
	})
	s.section = container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(t.label("server.tlsCertificate"), s.source.Object()),
			s.copyBtn, container.NewStack(s.fingerprint, s.nameBox)),
		s.loadRow)
	return s
}

// tlsSourceKey is the key of a certificate source's label.
func tlsSourceKey(s tlsSource) string {
	if s == tlsLoad {
		return "server.tlsLoad"
	}
	return "server.tlsGenerate"
}

// tlsSourceName is what preferences keep of a certificate source.
func tlsSourceName(s tlsSource) string {
	if s == tlsLoad {
		return "load"
	}
	return "generate"
}

// active reports whether the server will speak TLS.
func (s *serverTLS) active(network string) bool { return s.on.Checked && addr.IsTCP(network) }

// loading reports whether the certificate comes from files.
func (s *serverTLS) loading(network string) bool {
	return s.active(network) && s.source.Value() == tlsLoad
}

// check validates the TLS fields, showing their hints, and returns the
// first problem; nil while TLS is off.
func (s *serverTLS) check(network string) error {
	load := s.loading(network)
	var certErr, keyErr, nameErr error
	if load {
		certErr = checkFile(s.cert.path(), true)
		keyErr = checkFile(s.key.path(), true)
	}
	if n := strings.TrimSpace(s.name.Text); n != "" && load {
		_, nameErr = addr.ParseHost(n)
	}
	// A load failure stands until the files named change.
	if s.loadErr != nil && (!load || s.loadFor != [2]string{s.cert.path(), s.key.path()}) {
		s.loadErr = nil
	}
	// Shown, but Start stays on: the files may be fixed on disk.
	setHint(s.loadHint, s.loadErr)
	return errors.Join(s.cert.check(certErr), s.key.check(keyErr), s.name.check(nameErr))
}

// update shows the rows that apply and locks them while running; cert is
// the running server's certificate, if any.
func (s *serverTLS) update(network string, stopped bool, cert *tlsinfo.Certificate) {
	setEnabled(s.on, stopped && !addr.IsUDP(network))
	active := s.active(network)
	setVisible(s.section, active)
	setVisible(s.loadRow, s.loading(network))
	setVisible(s.nameBox, s.loading(network) && stopped)
	for _, w := range []fyne.Disableable{s.source, s.cert, s.key, s.name} {
		setEnabled(w, stopped)
	}
	s.sha256 = ""
	if cert != nil && active {
		s.sha256 = cert.SHA256
	}
	fp := ""
	if s.sha256 != "" {
		fp = "SHA-256 " + s.sha256
	}
	setText(s.fingerprint, fp)
	setVisible(s.copyBtn, fp != "")
}

// settings returns the ServerTLS for a server on network, nil without TLS.
// A certificate to load is read and checked first (missing, not PEM, a key
// that does not match, expired), so that a bad file fails here, with its
// message under the files, and nothing starts.
func (s *serverTLS) settings(network string) (*sockets.ServerTLS, error) {
	if !s.active(network) {
		return nil, nil
	}
	t := &sockets.ServerTLS{}
	if s.source.Value() != tlsLoad {
		return t, nil
	}
	t.CertFile, t.KeyFile, t.ServerName = s.cert.path(), s.key.path(), strings.TrimSpace(s.name.Text)
	var names []string
	if t.ServerName != "" {
		names = []string{t.ServerName}
	}
	if _, err := tlsinfo.Load(t.CertFile, t.KeyFile, names, time.Now()); err != nil {
		return nil, s.failed(err)
	}
	return t, nil
}

// failed keeps why the certificate files did not do, to show under them
// until they change, and returns it as the error to show: its whole text,
// which names the file (a file error's reason alone would not).
func (s *serverTLS) failed(err error) error {
	s.loadErr = errors.New(err.Error())
	s.loadFor = [2]string{s.cert.path(), s.key.path()}
	return s.loadErr
}

// Certificate returns the TLS certificate of the running server or relay,
// nil when it speaks plain TCP or nothing runs: what Use my server trusts.
func (p *serverPane) Certificate() *tlsinfo.Certificate {
	if r := p.running(); r != nil && p.state == serverRunning {
		return r.Certificate()
	}
	return nil
}
