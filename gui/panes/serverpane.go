package panes

import (
	"errors"
	"net"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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

type serverState int

const (
	ServerStopped serverState = iota
	ServerRunning
	ServerStopping
)

// ServerPane configures, starts and stops a server and lists, messages and
// disconnects its peers.
type ServerPane struct {
	Env
	Frame *paneFrame

	Protocol *widgets.EnumChoice[string]
	Bind     *widgets.ChoiceEntry
	BindF    *widgets.Field
	BindWarn *widget.Label
	Port     *widgets.Field
	Path     *unixPath // the socket path, in listen on and port's place for Unix
	Mode     *widgets.EnumChoice[sockets.Mode]
	// modeArea shows the chosen mode's editor, if any (setModeEditor).
	modeArea    *fyne.Container
	modeEditors map[sockets.Mode]fyne.CanvasObject
	Reply       *widgets.Field
	ReplyFormat *widgets.EnumChoice[payload.Format]
	ReplySum    *widgets.EnumChoice[string] // the checksum after the reply (sendextras.go)
	Rules       *rulesEditor
	Chat        *chatOption

	Tls     *serverTLS
	Groups  *groupJoin        // Join group, UDP only
	RcvBuf  *rcvBuf           // the receive buffer (Advanced) and the system's drops, UDP only
	Fwd     *forwardMode      // Forward to…'s settings
	SendRow fyne.CanvasObject // sending to clients; not for a relay

	StartBtn *widgets.PlainButton
	StopBtn  *widgets.PlainButton
	CopyBtn  *widgets.PlainButton

	PeerSelect    *widget.Select
	DisconnectBtn *widgets.PlainButton
	Payload       *widgets.Field
	PayloadFormat *widgets.EnumChoice[payload.Format]
	SendBtn       *widgets.PlainButton
	Files         *connFiles // Send file… and Save received to file… (serverfiles.go)
	fileTarget    string     // whom the file going now is for, as its failure names it

	statsSource // the server whose counters the status bar shows

	State    serverState
	Srv      *sockets.Server // the running (or stopping) server
	Peers    []sockets.PeerInfo
	Selected string // address of the selected peer, "" for all
	OnChange func() // called after the state changes, for the status bar
}

// NewServerPane builds the server pane and restores its last settings from
// the preferences.
func NewServerPane(env Env) *ServerPane {
	p := &ServerPane{Env: env, modeEditors: map[sockets.Mode]fyne.CanvasObject{}}
	t, prefs := env.Texts, env.Prefs

	p.Protocol = widgets.NewNetworkChoiceWS(t)
	p.Protocol.Remember(prefs, KeyServerProtocol, "tcp", func(string) { p.Update() })

	p.Bind = widgets.NewChoiceEntry(widgets.BindOptions())
	p.BindF = widgets.NewStoredField(&p.Bind.Entry, prefs, keyServerBind, widgets.BindDefault,
		widgets.BindStored, widgets.BindShown, p.Update)
	t.On(p.relabelBind)
	// Plain, not italic: every text style costs its own copy of the fonts
	// (~9 MB and ~40 ms at start-up), and colour already marks these.
	p.BindWarn = widget.NewLabel("")
	p.BindWarn.Importance = widget.WarningImportance
	p.BindWarn.Wrapping = fyne.TextWrapWord
	p.BindWarn.Hide()

	p.Port = widgets.NewEntryField(prefs, keyServerPort, "0", p.Update)
	t.Placeholder(p.Port.Entry, "server.portPlaceholder")
	p.Port.OnSubmitted = func(string) { p.OnStart() }
	p.Path = newUnixPath(env, keyServerUnixPath, defaultUnixPath(), p.Update)
	p.Path.Field.OnSubmitted = func(string) { p.OnStart() }

	p.Mode = widgets.NewModeChoice(t)
	p.Mode.Remember(prefs, KeyServerMode, sockets.ModeEcho, func(old sockets.Mode) {
		if !p.modeChosen(old) {
			return
		}
		// Choosing Reply asks for its payload: say so at once if it is missing.
		if p.Mode.Value() == sockets.ModeReply {
			p.Reply.Touch()
		}
		p.modeChanged()
	})
	p.ReplyFormat = widgets.NewFormatChoice(t)
	p.Reply = widgets.NewEntryField(prefs, keyServerReply, "", p.modeChanged)
	t.Placeholder(p.Reply.Entry, "server.replyPlaceholder")
	widgets.ConvertOnFormatChange(p.ReplyFormat, p.Reply, prefs, KeyServerReplyFormat, p.modeChanged)
	p.ReplySum = newSumChoice(t, prefs, KeyServerReplyAppend, p.modeChanged)
	p.Rules = newRulesEditor(env, p.modeChanged)
	p.Chat = newChatOption(env, p.chatChanged)

	p.StartBtn = t.Primary("server.start", theme.MediaPlayIcon(), func() { p.OnStart() })
	p.StopBtn = t.Button("server.stop", theme.MediaStopIcon(), p.onStop)
	p.CopyBtn = widgets.NewPlainButton("", theme.ContentCopyIcon(), p.onCopyAddr)
	p.Tls, p.Fwd = newServerTLS(env, p.Update), newForwardMode(env, p.Update)

	p.Groups = p.newGroupJoin()
	p.newPeerWidgets()
	p.Files = p.newServerFiles()
	p.RcvBuf = p.newRcvBuf()
	p.layout()
	p.Update()
	return p
}

func (p *ServerPane) layout() {
	t := p.Texts
	p.Frame = newPaneFrame(t, "server.title", p.CopyBtn, p.StartBtn, p.StopBtn)
	listenOn := t.Label("server.listenOn")
	portBox := container.NewHBox(t.Label("server.port"), widgets.TextWide(p.Port.Entry, "65535"))
	p.Path.ipOnly = []fyne.CanvasObject{listenOn, p.Bind, portBox, p.Port.Entry}
	p.Frame.addSection(container.NewVBox(
		widgets.NewRow(
			container.NewHBox(p.Protocol.Object(), p.Tls.On, listenOn, p.Path.label),
			p.Path.stack(p.Bind),
			portBox),
		p.BindWarn, p.BindF.Hint, p.Port.Hint, p.Path.Field.Hint, p.Tls.Section))
	p.Frame.addSection(p.Groups.Section)

	p.setModeEditor(sockets.ModeReply, container.NewVBox(
		container.NewBorder(nil, nil, nil, p.ReplyFormat.Object(), p.Reply.Entry),
		container.NewBorder(nil, nil, nil, p.ReplySum.Object()), p.Reply.Hint))
	p.setModeEditor(sockets.ModeForward, p.Fwd.editor)
	p.modeArea = container.NewStack()
	p.Frame.addSection(container.NewVBox(widgets.NewRow(
		container.NewVBox(container.NewHBox(t.Label("server.mode"), p.Mode.Object())), p.modeArea, nil),
		p.Fwd.Rows, p.Chat.Prefix))
	p.setModeEditor(sockets.ModeRules, p.Rules.tools)
	p.Frame.addSection(p.Rules.Section)

	// As wide as a client's address needs, not as its long placeholder.
	p.Frame.addSection(container.NewBorder(nil, nil, t.Label("server.clients"), p.DisconnectBtn,
		widgets.TextExact(p.PeerSelect, "127.0.0.1:65535 · in 1023 B")))
	p.Frame.addSection(p.RcvBuf.Lines)
	p.Frame.addAdvanced(p.RcvBuf.section)
	p.SendRow = container.NewVBox(
		container.NewBorder(nil, nil, nil,
			container.NewHBox(p.PayloadFormat.Object(), p.SendBtn, p.Files.Send.Slot),
			widgets.NewSwap(p.Payload.Entry, p.Files.Send.BarBox)),
		p.Payload.Hint)
	p.Frame.addSection(p.SendRow)
}

// setModeEditor shows editor beside the Mode choice while mode is chosen:
// the place for a mode's own settings (Reply's payload, a rules editor...).
func (p *ServerPane) setModeEditor(mode sockets.Mode, editor fyne.CanvasObject) {
	p.modeEditors[mode] = editor
	if p.modeArea != nil {
		p.showModeEditor()
	}
}

func (p *ServerPane) showModeEditor() {
	var objs []fyne.CanvasObject
	if e, ok := p.modeEditors[p.Mode.Value()]; ok {
		objs = []fyne.CanvasObject{e}
	}
	if len(objs) != len(p.modeArea.Objects) || len(objs) > 0 && objs[0] != p.modeArea.Objects[0] {
		p.modeArea.Objects = objs
		p.modeArea.Refresh()
	}
}

// relabelBind shows the bind choices, and the one chosen, in the language.
func (p *ServerPane) relabelBind() {
	p.Bind.SetOptions(widgets.BindOptions())
	p.BindF.Relabel(widgets.BindShown(widgets.BindStored(p.Bind.Text)))
}

// Object returns the pane's root object.
func (p *ServerPane) Object() fyne.CanvasObject { return p.Frame.Object() }

// replyBytes parses the reply payload; it is only required in reply mode.
func (p *ServerPane) replyBytes() ([]byte, error) {
	b, err := widgets.ParsePayload(p.Reply.Text, p.ReplyFormat.Value(), payload.EOLNone)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, errors.New(i18n.Tr("hint.replyEmpty"))
	}
	return b, nil
}

func (p *ServerPane) config() (sockets.ServerConfig, error) {
	listen, err := p.listenAddr()
	if err != nil {
		return sockets.ServerConfig{}, err
	}
	cfg := sockets.ServerConfig{
		Network:      p.Protocol.Value(),
		Addr:         listen,
		Mode:         p.Mode.Value(),
		ChatPrefix:   p.Chat.On(),
		Events:       p.Events,
		CaptureBytes: logview.CaptureBytes,
		Join:         p.joinAtStart(),
	}
	if addr.IsUDP(cfg.Network) {
		if cfg.RcvBuf, err = p.RcvBuf.size(); err != nil {
			return sockets.ServerConfig{}, err
		}
	}
	if cfg.TLS, err = p.Tls.settings(cfg.Network); err != nil {
		return sockets.ServerConfig{}, err
	}
	if cfg.Mode == sockets.ModeReply {
		if cfg.Reply, err = p.replyBytes(); err != nil {
			return sockets.ServerConfig{}, err
		}
		cfg.ReplySum = sumSpec(p.ReplySum.Value())
	}
	if cfg.Mode == sockets.ModeRules {
		if cfg.Rules, err = p.Rules.ruleSet(); err != nil {
			return sockets.ServerConfig{}, err
		}
	}
	return cfg, nil
}

// modeChanged passes a mode or reply change to a running server.
func (p *ServerPane) modeChanged() {
	p.applyMode()
	p.Update()
}

// applyMode passes the mode and reply to a running server.
func (p *ServerPane) applyMode() {
	if p.Srv == nil || p.State != ServerRunning {
		return
	}
	m := p.Mode.Value()
	var reply []byte
	if m == sockets.ModeReply {
		var err error
		if reply, err = p.replyBytes(); err != nil {
			return // keep the last valid mode until the reply parses
		}
	}
	if m == sockets.ModeRules {
		rs, err := p.Rules.ruleSet()
		if err != nil {
			return // keep the last valid rules until the text compiles
		}
		if p.Srv.Rules() != rs {
			p.Srv.SetRules(rs)
		}
	}
	p.Srv.SetModeSum(m, reply, sumSpec(p.ReplySum.Value()))
	logrus.WithField("mode", m).Debug("server mode changed")
}

// Update brings every widget in line with the state and the inputs.
func (p *ServerPane) Update() {
	stopped := p.State == ServerStopped
	running := p.State == ServerRunning

	bindAddr, bindErr := widgets.ParseBind(p.Bind.Text)
	_, portErr := addr.ParseListenPort(p.Port.Text)
	pathErr := p.Path.update(p.Protocol.Value(), stopped)
	unix := addr.IsUnix(p.Protocol.Value())
	if unix {
		bindErr, portErr = nil, nil // kept as typed, for TCP and UDP
	}
	p.BindF.Check(bindErr)
	if bindErr == nil && !unix && addr.Exposed(bindAddr) {
		logview.SetLabelText(p.BindWarn, i18n.Tr("server.exposed"))
		p.BindWarn.Show()
	} else {
		p.BindWarn.Hide()
	}
	p.Port.Check(portErr)

	p.showModeEditor()
	var replyErr error
	if p.Mode.Value() == sockets.ModeReply {
		_, replyErr = p.replyBytes()
	}
	p.Reply.Check(replyErr)
	var rulesErr error
	if p.Mode.Value() == sockets.ModeRules {
		_, rulesErr = p.Rules.ruleSet()
	}
	p.Rules.show(p.Mode.Value() == sockets.ModeRules)
	widgets.SetVisible(p.Chat.Prefix, p.Mode.Value() == sockets.ModeChat)

	for _, w := range []fyne.Disableable{p.Protocol, p.Bind, p.Port} {
		widgets.SetEnabled(w, stopped)
	}
	extraErr := p.updateExtras(stopped)
	var groupErr, rcvBufErr error
	if p.Groups != nil {
		groupErr = p.updateGroups()
	}
	if p.RcvBuf != nil {
		rcvBufErr = p.RcvBuf.update(p.Frame, p.Protocol.Value(), stopped, p.Srv)
	}
	inputErr := errors.Join(bindErr, portErr, pathErr, replyErr, rulesErr, extraErr, groupErr, rcvBufErr)
	widgets.SetEnabled(p.StartBtn, stopped && inputErr == nil)
	widgets.SetEnabled(p.StopBtn, running)
	widgets.SetVisible(p.CopyBtn, running)
	p.Frame.setState(p.stateText(inputErr))
	if stopped && rulesErr != nil && errors.Join(bindErr, portErr) == nil {
		p.Frame.setState(i18n.Tr("server.whyRules"))
	}

	p.updatePeers()
	if p.OnChange != nil {
		p.OnChange()
	}
}

// stateText is what the title row says: the state, or when the server is
// stopped and cannot start, why.
func (p *ServerPane) stateText(inputErr error) string {
	switch p.State {
	case ServerRunning:
		if a := p.Running().Addr(); a != nil {
			if groups := p.groupsText(); groups != "" {
				return p.listeningText(a) + " · " + groups
			}
			return p.listeningText(a)
		}
	case ServerStopping:
		return i18n.Tr("server.stopping")
	}
	if why, ok := p.whyNotForwarding(); ok {
		return why
	}
	if inputErr != nil {
		return i18n.Tr("server.whyFix")
	}
	return i18n.Tr("server.stopped")
}

// OnStart binds and starts a server with the pane's settings. Binding is
// immediate, so it runs on the UI goroutine. It reports whether the server
// runs.
func (p *ServerPane) OnStart() bool {
	if p.State != ServerStopped {
		return p.State == ServerRunning
	}
	cfg, err := p.config()
	if err != nil {
		for _, f := range []*widgets.Field{p.BindF, p.Port, p.Reply, p.Fwd.To, p.Tls.Cert.Field, p.Tls.Key.Field, p.Tls.Name, p.RcvBuf.Field} {
			f.Touch()
		}
		p.Update()
		widgets.ShowFailure(p.Win, i18n.Tr("server.cannotStart"), err)
		return false
	}
	if p.forwarding() {
		return p.startRelay(cfg)
	}
	logrus.WithFields(logrus.Fields{"network": cfg.Network, "addr": cfg.Addr, "mode": cfg.Mode}).Debug("starting server")
	srv := sockets.NewServer(cfg)
	if err := srv.Start(); err != nil {
		p.groupStartFailed(err)
		widgets.ShowFailure(p.Win, i18n.Trf("server.startFailed", i18n.Args{"Proto": p.Protocol.Selected, "Addr": cfg.Addr}), err)
		return false
	}
	p.Srv, p.statsSource = srv, statsSource{srv}
	p.State = ServerRunning
	p.clearPeers()
	return true
}

// onStop stops the server off the UI goroutine: with many clients it can
// take a moment.
func (p *ServerPane) onStop() {
	if p.State != ServerRunning {
		return
	}
	srv := p.Running()
	p.State = ServerStopping
	p.Update()
	logrus.Debug("stopping server")
	go func() {
		err := srv.Stop()
		p.Do(func() {
			p.stopped(srv)
			if err != nil {
				widgets.ShowFailure(p.Win, i18n.Tr("server.stopFailed"), err)
			}
		})
	}()
}

func (p *ServerPane) stopped(srv serverRun) {
	if p.Running() != srv {
		return
	}
	p.filesStopped()
	p.Srv = nil
	p.State = ServerStopped
	p.Fwd.Cond.stopped()
	p.clearPeers()
}

// listenAddr is where to listen: host:port, or the socket path for Unix.
func (p *ServerPane) listenAddr() (string, error) {
	if addr.IsUnix(p.Protocol.Value()) {
		return p.Path.Field.Text, addr.CheckUnixPath(p.Path.Field.Text)
	}
	host, err := widgets.ParseBind(p.Bind.Text)
	if err != nil {
		return "", err
	}
	port, err := addr.ParseListenPort(p.Port.Text)
	if err != nil {
		return "", err
	}
	return net.JoinHostPort(host, strconv.Itoa(port)), nil
}
