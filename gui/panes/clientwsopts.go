package panes

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// Preference keys of the WebSocket options.
const (
	keyClientWSOrigin       = "client.wsOrigin"       // Origin header text; empty: none
	keyClientWSSubprotocols = "client.wsSubprotocols" // subprotocols offered, comma-separated
	keyClientWSHeaders      = "client.wsHeaders"      // extra request headers, one "Name: value" a line
	keyClientWSBinary       = "client.wsBinary"       // bool: send binary messages instead of text
)

// clientWSOptions is the WebSocket handshake's options under Advanced,
// shown while WS is the protocol: Origin, subprotocols, extra headers and
// whether sends are binary messages.
type clientWSOptions struct {
	Origin, Subprotocols, Headers *widgets.Field
	Binary                        *widget.Check
	Section                       *fyne.Container
}

func newClientWSOptions(env Env, onChange func()) *clientWSOptions {
	t, prefs := env.Texts, env.Prefs
	o := &clientWSOptions{
		Origin:       widgets.NewEntryField(prefs, keyClientWSOrigin, "", onChange),
		Subprotocols: widgets.NewEntryField(prefs, keyClientWSSubprotocols, "", onChange),
		Headers:      widgets.NewEntryField(prefs, keyClientWSHeaders, "", onChange),
		Binary:       rememberedCheck(t, prefs, "client.wsBinary", keyClientWSBinary, false, onChange),
	}
	o.Headers.MultiLine = true
	o.Headers.SetMinRowsVisible(2)
	o.Origin.SetPlaceHolder("https://example.com")
	o.Subprotocols.SetPlaceHolder("chat, json")
	o.Headers.SetPlaceHolder("Authorization: Bearer abc")
	o.Section = container.NewVBox(
		widgets.NewRow(t.Label("client.wsOrigin"), o.Origin.Entry, container.NewHBox(t.Label("client.wsSubprotocols"), widgets.TextWide(o.Subprotocols.Entry, "chat, json"))),
		o.Origin.Hint,
		widgets.NewRow(t.Label("client.wsHeaders"), o.Headers.Entry, o.Binary),
		o.Headers.Hint)
	return o
}

// options returns ClientConfig.WS for network: nil unless it is WS.
func (o *clientWSOptions) options(network string) (*sockets.WSOptions, error) {
	if !sockets.IsWS(network) {
		return nil, nil
	}
	h, err := sockets.ParseHeaderLines(o.Headers.Text)
	if err != nil {
		return nil, err
	}
	return &sockets.WSOptions{Header: h, Origin: strings.TrimSpace(o.Origin.Text),
		Subprotocols: sockets.SplitList(o.Subprotocols.Text), Binary: o.Binary.Checked}, nil
}

// update shows the section for WS, enabled while idle, and returns the
// headers' problem.
func (o *clientWSOptions) update(network string, idle bool) error {
	ws := sockets.IsWS(network)
	widgets.SetVisible(o.Section, ws)
	for _, f := range []*widgets.Field{o.Origin, o.Subprotocols, o.Headers} {
		widgets.SetEnabled(f, idle)
	}
	widgets.SetEnabled(o.Binary, idle)
	if !ws {
		return o.Headers.Check(nil)
	}
	_, err := sockets.ParseHeaderLines(o.Headers.Text)
	return o.Headers.Check(err)
}
