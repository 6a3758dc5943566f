package panes

import (
	"net"
	"strconv"
	"time"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/payload"
)

func (p *ServerPane) newPeerWidgets() {
	t := p.Texts
	p.PeerSelect = widget.NewSelect(nil, p.onPeerChosen)
	p.DisconnectBtn = t.Button("server.disconnect", theme.CancelIcon(), p.onDisconnect)

	p.PayloadFormat = widgets.NewFormatChoice(t)
	p.Payload = widgets.NewEntryField(p.Prefs, keyServerPayload, "", p.Update)
	t.Placeholder(p.Payload.Entry, "server.payloadPlaceholder")
	widgets.ConvertOnFormatChange(p.PayloadFormat, p.Payload, p.Prefs, KeyServerPayloadFormat, p.Update)
	p.Payload.OnSubmitted = func(string) { p.onSend() }
	p.SendBtn = t.Primary("server.send", theme.MailSendIcon(), p.onSend)
}

func (p *ServerPane) clearPeers() {
	p.Peers, p.Selected = nil, ""
	p.Update()
}

// peerText is a client's line in the chooser: address and counters.
func peerText(pi sockets.PeerInfo) string {
	return i18n.Trf("server.peer", i18n.Args{"Addr": pi.Addr, "In": logview.FormatBytes(pi.BytesIn), "Out": logview.FormatBytes(pi.BytesOut)})
}

// updatePeers shows the clients in the chooser: "All clients (N)" first,
// then one line each, keeping the choice by address.
func (p *ServerPane) updatePeers() {
	running := p.State == ServerRunning
	var opts []string
	if running && len(p.Peers) > 0 {
		opts = append(opts, i18n.Trn("server.allClients", len(p.Peers), nil))
		for _, pi := range p.Peers {
			opts = append(opts, peerText(pi))
		}
	}
	sel := ""
	if len(opts) > 0 {
		sel = opts[0]
		for i, pi := range p.Peers {
			if pi.Addr == p.Selected {
				sel = opts[i+1]
			}
		}
	}
	switch {
	case !running:
		p.PeerSelect.PlaceHolder = i18n.Tr("server.peersStopped")
	default:
		p.PeerSelect.PlaceHolder = i18n.Tr("server.peersNone")
	}
	// Set directly: nothing was chosen, so OnChanged must not run.
	p.PeerSelect.Options, p.PeerSelect.Selected = opts, sel
	p.PeerSelect.Refresh()
	widgets.SetEnabled(p.PeerSelect, len(opts) > 0)

	b, payloadErr := p.payloadBytes()
	p.Payload.Check(payloadErr)
	widgets.SetEnabled(p.SendBtn, running && len(p.Peers) > 0 && payloadErr == nil && len(b) > 0)
	widgets.SetEnabled(p.DisconnectBtn, running && p.Selected != "")
	p.updateFiles()
}

func (p *ServerPane) onPeerChosen(string) {
	i := p.PeerSelect.SelectedIndex()
	p.Selected = ""
	if i > 0 && i <= len(p.Peers) {
		p.Selected = p.Peers[i-1].Addr
	}
	p.Update()
}

func (p *ServerPane) payloadBytes() ([]byte, error) {
	return widgets.ParsePayload(p.Payload.Text, p.PayloadFormat.Value(), payload.EOLNone)
}

// RefreshPeers reloads the clients, keeping the choice by address; a
// chosen client that left makes the choice "all" again.
func (p *ServerPane) RefreshPeers() {
	if p.Running() == nil || p.State != ServerRunning {
		return
	}
	peers := p.Running().Peers()
	if samePeers(peers, p.Peers) {
		return // an unchanged list is not drawn again
	}
	p.Peers = peers
	found := false
	for _, pi := range peers {
		found = found || pi.Addr == p.Selected
	}
	if !found {
		p.Selected = ""
	}
	p.Update()
}

// samePeers reports whether a and b list the same clients in the same
// order with the same counters and times.
func samePeers(a, b []sockets.PeerInfo) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// SelectPeer chooses the client with address addr, reporting whether it
// is listed.
func (p *ServerPane) SelectPeer(addr string) bool {
	for i, pi := range p.Peers {
		if pi.Addr == addr {
			p.PeerSelect.SetSelectedIndex(i + 1)
			return true
		}
	}
	return false
}

// onSend sends the payload to the chosen client, or to all, off the UI
// goroutine: a client that does not read can hold a send for the write
// timeout.
func (p *ServerPane) onSend() {
	p.Payload.Touch()
	b, err := p.payloadBytes()
	if err != nil {
		p.Update()
		return
	}
	srv, peer := p.Srv, p.Selected
	switch {
	case srv == nil || p.State != ServerRunning:
		widgets.ShowInfo(p.Win, i18n.Tr("server.notRunningTitle"), i18n.Tr("server.notRunningSend"))
		return
	case len(b) == 0:
		widgets.ShowInfo(p.Win, i18n.Tr("server.nothingTitle"), i18n.Tr("server.nothingText"))
		return
	case len(p.Peers) == 0:
		widgets.ShowInfo(p.Win, i18n.Tr("server.noClientsTitle"), i18n.Tr("server.noClientsText"))
		return
	}
	all := peer == ""
	logrus.WithFields(logrus.Fields{"peer": peer, "all": all, "bytes": len(b)}).Debug("server send")
	go func() {
		var err error
		n := 0
		if all {
			n, err = srv.Broadcast(b)
		} else {
			err = srv.SendTo(peer, b)
		}
		p.Do(func() {
			switch {
			case err != nil && all:
				widgets.ShowFailure(p.Win, i18n.Trn("server.broadcastFailed", n, nil), err)
			case err != nil:
				widgets.ShowFailure(p.Win, i18n.Trf("server.sendFailed", i18n.Args{"Addr": peer}), err)
			case all && n == 0:
				widgets.ShowInfo(p.Win, i18n.Tr("server.noClientsTitle"), i18n.Tr("server.noClientsText"))
			}
			p.RefreshPeers()
		})
	}()
}

// onDisconnect closes the chosen client's connection (TCP) or forgets its
// address (UDP).
func (p *ServerPane) onDisconnect() {
	srv, peer := p.Running(), p.Selected
	if srv == nil || peer == "" {
		return
	}
	logrus.WithField("peer", peer).Debug("disconnecting peer")
	go func() {
		err := srv.Disconnect(peer)
		p.Do(func() {
			if err != nil {
				widgets.ShowFailure(p.Win, i18n.Trf("server.disconnectFailed", i18n.Args{"Addr": peer}), err)
			}
			p.RefreshPeers()
		})
	}()
}

// onCopyAddr puts the address a local client would use on the clipboard.
func (p *ServerPane) onCopyAddr() {
	if _, host, port, ok := p.ListenAddr(); ok {
		p.App.Clipboard().SetContent(net.JoinHostPort(host, strconv.Itoa(port)))
	}
}

// ListenAddr returns the network ("tcp", "udp") and the address a client on
// this computer uses to reach the running server: a wildcard bind becomes
// the loopback address of the same family.
func (p *ServerPane) ListenAddr() (network, host string, port int, ok bool) {
	if p.Running() == nil || p.State != ServerRunning {
		return "", "", 0, false
	}
	a := p.Running().Addr()
	if addr.IsUnix(p.Protocol.Value()) {
		return p.Protocol.Value(), a.String(), 0, true // host is the socket's path
	}
	h, ps, err := net.SplitHostPort(a.String())
	if err != nil {
		return "", "", 0, false
	}
	port, _ = strconv.Atoi(ps)
	return p.Protocol.Value(), addr.LocalHost(h), port, true
}

// Shutdown stops the server and waits for it; used when the window closes.
func (p *ServerPane) Shutdown() {
	if r := p.Running(); r != nil {
		start := time.Now()
		_ = r.Stop()
		logrus.WithField("took", time.Since(start)).Debug("server stopped for shutdown")
	}
}
