package gui

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
)

// Server mode labels; they double as preference values.
const (
	modeEcho   = "Echo"
	modeReply  = "Reply with payload"
	modeSilent = "Silent"
)

var modeOptions = []string{modeEcho, modeReply, modeSilent}

func engineMode(label string) sockets.Mode {
	switch label {
	case modeReply:
		return sockets.ModeReply
	case modeSilent:
		return sockets.ModeSilent
	}
	return sockets.ModeEcho
}

// serverState is where the server pane's server is in its life.
type serverState int

const (
	serverStopped serverState = iota
	serverRunning
	serverStopping
)

// serverPane is the left pane: it configures, starts and stops a server and
// lists, messages and disconnects its peers.
type serverPane struct {
	app    fyne.App
	win    fyne.Window
	prefs  fyne.Preferences
	events *sockets.EventQueue
	do     uiRunner

	protocol    *widget.Select
	bind        *widget.SelectEntry
	bindWarn    *widget.Label
	bindHint    *widget.Label
	port        *widget.Entry
	portHint    *widget.Label
	mode        *widget.Select
	reply       *widget.Entry
	replyFormat *widget.Select
	replyHint   *widget.Label
	replyLabel  *widget.Label
	replyRow    fyne.CanvasObject

	startBtn *widget.Button
	stopBtn  *widget.Button
	addr     *widget.Label
	copyBtn  *widget.Button
	addrRow  fyne.CanvasObject

	peerTitle     *widget.Label
	peerList      *widget.List
	peerEmpty     *widget.Label
	disconnectBtn *widget.Button

	payload       *widget.Entry
	payloadFormat *widget.Select
	payloadHint   *widget.Label
	sendSelBtn    *widget.Button
	sendAllBtn    *widget.Button

	root fyne.CanvasObject

	state    serverState
	srv      *sockets.Server // the running (or stopping) server
	last     *sockets.Server // the server whose counters the status bar shows
	peers    []sockets.PeerInfo
	selected string // address of the selected peer, "" for none
	onChange func() // called after the state changes, for the status bar
}

// newServerPane builds the server pane and restores its last settings from
// prefs. Engine events go to events; do runs UI updates from goroutines.
func newServerPane(a fyne.App, win fyne.Window, prefs fyne.Preferences, events *sockets.EventQueue, do uiRunner) *serverPane {
	p := &serverPane{app: a, win: win, prefs: prefs, events: events, do: do}

	var protocolBox fyne.CanvasObject
	p.protocol, protocolBox = newChoice(protocolOptions, 90)
	p.protocol.SetSelected(oneOf(prefs.StringWithFallback(keyServerProtocol, protoTCP), protocolOptions, protoTCP))
	p.protocol.OnChanged = func(s string) {
		p.prefs.SetString(keyServerProtocol, s)
		p.update()
	}

	p.bind = widget.NewSelectEntry(bindOptions)
	p.bind.SetText(prefs.StringWithFallback(keyServerBind, bindLoopback))
	p.bind.Validator = func(s string) error { _, err := parseBind(s); return err }
	p.bind.OnChanged = func(s string) {
		p.prefs.SetString(keyServerBind, s)
		p.update()
	}
	// Plain, not italic: every text style costs its own copy of the fonts
	// (~9 MB and ~40 ms at start-up), and colour already marks these.
	p.bindWarn = widget.NewLabel("")
	p.bindWarn.Importance = widget.WarningImportance
	p.bindWarn.Wrapping = fyne.TextWrapWord
	p.bindWarn.Hide()
	p.bindHint = newHint()

	p.port = widget.NewEntry()
	p.port.SetPlaceHolder("0 picks a free port")
	p.port.SetText(prefs.StringWithFallback(keyServerPort, "0"))
	p.port.Validator = func(s string) error { _, err := parsePort(s, true); return err }
	p.port.OnChanged = func(s string) {
		p.prefs.SetString(keyServerPort, s)
		p.update()
	}
	p.port.OnSubmitted = func(string) { p.onStart() }
	p.portHint = newHint()

	p.mode = widget.NewSelect(modeOptions, nil)
	p.mode.SetSelected(oneOf(prefs.StringWithFallback(keyServerMode, modeEcho), modeOptions, modeEcho))
	p.mode.OnChanged = func(s string) {
		p.prefs.SetString(keyServerMode, s)
		p.applyMode()
		p.update()
	}

	p.reply = widget.NewEntry()
	p.reply.SetPlaceHolder(`Reply payload, e.g. OK\r\n`)
	p.reply.SetText(prefs.String(keyServerReply))
	p.reply.Validator = func(string) error { _, err := p.replyBytes(); return err }
	p.reply.OnChanged = func(s string) {
		p.prefs.SetString(keyServerReply, s)
		p.applyMode()
		p.update()
	}
	var replyFormatBox fyne.CanvasObject
	p.replyFormat, replyFormatBox = newChoice(formatOptions, 90)
	p.replyFormat.SetSelected(oneOf(prefs.StringWithFallback(keyServerReplyFormat, formatText), formatOptions, formatText))
	p.replyFormat.OnChanged = func(s string) {
		p.prefs.SetString(keyServerReplyFormat, s)
		p.applyMode()
		p.update()
	}
	p.replyHint = newHint()

	p.startBtn = widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), p.onStart)
	p.startBtn.Importance = widget.HighImportance
	p.stopBtn = widget.NewButtonWithIcon("Stop", theme.MediaStopIcon(), p.onStop)
	p.addr = widget.NewLabel("")
	p.addr.Truncation = fyne.TextTruncateEllipsis
	p.copyBtn = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), p.onCopyAddr)

	p.peerTitle = heading("Clients")
	p.peerList = widget.NewList(
		func() int { return len(p.peers) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("127.0.0.1:65535 since 00:00:00 in 0 B out 0 B")
			l.Truncation = fyne.TextTruncateEllipsis
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

	p.payload = widget.NewEntry()
	p.payload.SetPlaceHolder(`Message to clients, e.g. hello\n`)
	p.payload.SetText(prefs.String(keyServerPayload))
	p.payload.Validator = func(string) error { _, err := p.payloadBytes(); return err }
	p.payload.OnChanged = func(s string) {
		p.prefs.SetString(keyServerPayload, s)
		p.update()
	}
	p.payload.OnSubmitted = func(string) { p.onSubmit() }
	var payloadFormatBox fyne.CanvasObject
	p.payloadFormat, payloadFormatBox = newChoice(formatOptions, 90)
	p.payloadFormat.SetSelected(oneOf(prefs.StringWithFallback(keyServerPayloadFormat, formatText), formatOptions, formatText))
	p.payloadFormat.OnChanged = func(s string) {
		p.prefs.SetString(keyServerPayloadFormat, s)
		p.update()
	}
	p.payloadHint = newHint()
	p.sendSelBtn = widget.NewButtonWithIcon("Send to selected", theme.MailSendIcon(), p.onSendSelected)
	p.sendAllBtn = widget.NewButtonWithIcon("Send to all", theme.MailSendIcon(), p.onSendAll)

	p.root = p.layout(protocolBox, replyFormatBox, payloadFormatBox)
	p.update()
	return p
}

func (p *serverPane) layout(protocol, replyFormat, payloadFormat fyne.CanvasObject) fyne.CanvasObject {
	p.replyLabel = widget.NewLabel("Reply")
	p.replyRow = container.NewVBox(container.NewBorder(nil, nil, nil, replyFormat, p.reply), p.replyHint)
	protoPort := container.NewBorder(nil, nil, protocol,
		container.NewHBox(widget.NewLabel("Port"), atLeastWide(100, p.port)))
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("Protocol"), container.NewVBox(protoPort, p.portHint),
		widget.NewLabel("Listen on"), container.NewVBox(p.bind, p.bindWarn, p.bindHint),
		widget.NewLabel("Mode"), p.mode,
		p.replyLabel, p.replyRow,
	)
	p.addrRow = container.NewBorder(nil, nil, nil, p.copyBtn, p.addr)
	title := container.NewBorder(nil, nil, heading("Server"), container.NewHBox(p.startBtn, p.stopBtn))
	top := container.NewVBox(title, form, p.addrRow, widget.NewSeparator())

	peers := container.NewBorder(
		container.NewBorder(nil, nil, nil, p.disconnectBtn, p.peerTitle),
		nil, nil, nil,
		container.NewStack(p.peerList, container.NewCenter(p.peerEmpty)))

	send := container.NewVBox(
		container.NewBorder(nil, nil, nil, payloadFormat, p.payload),
		p.payloadHint,
		container.NewHBox(layout.NewSpacer(), p.sendSelBtn, p.sendAllBtn),
	)
	return container.NewBorder(top, send, nil, nil, peers)
}

// Object returns the pane's root object.
func (p *serverPane) Object() fyne.CanvasObject { return p.root }

// peerText is one line of the peers list.
func peerText(pi sockets.PeerInfo) string {
	return fmt.Sprintf("%s  since %s  in %s  out %s",
		pi.Addr, pi.Since.Format("15:04:05"), formatBytes(pi.BytesIn), formatBytes(pi.BytesOut))
}

// replyBytes parses the reply payload; it is only required in reply mode.
func (p *serverPane) replyBytes() ([]byte, error) {
	b, err := parsePayload(p.reply.Text, p.replyFormat.Selected, eolNone)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, errors.New("enter the payload to reply with")
	}
	return b, nil
}

// payloadBytes parses the payload to send to peers.
func (p *serverPane) payloadBytes() ([]byte, error) {
	return parsePayload(p.payload.Text, p.payloadFormat.Selected, eolNone)
}

// config returns the server configuration the fields describe.
func (p *serverPane) config() (sockets.ServerConfig, error) {
	host, err := parseBind(p.bind.Text)
	if err != nil {
		return sockets.ServerConfig{}, err
	}
	port, err := parsePort(p.port.Text, true)
	if err != nil {
		return sockets.ServerConfig{}, err
	}
	cfg := sockets.ServerConfig{
		Network:      network(p.protocol.Selected),
		Addr:         net.JoinHostPort(host, strconv.Itoa(port)),
		Mode:         engineMode(p.mode.Selected),
		Events:       p.events,
		CaptureBytes: captureBytes,
	}
	if cfg.Mode == sockets.ModeReply {
		if cfg.Reply, err = p.replyBytes(); err != nil {
			return sockets.ServerConfig{}, err
		}
	}
	return cfg, nil
}

// applyMode passes a mode or reply change to a running server.
func (p *serverPane) applyMode() {
	if p.srv == nil || p.state != serverRunning {
		return
	}
	m := engineMode(p.mode.Selected)
	var reply []byte
	if m == sockets.ModeReply {
		var err error
		if reply, err = p.replyBytes(); err != nil {
			return // keep the last valid mode until the reply parses
		}
	}
	p.srv.SetMode(m, reply)
	logrus.WithField("mode", m).Debug("server mode changed")
}

// update brings every widget in line with the state and the inputs.
func (p *serverPane) update() {
	stopped := p.state == serverStopped
	running := p.state == serverRunning

	bindAddr, bindErr := parseBind(p.bind.Text)
	setHint(p.bindHint, bindErr)
	if bindErr == nil && exposedBind(bindAddr) {
		p.bindWarn.SetText("Other machines on your network can reach this server.")
		p.bindWarn.Show()
	} else {
		p.bindWarn.Hide()
	}
	_, portErr := parsePort(p.port.Text, true)
	setHint(p.portHint, portErr)

	replyMode := p.mode.Selected == modeReply
	setVisible(p.replyLabel, replyMode)
	setVisible(p.replyRow, replyMode)
	var replyErr error
	if replyMode {
		_, replyErr = p.replyBytes()
	}
	setHint(p.replyHint, replyErr)

	for _, w := range []fyne.Disableable{p.protocol, p.bind, p.port} {
		setEnabled(w, stopped)
	}
	setEnabled(p.startBtn, stopped && bindErr == nil && portErr == nil && replyErr == nil)
	setEnabled(p.stopBtn, running)

	switch p.state {
	case serverRunning:
		p.addr.SetText("Listening on " + p.srv.Addr().String())
	case serverStopping:
		p.addr.SetText("Stopping...")
	default:
		p.addr.SetText("")
	}
	setVisible(p.copyBtn, running)
	setVisible(p.addrRow, p.state != serverStopped)

	switch {
	case !running:
		p.peerEmpty.SetText("Start the server to see its clients")
	case len(p.peers) == 0:
		p.peerEmpty.SetText("No clients yet")
	default:
		p.peerEmpty.SetText("")
	}
	setVisible(p.peerEmpty, p.peerEmpty.Text != "")
	p.peerTitle.SetText(fmt.Sprintf("Clients (%d)", len(p.peers)))

	b, payloadErr := p.payloadBytes()
	setHint(p.payloadHint, payloadErr)
	canSend := running && payloadErr == nil && len(b) > 0
	setEnabled(p.sendSelBtn, canSend && p.selected != "")
	setEnabled(p.sendAllBtn, canSend && len(p.peers) > 0)
	setEnabled(p.disconnectBtn, running && p.selected != "")

	if p.onChange != nil {
		p.onChange()
	}
}

// onStart binds and starts a server with the pane's settings. Binding is
// immediate, so it runs on the UI goroutine.
func (p *serverPane) onStart() {
	if p.state != serverStopped {
		return
	}
	cfg, err := p.config()
	if err != nil {
		p.update()
		showFailure(p.win, "Cannot start the server", err)
		return
	}
	logrus.WithFields(logrus.Fields{"network": cfg.Network, "addr": cfg.Addr, "mode": cfg.Mode}).Debug("starting server")
	srv := sockets.NewServer(cfg)
	if err := srv.Start(); err != nil {
		showFailure(p.win, fmt.Sprintf("Could not start the %s server on %s", p.protocol.Selected, cfg.Addr), err)
		return
	}
	p.srv, p.last = srv, srv
	p.state = serverRunning
	p.peers, p.selected = nil, ""
	p.peerList.UnselectAll()
	p.peerList.Refresh()
	p.update()
}

// onStop stops the server off the UI goroutine: with many clients it can
// take a moment.
func (p *serverPane) onStop() {
	if p.state != serverRunning {
		return
	}
	srv := p.srv
	p.state = serverStopping
	p.update()
	logrus.Debug("stopping server")
	go func() {
		err := srv.Stop()
		p.do(func() {
			p.stopped(srv)
			if err != nil {
				showFailure(p.win, "Stopping the server failed", err)
			}
		})
	}()
}

// stopped records that srv has finished stopping.
func (p *serverPane) stopped(srv *sockets.Server) {
	if p.srv != srv {
		return
	}
	p.srv = nil
	p.state = serverStopped
	p.peers, p.selected = nil, ""
	p.peerList.UnselectAll()
	p.peerList.Refresh()
	p.update()
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

// onCopyAddr puts the address a local client would use on the clipboard.
func (p *serverPane) onCopyAddr() {
	if _, host, port, ok := p.ListenAddr(); ok {
		p.app.Clipboard().SetContent(net.JoinHostPort(host, strconv.Itoa(port)))
	}
}

// ListenAddr returns the protocol label and the address a client on this
// computer uses to reach the running server: a wildcard bind becomes the
// loopback address of the same family.
func (p *serverPane) ListenAddr() (proto, host string, port int, ok bool) {
	if p.srv == nil || p.state != serverRunning {
		return "", "", 0, false
	}
	a := p.srv.Addr()
	h, ps, err := net.SplitHostPort(a.String())
	if err != nil {
		return "", "", 0, false
	}
	port, _ = strconv.Atoi(ps)
	return p.protocol.Selected, connectableHost(h), port, true
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

// Status describes the server for the status bar, e.g.
// "Listening on 127.0.0.1:9000 - 3 clients".
func (p *serverPane) Status() string {
	switch p.state {
	case serverRunning:
		n := len(p.peers)
		noun := "clients"
		if n == 1 {
			noun = "client"
		}
		return fmt.Sprintf("Listening on %s - %d %s", p.srv.Addr(), n, noun)
	case serverStopping:
		return "Stopping"
	}
	return "Stopped"
}

// Stats returns the counters of the running server, or of the last one.
func (p *serverPane) Stats() (sockets.Stats, bool) {
	if p.last == nil {
		return sockets.Stats{}, false
	}
	return p.last.Stats(), true
}

// Shutdown stops the server and waits for it; used when the window closes.
func (p *serverPane) Shutdown() {
	if p.srv != nil {
		start := time.Now()
		_ = p.srv.Stop()
		logrus.WithField("took", time.Since(start)).Debug("server stopped for shutdown")
	}
}
