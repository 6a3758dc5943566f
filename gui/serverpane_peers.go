package gui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
)

// This file is the server pane's lower half: the list of clients, and
// sending to or disconnecting them.

// newPeerWidgets builds the clients list and the widgets that send to
// them.
func (p *serverPane) newPeerWidgets() {
	p.peerTitle = heading("Clients")
	p.peerList = widget.NewList(
		func() int { return len(p.peers) },
		func() fyne.CanvasObject {
			l := truncatedLabel("127.0.0.1:65535 since 00:00:00 in 0 B out 0 B")
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(p.peers) {
				o.(*widget.Label).SetText(peerText(p.peers[id]))
			}
		})
	p.peerList.OnSelected = func(id widget.ListItemID) {
		if id < len(p.peers) {
			p.selected = p.peers[id].Addr
		}
		p.update()
	}
	p.peerList.OnUnselected = func(id widget.ListItemID) {
		if id < len(p.peers) && p.peers[id].Addr == p.selected {
			p.selected = ""
		}
		p.update()
	}
	p.peerEmpty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	p.peerEmpty.Importance = widget.LowImportance
	p.disconnectBtn = widget.NewButtonWithIcon("Disconnect", theme.CancelIcon(), p.onDisconnect)

	p.payloadFormat = newFormatChoice()
	p.payloadFormat.remember(p.prefs, keyServerPayloadFormat, sockets.FormatText, p.update)
	p.payload = rememberedEntry(p.prefs, keyServerPayload, "", `Message to clients, e.g. hello\n`, payloadValidator(p.payloadBytes), p.update)
	p.payload.OnSubmitted = func(string) { p.onSubmit() }
	p.payloadHint = newHint()
	p.sendSelBtn = widget.NewButtonWithIcon("Send to selected", theme.MailSendIcon(), p.onSendSelected)
	p.sendAllBtn = widget.NewButtonWithIcon("Send to all", theme.MailSendIcon(), p.onSendAll)
}

// clearPeers empties the clients list and its selection.
func (p *serverPane) clearPeers() {
	p.peers, p.selected = nil, ""
	p.peerList.UnselectAll()
	p.peerList.Refresh()
	p.update()
}

// peerText is one line of the peers list.
func peerText(pi sockets.PeerInfo) string {
	return fmt.Sprintf("%s  since %s  in %s  out %s",
		pi.Addr, pi.Since.Format("15:04:05"), formatBytes(pi.BytesIn), formatBytes(pi.BytesOut))
}

// payloadBytes parses the payload to send to peers.
func (p *serverPane) payloadBytes() ([]byte, error) {
	return parsePayload(p.payload.Text, p.payloadFormat.Value(), sockets.EOLNone)
}

// refreshPeers reloads the peers list, keeping the selection by address.
func (p *serverPane) refreshPeers() {
	if p.srv == nil || p.state != serverRunning {
		return
	}
	peers := p.srv.Peers()
	if len(peers) == 0 && len(p.peers) == 0 {
		return
	}
	p.peers = peers
	sel := -1
	for i, pi := range peers {
		if pi.Addr == p.selected {
			sel = i
		}
	}
	p.peerList.Refresh()
	if sel >= 0 {
		p.peerList.Select(sel)
	} else {
		p.selected = ""
		p.peerList.UnselectAll()
	}
	p.update()
}

// selectPeer selects the peer with address addr, reporting whether it is
// listed.
func (p *serverPane) selectPeer(addr string) bool {
	for i, pi := range p.peers {
		if pi.Addr == addr {
			p.peerList.Select(i)
			return true
		}
	}
	return false
}

// onSubmit is Enter in the payload entry: send to the selected client, or
// to all when none is selected.
func (p *serverPane) onSubmit() {
	if p.selected != "" {
		p.onSendSelected()
	} else {
		p.onSendAll()
	}
}

// onSendSelected sends the payload to the selected client.
func (p *serverPane) onSendSelected() { p.send(false) }

// onSendAll sends the payload to every client.
func (p *serverPane) onSendAll() { p.send(true) }

// send parses the payload and sends it off the UI goroutine: a client that
// does not read can hold a send for the write timeout.
func (p *serverPane) send(all bool) {
	b, err := p.payloadBytes()
	if err != nil {
		p.update()
		return
	}
	srv, peer := p.srv, p.selected
	switch {
	case srv == nil || p.state != serverRunning:
		dialog.ShowInformation("Server not running", "Start the server first.", p.win)
		return
	case len(b) == 0:
		dialog.ShowInformation("Nothing to send", "Type a payload to send first.", p.win)
		return
	case !all && peer == "":
		dialog.ShowInformation("No client selected", "Select a client in the list, or use Send to all.", p.win)
		return
	}
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
				showFailure(p.win, fmt.Sprintf("Sent to %d clients, but some sends failed", n), err)
			case err != nil:
				showFailure(p.win, "Could not send to "+peer, err)
			case all && n == 0:
				dialog.ShowInformation("No clients", "No client is connected, so nothing was sent.", p.win)
			}
			p.refreshPeers()
		})
	}()
}

// onDisconnect closes the selected client's connection (TCP) or forgets its
// address (UDP).
func (p *serverPane) onDisconnect() {
	srv, peer := p.srv, p.selected
	if srv == nil || peer == "" {
		return
	}
	logrus.WithField("peer", peer).Debug("disconnecting peer")
	go func() {
		err := srv.Disconnect(peer)
		p.do(func() {
			if err != nil {
				showFailure(p.win, "Could not disconnect "+peer, err)
			}
			p.refreshPeers()
		})
	}()
}
