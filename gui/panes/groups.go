package panes

import (
	"errors"
	"net/netip"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/ifaces"
	"github.com/sockettester/sockettester/sockets/msg"
)

// Preference keys of multicast and broadcast (issue 18).
const (
	keyServerGroup       = "server.group"       // group address text to join
	keyServerGroupSource = "server.groupSource" // source address text; empty: any sender
	keyServerGroupIface  = "server.groupIface"  // interface name; empty: the system's choice
	keyClientIface       = "client.iface"       // interface name for group and broadcast sends
	keyClientTTL         = "client.ttl"         // multicast TTL text; empty: the system's default
	keyClientLoop        = "client.loop"        // bool: this machine's members get our group sends
	keyClientBroadcast   = "client.broadcast"   // bool: sending to a broadcast address is allowed
)

// ifaceChoice chooses a network interface by name, each shown with its
// first address ("lo 127.0.0.1"); the first choice leaves it to the system.
// It keeps the name, not the label, in preferences.
type ifaceChoice struct {
	Select *widget.Select
	names  []string // parallel to Select.Options; "" is the system's choice
	name   string   // the chosen interface's name
}

func newIfaceChoice(env Env, key string, onChange func()) *ifaceChoice {
	c := &ifaceChoice{Select: widget.NewSelect(nil, nil), name: env.Prefs.String(key)}
	c.Select.OnChanged = func(label string) {
		for i, o := range c.Select.Options {
			if o == label && c.names[i] != c.name {
				c.name = c.names[i]
				env.Prefs.SetString(key, c.name)
				onChange()
			}
		}
	}
	env.Texts.On(c.reload)
	c.reload()
	return c
}

// reload lists the interfaces there are now, in the language in use; a
// remembered interface that is gone stays listed so the choice is not lost.
func (c *ifaceChoice) reload() {
	labels := []string{i18n.Tr("iface.system")}
	c.names = []string{""}
	list, err := ifaces.List()
	if err != nil {
		logrus.WithError(err).Debug("listing interfaces")
	}
	found := c.name == ""
	for _, i := range list {
		labels = append(labels, IfaceLabel(i))
		c.names = append(c.names, i.Name)
		found = found || i.Name == c.name
	}
	if !found {
		labels = append(labels, c.name)
		c.names = append(c.names, c.name)
	}
	on := c.Select.OnChanged
	c.Select.OnChanged = nil
	c.Select.SetOptions(labels)
	for i, n := range c.names {
		if n == c.name {
			c.Select.SetSelectedIndex(i)
		}
	}
	c.Select.OnChanged = on
}

// Name is the chosen interface's name, "" for the system's choice.
func (c *ifaceChoice) Name() string { return c.name }

// SetName chooses the interface named name ("" for the system's choice).
func (c *ifaceChoice) SetName(name string) {
	for i, n := range c.names {
		if n == name {
			c.Select.SetSelectedIndex(i)
			return
		}
	}
}

// IfaceLabel is how an interface is listed: its name and its first IPv4
// address (else its first address), e.g. "lo 127.0.0.1".
func IfaceLabel(i ifaces.Interface) string {
	first := ""
	for _, a := range i.Addrs {
		p, err := netip.ParsePrefix(a.Prefix)
		if err != nil {
			continue
		}
		if p.Addr().Is4() {
			return i.Name + " " + p.Addr().String()
		}
		if first == "" {
			first = p.Addr().String()
		}
	}
	return strings.TrimSpace(i.Name + " " + first)
}

// groupJoin is the UDP server's Join group: a group, the interface to
// join it on and an optional source. Typed before Start, the group is
// joined at start; while the server runs, Join and Leave act at once.
type groupJoin struct {
	Group    *widgets.Field
	Source   *widgets.Field
	Iface    *ifaceChoice
	JoinBtn  *widgets.PlainButton
	LeaveBtn *widgets.PlainButton
	Section  *fyne.Container
	Joined   *widget.Label // "Joined: 239.1.2.3 on lo": the title row may be cut short
	failed   error         // the last live Join or Leave's refusal, shown under the group
}

func (p *ServerPane) newGroupJoin() *groupJoin {
	t, prefs := p.Texts, p.Prefs
	changed := func() {
		p.Groups.failed = nil
		p.Update()
	}
	g := &groupJoin{
		Group:  widgets.NewEntryField(prefs, keyServerGroup, "", changed),
		Source: widgets.NewEntryField(prefs, keyServerGroupSource, "", changed),
		Iface:  newIfaceChoice(p.Env, keyServerGroupIface, changed),
		Joined: widgets.TruncatedLabel(""),
	}
	g.Joined.Importance = widget.LowImportance
	g.Joined.Hide()
	g.Group.SetPlaceHolder("239.1.2.3")
	t.Placeholder(g.Source.Entry, "server.groupSourcePlaceholder")
	g.JoinBtn = t.Button("server.join", theme.ContentAddIcon(), p.onJoin)
	g.LeaveBtn = t.Button("server.leave", theme.ContentRemoveIcon(), p.onLeave)
	g.Group.OnSubmitted = func(string) { p.onJoin() }
	g.Section = container.NewVBox(
		widgets.NewRow(t.Label("server.joinGroup"), g.Group.Entry, container.NewHBox(g.JoinBtn, g.LeaveBtn)),
		widgets.NewRow(t.Label("server.groupOnIface"), g.Iface.Select,
			container.NewHBox(t.Label("server.groupSource"), widgets.TextWide(g.Source.Entry, "192.0.2.100"))),
		g.Group.Hint, g.Joined)
	return g
}

// group is the typed group; ok is false when the group field is empty.
func (g *groupJoin) group() (sockets.Group, bool, error) {
	text := strings.TrimSpace(g.Group.Text)
	if text == "" {
		return sockets.Group{}, false, nil
	}
	if _, err := sockets.ParseGroup(text); err != nil {
		return sockets.Group{}, true, err
	}
	return sockets.Group{Addr: text, Source: strings.TrimSpace(g.Source.Text), Iface: g.Iface.Name()}, true, nil
}

// updateGroups shows the section for a UDP server only and the group's problem
// under it; it returns the problem that keeps the server from starting.
func (p *ServerPane) updateGroups() error {
	g := p.Groups
	udp := addr.IsUDP(p.Protocol.Value()) && !p.forwarding()
	widgets.SetVisible(g.Section, udp)
	if !udp {
		widgets.SetHint(g.Group.Hint, nil)
		return nil
	}
	_, typed, err := g.group()
	if g.failed != nil && err == nil {
		g.Group.Touch()
		err = g.failed
	}
	g.Group.Check(err)
	live := p.State == ServerRunning && p.Srv != nil
	joined := p.groupsText()
	if joined != "" {
		SetText(g.Joined, i18n.Trf("server.joined", i18n.Args{"Groups": joined}))
	}
	widgets.SetVisible(g.Joined, joined != "")
	widgets.SetEnabled(g.JoinBtn, live && typed)
	widgets.SetEnabled(g.LeaveBtn, live && typed)
	if g.failed != nil {
		return nil // a live refusal does not concern Start
	}
	return err
}

// joinAtStart is what ServerConfig.Join gets: the typed group, if any.
func (p *ServerPane) joinAtStart() []sockets.Group {
	if !addr.IsUDP(p.Protocol.Value()) {
		return nil
	}
	if g, typed, err := p.Groups.group(); typed && err == nil {
		return []sockets.Group{g}
	}
	return nil
}

func (p *ServerPane) onJoin() { p.liveGroup((*sockets.Server).Join) }

func (p *ServerPane) onLeave() { p.liveGroup((*sockets.Server).Leave) }

// liveGroup joins or leaves the typed group on the running server; the
// engine's refusal shows under the group field, the text stays.
func (p *ServerPane) liveGroup(act func(*sockets.Server, sockets.Group) error) {
	g := p.Groups
	if p.State != ServerRunning || p.Srv == nil {
		return
	}
	grp, typed, err := g.group()
	if !typed {
		return
	}
	if err == nil {
		err = act(p.Srv, grp)
	}
	g.Group.Touch()
	g.failed = err
	p.Update()
}

// groupsText is the title row's list of joined groups, e.g.
// "239.1.2.3 on lo"; "" when none.
func (p *ServerPane) groupsText() string {
	if p.Srv == nil || p.State != ServerRunning {
		return ""
	}
	var parts []string
	for _, g := range p.Srv.Groups() {
		group := g.Addr
		if g.Source != "" {
			group = i18n.Trf("server.groupFrom", i18n.Args{"Group": g.Addr, "Source": g.Source})
		}
		if g.Iface == "" {
			parts = append(parts, group)
			continue
		}
		parts = append(parts, i18n.Trf("server.groupOn", i18n.Args{"Group": group, "Iface": g.Iface}))
	}
	return strings.Join(parts, ", ")
}

// groupStartFailed shows under the group field why Start failed, when the
// group at start was the reason (e.g. a server bound to 127.0.0.1).
func (p *ServerPane) groupStartFailed(err error) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		s, ok := e.(interface{ Said() msg.Message })
		if ok && strings.HasPrefix(string(s.Said().Code), "group") || ok && s.Said().Code == "noSuchIface" {
			p.Groups.failed = err
			p.Update()
			return
		}
	}
}
