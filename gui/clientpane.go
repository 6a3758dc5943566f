package gui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
)

// clientState is where the client pane's connection is in its life.
type clientState int

const (
	clientIdle clientState = iota
	clientConnecting
	clientConnected
	clientClosing
)

// clientPane is the right pane: it connects to a server (or opens a UDP
// socket) and sends payloads, once or repeatedly.
type clientPane struct {
	win    fyne.Window
	prefs  fyne.Preferences
	events *sockets.EventQueue
	do     uiRunner

	protocol    *enumChoice[string]
	useServer   *widget.Button
	host        *widget.Entry
	hostHint    *widget.Label
	port        *widget.Entry
	portHint    *widget.Label
	timeout     *widget.Entry
	timeoutHint *widget.Label
	connectBtn  *widget.Button
	cancelBtn   *widget.Button
	stateLabel  *widget.Label

	editor       *payloadEditor
	format       *enumChoice[sockets.Format]
	eol          *enumChoice[sockets.LineEnding]
	history      *widget.Select
	repeat       *widget.Entry
	interval     *widget.Entry
	sendHint     *widget.Label
	sendBtn      *widget.Button
	stopRepeatBt *widget.Button

	root fyne.CanvasObject

	hist *payloadHistory

	statsSource // the connection whose counters the status bar shows

	state     clientState
	target    string             // address being dialled or connected to
	cancel    context.CancelFunc // cancels the dial in progress
	client    *sockets.Client    // the open connection
	jobs      chan *sendJob      // feeds the open connection's sender
	repeating *sendJob           // the repeat running now, if any
	closed    bool               // the window is closing

	// serverAddr reports the running server pane's network ("tcp",
	// "udp") and address; set by the main window.
	serverAddr func() (network, host string, port int, ok bool)
	onChange   func() // called after the state changes, for the status bar
}

// newClientPane builds the client pane and restores its last settings from
// prefs. Engine events go to events; do runs UI updates from goroutines.
func newClientPane(win fyne.Window, prefs fyne.Preferences, events *sockets.EventQueue, do uiRunner) *clientPane {
	p := &clientPane{win: win, prefs: prefs, events: events, do: do, hist: newPayloadHistory(prefs)}

	p.protocol = newNetworkChoice()
	p.protocol.remember(prefs, keyClientProtocol, "tcp", p.update)
	p.useServer = widget.NewButtonWithIcon("Use my server", theme.LoginIcon(), p.onUseServer)

	p.host = rememberedEntry(prefs, keyClientHost, "127.0.0.1", "Host name, IPv4 or IPv6 address", validator(sockets.ParseHost), p.update)
	p.host.OnSubmitted = func(string) { p.onConnect() }
	p.hostHint = newHint()

	p.port = rememberedEntry(prefs, keyClientPort, "", "1-65535", validator(sockets.ParseDialPort), p.update)
	p.port.OnSubmitted = func(string) { p.onConnect() }
	p.portHint = newHint()

	p.timeout = rememberedEntry(prefs, keyClientTimeout, "5s", "", validator(parseTimeout), p.update)
	p.timeoutHint = newHint()

	p.connectBtn = primaryButton("Connect", theme.LoginIcon(), p.onConnect)
	p.cancelBtn = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), p.onCancel)
	p.stateLabel = truncatedLabel("")

	p.newSendWidgets()
	p.root = p.layout()
	p.refreshHistory()
	p.update()
	return p
}

func (p *clientPane) layout() fyne.CanvasObject {
	protoTimeout := container.NewBorder(nil, nil, p.protocol.Object(),
		container.NewHBox(widget.NewLabel("Timeout"), textWide(p.timeout, "1500ms")))
	hostPort := container.NewBorder(nil, nil, nil,
		container.NewHBox(widget.NewLabel("Port"), textWide(p.port, "65535", p.port.PlaceHolder)), p.host)
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("Protocol"), container.NewVBox(protoTimeout, p.timeoutHint),
		widget.NewLabel("Host"), container.NewVBox(hostPort, p.hostHint, p.portHint),
	)
	title := container.NewBorder(nil, nil, heading("Client"), p.useServer)
	buttons := container.NewBorder(nil, nil, container.NewHBox(p.connectBtn, p.cancelBtn), nil, p.stateLabel)
	top := container.NewVBox(title, form, buttons, widget.NewSeparator())

	options := container.NewHBox(p.format.Object(), widget.NewLabel("Line end"), p.eol.Object(), layout.NewSpacer(), p.history)
	// Stop takes Send's place while a repeat runs.
	repeatRow := container.NewHBox(widget.NewLabel("Repeat"), textWide(p.repeat, "1000"),
		widget.NewLabel("every"), textWide(p.interval, "250ms"),
		layout.NewSpacer(), container.NewStack(p.stopRepeatBt, p.sendBtn))
	bottom := container.NewVBox(options, p.sendHint, repeatRow)
	return container.NewBorder(top, bottom, nil, nil, p.editor)
}

// Object returns the pane's root object.
func (p *clientPane) Object() fyne.CanvasObject { return p.root }

// payloadBytes parses the editor's payload with the chosen format and line
// ending.
func (p *clientPane) payloadBytes() ([]byte, error) {
	return parsePayload(p.editor.Text, p.format.Value(), p.eol.Value())
}

// config returns the client configuration the fields describe.
func (p *clientPane) config() (sockets.ClientConfig, error) {
	host, err := sockets.ParseHost(p.host.Text)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	port, err := sockets.ParseDialPort(p.port.Text)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	timeout, err := parseTimeout(p.timeout.Text)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	return sockets.ClientConfig{
		Network:      p.protocol.Value(),
		Addr:         net.JoinHostPort(host, strconv.Itoa(port)),
		Timeout:      timeout,
		Events:       p.events,
		CaptureBytes: captureBytes,
	}, nil
}

// update brings every widget in line with the state and the inputs.
func (p *clientPane) update() {
	idle := p.state == clientIdle
	udp := sockets.IsUDP(p.protocol.Value())

	_, hostErr := sockets.ParseHost(p.host.Text)
	setHint(p.hostHint, hostErr)
	_, portErr := sockets.ParseDialPort(p.port.Text)
	setHint(p.portHint, portErr)
	_, timeoutErr := parseTimeout(p.timeout.Text)
	setHint(p.timeoutHint, timeoutErr)
	for _, w := range []fyne.Disableable{p.protocol, p.host, p.port, p.timeout, p.useServer} {
		setEnabled(w, idle)
	}

	switch {
	case p.state == clientConnected && udp:
		p.connectBtn.SetText("Close socket")
		p.connectBtn.SetIcon(theme.LogoutIcon())
	case p.state == clientConnected:
		p.connectBtn.SetText("Disconnect")
		p.connectBtn.SetIcon(theme.LogoutIcon())
	case udp:
		p.connectBtn.SetText("Open socket")
		p.connectBtn.SetIcon(theme.LoginIcon())
	default:
		p.connectBtn.SetText("Connect")
		p.connectBtn.SetIcon(theme.LoginIcon())
	}
	setEnabled(p.connectBtn, p.state == clientConnected || (idle && hostErr == nil && portErr == nil && timeoutErr == nil))
	setVisible(p.cancelBtn, p.state == clientConnecting)
	p.stateLabel.SetText(p.Status())

	b, payloadErr := p.payloadBytes()
	_, repeatErr := parseRepeat(p.repeat.Text)
	_, intervalErr := parseInterval(p.interval.Text)
	setHint(p.sendHint, errors.Join(payloadErr, repeatErr, intervalErr))
	setEnabled(p.sendBtn, p.state == clientConnected && p.repeating == nil &&
		len(b) > 0 && payloadErr == nil && repeatErr == nil && intervalErr == nil)
	setVisible(p.stopRepeatBt, p.repeating != nil)
	setVisible(p.sendBtn, p.repeating == nil)

	if p.onChange != nil {
		p.onChange()
	}
}

// Status describes the connection for the status bar, e.g.
// "Connected to 127.0.0.1:9000".
func (p *clientPane) Status() string {
	switch p.state {
	case clientConnecting:
		return "Connecting to " + p.target + "..."
	case clientConnected:
		if sockets.IsUDP(p.protocol.Value()) {
			return "UDP socket open to " + p.target
		}
		return "Connected to " + p.target
	case clientClosing:
		return "Closing"
	}
	return "Not connected"
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
		p.update()
		showFailure(p.win, "Cannot connect", err)
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
		showFailure(p.win, fmt.Sprintf("Could not connect to %s (%s)", cfg.Addr, p.protocol.Selected), err)
		return
	}
	p.client, p.statsSource = c, statsSource{c}
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
}

// connectionEnded records that c closed, by the user or by the server.
func (p *clientPane) connectionEnded(c *sockets.Client) {
	if p.client != c {
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

// onUseServer fills host, port and protocol from the running server pane.
func (p *clientPane) onUseServer() {
	if p.serverAddr == nil {
		return
	}
	network, host, port, ok := p.serverAddr()
	if !ok {
		dialog.ShowInformation("Server not running",
			"Start the server on the left first; then \"Use my server\" fills in its address.", p.win)
		return
	}
	p.protocol.SetValue(network)
	p.host.SetText(host)
	p.port.SetText(strconv.Itoa(port))
	p.update()
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
