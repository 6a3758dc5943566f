package panes

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// clientGroup is the UDP client's group and broadcast options, under
// Advanced: the interface sends leave by, the TTL, whether this machine's
// own members hear them, and whether a broadcast address may be sent to.
// The target itself is the Host field.
type clientGroup struct {
	Iface     *ifaceChoice
	TTL       *widgets.Field
	Loop      *widget.Check
	Broadcast *widget.Check
	Hint      *widget.Label // the engine's refusal of the last open, or of a broadcast target
	section   *fyne.Container
	failed    error
}

func (p *ClientPane) newClientGroup() *clientGroup {
	t, prefs := p.Texts, p.Prefs
	changed := func() {
		p.Group.failed = nil
		p.Update()
	}
	g := &clientGroup{
		Iface: newIfaceChoice(p.Env, keyClientIface, changed),
		TTL:   widgets.NewEntryField(prefs, keyClientTTL, "", changed),
		Hint:  widgets.NewHint(),
	}
	t.Placeholder(g.TTL.Entry, "client.ttlPlaceholder")
	g.Loop = widget.NewCheck("", func(on bool) {
		prefs.SetBool(keyClientLoop, on)
		changed()
	})
	g.Loop.Checked = prefs.Bool(keyClientLoop)
	g.Broadcast = widget.NewCheck("", func(on bool) {
		prefs.SetBool(keyClientBroadcast, on)
		changed()
	})
	g.Broadcast.Checked = prefs.Bool(keyClientBroadcast)
	t.On(func() {
		g.Loop.SetText(i18n.Tr("client.loop"))
		g.Broadcast.SetText(i18n.Tr("client.broadcast"))
	})
	g.section = container.NewVBox(
		widgets.NewRow(t.Label("client.iface"), g.Iface.Select,
			container.NewHBox(t.Label("client.ttl"), widgets.TextWide(g.TTL.Entry, "255", g.TTL.PlaceHolder))),
		container.NewHBox(g.Loop, g.Broadcast),
		g.TTL.Hint, g.Hint)
	return g
}

// ttl is the typed TTL: 0 (the system's default) when empty.
func (g *clientGroup) ttl() (int, error) {
	text := strings.TrimSpace(g.TTL.Text)
	if text == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > 255 {
		return 0, errors.New(i18n.Trf("hint.ttl", i18n.Args{"TTL": text}))
	}
	return n, nil
}

// targetIP is the Host field's address when it is an IP address.
func (p *ClientPane) targetIP() (netip.Addr, bool) {
	host, err := addr.ParseHost(p.Host.Text)
	if err != nil {
		return netip.Addr{}, false
	}
	ip, err := netip.ParseAddr(host)
	return ip.Unmap(), err == nil
}

// withGroup adds the group and broadcast options to a UDP client's cfg.
// The interface and TTL go only with a group or broadcast target: the
// engine refuses them for a unicast one, and a user who set them once for
// the room should still reach an ordinary server.
func (p *ClientPane) withGroup(cfg sockets.ClientConfig) (sockets.ClientConfig, error) {
	if !addr.IsUDP(cfg.Network) {
		return cfg, nil
	}
	g := p.Group
	ttl, err := g.ttl()
	if err != nil {
		return cfg, err
	}
	cfg.Broadcast, cfg.Loop = g.Broadcast.Checked, g.Loop.Checked
	ip, isIP := p.targetIP()
	switch {
	case isIP && ip.IsMulticast():
		cfg.Iface, cfg.TTL = g.Iface.Name(), ttl
	case isIP && ip.Is4() && (g.Broadcast.Checked || sockets.IsBroadcast(ip)):
		cfg.Iface = g.Iface.Name()
	}
	return cfg, nil
}

// updateGroup shows the options for UDP only, with the TTL's problem and
// the engine's refusal of a broadcast target typed without Broadcast; it
// returns the problem that keeps the socket from opening.
func (p *ClientPane) updateGroup(idle bool) error {
	g := p.Group
	udp := addr.IsUDP(p.Protocol.Value())
	widgets.SetVisible(g.section, udp)
	for _, w := range []fyne.Disableable{g.Iface.Select, g.TTL, g.Loop, g.Broadcast} {
		widgets.SetEnabled(w, idle)
	}
	if !udp {
		widgets.SetHint(g.Hint, nil)
		return nil
	}
	_, ttlErr := g.ttl()
	g.TTL.Check(ttlErr)
	var refusal error
	if ip, ok := p.targetIP(); ok && ip.Is4() && !g.Broadcast.Checked && sockets.IsBroadcast(ip) {
		// The engine's own refusal, by its code, before the user opens.
		refusal = msg.NewError(codeNeedsBroadcast, "Addr", ip.String())
	}
	shown := refusal
	if shown == nil {
		shown = g.failed
	}
	widgets.SetHint(g.Hint, shown)
	if ttlErr != nil || shown != nil {
		p.Frame.SetAdvanced(true) // a problem is never folded away
	}
	return errors.Join(ttlErr, refusal)
}

// codeNeedsBroadcast is the engine's code for a broadcast target sent to
// without broadcast turned on (sockets/mcastmsg.go).
const codeNeedsBroadcast msg.Code = "needsBroadcast"

// groupRefused keeps an open's failure that the group options caused, to
// show it under them: the interface, TTL or broadcast setting.
func (p *ClientPane) groupRefused(err error) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		s, ok := e.(interface{ Said() msg.Message })
		if !ok {
			continue
		}
		switch s.Said().Code {
		case "noSuchIface", "badTTL", "sendOptsNeedGroup", "noV6Broadcast", "groupSendSetup", "broadcastSetup", codeNeedsBroadcast:
			p.Group.failed = err
			p.Update()
			return
		}
	}
}
