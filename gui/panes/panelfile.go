package panes

import (
	"fmt"

	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/packets"
)

// take adds the packets of a packets file read from path, as an import
// does, and its panel when it has one, which replaces the library's.
func (c *ClientPackets) take(path string, in *packets.Library) error {
	for _, pk := range in.Packets {
		if err := c.Lib.Put(pk); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	if in.Panel != nil {
		c.Lib.Panel = in.Panel
	}
	c.save()
	if in.Panel != nil {
		c.panelChanged()
	}
	return nil
}

// panelChanged tells the window the panel changed: a packets file brought
// one, or a packet its buttons send was renamed or deleted.
func (c *ClientPackets) panelChanged() {
	if c.OnPanel != nil {
		c.OnPanel()
	}
}

// Open asks for a packets file and loads it: its packets join the
// library and its panel shows.
func (pn *Panel) Open(win fyne.Window) {
	c := pn.Packets()
	widgets.ShowPathDialog(win, c.p.Prefs, widgets.PathDialogSpec{
		TitleKey: "panel.openTitle",
		FileName: packetsFileName,
		About:    i18n.Tr("panel.openAbout"),
		DirKey:   keyClientPacketsDir,
		Read:     pn.Load,
		OnSaved:  pn.message,
	})
}

// Load reads the packets file at path into the library, its panel with
// it, and says what it loaded.
func (pn *Panel) Load(path string) (string, error) {
	in, err := packets.Load(path)
	if err != nil {
		return "", err
	}
	if err := pn.Packets().take(path, in); err != nil {
		return "", err
	}
	if in.Panel == nil {
		return i18n.Trn("packets.imported", len(in.Packets), i18n.Args{"Path": path}), nil
	}
	pn.Changed()
	return i18n.Trn("panel.loaded", len(in.Panel.Buttons), i18n.Args{"Path": path}), nil
}
