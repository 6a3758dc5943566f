package panes

import (
	"context"
	"errors"
	"strings"

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
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

type clientState int

const (
	ClientIdle clientState = iota
	ClientConnecting
	ClientConnected
	clientClosing
)

// ClientPane connects to a server (or opens a UDP socket) and sends
// payloads, once or repeatedly.
type ClientPane struct {
	Env
	Frame    *paneFrame
	Id       int             // the tab's number (clienttabs.go)
	TabCount func() int      // how many client tabs the window has, this one among them
	Strip    *fyne.Container // the tab buttons in the title row

	Protocol   *widgets.EnumChoice[string]
	UseServer  *widgets.PlainButton
	Host       *widgets.Field
	Port       *widgets.Field
	Path       *unixPath // the socket path, in host and port's place for Unix
	Timeout    *widgets.Field
	ConnectBtn *widgets.PlainButton
	CancelBtn  *widgets.PlainButton

	Editor       *payloadEditor
	Payload      *widgets.Field // over editor
	Format       *widgets.EnumChoice[payload.Format]
	Eol          *widgets.EnumChoice[payload.LineEnding]
	History      *widget.Select
	Repeat       *widgets.Field
	Interval     *widgets.Field
	SendReason   *widget.Label
	SendBtn      *widgets.PlainButton
	StopRepeatBt *widgets.PlainButton
	Extras       sendExtras // the checksum to append and the next send's preview (sendextras.go)

	Tls          *clientTLS
	Local        *localAddr       // under Advanced
	Group        *clientGroup     // group and broadcast options, under Advanced
	Proxy        *clientProxy     // the proxy TCP, TLS and WebSocket go through, under Advanced
	WSOpts       *clientWSOptions // the WebSocket handshake's Origin, subprotocols and headers, under Advanced
	Conn         *clientConn      // the connection row, with Send end of stream
	Files        *connFiles       // Send file… and Save received to file… (clientfiles.go)
	addrRow      *fyne.Container  // protocol, host and port: the connection row's place while connected
	StreamEnded  bool             // end of stream was sent on the open connection
	endingStream bool             // CloseWrite is under way

	Hist    *PayloadHistory
	Packets *ClientPackets
	Own     localAddrs // its connections' addresses: its session (scenariosave.go)

	statsSource // the connection whose counters the status bar shows
	Replies     replyStats

	State     clientState
	target    string             // address being dialled or connected to
	cancel    context.CancelFunc // cancels the dial in progress
	Client    *sockets.Client    // the open connection
	jobs      chan *sendJob      // feeds the open connection's sender
	Repeating *sendJob           // the repeat running now, if any
	closed    bool               // the window is closing

	// ServerAddr and startServer reach the server pane; set by the main window.
	ServerAddr  func() (network, host string, port int, ok bool)
	StartServer func() bool
	ServerCert  func() *tlsinfo.Certificate // the server pane's TLS certificate, if any
	// ChatRoom tells a connection to the server pane's server whether that
	// server is in Chat mode (ServerPane.ChatRoom); set by the main window.
	ChatRoom func(network, target string) func() bool
	OnChange func() // called after the state changes, for the status bar
	Reveal   func() // brings the pane to the front when the panes are tabs
}

// demoPayload is the payload on first launch: the lesson's own text.
const demoPayload = "Hello, world"

// NewClientPane builds the client pane and restores its last settings from
// the preferences.
func NewClientPane(env Env) *ClientPane {
	p := &ClientPane{Env: env, Hist: NewPayloadHistory(env.Prefs)}
	t, prefs := env.Texts, env.Prefs

	p.Protocol = widgets.NewNetworkChoiceWS(t)
	p.Protocol.Remember(prefs, KeyClientProtocol, "tcp", func(string) { p.hostForProtocol(p.Protocol.Value()); p.Update() })
	p.UseServer = t.Button("client.useServer", theme.LoginIcon(), p.OnUseServer)

	p.Host = widgets.NewEntryField(prefs, keyClientHost, "127.0.0.1", p.Update)
	t.Placeholder(p.Host.Entry, "client.hostPlaceholder")
	p.Host.OnSubmitted = func(string) { p.onConnect() }
	p.Port = widgets.NewEntryField(prefs, KeyClientPort, "", p.Update)
	p.Port.SetPlaceHolder("1-65535")
	p.Port.OnSubmitted = func(string) { p.onConnect() }
	p.Timeout = widgets.NewEntryField(prefs, keyClientTimeout, "5s", p.Update)
	p.Path = newUnixPath(env, keyClientUnixPath, "", p.Update)
	p.Path.Field.OnSubmitted = func(string) { p.onConnect() }

	p.ConnectBtn = t.Primary("client.connect", theme.LoginIcon(), p.onConnect)
	p.CancelBtn = t.Button("client.cancel", theme.CancelIcon(), p.onCancel)
	p.Tls, p.Local = newClientTLS(env, p.Update), newLocalAddr(env, p.Update)
	p.Proxy = newClientProxy(env, p.Update)
	p.WSOpts = newClientWSOptions(env, p.Update)
	p.Files = p.newClientFiles()
	p.Conn = p.newClientConn()
	p.Group = p.newClientGroup()

	p.newSendWidgets()
	p.Packets = newClientPackets(p)
	p.layout()
	p.refreshHistory()
	p.Update()
	return p
}

func (p *ClientPane) layout() {
	t := p.Texts
	p.Frame = newPaneFrame(t, "client.title", p.UseServer, p.ConnectBtn, p.CancelBtn)
	p.Frame.addAdvanced(container.NewVBox(
		widgets.NewRow(container.NewHBox(t.Label("client.timeout"), widgets.TextWide(p.Timeout.Entry, "1500ms")),
			p.Local.row, nil),
		p.Timeout.Hint, p.Local.hints, p.Proxy.Section, p.WSOpts.Section, p.Tls.advanced, p.Group.section))
	hostLabel := t.Label("client.host")
	portBox := container.NewHBox(t.Label("client.port"), widgets.TextWide(p.Port.Entry, "65535", p.Port.PlaceHolder))
	p.Path.ipOnly = []fyne.CanvasObject{hostLabel, p.Host.Entry, portBox, p.Port.Entry}
	p.addrRow = widgets.NewRow(
		container.NewHBox(p.Protocol.Object(), p.Tls.On, hostLabel, p.Path.label),
		p.Path.stack(p.Host.Entry),
		portBox)
	p.Frame.addSection(container.NewVBox(
		widgets.NewSwap(p.addrRow, p.Conn.Row),
		p.Host.Hint, p.Port.Hint, p.Path.Field.Hint, p.Tls.Section, p.Conn.TrustRow))
	p.Frame.addSection(container.NewVBox(
		container.NewBorder(nil, nil, nil,
			container.NewVBox(container.NewHBox(p.Format.Object(), p.Eol.Object()),
				p.Extras.sumRow(p.Packets.button)), p.Editor),
		p.Extras.previewRow(), p.Payload.Hint))
	// Stop takes Send's place while a repeat runs.
	repeat := container.NewHBox(p.History, t.Label("client.repeat"), widgets.TextWide(p.Repeat.Entry, "1000"),
		t.Label("client.every"), widgets.TextWide(p.Interval.Entry, "250ms"))
	p.Frame.addSection(container.NewVBox(
		widgets.NewRow(repeat, p.SendReason, container.NewStack(p.StopRepeatBt, p.SendBtn)),
		p.Repeat.Hint, p.Interval.Hint))
}

// Object returns the pane's root object.
func (p *ClientPane) Object() fyne.CanvasObject { return p.Frame.Object() }

// payloadBytes parses the editor's payload with its format and line ending.
func (p *ClientPane) payloadBytes() ([]byte, error) {
	return widgets.ParsePayload(p.Editor.Text, p.Format.Value(), p.Eol.Value())
}

func (p *ClientPane) config() (sockets.ClientConfig, error) {
	if addr.IsUnix(p.Protocol.Value()) {
		return p.unixConfig()
	}
	target, hostErr, portErr := p.parseTarget()
	if err := errors.Join(hostErr, portErr); err != nil {
		return sockets.ClientConfig{}, err
	}
	timeout, err := widgets.ParseTimeout(p.Timeout.Text)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	return p.withExtras(sockets.ClientConfig{
		Network:      p.Protocol.Value(),
		Addr:         target,
		Timeout:      timeout,
		Events:       p.Events,
		CaptureBytes: logview.CaptureBytes,
		Name:         p.EventName(),
	})
}

// Update brings every widget in line with the state and the inputs.
func (p *ClientPane) Update() {
	idle := p.State == ClientIdle
	udp := addr.IsDatagram(p.Protocol.Value())

	_, hostErr, portErr := p.parseTarget()
	pathErr := p.Path.update(p.Protocol.Value(), idle)
	if addr.IsUnix(p.Protocol.Value()) {
		hostErr, portErr = nil, nil // kept as typed, for TCP and UDP
	}
	p.Host.Check(hostErr)
	p.Port.Check(portErr)
	_, timeoutErr := widgets.ParseTimeout(p.Timeout.Text)
	if p.Timeout.Check(timeoutErr) != nil {
		p.Frame.SetAdvanced(true) // a problem is never folded away
	}
	for _, w := range []fyne.Disableable{p.Protocol, p.Host, p.Port, p.Timeout} {
		widgets.SetEnabled(w, idle)
	}
	// A WebSocket URL in Host carries its own port.
	widgets.SetEnabled(p.Port, idle && !sockets.IsWS(p.Protocol.Value()))
	extraErr := p.updateExtras(idle)
	// Only while idle: it connects. Hidden otherwise, leaving the state room.
	widgets.SetVisible(p.UseServer, idle)

	key := "client.connect"
	switch {
	case p.State == ClientConnected && udp:
		key = "client.closeSocket"
	case p.State == ClientConnected:
		key = "client.disconnect"
	case udp:
		key = "client.openSocket"
	}
	setButtonText(p.ConnectBtn, i18n.Tr(key))
	if p.State == ClientConnected {
		p.ConnectBtn.SetIcon(theme.LogoutIcon())
	} else {
		p.ConnectBtn.SetIcon(theme.LoginIcon())
	}
	inputErr := errors.Join(hostErr, portErr, pathErr, timeoutErr, extraErr)
	widgets.SetEnabled(p.ConnectBtn, p.State == ClientConnected || (idle && inputErr == nil))
	widgets.SetVisible(p.CancelBtn, p.State == ClientConnecting)
	state := p.Status()
	if idle {
		// Why Connect is off, in a few words: the field's hint says more.
		switch {
		case hostErr != nil && strings.TrimSpace(p.Host.Text) == "":
			state = i18n.Tr("client.whyHost")
		case portErr != nil && strings.TrimSpace(p.Port.Text) == "":
			state = i18n.Tr("client.whyPort")
		case pathErr != nil && p.Path.Field.Text == "":
			state = i18n.Tr("unix.whyPath")
		case inputErr != nil:
			state = i18n.Tr("client.whyFix")
		}
	}
	p.Frame.setState(state)
	p.updateSend()

	if p.OnChange != nil {
		p.OnChange()
	}
}

// setButtonText changes b's text only when it differs.
func setButtonText(b *widgets.PlainButton, s string) {
	if b.Text != s {
		b.SetText(s)
	}
}

// Status describes the connection, e.g. "Connected to 127.0.0.1:9000".
func (p *ClientPane) Status() string {
	switch p.State {
	case ClientConnecting:
		return i18n.Trf("client.connecting", i18n.Args{"Addr": p.target})
	case ClientConnected:
		if addr.IsUDP(p.Protocol.Value()) {
			return i18n.Trf("client.udpOpen", i18n.Args{"Addr": p.target})
		}
		return i18n.Trf("client.connected", i18n.Args{"Addr": p.target}) + p.connectionNote()
	case clientClosing:
		return i18n.Tr("client.closing")
	}
	return i18n.Tr("client.notConnected")
}

func (p *ClientPane) onConnect() {
	switch p.State {
	case ClientConnected:
		p.onDisconnect()
		return
	case ClientIdle:
	default:
		return
	}
	cfg, err := p.config()
	if err != nil {
		for _, f := range append([]*widgets.Field{p.Host, p.Port, p.Timeout}, p.extraFields()...) {
			f.Touch()
		}
		p.Update()
		widgets.ShowFailure(p.Win, i18n.Tr("client.cannotConnect"), err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.State = ClientConnecting
	p.target = cfg.Addr
	p.Update()
	logrus.WithFields(logrus.Fields{"network": cfg.Network, "addr": cfg.Addr, "timeout": cfg.Timeout}).Debug("dialling")
	go func() {
		c, err := sockets.Dial(ctx, cfg)
		p.Do(func() { p.dialDone(ctx, cancel, cfg, c, err) })
	}()
}

// dialDone takes the result of a dial onto the UI goroutine.
func (p *ClientPane) dialDone(ctx context.Context, cancel context.CancelFunc, cfg sockets.ClientConfig, c *sockets.Client, err error) {
	cancelled := ctx.Err() != nil
	cancel()
	if p.closed || cancelled {
		// The user gave up (or the window closed): drop a late connection.
		if c != nil {
			go c.Close()
		}
		if !p.closed {
			p.cancel = nil
			p.State = ClientIdle
			p.Update()
		}
		return
	}
	p.cancel = nil
	if err != nil {
		p.State = ClientIdle
		p.groupRefused(err)
		p.Update()
		p.showConnectFailure(i18n.Trf("client.connectFailed", i18n.Args{"Addr": cfg.Addr, "Proto": p.Protocol.Selected}), err)
		return
	}
	p.Client, p.statsSource = c, statsSource{c}
	p.Own.add(c.LocalAddr())
	p.StreamEnded, p.endingStream = false, false
	p.Extras.count.Store(0) // {{counter}} starts at 1 on each connection, as a CLI run's does
	p.Replies = newReplyStats(c)
	p.target = c.RemoteAddr().String()
	p.State = ClientConnected
	jobs := make(chan *sendJob, sendQueueSize)
	p.jobs = jobs
	go p.runSender(c, jobs)
	go func() {
		<-c.Done()
		p.Do(func() { p.connectionEnded(c) })
	}()
	p.Update()
	// Connected: what comes next is typing the payload, which must be in
	// sight when the panes are tabs.
	if p.Reveal != nil {
		p.Reveal()
	}
	p.Win.Canvas().Focus(p.Editor)
}

// connectionEnded records that c closed, by the user or by the server.
func (p *ClientPane) connectionEnded(c *sockets.Client) {
	if p.Client != c || p.closed {
		return
	}
	logrus.WithError(c.Err()).Debug("connection ended")
	p.Client, p.jobs = nil, nil
	p.stopRepeat()
	p.Files.ended()
	p.State = ClientIdle
	p.Update()
}

func (p *ClientPane) onCancel() {
	if p.State == ClientConnecting && p.cancel != nil {
		logrus.Debug("dial cancelled")
		p.cancel()
	}
}

// onDisconnect closes the connection; connectionEnded then updates the pane.
func (p *ClientPane) onDisconnect() {
	c := p.Client
	if c == nil {
		return
	}
	p.stopRepeat()
	p.State = clientClosing
	p.Update()
	logrus.Debug("closing client")
	go c.Close()
}

// Shutdown cancels a dial, ends a repeat and closes the connection; used
// when the window closes.
func (p *ClientPane) Shutdown() {
	p.closed = true
	if p.cancel != nil {
		p.cancel()
	}
	p.stopRepeat()
	if p.Client != nil {
		_ = p.Client.Close()
	}
}

// EventName is the name p's events carry: "Client 2".
func (p *ClientPane) EventName() string { return logview.ClientEventName(p.Id) }

// tabCounters are a tab's counters for its connection row, with several tabs.
func (p *ClientPane) tabCounters() string {
	st, ok := p.Stats()
	if !ok || p.TabCount == nil || p.TabCount() < 2 {
		return ""
	}
	return " · " + CountsText(Counts{p.Protocol.Value(), true, st})
}

// unixConfig is config for a Unix socket: a path instead of host and port.
func (p *ClientPane) unixConfig() (sockets.ClientConfig, error) {
	if err := addr.CheckUnixPath(p.Path.Field.Text); err != nil {
		return sockets.ClientConfig{}, err
	}
	timeout, err := widgets.ParseTimeout(p.Timeout.Text)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	return p.withExtras(sockets.ClientConfig{
		Network:      p.Protocol.Value(),
		Addr:         p.Path.Field.Text,
		Timeout:      timeout,
		Events:       p.Events,
		CaptureBytes: logview.CaptureBytes,
		Name:         p.EventName(),
	})
}
