package panes

import (
	"errors"
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
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// clientConn is the client pane's connection row. While a connection is
// open it takes the address row's place, which says nothing then that the
// title row does not (the fields are locked): opening or closing a
// connection changes no row's height and moves nothing under the pointer
// (Send stays where the demo's second click lands). The note that TLS also
// trusts this app's own server has a row of its own, shown with the TLS
// settings, connected or not.
type clientConn struct {
	Text      *widget.Label // "From 127.0.0.1:37875 · TLS ..."
	EndStream *widgets.PlainButton
	Row       *fyne.Container
	trustNote *widget.Label
	forget    *widgets.PlainButton
	TrustRow  *fyne.Container
}

func (p *ClientPane) newClientConn() *clientConn {
	t := p.Texts
	c := &clientConn{Text: widgets.TruncatedLabel(""), trustNote: widgets.TruncatedLabel("")}
	c.Text.Importance = widget.LowImportance
	c.trustNote.Importance = widget.LowImportance
	c.forget = t.Button("client.tlsForget", theme.DeleteIcon(), func() {
		p.Tls.setTrustOwn(p.Prefs, false)
		p.Update()
	})
	c.forget.Importance = widget.LowImportance
	c.EndStream = t.Button("client.endStream", theme.MailForwardIcon(), p.onEndStream)
	p.Files.Send.Covers = c.Text
	c.Row = widgets.NewRow(nil, widgets.NewSwap(c.Text, p.Files.Send.BarBox),
		container.NewHBox(p.Files.Send.Slot, c.EndStream))
	c.Row.Hide()
	c.TrustRow = widgets.NewRow(nil, c.trustNote, c.forget)
	c.TrustRow.Hide()
	t.On(func() { c.trustNote.SetText(i18n.Tr("client.tlsTrustOwn")) })
	return c
}

// UpdateConnRow shows the connection row in the address row's place while
// connected, and the trust note while TLS trusts this app's own server.
func (p *ClientPane) UpdateConnRow() {
	c := p.Conn
	connected := p.State == ClientConnected && p.Client != nil
	text := ""
	if connected {
		text = i18n.Trf("client.connFrom", i18n.Args{"Addr": p.Client.LocalAddr().String()})
		if i := p.Client.TLS(); i != nil {
			text += " · " + logview.TlsInfoText(i)
		}
		text += p.tabCounters()
		if note := p.Files.Save.Note(); note != "" {
			text = note + " · " + text // first: the row is narrow beside the panes' buttons
		}
	}
	SetText(c.Text, text)
	widgets.SetVisible(c.Row, connected)
	if p.addrRow != nil {
		widgets.SetVisible(p.addrRow, !connected)
	}
	widgets.SetVisible(c.TrustRow, p.Tls.TrustOwn && p.Tls.active(p.Protocol.Value()))
	widgets.SetEnabled(c.forget, p.State == ClientIdle)
	tcp := connected && addr.IsTCP(p.Protocol.Value())
	widgets.SetVisible(c.EndStream, tcp)
	widgets.SetEnabled(c.EndStream, tcp && !p.StreamEnded && !p.endingStream)
	p.updateFiles()
}

// onEndStream sends end of stream off the UI goroutine: it waits for a send.
func (p *ClientPane) onEndStream() {
	c := p.Client
	if c == nil || p.State != ClientConnected || p.StreamEnded || p.endingStream {
		return
	}
	p.stopRepeat()
	p.endingStream = true
	p.Update()
	logrus.Debug("client end of stream")
	go func() {
		err := c.CloseWrite()
		p.Do(func() { p.endStreamDone(c, err) })
	}()
}

// endStreamDone records that end of stream went out, or says why not.
func (p *ClientPane) endStreamDone(c *sockets.Client, err error) {
	if p.Client != c || p.closed {
		return
	}
	p.endingStream = false
	if err != nil {
		p.Update()
		widgets.ShowFailure(p.Win, i18n.Trf("client.endStreamFailed", i18n.Args{"Addr": p.target}), err)
		return
	}
	p.StreamEnded = true
	p.Update()
}

// endedStreamError reports a send refused after end of stream (Send is off).
func endedStreamError(err error) bool { return errors.Is(err, sockets.ErrWriteClosed) }

// withExtras adds to cfg what the TLS settings and the local address say.
func (p *ClientPane) withExtras(cfg sockets.ClientConfig) (sockets.ClientConfig, error) {
	local, err := p.Local.addr()
	if err != nil {
		return sockets.ClientConfig{}, err
	}
	var own *tlsinfo.Certificate
	if p.ServerCert != nil {
		own = p.ServerCert()
	}
	cfg.LocalAddr, cfg.TLS = local, p.Tls.settings(cfg.Network, own)
	if addr.IsUnix(cfg.Network) {
		cfg.LocalAddr = "" // the local address fields are an IP and port
	}
	if cfg.TLS != nil {
		cfg.StartTLS = p.Tls.StartTLS.Value()
	}
	cfg.Proxy = p.Proxy.value(cfg.Network)
	cfg.OnData = p.Files.onData
	if cfg.WS, err = p.WSOpts.options(cfg.Network); err != nil {
		return sockets.ClientConfig{}, err
	}
	if p.ChatRoom != nil {
		cfg.Chat = p.ChatRoom(cfg.Network, cfg.Addr)
	}
	return p.withGroup(cfg)
}

// updateExtras syncs TLS, local address and connection row with the state;
// a problem opens Advanced.
func (p *ClientPane) updateExtras(idle bool) error {
	localErr := p.Local.check()
	tlsErr := p.Tls.check(p.Protocol.Value())
	proxyErr := p.Proxy.update(p.Protocol.Value(), idle)
	wsErr := p.WSOpts.update(p.Protocol.Value(), idle)
	if localErr != nil || proxyErr != nil || wsErr != nil || p.Tls.Name.Hint.Visible() || p.Tls.CertFile.Hint.Visible() || p.Tls.KeyFile.Hint.Visible() {
		p.Frame.SetAdvanced(true) // a problem is never folded away
	}
	for _, f := range p.Local.fields() {
		widgets.SetEnabled(f, idle)
	}
	p.Tls.update(p.Protocol.Value(), idle)
	p.UpdateConnRow()
	return errors.Join(localErr, tlsErr, proxyErr, wsErr, p.updateGroup(idle))
}

// extraFields are the TLS and local address entries.
func (p *ClientPane) extraFields() []*widgets.Field {
	return append(p.Local.fields(), p.Proxy.Field, p.WSOpts.Headers, p.Tls.CaFile.Field, p.Tls.Name, p.Tls.CertFile.Field, p.Tls.KeyFile.Field, p.Group.TTL)
}

// OnUseServer is the two-click demo's first click: it starts the server
// pane's server if it is stopped, fills in its protocol, host and port,
// and connects; once connected the cursor is in the payload, so Send (or
// Enter) is the second click.
func (p *ClientPane) OnUseServer() {
	if p.ServerAddr == nil || p.State != ClientIdle {
		return
	}
	network, host, port, ok := p.ServerAddr()
	if !ok && p.StartServer != nil && p.StartServer() {
		network, host, port, ok = p.ServerAddr()
	}
	if !ok {
		return // the server pane said why
	}
	p.Protocol.SetValue(network)
	if addr.IsUnix(network) {
		p.Path.Field.SetText(host)
	} else {
		p.Host.SetText(host)
		p.Port.SetText(strconv.Itoa(port))
		p.useWSServer(network, host, port)
	}
	p.useServerTLS(host)
	p.Update()
	p.onConnect()
}
