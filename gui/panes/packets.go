package panes

import (
	"errors"
	"net"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// The packet library lives in the preferences as a packets file, the format
// sockettester-cli send --packets reads, so an export is the same text.

// Preference keys of the packet library.
const (
	KeyClientPackets    = "client.packets"    // the library as a packets file (YAML)
	keyClientPacketsDir = "client.packetsDir" // folder of the last packets file imported or exported (a URI)
)

const packetsFileName = "packets.yaml"

// ClientPackets is the client pane's packet library and its button.
type ClientPackets struct {
	p      *ClientPane
	Lib    *packets.Library
	button *widgets.PlainButton
	// Manager is the manage dialog while it is open.
	Manager *packetManager
	// SaveSum is the Save-as dialog's checksum choice while it is open.
	SaveSum *widgets.EnumChoice[string]

	OnMessage func(msg string) // tells the user what was done (the status bar)
	OnPanel   func()           // a packets file brought a panel (the window shows it)
}

func newClientPackets(p *ClientPane) *ClientPackets {
	c := &ClientPackets{p: p, Lib: &packets.Library{}}
	if s := p.Prefs.String(KeyClientPackets); s != "" {
		lib, err := packets.Parse(KeyClientPackets, []byte(s))
		if err != nil {
			logrus.WithError(err).Warn("ignoring the saved packet library")
		} else {
			c.Lib = lib
		}
	}
	c.button = p.Texts.Button("packets.button", theme.MenuDropDownIcon(), c.showMenu)
	return c
}

func (c *ClientPackets) save() {
	b, err := c.Lib.Marshal()
	if err != nil {
		logrus.WithError(err).Error("saving the packet library")
		return
	}
	c.p.Prefs.SetString(KeyClientPackets, string(b))
}

func (c *ClientPackets) showMenu() {
	cv := c.p.Win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c.button).Add(fyne.NewPos(0, c.button.Size().Height))
	widget.ShowPopUpMenuAtPosition(c.Menu(), cv, pos)
}

// Menu is the packets menu as it stands now: what a click does, the
// packets, then Save and Manage.
func (c *ClientPackets) Menu() *fyne.Menu {
	var items []*fyne.MenuItem
	note := func(s string) {
		it := fyne.NewMenuItem(s, nil)
		it.Disabled = true
		items = append(items, it)
	}
	switch {
	case len(c.Lib.Packets) == 0:
		note(i18n.Tr("packets.none"))
	case c.p.State == ClientConnected:
		note(i18n.Tr("packets.clickSends"))
	default:
		note(i18n.Tr("packets.clickLoads"))
	}
	for _, pk := range c.Lib.Packets {
		name := pk.Name
		items = append(items, fyne.NewMenuItem(packetLabel(pk), func() { c.onPacket(name) }))
	}
	save := fyne.NewMenuItem(i18n.Tr("packets.saveAs"), c.onSaveAs)
	save.Icon = theme.DocumentSaveIcon()
	manage := fyne.NewMenuItem(i18n.Tr("packets.manage"), c.onManage)
	manage.Icon = theme.SettingsIcon()
	items = append(items, fyne.NewMenuItemSeparator(), c.wakeItem(), save, manage)
	return fyne.NewMenu("", items...)
}

// packetLabel shows a packet in the menu: its name and, if it names them,
// its protocol and address: "ping · TCP 127.0.0.1:9000".
func packetLabel(pk packets.Packet) string {
	if t := packetTarget(pk); t != "" {
		return pk.Name + " · " + t
	}
	return pk.Name
}

// packetTarget is where a packet is saved for, "TCP 127.0.0.1:9000", or ""
// when it does not say.
func packetTarget(pk packets.Packet) string {
	var parts []string
	if pk.Network != "" {
		parts = append(parts, widgets.NetworkLabel(pk.Network))
	}
	if pk.Addr != "" {
		parts = append(parts, pk.Addr)
	}
	return strings.Join(parts, " ")
}

// onPacket sends the packet called name on the open connection, or puts
// it in the editor when there is none.
func (c *ClientPackets) onPacket(name string) {
	pk, ok := c.Lib.Find(name)
	if !ok {
		return
	}
	if c.p.State != ClientConnected {
		c.load(pk)
		return
	}
	if c.elsewhere(pk) {
		c.confirmElsewhere(pk, func() { c.send(pk) })
		return
	}
	c.send(pk)
}

// elsewhere reports whether pk is saved for another target than the open one.
func (c *ClientPackets) elsewhere(pk packets.Packet) bool {
	p := c.p
	if pk.Network != "" && pk.Network != p.Protocol.Value() {
		return true
	}
	if pk.Addr == "" {
		return false
	}
	want, err := addr.ParseDial(pk.Addr)
	if err != nil {
		return true
	}
	// The address as typed in the fields, or as connected to.
	if cfg, err := p.config(); err == nil && cfg.Addr == want {
		return false
	}
	return want != p.target
}

// confirmElsewhere asks whether to send pk here all the same, and runs
// send if so.
func (c *ClientPackets) confirmElsewhere(pk packets.Packet, send func()) {
	p := c.p
	msg := i18n.Trf("packets.elsewhereText", i18n.Args{"Name": pk.Name, "Want": packetTarget(pk),
		"Have": widgets.NetworkLabel(p.Protocol.Value()) + " " + p.target})
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(i18n.Tr("packets.elsewhereTitle"), i18n.Tr("packets.sendHere"), i18n.Tr("dialog.cancel"), text,
		func(ok bool) {
			if ok {
				send()
			}
		}, p.Win)
	d.Resize(widgets.DialogSize(p.Win, 58, 0))
	widgets.ShowDialog(p.Win, d, func() { d.Confirm() })
}

func (c *ClientPackets) send(pk packets.Packet) {
	p := c.p
	if p.State != ClientConnected || p.jobs == nil {
		return
	}
	cs, err := packetSend(pk)
	if err == nil && len(p.peek(cs)) == 0 {
		err = errors.New(i18n.Tr("client.whyEmpty"))
	}
	if err != nil {
		widgets.ShowFailure(p.Win, i18n.Trf("packets.cannotSend", i18n.Args{"Name": pk.Name}), err)
		return
	}
	if p.Repeating != nil {
		widgets.ShowInfo(p.Win, i18n.Tr("client.busyTitle"), i18n.Tr("client.busyText"))
		return
	}
	p.QueueSendOf(cs, 1, 0)
	p.Update()
}

// load puts pk in the editor, with its format and line ending, and its
// protocol and address in their fields if it names them.
func (c *ClientPackets) load(pk packets.Packet) {
	p := c.p
	text, format := pk.Payload, pk.Format
	if format == payload.FormatPlain {
		// The editor has no plain format: the same bytes, with escapes.
		b, err := payload.Parse(pk.Payload, format, payload.EOLNone)
		if err != nil {
			widgets.ShowFailure(p.Win, i18n.Trf("packets.cannotLoad", i18n.Args{"Name": pk.Name}), err)
			return
		}
		text, format = widgets.RenderPayload(b, payload.FormatText), payload.FormatText
	}
	p.Format.SetValue(format)
	p.Eol.SetValue(pk.EOL)
	p.Extras.Sum.SetValue(packetSum(pk))
	p.Editor.SetText(text)
	if pk.Network != "" && p.State == ClientIdle {
		p.Protocol.SetValue(pk.Network)
	}
	if addr, err := addr.ParseDial(pk.Addr); pk.Addr != "" && err == nil && p.State == ClientIdle {
		if host, port, err := net.SplitHostPort(addr); err == nil {
			p.Host.SetText(host)
			p.Port.SetText(port)
		}
	}
	p.Update()
	c.message(i18n.Trf("packets.loaded", i18n.Args{"Name": pk.Name}))
}

// current is the editor's payload as a packet called name, with the
// protocol and address of the fields when withTarget, and the checksum sum
// (a choice's value).
func (c *ClientPackets) current(name string, withTarget bool, sum string) (packets.Packet, error) {
	p := c.p
	pk := packets.Packet{Name: strings.TrimSpace(name), Payload: p.Editor.Text, Format: p.Format.Value(), EOL: p.Eol.Value(),
		Append: sumName(sum)}
	if withTarget {
		cfg, err := p.config()
		if err != nil {
			return pk, err
		}
		pk.Network, pk.Addr = cfg.Network, cfg.Addr
	}
	if pk.Name == "" {
		return pk, errors.New(i18n.Tr("packets.noName"))
	}
	if _, err := p.editorSend(); err != nil {
		return pk, err
	}
	return pk, pk.Validate()
}

func (c *ClientPackets) message(msg string) {
	if c.OnMessage != nil {
		c.OnMessage(msg)
	}
}
