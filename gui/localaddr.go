package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// localAddr is the client's own address and port, under Advanced: both
// empty (the default) let the system choose; a port alone binds any
// address, an address alone any port.
//
//	Local address [any] Port [any]
//
// It shares its row with the connect timeout; its hints go below.
type localAddr struct {
	host  *widgets.Field
	port  *widgets.Field
	row   fyne.CanvasObject
	hints fyne.CanvasObject
}

func newLocalAddr(env paneEnv, onChange func()) *localAddr {
	t, prefs := env.texts, env.prefs
	l := &localAddr{
		host: widgets.NewEntryField(prefs, keyClientLocalHost, "", onChange),
		port: widgets.NewEntryField(prefs, keyClientLocalPort, "", onChange),
	}
	t.Placeholder(l.host.Entry, "client.localHostPlaceholder")
	t.Placeholder(l.port.Entry, "client.localPortPlaceholder")
	l.row = container.NewBorder(nil, nil, t.Label("client.localAddr"),
		container.NewHBox(t.Label("client.port"), widgets.TextWide(l.port.Entry, "65535", l.port.PlaceHolder)),
		widgets.TextWide(l.host.Entry, "127.0.0.1"))
	l.hints = container.NewVBox(l.host.Hint, l.port.Hint)
	return l
}

// addr returns ClientConfig.LocalAddr: "" when both fields are empty.
func (l *localAddr) addr() (string, error) {
	return sockets.ParseLocalAddr(l.host.Text, l.port.Text)
}

// check shows each field's problem in its hint and returns the first.
func (l *localAddr) check() error {
	_, hostErr := sockets.ParseLocalAddr(l.host.Text, "")
	_, portErr := sockets.ParseLocalAddr("", l.port.Text)
	if err := l.host.Check(hostErr); err != nil {
		l.port.Check(portErr)
		return err
	}
	return l.port.Check(portErr)
}

// fields lists the entries, to enable and touch them with the others.
func (l *localAddr) fields() []*widgets.Field { return []*widgets.Field{l.host, l.port} }
