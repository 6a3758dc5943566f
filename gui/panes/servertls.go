package panes

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

type tlsSource int

const (
	TlsGenerate tlsSource = iota // a self-signed certificate made at Start
	TlsLoad                      // PEM files the user names
)

// serverTLS is the server pane's TLS settings (TCP only), which also serve
// the relay's side toward its clients in Forward to… mode.
type serverTLS struct {
	On       *widget.Check
	Source   *widgets.EnumChoice[tlsSource]
	Cert     *fileField
	Key      *fileField
	LoadRow  *fyne.Container
	LoadHint *widget.Label // why the files did not load, until they change
	loadErr  error
	loadFor  [2]string // the paths loadErr is about

	Fingerprint *widget.Label
	sha256      string // the running certificate's fingerprint, for Copy
	CopyBtn     *widgets.PlainButton
	Name        *widgets.Field // ServerTLS.ServerName, for a loaded certificate
	ClientCA    *fileField     // ServerTLS.ClientCAFile: empty asks no client certificate

	nameBox *fyne.Container // the server name with its label, while loading and stopped
	caBox   *fyne.Container // the client CA with its label, while stopped
	Section *fyne.Container // shown while TLS is on
}

func newServerTLS(env Env, onChange func()) *serverTLS {
	t, prefs := env.Texts, env.Prefs
	s := &serverTLS{LoadHint: widgets.NewHint()}
	s.Cert = newFileField(env, keyServerTLSCert, "server.tlsCertPlaceholder", onChange)
	s.Key = newFileField(env, keyServerTLSKey, "server.tlsKeyPlaceholder", onChange)
	s.ClientCA = newFileField(env, keyServerTLSClientCA, "server.tlsClientCAPlaceholder", onChange)
	// Choosing to load a certificate asks for its files: say so if missing.
	chosen := func() {
		if s.On.Checked && s.Source.Value() == TlsLoad {
			s.Cert.Touch()
			s.Key.Touch()
		}
		onChange()
	}
	s.On = rememberedCheck(t, prefs, "server.tls", keyServerTLS, false, chosen)
	s.Source = widgets.NewEnumChoice(t, []tlsSource{TlsGenerate, TlsLoad}, tlsSourceKey, widgets.NoKey[tlsSource], tlsSourceName)
	s.Source.Remember(prefs, keyServerTLSSource, TlsGenerate, func(tlsSource) { chosen() })
	s.Name = widgets.NewEntryField(prefs, keyServerTLSName, "", onChange)
	t.Placeholder(s.Name.Entry, "server.tlsNamePlaceholder")
	s.LoadRow = container.NewVBox(
		container.NewGridWithColumns(2, s.Cert.row, s.Key.row),
		container.NewGridWithColumns(2, s.Cert.Hint, s.Key.Hint), s.Name.Hint, s.LoadHint)
	s.nameBox = container.NewBorder(nil, nil, t.Label("server.tlsName"), nil, s.Name.Entry)
	s.Fingerprint = widgets.TruncatedLabel("")
	s.CopyBtn = t.Button("server.tlsCopy", theme.ContentCopyIcon(), func() {
		env.App.Clipboard().SetContent(s.sha256)
	})
	// The client CA shares the certificate's row, where the fingerprint
	// shows while running: a row more would cost the log one at the
	// default size.
	s.caBox = container.NewBorder(nil, nil, t.Label("server.tlsClientCA"), nil, s.ClientCA.row)
	s.Section = container.NewVBox(
		widgets.NewRow(container.NewHBox(t.Label("server.tlsCertificate"), s.Source.Object()),
			container.NewStack(s.Fingerprint, container.NewGridWithColumns(2, s.nameBox, s.caBox)), s.CopyBtn),
		s.ClientCA.Hint, s.LoadRow)
	return s
}

func tlsSourceKey(s tlsSource) string {
	if s == TlsLoad {
		return "server.tlsLoad"
	}
	return "server.tlsGenerate"
}

func tlsSourceName(s tlsSource) string {
	if s == TlsLoad {
		return "load"
	}
	return "generate"
}

func (s *serverTLS) active(network string) bool {
	return s.On.Checked && (addr.IsTCP(network) || sockets.IsWS(network))
}

func (s *serverTLS) loading(network string) bool {
	return s.active(network) && s.Source.Value() == TlsLoad
}

// check validates the TLS fields, showing their hints, and returns the
// first problem; nil while TLS is off.
func (s *serverTLS) check(network string) error {
	load := s.loading(network)
	var certErr, keyErr, nameErr error
	if load {
		certErr = checkFile(s.Cert.path(), true)
		keyErr = checkFile(s.Key.path(), true)
	}
	if n := strings.TrimSpace(s.Name.Text); n != "" && load {
		_, nameErr = addr.ParseHost(n)
	}
	// A load failure stands until the files named change.
	if s.loadErr != nil && (!load || s.loadFor != [2]string{s.Cert.path(), s.Key.path()}) {
		s.loadErr = nil
	}
	// Shown, but Start stays on: the files may be fixed on disk.
	widgets.SetHint(s.LoadHint, s.loadErr)
	var caErr error
	if s.active(network) {
		caErr = checkFile(s.ClientCA.path(), false)
	}
	return errors.Join(s.Cert.Check(certErr), s.Key.Check(keyErr), s.Name.Check(nameErr), s.ClientCA.Check(caErr))
}

// update shows the rows that apply and locks them while running; cert is
// the running server's certificate, if any.
func (s *serverTLS) update(network string, stopped bool, cert *tlsinfo.Certificate) {
	widgets.SetEnabled(s.On, stopped && addr.IsTCP(network))
	active := s.active(network)
	widgets.SetVisible(s.Section, active)
	widgets.SetVisible(s.LoadRow, s.loading(network))
	widgets.SetVisible(s.nameBox, s.loading(network) && stopped)
	widgets.SetVisible(s.caBox, stopped)
	for _, w := range []fyne.Disableable{s.Source, s.Cert, s.Key, s.Name, s.ClientCA} {
		widgets.SetEnabled(w, stopped)
	}
	s.sha256 = ""
	if cert != nil && active {
		s.sha256 = cert.SHA256
	}
	fp := ""
	if s.sha256 != "" {
		fp = "SHA-256 " + s.sha256
	}
	SetText(s.Fingerprint, fp)
	widgets.SetVisible(s.CopyBtn, fp != "")
}

// settings returns the ServerTLS for a server on network, nil without TLS.
// A certificate to load is read and checked first (missing, not PEM, a key
// that does not match, expired), so that a bad file fails here, with its
// message under the files, and nothing starts.
func (s *serverTLS) settings(network string) (*sockets.ServerTLS, error) {
	if !s.active(network) {
		return nil, nil
	}
	t := &sockets.ServerTLS{ClientCAFile: s.ClientCA.path()}
	if s.Source.Value() != TlsLoad {
		return t, nil
	}
	t.CertFile, t.KeyFile, t.ServerName = s.Cert.path(), s.Key.path(), strings.TrimSpace(s.Name.Text)
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
	s.loadFor = [2]string{s.Cert.path(), s.Key.path()}
	return s.loadErr
}

// Certificate returns the TLS certificate of the running server or relay,
// nil when it speaks plain TCP or nothing runs: what Use my server trusts.
func (p *ServerPane) Certificate() *tlsinfo.Certificate {
	if r := p.Running(); r != nil && p.State == ServerRunning {
		return r.Certificate()
	}
	return nil
}
