package gui

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets/tlsinfo"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/payload"
)

// clientState is where the client pane's connection is in its life.
type clientState int

const (
	clientIdle clientState = iota
	clientConnecting
	clientConnected
	clientClosing
)

// clientPane connects to a server (or opens a UDP socket) and sends
// payloads, once or repeatedly. Its rows, in a paneFrame:
//
//	Client   Connected to 127.0.0.1:46021  [Use my server] [Connect] [Advanced]
//	(Advanced: Timeout [5s] Local address [] Port [], and TLS server name [] with TLS)
//	[TCP] [ ] TLS  Host [127.0.0.1]  Port [46021]   (then clientTLS's and clientConn's rows)
//	[payload editor        ] [Text] [None]
//	[                      ] [Packets    ]
//	[History] Repeat [1] every [1s]  why Send is off  [Send]
type clientPane struct {
	paneEnv
	frame *paneFrame
	id    int             // the tab's number (clienttabs.go)
	tabs  *clientTabs     // the window's tabs, this one among them
	strip *fyne.Container // the tab buttons in the title row

	protocol   *enumChoice[string]
	useServer  *plainButton
	host       *field
	port       *field
	timeout    *field
	connectBtn *plainButton
	cancelBtn  *plainButton

	editor       *payloadEditor
	payload      *field // over editor
	format       *enumChoice[payload.Format]
	eol          *enumChoice[payload.LineEnding]
	history      *widget.Select
	repeat       *field
	interval     *field
	sendReason   *widget.Label
	sendBtn      *plainButton
	stopRepeatBt *plainButton

	tls          *clientTLS  // TLS settings (clienttls.go)
	local        *localAddr  // local address and port, under Advanced (localaddr.go)
	conn         *clientConn // the connection row, with Send end of stream (clientconn.go)
	streamEnded  bool        // end of stream was sent on the open connection
	endingStream bool        // CloseWrite is under way

	hist    *payloadHistory
	packets *clientPackets // the packet library (packets.go)
	own     localAddrs     // the local addresses of its connections, whose events are its session (scenariosave.go)

	statsSource // the connection whose counters the status bar shows
	replies     replyStats

	state     clientState
	target    string             // address being dialled or connected to
	cancel    context.CancelFunc // cancels the dial in progress
	client    *sockets.Client    // the open connection
	jobs      chan *sendJob      // feeds the open connection's sender
	repeating *sendJob           // the repeat running now, if any
	closed    bool               // the window is closing

	// serverAddr reports the running server pane's network ("tcp",
	// "udp") and address; startServer starts it if it is stopped and
	// reports whether it runs. Both are set by the main window.
	serverAddr  func() (network, host string, port int, ok bool)
	startServer func() bool
	serverCert  func() *tlsinfo.Certificate // the server pane's TLS certificate, if any
	onChange    func()                      // called after the state changes, for the status bar
}

// demoPayload is the payload on first launch: the lesson's own text.
const demoPayload = "Hello, world"

// newClientPane builds the client pane and restores its last settings from
// the preferences.
func newClientPane(env paneEnv) *clientPane {
	p := &clientPane{paneEnv: env, hist: newPayloadHistory(env.prefs)}
	t, prefs := env.texts, env.prefs

	p.protocol = newNetworkChoice(t)
	p.protocol.remember(prefs, keyClientProtocol, "tcp", func(string) { p.update() })
	p.useServer = t.button("client.useServer", theme.LoginIcon(), p.onUseServer)

	p.host = newEntryField(prefs, keyClientHost, "127.0.0.1", p.update)
	t.placeholder(p.host.Entry, "client.hostPlaceholder")
	p.host.OnSubmitted = func(string) { p.onConnect() }
	p.port = newEntryField(prefs, keyClientPort, "", p.update)
	p.port.SetPlaceHolder("1-65535")
	p.port.OnSubmitted = func(string) { p.onConnect() }
	p.timeout = newEntryField(prefs, keyClientTimeout, "5s", p.update)

	p.connectBtn = t.primary("client.connect", theme.LoginIcon(), p.onConnect)
	p.cancelBtn = t.button("client.cancel", theme.CancelIcon(), p.onCancel)
	p.tls, p.local = newClientTLS(env, p.update), newLocalAddr(env, p.update)
	p.conn = p.newClientConn()

	p.newSendWidgets()
	p.packets = newClientPackets(p)
	p.layout()
	p.refreshHistory()
	p.update()
	return p
}

func (p *clientPane) layout() {
	t := p.texts
	p.frame = newPaneFrame(t, "client.title", p.useServer, p.connectBtn, p.cancelBtn)
	p.frame.addAdvanced(container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(t.label("client.timeout"), textWide(p.timeout.Entry, "1500ms")), nil,
			p.local.row),
		p.timeout.hint, p.local.hints, p.tls.advanced))
	p.frame.addSection(container.NewVBox(
		container.NewBorder(nil, nil,
			container.NewHBox(p.protocol.Object(), p.tls.on, t.label("client.host")),
			container.NewHBox(t.label("client.port"), textWide(p.port.Entry, "65535", p.port.PlaceHolder)),
			p.host.Entry),
		p.host.hint, p.port.hint, p.tls.section, p.conn.row))
	p.frame.addSection(container.NewVBox(
		container.NewBorder(nil, nil, nil,
			container.NewVBox(container.NewHBox(p.format.Object(), p.eol.Object()), p.packets.button), p.editor),
		p.payload.hint))
	// Stop takes Send's place while a repeat runs.
	repeat := container.NewHBox(p.history, t.label("client.repeat"), textWide(p.repeat.Entry, "1000"),
		t.label("client.every"), textWide(p.interval.Entry, "250ms"))
	p.frame.addSection(container.NewVBox(
		container.NewBorder(nil, nil, repeat, container.NewStack(p.stopRepeatBt, p.sendBtn), p.sendReason),
		p.repeat.hint, p.interval.hint))
}

// Object returns the pane's root object.
func (p *clientPane) Object() fyne.CanvasObject { return p.frame.Object() }

// payloadBytes parses the editor's payload with the chosen format and line
// ending.
func (p *clientPane) payloadBytes() ([]byte, error) {
	return parsePayload(p.editor.Text, p.format.Value(), p.eol.Value())
}

// config returns the client configuration the fields describe.
func (p *clientPane) config() (sockets.ClientConfig, error) {
	host, err := addr.ParseHost(p.host.Text)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	port, err := addr.ParseDialPort(p.port.Text)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	timeout, err := parseTimeout(p.timeout.Text)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	return p.withExtras(sockets.ClientConfig{
		Network:      p.protocol.Value(),
		Addr:         net.JoinHostPort(host, strconv.Itoa(port)),
		Timeout:      timeout,
		Events:       p.events,
		CaptureBytes: captureBytes,
		Name:         p.eventName(),
	})
}

// update brings every widget in line with the state and the inputs.
func (p *clientPane) update() {
	idle := p.state == clientIdle
	udp := addr.IsUDP(p.protocol.Value())

	_, hostErr := addr.ParseHost(p.host.Text)
	p.host.check(hostErr)
	_, portErr := addr.ParseDialPort(p.port.Text)
	p.port.check(portErr)
	_, timeoutErr := parseTimeout(p.timeout.Text)
	if p.timeout.check(timeoutErr) != nil {
		p.frame.setAdvanced(true) // a problem is never folded away
	}
	for _, w := range []fyne.Disableable{p.protocol, p.host, p.port, p.timeout} {
		setEnabled(w, idle)
	}
	extraErr := p.updateExtras(idle)
	// Only while idle: it connects. Hidden otherwise, leaving the state room.
	setVisible(p.useServer, idle)

	key := "client.connect"
	switch {
	case p.state == clientConnected && udp:
		key = "client.closeSocket"
	case p.state == clientConnected:
		key = "client.disconnect"
	case udp:
		key = "client.openSocket"
	}
	setButtonText(p.connectBtn, tr(key))
	if p.state == clientConnected {
		p.connectBtn.SetIcon(theme.LogoutIcon())
	} else {
		p.connectBtn.SetIcon(theme.LoginIcon())
	}
	inputErr := errors.Join(hostErr, portErr, timeoutErr, extraErr)
	setEnabled(p.connectBtn, p.state == clientConnected || (idle && inputErr == nil))
	setVisible(p.cancelBtn, p.state == clientConnecting)
	state := p.Status()
	if idle {
		// Why Connect is off, in a few words: the field's hint says more.
		switch {
		case hostErr != nil && strings.TrimSpace(p.host.Text) == "":
			state = tr("client.whyHost")
		case portErr != nil && strings.TrimSpace(p.port.Text) == "":
			state = tr("client.whyPort")
		case inputErr != nil:
			state = tr("client.whyFix")
		}
	}
	p.frame.setState(state)
	p.updateSend()

	if p.onChange != nil {
		p.onChange()
	}
}

// setButtonText changes b's text only when it differs.
func setButtonText(b *plainButton, s string) {
	if b.Text != s {
		b.SetText(s)
	}
}

// Status describes the connection, e.g. "Connected to 127.0.0.1:9000".
func (p *clientPane) Status() string {
	switch p.state {
	case clientConnecting:
		return trf("client.connecting", args{"Addr": p.target})
	case clientConnected:
		if addr.IsUDP(p.protocol.Value()) {
			return trf("client.udpOpen", args{"Addr": p.target})
		}
		return trf("client.connected", args{"Addr": p.target}) + p.connectionNote()
	case clientClosing:
		return tr("client.closing")
	}
	return tr("client.notConnected")
}

// onConnect connects, or disconnects when connected. The dial runs on its
// own goroutine, so the window stays responsive for the whole timeout.
func (p *clientPane) onConnect() {
	switch p.state {
	case clientConnected:
		p.onDisconnect()
		return
	case clientIdle:
	default:
		return
	}
	cfg, err := p.config()
	if err != nil {
		for _, f := range append([]*field{p.host, p.port, p.timeout}, p.extraFields()...) {
			f.touch()
		}
		p.update()
		showFailure(p.win, tr("client.cannotConnect"), err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.state = clientConnecting
	p.target = cfg.Addr
	p.update()
	logrus.WithFields(logrus.Fields{"network": cfg.Network, "addr": cfg.Addr, "timeout": cfg.Timeout}).Debug("dialling")
	go func() {
		c, err := sockets.Dial(ctx, cfg)
		p.do(func() { p.dialDone(ctx, cancel, cfg, c, err) })
	}()
}

// dialDone takes the result of a dial onto the UI goroutine.
func (p *clientPane) dialDone(ctx context.Context, cancel context.CancelFunc, cfg sockets.ClientConfig, c *sockets.Client, err error) {
	cancelled := ctx.Err() != nil
	cancel()
	if p.closed || cancelled {
		// The user gave up (or the window closed) before the dial ended;
		// a connection that made it anyway is not wanted.
		if c != nil {
			go c.Close()
		}
		if !p.closed {
			p.cancel = nil
			p.state = clientIdle
			p.update()
		}
		return
	}
	p.cancel = nil
	if err != nil {
		p.state = clientIdle
		p.update()
		p.showConnectFailure(trf("client.connectFailed", args{"Addr": cfg.Addr, "Proto": p.protocol.Selected}), err)
		return
	}
	p.client, p.statsSource = c, statsSource{c}
	p.own.add(c.LocalAddr())
	p.streamEnded, p.endingStream = false, false
	p.replies = newReplyStats(c)
	p.target = c.RemoteAddr().String()
	p.state = clientConnected
	jobs := make(chan *sendJob, sendQueueSize)
	p.jobs = jobs
	go p.runSender(c, jobs)
	go func() {
		<-c.Done()
		p.do(func() { p.connectionEnded(c) })
	}()
	p.update()
	// Connected: what comes next is typing the payload.
	p.win.Canvas().Focus(p.editor)
}

// connectionEnded records that c closed, by the user or by the server.
func (p *clientPane) connectionEnded(c *sockets.Client) {
	if p.client != c || p.closed {
		return
	}
	logrus.WithError(c.Err()).Debug("connection ended")
	p.client, p.jobs = nil, nil
	p.stopRepeat()
	p.state = clientIdle
	p.update()
}

// onCancel abandons the dial in progress.
func (p *clientPane) onCancel() {
	if p.state == clientConnecting && p.cancel != nil {
		logrus.Debug("dial cancelled")
		p.cancel()
	}
}

// onDisconnect closes the connection; connectionEnded then updates the pane.
func (p *clientPane) onDisconnect() {
	c := p.client
	if c == nil {
		return
	}
	p.stopRepeat()
	p.state = clientClosing
	p.update()
	logrus.Debug("closing client")
	go c.Close()
}

// Shutdown cancels a dial, ends a repeat and closes the connection; used
// when the window closes.
func (p *clientPane) Shutdown() {
	p.closed = true
	if p.cancel != nil {
		p.cancel()
	}
	p.stopRepeat()
	if p.client != nil {
		_ = p.client.Close()
	}
}
