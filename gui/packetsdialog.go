package gui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// This file holds the packet library's dialogs: saving the editor's
// payload as a packet, and the manager, which renames, deletes, reorders,
// imports and exports packets.

// packetSuggestMax bounds the name a new packet is offered: the start of
// its payload.
const packetSuggestMax = 24

// onSaveAs asks for a name (and whether to keep the protocol and address)
// and saves the editor's payload as a packet. A name the library has
// already is replaced, after the dialog says so.
func (c *clientPackets) onSaveAs() {
	p := c.p
	name := newDialogEntry()
	name.SetPlaceHolder(tr("packets.namePlaceholder"))
	name.SetText(suggestPacketName(p.editor.Text))
	target := widget.NewCheck("", nil)
	if cfg, err := p.config(); err == nil {
		target.Text = trf("packets.withTarget", args{"Target": networkLabel(cfg.Network) + " " + cfg.Addr})
	} else {
		target.Text = tr("packets.withTargetOff")
		target.Disable()
	}
	about := truncatedLabel(trf("packets.payload", args{"Payload": packetPreview(p.editor.Text),
		"Format": formatLabel(p.format.Value()), "EOL": lineEndingLabel(p.eol.Value())}))
	replaces := widget.NewLabel(tr("packets.replaces"))
	replaces.Importance = widget.WarningImportance
	problem := newHint()
	touched := false
	check := func() {
		_, err := c.current(name.Text, target.Checked)
		if !touched {
			err = nil
		}
		setHint(problem, err)
		setVisible(replaces, c.lib.Index(strings.TrimSpace(name.Text)) >= 0)
	}
	name.OnChanged = func(string) { touched = true; check() }
	target.OnChanged = func(bool) { check() }
	check()

	form := container.NewVBox(widget.NewLabel(tr("packets.name")), name, target, about, replaces, problem)
	d := dialog.NewCustomWithoutButtons(tr("packets.saveTitle"), form, p.win)
	save := func() {
		touched = true
		pk, err := c.current(name.Text, target.Checked)
		if err == nil {
			err = c.lib.Put(pk)
		}
		if err != nil {
			setHint(problem, err)
			return
		}
		c.save()
		d.Hide()
		c.message(trf("packets.saved", args{"Name": pk.Name}))
	}
	cancel := newPlainButton(tr("dialog.cancel"), theme.CancelIcon(), d.Hide)
	ok := newPlainButton(tr("dialog.save"), theme.ConfirmIcon(), save)
	ok.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	name.onEnter, name.onEscape = save, d.Dismiss
	d.Resize(fyne.NewSize(min(480, p.win.Canvas().Size().Width-40), 0))
	showDialog(p.win, d, save)
	p.win.Canvas().Focus(name)
	// The name offered is selected: typing replaces it.
	name.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// suggestPacketName offers the payload's first line, shortened, as the
// name of a new packet.
func suggestPacketName(payload string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(payload), "\n")
	line, _, _ = strings.Cut(line, `\`) // before the first escape
	return logCut(strings.TrimSpace(line), packetSuggestMax)
}

// packetPreview shows a payload as typed, quoted and shortened.
func packetPreview(payload string) string {
	return `"` + logCut(oneLineText(payload), 40) + `"`
}

// packetDetail describes a packet in the manager's list: its payload, its
// format and line ending, and where it is saved for.
func packetDetail(pk packets.Packet) string {
	parts := []string{packetPreview(pk.Payload), packetFormatLabel(pk.Format), lineEndingLabel(pk.EOL)}
	if t := packetTarget(pk); t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, " · ")
}

// packetFormatLabel names a packet's format; plain, which the editor does
// not offer, by its name in files.
func packetFormatLabel(f payload.Format) string {
	if f == payload.FormatPlain {
		return tr("packets.plain")
	}
	return formatLabel(f)
}

// packetManager is the open manage dialog: the packets in order, and what
// can be done to the selected one, to the library and with files.
type packetManager struct {
	c        *clientPackets
	d        *dialog.CustomDialog
	list     *widget.List
	sel      int // the selected packet, -1 for none
	name     *dialogEntry
	rename   *plainButton
	up, down *plainButton
	del      *plainButton
	use      *plainButton
	export   *plainButton
	problem  *widget.Label
	empty    *widget.Label
}

// onManage opens the manager.
func (c *clientPackets) onManage() {
	p := c.p
	m := &packetManager{c: c, sel: -1, name: newDialogEntry(), problem: newHint()}
	m.list = widget.NewList(func() int { return len(c.lib.Packets) }, func() fyne.CanvasObject {
		name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		detail := truncatedLabel("")
		detail.Importance = widget.LowImportance
		return container.NewBorder(nil, nil, name, nil, detail)
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(c.lib.Packets) {
			return
		}
		pk := c.lib.Packets[id]
		row := o.(*fyne.Container)
		row.Objects[1].(*widget.Label).SetText(pk.Name)
		row.Objects[0].(*widget.Label).SetText(packetDetail(pk))
	})
	m.list.OnSelected = func(id widget.ListItemID) { m.sel = id; m.name.SetText(c.lib.Packets[id].Name); m.update() }
	m.list.OnUnselected = func(widget.ListItemID) { m.sel = -1; m.name.SetText(""); m.update() }
	m.empty = widget.NewLabel(tr("packets.emptyList"))
	m.empty.Wrapping = fyne.TextWrapWord
	m.empty.Importance = widget.LowImportance

	m.up = newPlainButton(tr("packets.up"), theme.MoveUpIcon(), func() { m.move(-1) })
	m.down = newPlainButton(tr("packets.down"), theme.MoveDownIcon(), func() { m.move(1) })
	m.del = newPlainButton(tr("packets.delete"), theme.DeleteIcon(), m.onDelete)
	m.use = newPlainButton(tr("packets.toEditor"), theme.DocumentCreateIcon(), m.onUse)
	m.rename = newPlainButton(tr("packets.rename"), theme.DocumentCreateIcon(), m.onRename)
	m.name.OnChanged = func(string) { setHint(m.problem, nil); m.update() }
	m.name.onEnter = m.onRename
	importBtn := newPlainButton(tr("packets.import"), theme.FolderOpenIcon(), m.onImport)
	m.export = newPlainButton(tr("packets.export"), theme.DocumentSaveIcon(), m.onExport)

	side := container.NewVBox(m.up, m.down, m.del, m.use)
	renameRow := container.NewBorder(nil, nil, widget.NewLabel(tr("packets.name")), m.rename, m.name)
	body := container.NewBorder(nil, container.NewVBox(renameRow, m.problem), nil, side,
		container.NewStack(m.list, m.empty))
	m.d = dialog.NewCustomWithoutButtons(tr("packets.manageTitle"), body, p.win)
	closeBtn := newPlainButton(tr("dialog.close"), theme.CancelIcon(), m.d.Hide)
	m.d.SetButtons([]fyne.CanvasObject{importBtn, m.export, closeBtn})
	m.name.onEscape = m.d.Dismiss
	size := p.win.Canvas().Size()
	m.d.Resize(fyne.NewSize(min(600, size.Width-40), min(420, size.Height-40)))
	m.update()
	c.manager = m
	showDialog(p.win, m.d, nil)
	m.d.SetOnClosed(func() {
		if c.manager == m {
			c.manager = nil
		}
	})
}

// update enables what can be done to the selection.
func (m *packetManager) update() {
	n := len(m.c.lib.Packets)
	if m.sel >= n {
		m.sel = -1
	}
	setVisible(m.empty, n == 0)
	chosen := m.sel >= 0
	setEnabled(m.up, chosen && m.sel > 0)
	setEnabled(m.down, chosen && m.sel < n-1)
	setEnabled(m.del, chosen)
	setEnabled(m.use, chosen)
	setEnabled(m.name, chosen)
	newName := strings.TrimSpace(m.name.Text)
	setEnabled(m.rename, chosen && newName != "" && newName != m.c.lib.Packets[max(m.sel, 0)].Name)
	setEnabled(m.export, n > 0)
}

// changed saves the library and shows it with packet i selected (-1:
// none).
func (m *packetManager) changed(i int) {
	m.c.save()
	m.list.Refresh()
	if i >= 0 && i < len(m.c.lib.Packets) {
		m.list.Select(i)
	} else {
		m.list.UnselectAll()
		m.sel = -1
	}
	m.update()
}

// selected returns the selected packet.
func (m *packetManager) selected() (packets.Packet, bool) {
	if m.sel < 0 || m.sel >= len(m.c.lib.Packets) {
		return packets.Packet{}, false
	}
	return m.c.lib.Packets[m.sel], true
}

// move moves the selected packet by delta places.
func (m *packetManager) move(delta int) {
	pk, ok := m.selected()
	if !ok {
		return
	}
	to := m.sel + delta
	if err := m.c.lib.Move(pk.Name, to); err != nil {
		setHint(m.problem, err)
		return
	}
	m.changed(m.c.lib.Index(pk.Name))
}

// onRename gives the selected packet the name typed.
func (m *packetManager) onRename() {
	pk, ok := m.selected()
	if !ok {
		return
	}
	to := strings.TrimSpace(m.name.Text)
	if to == pk.Name {
		return
	}
	var err error
	switch {
	case to == "":
		err = errors.New(tr("packets.noName"))
	case m.c.lib.Index(to) >= 0:
		err = errors.New(trf("packets.nameTaken", args{"Name": to}))
	default:
		err = m.c.lib.Rename(pk.Name, to)
	}
	if err != nil {
		setHint(m.problem, err)
		return
	}
	m.changed(m.sel)
	m.c.message(trf("packets.renamed", args{"From": pk.Name, "To": to}))
}

// onDelete deletes the selected packet, once the user confirms.
func (m *packetManager) onDelete() {
	pk, ok := m.selected()
	if !ok {
		return
	}
	win := m.c.p.win
	var d *dialog.ConfirmDialog
	d = dialog.NewConfirm(tr("packets.deleteTitle"), trf("packets.deleteText", args{"Name": pk.Name}), func(yes bool) {
		if !yes {
			return
		}
		i := m.sel
		if err := m.c.lib.Delete(pk.Name); err != nil {
			setHint(m.problem, err)
			return
		}
		m.changed(min(i, len(m.c.lib.Packets)-1))
		m.c.message(trf("packets.deleted", args{"Name": pk.Name}))
	}, win)
	d.SetConfirmText(tr("packets.delete"))
	d.SetDismissText(tr("dialog.cancel"))
	showDialog(win, d, func() { d.Confirm() })
}

// onUse puts the selected packet in the editor, to change it or send it,
// and closes the manager.
func (m *packetManager) onUse() {
	pk, ok := m.selected()
	if !ok {
		return
	}
	m.d.Hide()
	m.c.load(pk)
}

// onImport adds the packets of a packets file: a packet whose name the
// library has already replaces it where it is, the others go at the end.
func (m *packetManager) onImport() {
	c := m.c
	showPathDialog(c.p.win, c.p.prefs, pathDialogSpec{
		titleKey: "packets.importTitle",
		fileName: packetsFileName,
		about:    tr("packets.importAbout"),
		dirKey:   keyClientPacketsDir,
		read: func(path string) (string, error) {
			in, err := packets.Load(path)
			if err != nil {
				return "", err
			}
			for _, pk := range in.Packets {
				if err := c.lib.Put(pk); err != nil {
					return "", fmt.Errorf("%s: %w", path, err)
				}
			}
			m.changed(m.sel)
			return trn("packets.imported", len(in.Packets), args{"Path": path}), nil
		},
		onSaved: c.message,
	})
}

// onExport writes the library as a packets file.
func (m *packetManager) onExport() {
	c := m.c
	showPathDialog(c.p.win, c.p.prefs, pathDialogSpec{
		titleKey: "packets.exportTitle",
		fileName: packetsFileName,
		about:    tr("packets.exportAbout"),
		dirKey:   keyClientPacketsDir,
		write: func(path string, w io.Writer) (string, error) {
			b, err := c.lib.Marshal()
			if err != nil {
				return "", err
			}
			if _, err := w.Write(b); err != nil {
				return "", fmt.Errorf("write %s: %w", path, err)
			}
			return trn("packets.exported", len(c.lib.Packets), args{"Path": path}), nil
		},
		onSaved: c.message,
	})
}
