package gui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
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

// sendQueueSize bounds how many sends may wait behind a slow one.
const sendQueueSize = 64

// sendJob is one press of Send: data sent count times, interval apart,
// until stop is closed.
type sendJob struct {
	data     []byte
	count    int
	interval time.Duration
	stop     chan struct{}
}

// payloadEditor is the client's multi-line payload entry; the platform's
// shortcut modifier with Return (Ctrl+Enter, Cmd+Enter on macOS) sends.
type payloadEditor struct {
	widget.Entry
	onSend func()
}

func newPayloadEditor(onSend func()) *payloadEditor {
	e := &payloadEditor{onSend: onSend}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapBreak
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut sends on Ctrl+Enter and passes every other shortcut to the
// entry.
func (e *payloadEditor) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok &&
		(cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) &&
		cs.Modifier == fyne.KeyModifierShortcutDefault {
		if e.onSend != nil {
			e.onSend()
		}
		return
	}
	e.Entry.TypedShortcut(s)
}

// clientPane is the right pane: it connects to a server (or opens a UDP
// socket) and sends payloads, once or repeatedly.
type clientPane struct {
	win    fyne.Window
	prefs  fyne.Preferences
	events *sockets.EventQueue
	do     uiRunner

	protocol    *widget.Select
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
	format       *widget.Select
	eol          *widget.Select
	history      *widget.Select
	repeat       *widget.Entry
	interval     *widget.Entry
	sendHint     *widget.Label
	sendBtn      *widget.Button
	stopRepeatBt *widget.Button

	root fyne.CanvasObject

	hist *payloadHistory

	state     clientState
	target    string             // address being dialled or connected to
	cancel    context.CancelFunc // cancels the dial in progress
	client    *sockets.Client    // the open connection
	last      *sockets.Client    // the connection whose counters the status bar shows
	jobs      chan *sendJob      // feeds the open connection's sender
	repeating *sendJob           // the repeat running now, if any
	closed    bool               // the window is closing

	// serverAddr reports the running server pane's address; set by the
	// main window.
	serverAddr func() (proto, host string, port int, ok bool)
	onChange   func() // called after the state changes, for the status bar
}

// newClientPane builds the client pane and restores its last settings from
// prefs. Engine events go to events; do runs UI updates from goroutines.
func newClientPane(win fyne.Window, prefs fyne.Preferences, events *sockets.EventQueue, do uiRunner) *clientPane {
	p := &clientPane{win: win, prefs: prefs, events: events, do: do, hist: newPayloadHistory(prefs)}

	var protocolBox, formatBox, eolBox fyne.CanvasObject
	p.protocol, protocolBox = newChoice(protocolOptions, 90)
	p.protocol.SetSelected(oneOf(prefs.StringWithFallback(keyClientProtocol, protoTCP), protocolOptions, protoTCP))
	p.protocol.OnChanged = func(s string) {
		p.prefs.SetString(keyClientProtocol, s)
		p.update()
	}
	p.useServer = widget.NewButtonWithIcon("Use my server", theme.LoginIcon(), p.onUseServer)

	p.host = widget.NewEntry()
	p.host.SetPlaceHolder("Host name, IPv4 or IPv6 address")
	p.host.SetText(prefs.StringWithFallback(keyClientHost, "127.0.0.1"))
	p.host.Validator = func(s string) error { _, err := parseHost(s); return err }
	p.host.OnChanged = func(s string) { p.prefs.SetString(keyClientHost, s); p.update() }
	p.host.OnSubmitted = func(string) { p.onConnect() }
	p.hostHint = newHint()

	p.port = widget.NewEntry()
	p.port.SetPlaceHolder("1-65535")
	p.port.SetText(prefs.String(keyClientPort))
	p.port.Validator = func(s string) error { _, err := parsePort(s, false); return err }
	p.port.OnChanged = func(s string) { p.prefs.SetString(keyClientPort, s); p.update() }
	p.port.OnSubmitted = func(string) { p.onConnect() }
	p.portHint = newHint()

	p.timeout = widget.NewEntry()
	p.timeout.SetText(prefs.StringWithFallback(keyClientTimeout, "5s"))
	p.timeout.Validator = func(s string) error { _, err := parseTimeout(s); return err }
	p.timeout.OnChanged = func(s string) { p.prefs.SetString(keyClientTimeout, s); p.update() }
	p.timeoutHint = newHint()

	p.connectBtn = widget.NewButtonWithIcon("Connect", theme.LoginIcon(), p.onConnect)
	p.connectBtn.Importance = widget.HighImportance
	p.cancelBtn = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), p.onCancel)
	p.stateLabel = widget.NewLabel("")
	p.stateLabel.Truncation = fyne.TextTruncateEllipsis

	p.editor = newPayloadEditor(p.onSend)
	p.editor.SetPlaceHolder("Payload. Text understands \\n \\r \\t \\0 \\\\ \\xHH; hex takes bytes like 48 65 6c 6c 6f.\nCtrl+Enter sends.")
	p.editor.SetText(prefs.String(keyClientPayload))
	p.editor.Validator = func(string) error { _, err := p.payloadBytes(); return err }
	p.editor.OnChanged = func(s string) { p.prefs.SetString(keyClientPayload, s); p.update() }

	p.format, formatBox = newChoice(formatOptions, 90)
	p.format.SetSelected(oneOf(prefs.StringWithFallback(keyClientFormat, formatText), formatOptions, formatText))
	p.format.OnChanged = func(s string) { p.prefs.SetString(keyClientFormat, s); p.update() }
	p.eol, eolBox = newChoice(lineEndingOptions, 100)
	p.eol.SetSelected(oneOf(prefs.StringWithFallback(keyClientLineEnding, eolNone), lineEndingOptions, eolNone))
	p.eol.OnChanged = func(s string) { p.prefs.SetString(keyClientLineEnding, s); p.update() }
	p.history = widget.NewSelect(nil, p.onHistory)
	p.history.PlaceHolder = "History"

	p.repeat = widget.NewEntry()
	p.repeat.SetText(prefs.StringWithFallback(keyClientRepeat, "1"))
	p.repeat.Validator = func(s string) error { _, err := parseRepeat(s); return err }
	p.repeat.OnChanged = func(s string) { p.prefs.SetString(keyClientRepeat, s); p.update() }
	p.interval = widget.NewEntry()
	p.interval.SetText(prefs.StringWithFallback(keyClientInterval, "1s"))
	p.interval.Validator = func(s string) error { _, err := parseInterval(s); return err }
	p.interval.OnChanged = func(s string) { p.prefs.SetString(keyClientInterval, s); p.update() }
	p.sendHint = newHint()
	p.sendBtn = widget.NewButtonWithIcon("Send", theme.MailSendIcon(), p.onSend)
	p.sendBtn.Importance = widget.HighImportance
	p.stopRepeatBt = widget.NewButtonWithIcon("Stop", theme.MediaStopIcon(), p.onStopRepeat)

	p.root = p.layout(protocolBox, formatBox, eolBox)
	p.refreshHistory()
	p.update()
	return p
}

func (p *clientPane) layout(protocol, format, eol fyne.CanvasObject) fyne.CanvasObject {
	protoTimeout := container.NewBorder(nil, nil, protocol,
		container.NewHBox(widget.NewLabel("Timeout"), atLeastWide(80, p.timeout)))
	hostPort := container.NewBorder(nil, nil, nil,
		container.NewHBox(widget.NewLabel("Port"), atLeastWide(115, p.port)), p.host)
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("Protocol"), container.NewVBox(protoTimeout, p.timeoutHint),
		widget.NewLabel("Host"), container.NewVBox(hostPort, p.hostHint, p.portHint),
	)
	title := container.NewBorder(nil, nil, heading("Client"), p.useServer)
	buttons := container.NewBorder(nil, nil, container.NewHBox(p.connectBtn, p.cancelBtn), nil, p.stateLabel)
	top := container.NewVBox(title, form, buttons, widget.NewSeparator())

	options := container.NewHBox(format, widget.NewLabel("Line end"), eol, layout.NewSpacer(), p.history)
	repeatRow := container.NewHBox(widget.NewLabel("Repeat"), atLeastWide(60, p.repeat),
		widget.NewLabel("every"), atLeastWide(70, p.interval),
		layout.NewSpacer(), p.stopRepeatBt, p.sendBtn)
	bottom := container.NewVBox(options, p.sendHint, repeatRow)
	return container.NewBorder(top, bottom, nil, nil, p.editor)
}

// Object returns the pane's root object.
func (p *clientPane) Object() fyne.CanvasObject { return p.root }

// payloadBytes parses the editor's payload with the chosen format and line
// ending.
func (p *clientPane) payloadBytes() ([]byte, error) {
	return parsePayload(p.editor.Text, p.format.Selected, p.eol.Selected)
}

// config returns the client configuration the fields describe.
func (p *clientPane) config() (sockets.ClientConfig, error) {
	host, err := parseHost(p.host.Text)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	port, err := parsePort(p.port.Text, false)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	timeout, err := parseTimeout(p.timeout.Text)
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	return sockets.ClientConfig{
		Network:      network(p.protocol.Selected),
		Addr:         net.JoinHostPort(host, strconv.Itoa(port)),
		Timeout:      timeout,
		Events:       p.events,
		CaptureBytes: captureBytes,
	}, nil
}

// update brings every widget in line with the state and the inputs.
func (p *clientPane) update() {
	idle := p.state == clientIdle
	udp := p.protocol.Selected == protoUDP

	_, hostErr := parseHost(p.host.Text)
	setHint(p.hostHint, hostErr)
	_, portErr := parsePort(p.port.Text, false)
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
		if network(p.protocol.Selected) == "udp" {
			return "UDP socket open to " + p.target
		}
		return "Connected to " + p.target
	case clientClosing:
		return "Closing"
	}
	return "Not connected"
}

// Stats returns the counters of the open connection, or of the last one.
func (p *clientPane) Stats() (sockets.Stats, bool) {
	if p.last == nil {
		return sockets.Stats{}, false
	}
	return p.last.Stats(), true
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
	p.client, p.last = c, c
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
	proto, host, port, ok := p.serverAddr()
	if !ok {
		dialog.ShowInformation("Server not running",
			"Start the server on the left first; then \"Use my server\" fills in its address.", p.win)
		return
	}
	p.protocol.SetSelected(proto)
	p.host.SetText(host)
	p.port.SetText(strconv.Itoa(port))
	p.update()
}

// onSend queues the payload for the sender goroutine: once, or repeated
// when the repeat count is above 1.
func (p *clientPane) onSend() {
	if p.state != clientConnected || p.jobs == nil {
		return
	}
	if p.repeating != nil {
		return
	}
	b, err := p.payloadBytes()
	if err == nil && len(b) == 0 {
		err = errors.New("the payload is empty")
	}
	if err != nil {
		p.update()
		return
	}
	count, err := parseRepeat(p.repeat.Text)
	if err != nil {
		return
	}
	interval, err := parseInterval(p.interval.Text)
	if err != nil {
		return
	}
	if p.queueSend(b, count, interval) == nil {
		return
	}
	p.hist.Add(historyItem{Text: p.editor.Text, Format: p.format.Selected, LineEnding: p.eol.Selected})
	p.refreshHistory()
	p.update()
}

// queueSend hands b, to be sent count times interval apart, to the
// connection's sender goroutine, and returns the job, or nil (after telling
// the user) when earlier sends still fill the queue. A repeat (count above
// 1) shows Stop until it ends. An interval of 0 sends back to back.
func (p *clientPane) queueSend(b []byte, count int, interval time.Duration) *sendJob {
	job := &sendJob{data: b, count: count, interval: interval, stop: make(chan struct{})}
	select {
	case p.jobs <- job:
	default:
		dialog.ShowInformation("Still sending", "Earlier sends have not finished yet; try again in a moment.", p.win)
		return nil
	}
	logrus.WithFields(logrus.Fields{"bytes": len(b), "count": count, "interval": interval}).Debug("client send")
	if count > 1 {
		p.repeating = job
	}
	return job
}

// runSender sends the queued jobs in order until c closes.
func (p *clientPane) runSender(c *sockets.Client, jobs <-chan *sendJob) {
	for {
		select {
		case <-c.Done():
			return
		case j := <-jobs:
			err := sendRepeated(c, j)
			p.do(func() { p.jobDone(c, j, err) })
		}
	}
}

// sendRepeated sends j.data j.count times, waiting j.interval between sends
// (none for 0), until j.stop closes, c closes or a send fails.
func sendRepeated(c *sockets.Client, j *sendJob) error {
	var t *time.Timer
	for i := 0; i < j.count; i++ {
		if i > 0 && j.interval > 0 {
			if t == nil {
				t = time.NewTimer(j.interval)
				defer t.Stop()
			} else {
				t.Reset(j.interval)
			}
			select {
			case <-j.stop:
				return nil
			case <-c.Done():
				return nil
			case <-t.C:
			}
		}
		select {
		case <-j.stop:
			return nil
		default:
		}
		if err := c.Send(j.data); err != nil {
			return err
		}
	}
	return nil
}

// jobDone reports a failed send and ends a finished repeat.
func (p *clientPane) jobDone(c *sockets.Client, j *sendJob, err error) {
	if p.repeating == j {
		p.repeating = nil
	}
	if err != nil && p.client == c && p.state == clientConnected && !p.closed {
		showFailure(p.win, "Could not send to "+p.target, err)
	}
	if !p.closed {
		p.update()
	}
}

// onStopRepeat ends a repeated send early.
func (p *clientPane) onStopRepeat() {
	p.stopRepeat()
	p.update()
}

func (p *clientPane) stopRepeat() {
	if p.repeating != nil {
		close(p.repeating.stop)
		p.repeating = nil
	}
}

// refreshHistory reloads the history dropdown's choices.
func (p *clientPane) refreshHistory() {
	p.history.SetOptions(p.hist.Labels())
	p.history.ClearSelected()
	setEnabled(p.history, len(p.hist.Items()) > 0)
}

// onHistory fills the editor with a payload sent before.
func (p *clientPane) onHistory(label string) {
	if label == "" {
		return
	}
	for i, l := range p.hist.Labels() {
		if l == label {
			it := p.hist.Items()[i]
			p.format.SetSelected(it.Format)
			p.eol.SetSelected(it.LineEnding)
			p.editor.SetText(it.Text)
			break
		}
	}
	// Clear the choice so picking the same entry again fills it again.
	p.history.OnChanged = nil
	p.history.ClearSelected()
	p.history.OnChanged = p.onHistory
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
