package gui

import (
	"errors"
	"net"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// This file is the client pane's packet library (sockets/packets): named,
// saved payloads behind a "Packets" button beside History. Its menu lists
// the packets; a click on one sends it while the client is connected, or
// puts it in the editor (with its protocol and address, if it names them)
// while not, ready to Connect and Send. A packet saved for another
// protocol or address is never sent there silently, nor does the client
// reconnect on its own: it asks whether to send on the open connection
// anyway. The menu also saves the payload as a packet and opens the
// manager (rename, delete, reorder, import, export: packetsdialog.go).
//
// The library lives in the preferences as a packets file, the format
// sockettester-cli send --packets reads, so it survives restarts and an
// export is the same text.

// Preference keys of the packet library.
const (
	keyClientPackets    = "client.packets"    // the library as a packets file (YAML)
	keyClientPacketsDir = "client.packetsDir" // folder of the last packets file imported or exported (a URI)
)

// packetsFileName is the file name offered for an export.
const packetsFileName = "packets.yaml"

// clientPackets is the client pane's packet library and its button.
type clientPackets struct {
	p      *clientPane
	lib    *packets.Library
	button *plainButton
	// manager is the manage dialog while it is open.
	manager *packetManager

	onMessage func(msg string) // tells the user what was done (the status bar)
}

// newClientPackets loads the library saved in the preferences. One that
// does not read (written by a later version, say) is left there untouched
// until the user changes the library.
func newClientPackets(p *clientPane) *clientPackets {
	c := &clientPackets{p: p, lib: &packets.Library{}}
	if s := p.prefs.String(keyClientPackets); s != "" {
		lib, err := packets.Parse(keyClientPackets, []byte(s))
		if err != nil {
			logrus.WithError(err).Warn("ignoring the saved packet library")
		} else {
			c.lib = lib
		}
	}
	c.button = p.texts.button("packets.button", theme.MenuDropDownIcon(), c.showMenu)
	return c
}

// save keeps the library in the preferences.
func (c *clientPackets) save() {
	b, err := c.lib.Marshal()
	if err != nil {
		logrus.WithError(err).Error("saving the packet library")
		return
	}
	c.p.prefs.SetString(keyClientPackets, string(b))
}

// showMenu pops the packets menu up under the button.
func (c *clientPackets) showMenu() {
	cv := c.p.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c.button).Add(fyne.NewPos(0, c.button.Size().Height))
	widget.ShowPopUpMenuAtPosition(c.menu(), cv, pos)
}

// menu is the packets menu as it stands now: what a click does, the
// packets, then Save and Manage.
func (c *clientPackets) menu() *fyne.Menu {
	var items []*fyne.MenuItem
	note := func(s string) {
		it := fyne.NewMenuItem(s, nil)
		it.Disabled = true
		items = append(items, it)
	}
	switch {
	case len(c.lib.Packets) == 0:
		note(tr("packets.none"))
	case c.p.state == clientConnected:
		note(tr("packets.clickSends"))
	default:
		note(tr("packets.clickLoads"))
	}
	for _, pk := range c.lib.Packets {
		name := pk.Name
		items = append(items, fyne.NewMenuItem(packetLabel(pk), func() { c.onPacket(name) }))
	}
	save := fyne.NewMenuItem(tr("packets.saveAs"), c.onSaveAs)
	save.Icon = theme.DocumentSaveIcon()
	manage := fyne.NewMenuItem(tr("packets.manage"), c.onManage)
	manage.Icon = theme.SettingsIcon()
	items = append(items, fyne.NewMenuItemSeparator(), save, manage)
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
		parts = append(parts, networkLabel(pk.Network))
	}
	if pk.Addr != "" {
		parts = append(parts, pk.Addr)
	}
	return strings.Join(parts, " ")
}

// onPacket sends the packet called name on the open connection, or puts
// it in the editor when there is none.
func (c *clientPackets) onPacket(name string) {
	pk, ok := c.lib.Find(name)
	if !ok {
		return
	}
	if c.p.state != clientConnected {
		c.load(pk)
		return
	}
	if c.elsewhere(pk) {
		c.confirmElsewhere(pk)
		return
	}
	c.send(pk)
}

// elsewhere reports whether pk is saved for another protocol or address
// than the open connection's.
func (c *clientPackets) elsewhere(pk packets.Packet) bool {
	p := c.p
	if pk.Network != "" && pk.Network != p.protocol.Value() {
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

// confirmElsewhere asks before sending pk on a connection to somewhere
// other than where it was saved for.
func (c *clientPackets) confirmElsewhere(pk packets.Packet) {
	p := c.p
	msg := trf("packets.elsewhereText", args{"Name": pk.Name, "Want": packetTarget(pk),
		"Have": networkLabel(p.protocol.Value()) + " " + p.target})
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(tr("packets.elsewhereTitle"), tr("packets.sendHere"), tr("dialog.cancel"), text,
		func(ok bool) {
			if ok {
				c.send(pk)
			}
		}, p.win)
	d.Resize(fyne.NewSize(460, 0))
	showDialog(p.win, d, func() { d.Confirm() })
}

// send sends pk once on the open connection.
func (c *clientPackets) send(pk packets.Packet) {
	p := c.p
	if p.state != clientConnected || p.jobs == nil {
		return
	}
	b, err := pk.Bytes()
	if err == nil && len(b) == 0 {
		err = errors.New(tr("client.whyEmpty"))
	}
	if err != nil {
		showFailure(p.win, trf("packets.cannotSend", args{"Name": pk.Name}), err)
		return
	}
	if p.repeating != nil {
		showInfo(p.win, tr("client.busyTitle"), tr("client.busyText"))
		return
	}
	p.queueSend(b, 1, 0)
	p.update()
}

// load puts pk in the editor, with its format and line ending, and its
// protocol and address in their fields if it names them.
func (c *clientPackets) load(pk packets.Packet) {
	p := c.p
	text, format := pk.Payload, pk.Format
	if format == payload.FormatPlain {
		// The editor has no plain format: the same bytes, with escapes.
		b, err := payload.Parse(pk.Payload, format, payload.EOLNone)
		if err != nil {
			showFailure(p.win, trf("packets.cannotLoad", args{"Name": pk.Name}), err)
			return
		}
		text, format = renderPayload(b, payload.FormatText), payload.FormatText
	}
	p.format.SetValue(format)
	p.eol.SetValue(pk.EOL)
	p.editor.SetText(text)
	if pk.Network != "" && p.state == clientIdle {
		p.protocol.SetValue(pk.Network)
	}
	if addr, err := addr.ParseDial(pk.Addr); pk.Addr != "" && err == nil && p.state == clientIdle {
		if host, port, err := net.SplitHostPort(addr); err == nil {
			p.host.SetText(host)
			p.port.SetText(port)
		}
	}
	p.update()
	c.message(trf("packets.loaded", args{"Name": pk.Name}))
}

// current is the editor's payload as a packet called name, with the
// protocol and address of the fields when withTarget.
func (c *clientPackets) current(name string, withTarget bool) (packets.Packet, error) {
	p := c.p
	pk := packets.Packet{Name: strings.TrimSpace(name), Payload: p.editor.Text, Format: p.format.Value(), EOL: p.eol.Value()}
	if withTarget {
		cfg, err := p.config()
		if err != nil {
			return pk, err
		}
		pk.Network, pk.Addr = cfg.Network, cfg.Addr
	}
	if pk.Name == "" {
		return pk, errors.New(tr("packets.noName"))
	}
	if _, err := p.payloadBytes(); err != nil {
		return pk, err
	}
	return pk, pk.Validate()
}

func (c *clientPackets) message(msg string) {
	if c.onMessage != nil {
		c.onMessage(msg)
	}
}
