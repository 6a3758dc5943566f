package gui

import (
	"errors"
	"net"
	"strings"

	"github.com/sockettester/sockettester/sockets/tlsinfo"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// forwardMode is Forward to…'s editor, beside the Mode choice:
//
//	Mode [Forward to…] [host:port of the target] [ ] TLS to target
//	[ ] Skip verifying the target
//	(a warning while ticked)
//
// the rows below across the pane, under the Mode row, with TLS to the
// target.
type forwardMode struct {
	to       *field
	tlsTo    *widget.Check
	skip     *widget.Check
	skipWarn *widget.Label
	editor   fyne.CanvasObject
	skipRow  *fyne.Container // Skip verifying the target, with TLS to it

	reverting bool // the mode choice is being put back (modeChosen)
}

func newForwardMode(env paneEnv, onChange func()) *forwardMode {
	t, prefs := env.texts, env.prefs
	f := &forwardMode{to: newEntryField(prefs, keyServerForwardTo, "", onChange)}
	t.placeholder(f.to.Entry, "relay.toPlaceholder")
	f.tlsTo = rememberedCheck(t, prefs, "relay.tlsTo", keyServerForwardTLS, false, onChange)
	f.skip = rememberedCheck(t, prefs, "relay.skip", keyServerForwardSkip, false, onChange)
	f.skipWarn = warningLabel(t, "relay.skipWarning")
	f.editor = container.NewVBox(
		container.NewBorder(nil, nil, nil, f.tlsTo, f.to.Entry), f.to.hint)
	f.skipRow = container.NewVBox(f.skip, f.skipWarn)
	return f
}

// target checks the target's address, and that the relay can run on
// network: it relays TCP only.
func (f *forwardMode) target(network string) (string, error) {
	if !addr.IsTCP(network) {
		return "", errors.New(tr("hint.relayTCP"))
	}
	if strings.TrimSpace(f.to.Text) == "" {
		return "", errors.New(tr("hint.relayTarget"))
	}
	return addr.ParseDial(f.to.Text)
}

// check shows the target's problem, if any, when Forward to… is chosen.
func (f *forwardMode) check(chosen bool, network string) error {
	var err error
	if chosen {
		_, err = f.target(network)
	}
	return f.to.check(err)
}

// update locks the settings while the relay runs; chosen is whether
// Forward to… is chosen.
func (f *forwardMode) update(chosen, stopped bool) {
	for _, w := range []fyne.Disableable{f.to, f.tlsTo, f.skip} {
		setEnabled(w, stopped)
	}
	setVisible(f.skipRow, chosen && f.tlsTo.Checked)
	setVisible(f.skipWarn, chosen && f.tlsTo.Checked && f.skip.Checked)
}

// targetTLS is the TLS toward the target, nil for plain: verified against
// the system's roots unless skipped.
func (f *forwardMode) targetTLS() *sockets.ClientTLS {
	if !f.tlsTo.Checked {
		return nil
	}
	return &sockets.ClientTLS{Insecure: f.skip.Checked}
}

// serverRun is what the server pane runs: a server, which in Forward to…
// mode (sockets.ModeForward) is a relay.
type serverRun interface {
	Addr() net.Addr
	Peers() []sockets.PeerInfo
	Disconnect(peer string) error
	Stats() sockets.Stats
	Stop() error
	Certificate() *tlsinfo.Certificate
}

// running returns the server the pane runs, nil when none.
func (p *serverPane) running() serverRun {
	if p.srv != nil {
		return p.srv
	}
	return nil
}

// relaying reports whether the pane runs a server in Forward to… mode.
func (p *serverPane) relaying() bool {
	return p.srv != nil && p.srv.Config().Mode == sockets.ModeForward
}

// forwarding reports whether Forward to… is chosen.
func (p *serverPane) forwarding() bool { return p.mode.Value() == sockets.ModeForward }

// startRelay starts cfg, a server in Forward to… mode, with the target and
// the TLS toward it. It reports whether it runs.
func (p *serverPane) startRelay(cfg sockets.ServerConfig) bool {
	to, err := p.fwd.target(cfg.Network)
	if err != nil {
		p.fwd.to.touch()
		p.update()
		showFailure(p.win, tr("server.cannotStart"), err)
		return false
	}
	cfg.ForwardTo, cfg.ForwardTLS = to, p.fwd.targetTLS()
	r := sockets.NewServer(cfg)
	logrus.WithFields(logrus.Fields{"listen": cfg.Addr, "to": to}).Debug("starting relay")
	if err := r.Start(); err != nil {
		showFailure(p.win, trf("relay.startFailed", args{"Addr": cfg.Addr, "To": to}), err)
		return false
	}
	p.srv, p.statsSource = r, statsSource{r}
	p.state = serverRunning
	p.clearPeers()
	return true
}

// modeChosen is the Mode choice's change: the engine chooses forwarding at
// Start, so a running server cannot switch to forwarding (nor, as the
// choice is off then, a relay back): the choice goes back to old, and a
// note says to stop first. It reports whether the choice stands.
func (p *serverPane) modeChosen(old sockets.Mode) bool {
	if !p.fwd.reverting && p.state != serverStopped && (old == sockets.ModeForward) != p.forwarding() {
		p.fwd.reverting = true
		p.mode.SetValue(old)
		p.fwd.reverting = false
		showInfo(p.win, tr("relay.stopFirstTitle"), tr("relay.stopFirstText"))
		return false
	}
	if p.forwarding() {
		p.fwd.to.touch() // it asks for its target at once, as Reply asks for its payload
	}
	return true
}

// updateExtras brings the TLS settings and Forward to… in line with the
// state and returns their problem, if any. The mode is locked while a
// relay runs, and a relay sends nothing to its clients of its own.
func (p *serverPane) updateExtras(stopped bool) error {
	network := p.protocol.Value()
	tlsErr := p.tls.check(network)
	fwdErr := p.fwd.check(p.forwarding(), network)
	p.tls.update(network, stopped, p.Certificate())
	p.fwd.update(p.forwarding(), stopped)
	setEnabled(p.mode, !p.relaying())
	setVisible(p.sendRow, !p.forwarding())
	return errors.Join(tlsErr, fwdErr)
}

// listeningText is the title row's state while running: where the server
// listens, or what the relay forwards where.
func (p *serverPane) listeningText(a net.Addr) string {
	if p.relaying() {
		return trf("relay.forwarding", args{"Addr": a.String(), "To": p.srv.Config().ForwardTo})
	}
	return trf("server.listening", args{"Addr": a.String()})
}
