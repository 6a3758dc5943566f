package panes

import (
	"errors"
	"net"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/wol"
)

// Wake-on-LAN lives in the Packets menu as "Wake-on-LAN…": it asks for a
// MAC address and fills in the client for the magic packet. A saved
// packet would carry one MAC in 96 hex digits; the question asks only for
// what differs from one device to the next.

// wakeItem is the Packets menu's Wake-on-LAN… entry; it needs the socket
// closed, as it fills in the target.
func (c *ClientPackets) wakeItem() *fyne.MenuItem {
	it := fyne.NewMenuItem(i18n.Tr("packets.wake"), c.onWake)
	it.Icon = theme.MediaPlayIcon()
	it.Disabled = c.p.State != ClientIdle
	return it
}

// onWake asks for the MAC address to wake, checking it as it is typed.
func (c *ClientPackets) onWake() {
	p := c.p
	mac := widgets.NewDialogEntry()
	mac.SetPlaceHolder("aa:bb:cc:dd:ee:ff")
	mac.Validator = func(s string) error {
		if _, err := wol.ParseMAC(s); err != nil {
			return errors.New(widgets.UpperFirst(i18n.TrError(err)))
		}
		return nil
	}
	note := widget.NewLabel(i18n.Tr("packets.wakeNote"))
	note.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{widget.NewFormItem(i18n.Tr("packets.wakeMAC"), mac), widget.NewFormItem("", note)}
	d := dialog.NewForm(i18n.Tr("packets.wakeTitle"), i18n.Tr("packets.wakeFill"), i18n.Tr("dialog.cancel"), items,
		func(ok bool) {
			if ok {
				c.FillWake(mac.Text)
			}
		}, p.Win)
	mac.OnEnter, mac.OnEscape = d.Submit, d.Hide
	d.Resize(widgets.DialogSize(p.Win, 60, 5))
	widgets.ShowDialog(p.Win, d, func() { d.Submit() })
	p.Win.Canvas().Focus(mac)
}

// FillWake fills in the client for waking mac: UDP, Broadcast on, the
// target the chosen interface's directed broadcast (255.255.255.255 with
// none) port 9, and the 102-byte magic packet in hex. The user then opens
// the socket and sends, and can change the port (some devices use 7).
func (c *ClientPackets) FillWake(mac string) {
	p := c.p
	if p.State != ClientIdle {
		return
	}
	b, err := wol.MagicPacket(mac)
	if err != nil {
		widgets.ShowFailure(p.Win, i18n.Tr("packets.wakeFailed"), err)
		return
	}
	target, err := wol.Target(p.Group.Iface.Name(), wol.Port)
	if err != nil {
		widgets.ShowFailure(p.Win, i18n.Tr("packets.wakeFailed"), err)
		return
	}
	host, port, err := net.SplitHostPort(target)
	if err != nil {
		widgets.ShowFailure(p.Win, i18n.Tr("packets.wakeFailed"), err)
		return
	}
	p.Protocol.SetValue("udp")
	p.Host.SetText(host)
	p.Port.SetText(port)
	p.Group.Broadcast.SetChecked(true)
	p.Format.SetValue(payload.FormatHex)
	p.Eol.SetValue(payload.EOLNone)
	p.Editor.SetText(widgets.RenderPayload(b, payload.FormatHex))
	p.Update()
	c.message(i18n.Trf("packets.wakeFilled", i18n.Args{"MAC": mac, "Addr": target}))
}
