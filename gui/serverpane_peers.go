package gui

import (
	"net"
	"strconv"
	"time"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/payload"
)

// This file is the server pane's lower half: the clients, and sending to
// or disconnecting them.

// newPeerWidgets builds the clients chooser and the widgets that send to
// them.
func (p *serverPane) newPeerWidgets() {
	t := p.texts
	p.peerSelect = widget.NewSelect(nil, p.onPeerChosen)
	p.disconnectBtn = t.button("server.disconnect", theme.CancelIcon(), p.onDisconnect)

	p.payloadFormat = newFormatChoice(t)
	p.payload = newEntryField(p.prefs, keyServerPayload, "", p.update)
	t.placeholder(p.payload.Entry, "server.payloadPlaceholder")
	convertOnFormatChange(p.payloadFormat, p.payload, p.prefs, keyServerPayloadFormat, p.update)
	p.payload.OnSubmitted = func(string) { p.onSend() }
	p.sendBtn = t.primary("server.send", theme.MailSendIcon(), p.onSend)
}

// clearPeers empties the clients list and its selection.
func (p *serverPane) clearPeers() {
	p.peers, p.selected = nil, ""
	p.update()
}

// peerText is a client's line in the chooser: address and counters.
func peerText(pi sockets.PeerInfo) string {
	return trf("server.peer", args{"Addr": pi.Addr, "In": formatBytes(pi.BytesIn), "Out": formatBytes(pi.BytesOut)})
}

// updatePeers shows the clients in the chooser: "All clients (N)" first,
// then one line each, keeping the choice by address. Stopped, or with no
// client, it is empty and its placeholder says why.
func (p *serverPane) updatePeers() {
	running := p.state == serverRunning
	var opts []string
	if running && len(p.peers) > 0 {
		opts = append(opts, trn("server.allClients", len(p.peers), nil))
		for _, pi := range p.peers {
			opts = append(opts, peerText(pi))
		}
	}
	sel := ""
	if len(opts) > 0 {
		sel = opts[0]
		for i, pi := range p.peers {
			if pi.Addr == p.selected {
				sel = opts[i+1]
			}
		}
	}
	switch {
	case !running:
		p.peerSelect.PlaceHolder = tr("server.peersStopped")
	default:
		p.peerSelect.PlaceHolder = tr("server.peersNone")
	}
	// Set directly: nothing was chosen, so OnChanged must not run.
	p.peerSelect.Options, p.peerSelect.Selected = opts, sel
	p.peerSelect.Refresh()
	setEnabled(p.peerSelect, len(opts) > 0)

	b, payloadErr := p.payloadBytes()
	p.payload.check(payloadErr)
	setEnabled(p.sendBtn, running && len(p.peers) > 0 && payloadErr == nil && len(b) > 0)
	setEnabled(p.disconnectBtn, running && p.selected != "")
}

// onPeerChosen records the client chosen: "" for all.
func (p *serverPane) onPeerChosen(string) {
	i := p.peerSelect.SelectedIndex()
	p.selected = ""
	if i > 0 && i <= len(p.peers) {
		p.selected = p.peers[i-1].Addr
	}
	p.update()
}

// payloadBytes parses the payload to send to peers.
func (p *serverPane) payloadBytes() ([]byte, error) {
	return parsePayload(p.payload.Text, p.payloadFormat.Value(), payload.EOLNone)
}

// refreshPeers reloads the clients, keeping the choice by address; a
// chosen client that left makes the choice "all" again.
func (p *serverPane) refreshPeers() {
	if p.running() == nil || p.state != serverRunning {
		return
	}
	peers := p.running().Peers()
	if len(peers) == 0 && len(p.peers) == 0 {
		return
	}
	p.peers = peers
	found := false
	for _, pi := range peers {
		found = found || pi.Addr == p.selected
	}
	if !found {
		p.selected = ""
	}
	p.update()
}

// selectPeer chooses the client with address addr, reporting whether it
// is listed.
func (p *serverPane) selectPeer(addr string) bool {
	for i, pi := range p.peers {
		if pi.Addr == addr {
			p.peerSelect.SetSelectedIndex(i + 1)
			return true
		}
	}
	return false
}

// onSend sends the payload to the chosen client, or to all, off the UI
// goroutine: a client that does not read can hold a send for the write
// timeout.
func (p *serverPane) onSend() {
	p.payload.touch()
	b, err := p.payloadBytes()
	if err != nil {
		p.update()
		return
	}
	srv, peer := p.srv, p.selected
	switch {
	case srv == nil || p.state != serverRunning:
		showInfo(p.win, tr("server.notRunningTitle"), tr("server.notRunningSend"))
		return
	case len(b) == 0:
		showInfo(p.win, tr("server.nothingTitle"), tr("server.nothingText"))
		return
	case len(p.peers) == 0:
		showInfo(p.win, tr("server.noClientsTitle"), tr("server.noClientsText"))
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
		p.do(func() {
			switch {
			case err != nil && all:
				showFailure(p.win, trn("server.broadcastFailed", n, nil), err)
			case err != nil:
				showFailure(p.win, trf("server.sendFailed", args{"Addr": peer}), err)
			case all && n == 0:
				showInfo(p.win, tr("server.noClientsTitle"), tr("server.noClientsText"))
			}
			p.refreshPeers()
		})
	}()
}

// onDisconnect closes the chosen client's connection (TCP) or forgets its
// address (UDP).
func (p *serverPane) onDisconnect() {
	srv, peer := p.running(), p.selected
	if srv == nil || peer == "" {
		return
	}
	logrus.WithField("peer", peer).Debug("disconnecting peer")
	go func() {
		err := srv.Disconnect(peer)
		p.do(func() {
			if err != nil {
				showFailure(p.win, trf("server.disconnectFailed", args{"Addr": peer}), err)
			}
			p.refreshPeers()
		})
	}()
}

// onCopyAddr puts the address a local client would use on the clipboard.
func (p *serverPane) onCopyAddr() {
	if _, host, port, ok := p.ListenAddr(); ok {
		p.app.Clipboard().SetContent(net.JoinHostPort(host, strconv.Itoa(port)))
	}
}

// ListenAddr returns the network ("tcp", "udp") and the address a client on
// this computer uses to reach the running server: a wildcard bind becomes
// the loopback address of the same family.
func (p *serverPane) ListenAddr() (network, host string, port int, ok bool) {
	if p.running() == nil || p.state != serverRunning {
		return "", "", 0, false
	}
	a := p.running().Addr()
	h, ps, err := net.SplitHostPort(a.String())
	if err != nil {
		return "", "", 0, false
	}
	port, _ = strconv.Atoi(ps)
	return p.protocol.Value(), addr.LocalHost(h), port, true
}

// Shutdown stops the server and waits for it; used when the window closes.
func (p *serverPane) Shutdown() {
	if r := p.running(); r != nil {
		start := time.Now()
		_ = r.Stop()
		logrus.WithField("took", time.Since(start)).Debug("server stopped for shutdown")
	}
}
