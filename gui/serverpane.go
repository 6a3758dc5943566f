package gui

import (
	"errors"
	"net"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/payload"
)

// serverState is where the server pane's server is in its life.
type serverState int

const (
	serverStopped serverState = iota
	serverRunning
	serverStopping
)

// serverPane configures, starts and stops a server and lists, messages and
// disconnects its peers. Its rows, in a paneFrame:
//
//	Server   Listening on 127.0.0.1:46021  [copy] [Start] [Stop]
//	[TCP] [ ] TLS  Listen on [This computer only (127.0.0.1)]  Port [0]
//	(TLS settings while TLS is on: see serverTLS)
//	Mode [Echo]  (the chosen mode's editor: Reply's payload, Forward to…'s target; under it, Chat's option)
//	Clients [All clients (1)]  [Disconnect]
//	[message to clients] [Text] [Send]
type serverPane struct {
	paneEnv
	frame *paneFrame

	protocol *enumChoice[string]
	bind     *choiceEntry
	bindF    *field
	bindWarn *widget.Label
	port     *field
	mode     *enumChoice[sockets.Mode]
	// modeArea shows the editor of the chosen mode, if it has one (see
	// setModeEditor).
	modeArea    *fyne.Container
	modeEditors map[sockets.Mode]fyne.CanvasObject
	reply       *field
	replyFormat *enumChoice[payload.Format]
	rules       *rulesEditor // Rules mode (rulesmode.go)
	chat        *chatOption  // Chat mode's option (chatmode.go)

	tls     *serverTLS        // TLS settings (servertls.go)
	fwd     *forwardMode      // Forward to…'s settings (relaymode.go)
	sendRow fyne.CanvasObject // sending to clients; not for a relay

	startBtn *plainButton
	stopBtn  *plainButton
	copyBtn  *plainButton

	peerSelect    *widget.Select
	disconnectBtn *plainButton
	payload       *field
	payloadFormat *enumChoice[payload.Format]
	sendBtn       *plainButton

	statsSource // the server whose counters the status bar shows

	state    serverState
	srv      *sockets.Server // the running (or stopping) server
	peers    []sockets.PeerInfo
	selected string // address of the selected peer, "" for all
	onChange func() // called after the state changes, for the status bar
}

// newServerPane builds the server pane and restores its last settings from
// the preferences.
func newServerPane(env paneEnv) *serverPane {
	p := &serverPane{paneEnv: env, modeEditors: map[sockets.Mode]fyne.CanvasObject{}}
	t, prefs := env.texts, env.prefs

	p.protocol = newNetworkChoice(t)
	p.protocol.remember(prefs, keyServerProtocol, "tcp", func(string) { p.update() })

	p.bind = newChoiceEntry(bindOptions())
	p.bindF = newField(&p.bind.Entry, prefs, keyServerBind, bindLoopback(), p.update)
	t.on(p.relabelBind)
	// Plain, not italic: every text style costs its own copy of the fonts
	// (~9 MB and ~40 ms at start-up), and colour already marks these.
	p.bindWarn = widget.NewLabel("")
	p.bindWarn.Importance = widget.WarningImportance
	p.bindWarn.Wrapping = fyne.TextWrapWord
	p.bindWarn.Hide()

	p.port = newEntryField(prefs, keyServerPort, "0", p.update)
	t.placeholder(p.port.Entry, "server.portPlaceholder")
	p.port.OnSubmitted = func(string) { p.onStart() }

	p.mode = newModeChoice(t)
	p.mode.remember(prefs, keyServerMode, sockets.ModeEcho, func(old sockets.Mode) {
		if !p.modeChosen(old) {
			return
		}
		// Choosing Reply asks for its payload: say so at once if it is missing.
		if p.mode.Value() == sockets.ModeReply {
			p.reply.touch()
		}
		p.modeChanged()
	})
	p.replyFormat = newFormatChoice(t)
	p.reply = newEntryField(prefs, keyServerReply, "", p.modeChanged)
	t.placeholder(p.reply.Entry, "server.replyPlaceholder")
	convertOnFormatChange(p.replyFormat, p.reply, prefs, keyServerReplyFormat, p.modeChanged)
	p.rules = newRulesEditor(env, p.modeChanged)
	p.chat = newChatOption(env, p.chatChanged)

	p.startBtn = t.primary("server.start", theme.MediaPlayIcon(), func() { p.onStart() })
	p.stopBtn = t.button("server.stop", theme.MediaStopIcon(), p.onStop)
	p.copyBtn = newPlainButton("", theme.ContentCopyIcon(), p.onCopyAddr)
	p.tls, p.fwd = newServerTLS(env, p.update), newForwardMode(env, p.update)

	p.newPeerWidgets()
	p.layout()
	p.update()
	return p
}

func (p *serverPane) layout() {
	t := p.texts
	p.frame = newPaneFrame(t, "server.title", p.copyBtn, p.startBtn, p.stopBtn)
	p.frame.addSection(container.NewVBox(
		container.NewBorder(nil, nil,
			container.NewHBox(p.protocol.Object(), p.tls.on, t.label("server.listenOn")),
			container.NewHBox(t.label("server.port"), textWide(p.port.Entry, "65535")),
			p.bind),
		p.bindWarn, p.bindF.hint, p.port.hint, p.tls.section))

	p.setModeEditor(sockets.ModeReply, container.NewVBox(
		container.NewBorder(nil, nil, nil, p.replyFormat.Object(), p.reply.Entry), p.reply.hint))
	p.setModeEditor(sockets.ModeForward, p.fwd.editor)
	p.modeArea = container.NewStack()
	p.frame.addSection(container.NewVBox(container.NewBorder(nil, nil,
		container.NewVBox(container.NewHBox(t.label("server.mode"), p.mode.Object())), nil, p.modeArea),
		p.fwd.skipRow, p.chat.prefix))
	p.setModeEditor(sockets.ModeRules, p.rules.tools)
	p.frame.addSection(p.rules.section)

	// As wide as a client's address needs, not as its long placeholder.
	p.frame.addSection(container.NewBorder(nil, nil, t.label("server.clients"), p.disconnectBtn,
		textExact(p.peerSelect, "127.0.0.1:65535 · in 1023 B")))
	p.sendRow = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(p.payloadFormat.Object(), p.sendBtn), p.payload.Entry),
		p.payload.hint)
	p.frame.addSection(p.sendRow)
}

// setModeEditor shows editor beside the Mode choice while mode is chosen:
// the place for a mode's own settings (Reply's payload, a rules editor...).
func (p *serverPane) setModeEditor(mode sockets.Mode, editor fyne.CanvasObject) {
	p.modeEditors[mode] = editor
	if p.modeArea != nil {
		p.showModeEditor()
	}
}

// showModeEditor puts the chosen mode's editor, if any, in the mode area.
func (p *serverPane) showModeEditor() {
	var objs []fyne.CanvasObject
	if e, ok := p.modeEditors[p.mode.Value()]; ok {
		objs = []fyne.CanvasObject{e}
	}
	if len(objs) != len(p.modeArea.Objects) || len(objs) > 0 && objs[0] != p.modeArea.Objects[0] {
		p.modeArea.Objects = objs
		p.modeArea.Refresh()
	}
}

// relabelBind shows the bind choices in the current language, and the
// chosen one if one is chosen.
func (p *serverPane) relabelBind() {
	opts := bindOptions()
	p.bind.SetOptions(opts)
	if i, ok := bindChoiceOf(p.bind.Text); ok && p.bind.Text != opts[i] {
		touched := p.bindF.touched
		p.bind.SetText(opts[i])
		p.bindF.touched = touched
	}
}

// Object returns the pane's root object.
func (p *serverPane) Object() fyne.CanvasObject { return p.frame.Object() }

// replyBytes parses the reply payload; it is only required in reply mode.
func (p *serverPane) replyBytes() ([]byte, error) {
	b, err := parsePayload(p.reply.Text, p.replyFormat.Value(), payload.EOLNone)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, errors.New(tr("hint.replyEmpty"))
	}
	return b, nil
}

// config returns the server configuration the fields describe.
func (p *serverPane) config() (sockets.ServerConfig, error) {
	host, err := parseBind(p.bind.Text)
	if err != nil {
		return sockets.ServerConfig{}, err
	}
	port, err := addr.ParseListenPort(p.port.Text)
	if err != nil {
		return sockets.ServerConfig{}, err
	}
	cfg := sockets.ServerConfig{
		Network:      p.protocol.Value(),
		Addr:         net.JoinHostPort(host, strconv.Itoa(port)),
		Mode:         p.mode.Value(),
		ChatPrefix:   p.chat.on(),
		Events:       p.events,
		CaptureBytes: captureBytes,
	}
	if cfg.TLS, err = p.tls.settings(cfg.Network); err != nil {
		return sockets.ServerConfig{}, err
	}
	if cfg.Mode == sockets.ModeReply {
		if cfg.Reply, err = p.replyBytes(); err != nil {
			return sockets.ServerConfig{}, err
		}
	}
	if cfg.Mode == sockets.ModeRules {
		if cfg.Rules, err = p.rules.ruleSet(); err != nil {
			return sockets.ServerConfig{}, err
		}
	}
	return cfg, nil
}

// modeChanged passes a mode or reply change to a running server.
func (p *serverPane) modeChanged() {
	p.applyMode()
	p.update()
}

// applyMode passes the mode and reply to a running server.
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
	if m == sockets.ModeRules {
		rs, err := p.rules.ruleSet()
		if err != nil {
			return // keep the last valid rules until the text compiles
		}
		if p.srv.Rules() != rs {
			p.srv.SetRules(rs)
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
	p.bindF.check(bindErr)
	if bindErr == nil && addr.Exposed(bindAddr) {
		setLabelText(p.bindWarn, tr("server.exposed"))
		p.bindWarn.Show()
	} else {
		p.bindWarn.Hide()
	}
	_, portErr := addr.ParseListenPort(p.port.Text)
	p.port.check(portErr)

	p.showModeEditor()
	var replyErr error
	if p.mode.Value() == sockets.ModeReply {
		_, replyErr = p.replyBytes()
	}
	p.reply.check(replyErr)
	var rulesErr error
	if p.mode.Value() == sockets.ModeRules {
		_, rulesErr = p.rules.ruleSet()
	}
	p.rules.show(p.mode.Value() == sockets.ModeRules)
	setVisible(p.chat.prefix, p.mode.Value() == sockets.ModeChat)

	for _, w := range []fyne.Disableable{p.protocol, p.bind, p.port} {
		setEnabled(w, stopped)
	}
	extraErr := p.updateExtras(stopped)
	inputErr := errors.Join(bindErr, portErr, replyErr, rulesErr, extraErr)
	setEnabled(p.startBtn, stopped && inputErr == nil)
	setEnabled(p.stopBtn, running)
	setVisible(p.copyBtn, running)
	p.frame.setState(p.stateText(inputErr))
	if stopped && rulesErr != nil && errors.Join(bindErr, portErr) == nil {
		p.frame.setState(tr("server.whyRules"))
	}

	p.updatePeers()
	if p.onChange != nil {
		p.onChange()
	}
}

// stateText is what the title row says: the state, or when the server is
// stopped and cannot start, why.
func (p *serverPane) stateText(inputErr error) string {
	switch p.state {
	case serverRunning:
		if a := p.running().Addr(); a != nil {
			return p.listeningText(a)
		}
	case serverStopping:
		return tr("server.stopping")
	}
	if inputErr != nil {
		return tr("server.whyFix")
	}
	return tr("server.stopped")
}

// onStart binds and starts a server with the pane's settings. Binding is
// immediate, so it runs on the UI goroutine. It reports whether the server
// runs.
func (p *serverPane) onStart() bool {
	if p.state != serverStopped {
		return p.state == serverRunning
	}
	cfg, err := p.config()
	if err != nil {
		for _, f := range []*field{p.bindF, p.port, p.reply, p.fwd.to, p.tls.cert.field, p.tls.key.field, p.tls.name} {
			f.touch()
		}
		p.update()
		showFailure(p.win, tr("server.cannotStart"), err)
		return false
	}
	if p.forwarding() {
		return p.startRelay(cfg)
	}
	logrus.WithFields(logrus.Fields{"network": cfg.Network, "addr": cfg.Addr, "mode": cfg.Mode}).Debug("starting server")
	srv := sockets.NewServer(cfg)
	if err := srv.Start(); err != nil {
		showFailure(p.win, trf("server.startFailed", args{"Proto": p.protocol.Selected, "Addr": cfg.Addr}), err)
		return false
	}
	p.srv, p.statsSource = srv, statsSource{srv}
	p.state = serverRunning
	p.clearPeers()
	return true
}

// onStop stops the server off the UI goroutine: with many clients it can
// take a moment.
func (p *serverPane) onStop() {
	if p.state != serverRunning {
		return
	}
	srv := p.running()
	p.state = serverStopping
	p.update()
	logrus.Debug("stopping server")
	go func() {
		err := srv.Stop()
		p.do(func() {
			p.stopped(srv)
			if err != nil {
				showFailure(p.win, tr("server.stopFailed"), err)
			}
		})
	}()
}

// stopped records that srv has finished stopping.
func (p *serverPane) stopped(srv serverRun) {
	if p.running() != srv {
		return
	}
	p.srv = nil
	p.state = serverStopped
	p.clearPeers()
}
