package gui

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
)

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

	protocol    *enumChoice[string]
	bind        *widget.SelectEntry
	bindWarn    *widget.Label
	bindHint    *widget.Label
	port        *widget.Entry
	portHint    *widget.Label
	mode        *enumChoice[sockets.Mode]
	reply       *widget.Entry
	replyFormat *enumChoice[sockets.Format]
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
	payloadFormat *enumChoice[sockets.Format]
	payloadHint   *widget.Label
	sendSelBtn    *widget.Button
	sendAllBtn    *widget.Button

	root fyne.CanvasObject

	statsSource // the server whose counters the status bar shows

	state    serverState
	srv      *sockets.Server // the running (or stopping) server
	peers    []sockets.PeerInfo
	selected string // address of the selected peer, "" for none
	onChange func() // called after the state changes, for the status bar
}

// newServerPane builds the server pane and restores its last settings from
// prefs. Engine events go to events; do runs UI updates from goroutines.
func newServerPane(a fyne.App, win fyne.Window, prefs fyne.Preferences, events *sockets.EventQueue, do uiRunner) *serverPane {
	p := &serverPane{app: a, win: win, prefs: prefs, events: events, do: do}

	p.protocol = newNetworkChoice()
	p.protocol.remember(prefs, keyServerProtocol, "tcp", p.update)

	p.bind = widget.NewSelectEntry(bindOptions)
	rememberText(&p.bind.Entry, prefs, keyServerBind, bindLoopback, validator(parseBind), p.update)
	// Plain, not italic: every text style costs its own copy of the fonts
	// (~9 MB and ~40 ms at start-up), and colour already marks these.
	p.bindWarn = widget.NewLabel("")
	p.bindWarn.Importance = widget.WarningImportance
	p.bindWarn.Wrapping = fyne.TextWrapWord
	p.bindWarn.Hide()
	p.bindHint = newHint()

	p.port = rememberedEntry(prefs, keyServerPort, "0", "0 picks a free port", validator(sockets.ParseListenPort), p.update)
	p.port.OnSubmitted = func(string) { p.onStart() }
	p.portHint = newHint()

	modeChanged := func() {
		p.applyMode()
		p.update()
	}
	p.mode = newModeChoice()
	p.mode.remember(prefs, keyServerMode, sockets.ModeEcho, modeChanged)
	p.replyFormat = newFormatChoice()
	p.replyFormat.remember(prefs, keyServerReplyFormat, sockets.FormatText, modeChanged)
	p.reply = rememberedEntry(prefs, keyServerReply, "", `Reply payload, e.g. OK\r\n`, payloadValidator(p.replyBytes), modeChanged)
	p.replyHint = newHint()

	p.startBtn = primaryButton("Start", theme.MediaPlayIcon(), p.onStart)
	p.stopBtn = widget.NewButtonWithIcon("Stop", theme.MediaStopIcon(), p.onStop)
	p.addr = truncatedLabel("")
	p.copyBtn = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), p.onCopyAddr)

	p.newPeerWidgets()
	p.root = p.layout()
	p.update()
	return p
}

func (p *serverPane) layout() fyne.CanvasObject {
	p.replyLabel = widget.NewLabel("Reply")
	p.replyRow = container.NewVBox(container.NewBorder(nil, nil, nil, p.replyFormat.Object(), p.reply), p.replyHint)
	protoPort := container.NewBorder(nil, nil, p.protocol.Object(),
		container.NewHBox(widget.NewLabel("Port"), textWide(p.port, "65535")))
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("Protocol"), container.NewVBox(protoPort, p.portHint),
		widget.NewLabel("Listen on"), container.NewVBox(p.bind, p.bindWarn, p.bindHint),
		widget.NewLabel("Mode"), p.mode.Object(),
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
		container.NewBorder(nil, nil, nil, p.payloadFormat.Object(), p.payload),
		p.payloadHint,
		container.NewHBox(layout.NewSpacer(), p.sendSelBtn, p.sendAllBtn),
	)
	return container.NewBorder(top, send, nil, nil, peers)
}

// Object returns the pane's root object.
func (p *serverPane) Object() fyne.CanvasObject { return p.root }

// replyBytes parses the reply payload; it is only required in reply mode.
func (p *serverPane) replyBytes() ([]byte, error) {
	b, err := parsePayload(p.reply.Text, p.replyFormat.Value(), sockets.EOLNone)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, errors.New("enter the payload to reply with")
	}
	return b, nil
}

// config returns the server configuration the fields describe.
func (p *serverPane) config() (sockets.ServerConfig, error) {
	host, err := parseBind(p.bind.Text)
	if err != nil {
		return sockets.ServerConfig{}, err
	}
	port, err := sockets.ParseListenPort(p.port.Text)
	if err != nil {
		return sockets.ServerConfig{}, err
	}
	cfg := sockets.ServerConfig{
		Network:      p.protocol.Value(),
		Addr:         net.JoinHostPort(host, strconv.Itoa(port)),
		Mode:         p.mode.Value(),
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
	m := p.mode.Value()
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
	if bindErr == nil && sockets.Exposed(bindAddr) {
		p.bindWarn.SetText("Other machines on your network can reach this server.")
		p.bindWarn.Show()
	} else {
		p.bindWarn.Hide()
	}
	_, portErr := sockets.ParseListenPort(p.port.Text)
	setHint(p.portHint, portErr)

	replyMode := p.mode.Value() == sockets.ModeReply
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
	p.srv, p.statsSource = srv, statsSource{srv}
	p.state = serverRunning
	p.clearPeers()
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
	p.clearPeers()
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
	if p.srv == nil || p.state != serverRunning {
		return "", "", 0, false
	}
	a := p.srv.Addr()
	h, ps, err := net.SplitHostPort(a.String())
	if err != nil {
		return "", "", 0, false
	}
	port, _ = strconv.Atoi(ps)
	return p.protocol.Value(), sockets.LocalHost(h), port, true
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

// Shutdown stops the server and waits for it; used when the window closes.
func (p *serverPane) Shutdown() {
	if p.srv != nil {
		start := time.Now()
		_ = p.srv.Stop()
		logrus.WithField("took", time.Since(start)).Debug("server stopped for shutdown")
	}
}
