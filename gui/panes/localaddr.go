package panes

import (
	"net"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// localAddr is the client's own address and port, under Advanced: both
// empty (the default) let the system choose; a port alone binds any
// address, an address alone any port.
type localAddr struct {
	Host  *widgets.Field
	Port  *widgets.Field
	row   fyne.CanvasObject
	hints fyne.CanvasObject
}

func newLocalAddr(env Env, onChange func()) *localAddr {
	t, prefs := env.Texts, env.Prefs
	l := &localAddr{
		Host: widgets.NewEntryField(prefs, keyClientLocalHost, "", onChange),
		Port: widgets.NewEntryField(prefs, keyClientLocalPort, "", onChange),
	}
	t.Placeholder(l.Host.Entry, "client.localHostPlaceholder")
	t.Placeholder(l.Port.Entry, "client.localPortPlaceholder")
	l.row = widgets.NewRow(t.Label("client.localAddr"),
		widgets.TextWide(l.Host.Entry, "127.0.0.1"),
		container.NewHBox(t.Label("client.port"), widgets.TextWide(l.Port.Entry, "65535", l.Port.PlaceHolder)))
	l.hints = container.NewVBox(l.Host.Hint, l.Port.Hint)
	return l
}

// addr returns ClientConfig.LocalAddr: "" when both fields are empty.
func (l *localAddr) addr() (string, error) {
	return addr.ParseLocal(l.Host.Text, l.Port.Text)
}

// check shows each field's problem in its hint and returns the first.
func (l *localAddr) check() error {
	_, hostErr := addr.ParseLocal(l.Host.Text, "")
	_, portErr := addr.ParseLocal("", l.Port.Text)
	if err := l.Host.Check(hostErr); err != nil {
		l.Port.Check(portErr)
		return err
	}
	return l.Port.Check(portErr)
}

func (l *localAddr) fields() []*widgets.Field { return []*widgets.Field{l.Host, l.Port} }

// localAddrs are the local addresses of the client pane's connections.
type localAddrs map[string]bool

func (l *localAddrs) add(a net.Addr) {
	if *l == nil {
		*l = localAddrs{}
	}
	(*l)[a.String()] = true
}
