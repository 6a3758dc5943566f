package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"github.com/sockettester/sockettester/sockets/addr"
)

// localAddr is the client's own address and port, under Advanced: both
// empty (the default) let the system choose; a port alone binds any
// address, an address alone any port.
//
//	Local address [any] Port [any]
//
// It shares its row with the connect timeout; its hints go below.
type localAddr struct {
	host  *field
	port  *field
	row   fyne.CanvasObject
	hints fyne.CanvasObject
}

func newLocalAddr(env paneEnv, onChange func()) *localAddr {
	t, prefs := env.texts, env.prefs
	l := &localAddr{
		host: newEntryField(prefs, keyClientLocalHost, "", onChange),
		port: newEntryField(prefs, keyClientLocalPort, "", onChange),
	}
	t.placeholder(l.host.Entry, "client.localHostPlaceholder")
	t.placeholder(l.port.Entry, "client.localPortPlaceholder")
	l.row = container.NewBorder(nil, nil, t.label("client.localAddr"),
		container.NewHBox(t.label("client.port"), textWide(l.port.Entry, "65535", l.port.PlaceHolder)),
		textWide(l.host.Entry, "127.0.0.1"))
	l.hints = container.NewVBox(l.host.hint, l.port.hint)
	return l
}

// addr returns ClientConfig.LocalAddr: "" when both fields are empty.
func (l *localAddr) addr() (string, error) {
	return addr.ParseLocal(l.host.Text, l.port.Text)
}

// check shows each field's problem in its hint and returns the first.
func (l *localAddr) check() error {
	_, hostErr := addr.ParseLocal(l.host.Text, "")
	_, portErr := addr.ParseLocal("", l.port.Text)
	if err := l.host.check(hostErr); err != nil {
		l.port.check(portErr)
		return err
	}
	return l.port.check(portErr)
}

// fields lists the entries, to enable and touch them with the others.
func (l *localAddr) fields() []*field { return []*field{l.host, l.port} }
