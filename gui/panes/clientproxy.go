package panes

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// KeyClientProxy is the preference holding the client's proxy address
// text, e.g. "socks5://127.0.0.1:1080"; empty: direct.
const KeyClientProxy = "client.proxy"

// clientProxy is the client's Proxy field, under Advanced: a SOCKS5 or
// HTTP proxy that TCP, TLS and WebSocket connections go through; empty
// (the default) connects directly. For UDP and Unix it is hidden and its
// text kept.
type clientProxy struct {
	Field   *widgets.Field
	Section *fyne.Container // the row and its hint
}

func newClientProxy(env Env, onChange func()) *clientProxy {
	t := env.Texts
	c := &clientProxy{Field: widgets.NewEntryField(env.Prefs, KeyClientProxy, "", onChange)}
	t.Placeholder(c.Field.Entry, "client.proxyPlaceholder")
	c.Section = container.NewVBox(widgets.NewRow(t.Label("client.proxy"), c.Field.Entry, nil), c.Field.Hint)
	return c
}

// carries reports whether a proxy can carry network's connections.
func proxyCarries(network string) bool { return network == "tcp" || sockets.IsWS(network) }

// value returns ClientConfig.Proxy for network: "" for direct.
func (c *clientProxy) value(network string) string {
	if !proxyCarries(network) {
		return ""
	}
	return strings.TrimSpace(c.Field.Text)
}

// update shows the field for the networks a proxy carries, enabled while
// idle, and returns its problem: a proxy address that is not one.
func (c *clientProxy) update(network string, idle bool) error {
	widgets.SetVisible(c.Section, proxyCarries(network))
	widgets.SetEnabled(c.Field, idle)
	p := c.value(network)
	if p == "" {
		return c.Field.Check(nil)
	}
	_, err := sockets.ParseProxy(p)
	return c.Field.Check(err)
}
