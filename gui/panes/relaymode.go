package panes

import (
	"errors"
	"net"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// forwardMode is Forward to…'s editor, beside the Mode choice:
//
//	Mode [Forward to…] [host:port of the target..................]
//	[ ] TLS to target   [ ] Skip verifying the target     (TCP only)
//	(a warning while ticked)
//	Network conditions                                     (TCP and UDP)
//
// the rows below across the pane, under the Mode row, in the room the
// send-to-clients row leaves (a relay sends nothing of its own): the
// target's field gets the Mode row's width, for example.com:443 and more.
type forwardMode struct {
	To       *widgets.Field
	TlsTo    *widget.Check
	Skip     *widget.Check
	SkipWarn *widget.Label
	editor   fyne.CanvasObject
	SkipRow  *fyne.Container  // TLS to the target, and skip verifying it: TCP only
	Cond     *conditionsPanel // network conditions, over TCP or UDP
	Rows     *fyne.Container  // SkipRow and the conditions, under the Mode row

	reverting bool // the mode choice is being put back (modeChosen)
}

func newForwardMode(env Env, onChange func()) *forwardMode {
	t, prefs := env.Texts, env.Prefs
	f := &forwardMode{To: widgets.NewEntryField(prefs, keyServerForwardTo, "", onChange)}
	t.Placeholder(f.To.Entry, "relay.toPlaceholder")
	f.TlsTo = rememberedCheck(t, prefs, "relay.tlsTo", keyServerForwardTLS, false, onChange)
	f.Skip = rememberedCheck(t, prefs, "relay.skip", keyServerForwardSkip, false, onChange)
	f.SkipWarn = warningLabel(t, "relay.skipWarning")
	f.editor = container.NewVBox(f.To.Entry, f.To.Hint)
	f.Cond = newConditionsPanel(env)
	f.SkipRow = container.NewVBox(container.NewHBox(f.TlsTo, f.Skip), f.SkipWarn)
	f.Rows = container.NewVBox(f.SkipRow, f.Cond.Section)
	return f
}

// target checks the target's address; the relay runs over TCP or UDP.
func (f *forwardMode) target() (string, error) {
	if strings.TrimSpace(f.To.Text) == "" {
		return "", errors.New(i18n.Tr("hint.relayTarget"))
	}
	return addr.ParseDial(f.To.Text)
}

// check returns the target's problem, if any, when Forward to… is chosen,
// and shows it once the field is touched.
func (f *forwardMode) check(chosen bool) error {
	var err error
	if chosen {
		_, err = f.target()
	}
	f.To.Check(err)
	return err
}

// update locks the settings while the relay runs; chosen: Forward to… is.
// TLS to the target is for TCP: a UDP relay passes datagrams as they are.
// Network conditions are for both, each row checked against the protocol.
func (f *forwardMode) update(chosen, stopped bool, network string) {
	for _, w := range []fyne.Disableable{f.To, f.TlsTo, f.Skip} {
		widgets.SetEnabled(w, stopped)
	}
	f.Cond.setProtocol(!addr.IsTCP(network))
	widgets.SetVisible(f.Cond.Section, chosen)
	chosen = chosen && addr.IsTCP(network)
	widgets.SetVisible(f.SkipRow, chosen)
	widgets.SetVisible(f.Skip, chosen && f.TlsTo.Checked)
	widgets.SetVisible(f.SkipWarn, chosen && f.TlsTo.Checked && f.Skip.Checked)
}

// targetTLS is the TLS toward the target, nil for plain: verified against
// the system's roots unless skipped.
func (f *forwardMode) targetTLS(network string) *sockets.ClientTLS {
	if !f.TlsTo.Checked || !addr.IsTCP(network) {
		return nil
	}
	return &sockets.ClientTLS{Insecure: f.Skip.Checked}
}

// serverRun is what the server pane runs: a server, or a relay (Forward to…).
type serverRun interface {
	Addr() net.Addr
	Peers() []sockets.PeerInfo
	Disconnect(peer string) error
	Stats() sockets.Stats
	Stop() error
	Certificate() *tlsinfo.Certificate
}

// Running returns the server the pane runs, nil when none.
func (p *ServerPane) Running() serverRun {
	if p.Srv != nil {
		return p.Srv
	}
	return nil
}

// relaying reports whether the pane runs a server in Forward to… mode.
func (p *ServerPane) relaying() bool {
	return p.Srv != nil && p.Srv.Config().Mode == sockets.ModeForward
}

func (p *ServerPane) forwarding() bool { return p.Mode.Value() == sockets.ModeForward }

// startRelay starts cfg, a server in Forward to… mode, with the target and
// the TLS toward it. It reports whether it runs.
func (p *ServerPane) startRelay(cfg sockets.ServerConfig) bool {
	to, err := p.Fwd.target()
	if err != nil {
		p.Fwd.To.Touch()
		p.Update()
		widgets.ShowFailure(p.Win, i18n.Tr("server.cannotStart"), err)
		return false
	}
	cfg.ForwardTo, cfg.ForwardTLS = to, p.Fwd.targetTLS(cfg.Network)
	cfg.Conditions = p.Fwd.Cond.start()
	r := sockets.NewServer(cfg)
	logrus.WithFields(logrus.Fields{"listen": cfg.Addr, "to": to}).Debug("starting relay")
	if err := r.Start(); err != nil {
		widgets.ShowFailure(p.Win, i18n.Trf("relay.startFailed", i18n.Args{"Addr": cfg.Addr, "To": to}), err)
		return false
	}
	p.Srv, p.statsSource = r, statsSource{r}
	p.State = ServerRunning
	p.clearPeers()
	return true
}

// modeChosen is the Mode choice's change: the engine chooses forwarding at
// Start, so a running server cannot switch to forwarding (nor, as the
// choice is off then, a relay back): the choice goes back to old, and a
// note says to stop first. It reports whether the choice stands.
func (p *ServerPane) modeChosen(old sockets.Mode) bool {
	if !p.Fwd.reverting && p.State != ServerStopped && (old == sockets.ModeForward) != p.forwarding() {
		p.Fwd.reverting = true
		p.Mode.SetValue(old)
		p.Fwd.reverting = false
		widgets.ShowInfo(p.Win, i18n.Tr("relay.stopFirstTitle"), i18n.Tr("relay.stopFirstText"))
		return false
	}
	return true
}

// whyNotForwarding is what the title row says while Forward to… is chosen
// with no target typed yet: the field stays calm until it is touched.
func (p *ServerPane) whyNotForwarding() (string, bool) {
	if p.forwarding() && strings.TrimSpace(p.Fwd.To.Text) == "" {
		return i18n.Tr("relay.whyTarget"), true
	}
	return "", false
}

// updateExtras brings the TLS settings and Forward to… in line with the
// state and returns their problem, if any. The mode is locked while a
// relay runs, and a relay sends nothing to its clients of its own.
func (p *ServerPane) updateExtras(stopped bool) error {
	network := p.Protocol.Value()
	tlsErr := p.Tls.check(network)
	fwdErr := p.Fwd.check(p.forwarding())
	p.Tls.update(network, stopped, p.Certificate())
	p.Fwd.update(p.forwarding(), stopped, network)
	widgets.SetEnabled(p.Mode, !p.relaying())
	widgets.SetVisible(p.SendRow, !p.forwarding())
	return errors.Join(tlsErr, fwdErr)
}

// listeningText is the title row's state while running: where the server
// listens, or what the relay forwards where.
func (p *ServerPane) listeningText(a net.Addr) string {
	if p.relaying() {
		return i18n.Trf("relay.forwarding", i18n.Args{"Addr": a.String(), "To": p.Srv.Config().ForwardTo})
	}
	return i18n.Trf("server.listening", i18n.Args{"Addr": a.String()})
}
