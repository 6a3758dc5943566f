package gui

import (
	"errors"
	"strconv"

	"github.com/sockettester/sockettester/sockets/tlsinfo"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// clientConn is the client pane's connection row, under the address. While
// connected it says where from and, over TLS, what the handshake settled,
// with "Send end of stream" for TCP:
//
//	From 127.0.0.1:52186 · TLS 1.3, TLS_AES_128_GCM_SHA256, no ALPN; certificate verified  [Send end of stream]
//
// While idle with TLS on, after Use my server, it says that this app's own
// server certificate is trusted too, with Forget.
//
// Send end of stream half-closes the connection (Client.CloseWrite): the
// server reads end of input, as when a file it reads ends, while the
// client goes on receiving, so a server that answers only at end of input
// (tr a-z A-Z, a request read to EOF) replies. Once sent the button is
// off, and so is Send, whose reason says why.
type clientConn struct {
	text      *widget.Label
	forget    *plainButton
	endStream *plainButton
	row       *fyne.Container
}

func (p *clientPane) newClientConn() *clientConn {
	t := p.texts
	c := &clientConn{text: truncatedLabel("")}
	c.text.Importance = widget.LowImportance
	c.forget = t.button("client.tlsForget", theme.DeleteIcon(), func() {
		p.tls.setTrustOwn(p.prefs, false)
		p.update()
	})
	c.forget.Importance = widget.LowImportance
	c.endStream = t.button("client.endStream", theme.MailForwardIcon(), p.onEndStream)
	c.row = container.NewBorder(nil, nil, nil, container.NewHBox(c.forget, c.endStream), c.text)
	return c
}

// updateConnRow shows the connection row when it has something to say.
func (p *clientPane) updateConnRow() {
	c := p.conn
	connected := p.state == clientConnected && p.client != nil
	trusting := p.state == clientIdle && p.tls.trustOwn && p.tls.active(p.protocol.Value())
	text := ""
	switch {
	case connected:
		text = trf("client.connFrom", args{"Addr": p.client.LocalAddr().String()})
		if i := p.client.TLS(); i != nil {
			text += " · " + tlsInfoText(i)
		}
		text += p.tabCounters()
	case trusting:
		text = tr("client.tlsTrustOwn")
	}
	setText(c.text, text)
	setVisible(c.row, text != "")
	setVisible(c.forget, trusting)
	tcp := connected && addr.IsTCP(p.protocol.Value())
	setVisible(c.endStream, tcp)
	setEnabled(c.endStream, tcp && !p.streamEnded && !p.endingStream)
}

// onEndStream ends any repeat, then sends end of stream off the UI
// goroutine: it waits for a send in progress.
func (p *clientPane) onEndStream() {
	c := p.client
	if c == nil || p.state != clientConnected || p.streamEnded || p.endingStream {
		return
	}
	p.stopRepeat()
	p.endingStream = true
	p.update()
	logrus.Debug("client end of stream")
	go func() {
		err := c.CloseWrite()
		p.do(func() { p.endStreamDone(c, err) })
	}()
}

// endStreamDone records that end of stream went out, or says why not.
func (p *clientPane) endStreamDone(c *sockets.Client, err error) {
	if p.client != c || p.closed {
		return
	}
	p.endingStream = false
	if err != nil {
		p.update()
		showFailure(p.win, trf("client.endStreamFailed", args{"Addr": p.target}), err)
		return
	}
	p.streamEnded = true
	p.update()
}

// endedStreamError reports whether err is a send refused because end of
// stream was sent, which Send being off already explains.
func endedStreamError(err error) bool { return errors.Is(err, sockets.ErrWriteClosed) }

// withExtras adds to cfg what the TLS settings and the local address say.
func (p *clientPane) withExtras(cfg sockets.ClientConfig) (sockets.ClientConfig, error) {
	local, err := p.local.addr()
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	var own *tlsinfo.Certificate
	if p.serverCert != nil {
		own = p.serverCert()
	}
	cfg.LocalAddr, cfg.TLS = local, p.tls.settings(cfg.Network, own)
	return cfg, nil
}

// updateExtras brings the TLS settings, the local address and the
// connection row in line with the state, and returns their problem, if
// any; a problem under Advanced opens it.
func (p *clientPane) updateExtras(idle bool) error {
	localErr := p.local.check()
	tlsErr := p.tls.check(p.protocol.Value())
	if localErr != nil || p.tls.name.hint.Visible() {
		p.frame.setAdvanced(true) // a problem is never folded away
	}
	for _, f := range p.local.fields() {
		setEnabled(f, idle)
	}
	p.tls.update(p.protocol.Value(), idle)
	p.updateConnRow()
	return errors.Join(localErr, tlsErr)
}

// extraFields are the TLS and local address entries, touched with the
// others when Connect is tried.
func (p *clientPane) extraFields() []*field {
	return append(p.local.fields(), p.tls.caFile.field, p.tls.name)
}

// onUseServer is the two-click demo's first click: it starts the server
// pane's server if it is stopped, fills in its protocol, host and port,
// and connects; once connected the cursor is in the payload, so Send (or
// Ctrl+Enter) is the second click.
func (p *clientPane) onUseServer() {
	if p.serverAddr == nil || p.state != clientIdle {
		return
	}
	network, host, port, ok := p.serverAddr()
	if !ok && p.startServer != nil && p.startServer() {
		network, host, port, ok = p.serverAddr()
	}
	if !ok {
		return // the server pane said why
	}
	p.protocol.SetValue(network)
	p.host.SetText(host)
	p.port.SetText(strconv.Itoa(port))
	p.useServerTLS(host)
	p.update()
	p.onConnect()
}
