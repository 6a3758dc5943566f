package panes

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

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// packetSuggestMax bounds the name offered for a packet, its payload's start.
const packetSuggestMax = 24

// onSaveAs asks for a name (and whether to keep the target), saves the payload.
func (c *ClientPackets) onSaveAs() {
	p := c.p
	name := widgets.NewDialogEntry()
	name.SetPlaceHolder(i18n.Tr("packets.namePlaceholder"))
	name.SetText(suggestPacketName(p.Editor.Text))
	target := widget.NewCheck("", nil)
	if cfg, err := p.config(); err == nil {
		target.Text = i18n.Trf("packets.withTarget", i18n.Args{"Target": widgets.NetworkLabel(cfg.Network) + " " + cfg.Addr})
	} else {
		target.Text = i18n.Tr("packets.withTargetOff")
		target.Disable()
	}
	about := widgets.TruncatedLabel(i18n.Trf("packets.payload", i18n.Args{"Payload": packetPreview(p.Editor.Text),
		"Format": widgets.FormatLabel(p.Format.Value()), "EOL": widgets.LineEndingLabel(p.Eol.Value())}))
	sum := newSumChoice(nil, nil, "", nil)
	sum.SetValue(p.Extras.Sum.Value())
	c.SaveSum = sum
	replaces := widget.NewLabel(i18n.Tr("packets.replaces"))
	replaces.Importance = widget.WarningImportance
	problem := widgets.NewHint()
	touched := false
	check := func() {
		_, err := c.current(name.Text, target.Checked, sum.Value())
		if !touched {
			err = nil
		}
		widgets.SetHint(problem, err)
		widgets.SetVisible(replaces, c.Lib.Index(strings.TrimSpace(name.Text)) >= 0)
	}
	name.OnChanged = func(string) { touched = true; check() }
	target.OnChanged = func(bool) { check() }
	sum.Select.OnChanged = func(string) { check() }
	check()

	form := container.NewVBox(widget.NewLabel(i18n.Tr("packets.name")), name, target, about,
		container.NewHBox(widget.NewLabel(i18n.Tr("packets.append")), sum.Object()), replaces, problem)
	d := dialog.NewCustomWithoutButtons(i18n.Tr("packets.saveTitle"), form, p.Win)
	d.SetOnClosed(func() { c.SaveSum = nil })
	save := func() {
		touched = true
		pk, err := c.current(name.Text, target.Checked, sum.Value())
		if err == nil {
			err = c.Lib.Put(pk)
		}
		if err != nil {
			widgets.SetHint(problem, err)
			return
		}
		c.save()
		d.Hide()
		c.message(i18n.Trf("packets.saved", i18n.Args{"Name": pk.Name}))
	}
	cancel := widgets.NewPlainButton(i18n.Tr("dialog.cancel"), theme.CancelIcon(), d.Hide)
	ok := widgets.NewPlainButton(i18n.Tr("dialog.save"), theme.ConfirmIcon(), save)
	ok.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	name.OnEnter, name.OnEscape = save, d.Dismiss
	d.Resize(widgets.DialogSize(p.Win, 60, 0))
	widgets.ShowDialog(p.Win, d, save)
	p.Win.Canvas().Focus(name)
	// The name offered is selected: typing replaces it.
	name.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// suggestPacketName offers the payload's first line, shortened, as a name.
func suggestPacketName(payload string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(payload), "\n")
	line, _, _ = strings.Cut(line, `\`) // before the first escape
	return logview.LogCut(strings.TrimSpace(line), packetSuggestMax)
}

func packetPreview(payload string) string {
	return `"` + logview.LogCut(logview.OneLineText(payload), 40) + `"`
}

// packetDetail describes a packet in the manager's list: its payload, its
// format and line ending, and where it is saved for.
func packetDetail(pk packets.Packet) string {
	parts := []string{packetPreview(pk.Payload), packetFormatLabel(pk.Format), widgets.LineEndingLabel(pk.EOL)}
	if sp := sumSpec(pk.Append); sp != nil {
		parts = append(parts, "+ "+logview.ChecksumLabel(sp.String()))
	}
	if t := packetTarget(pk); t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, " · ")
}

// packetFormatLabel names a packet's format; plain, which the editor does
// not offer, by its name in files.
func packetFormatLabel(f payload.Format) string {
	if f == payload.FormatPlain {
		return i18n.Tr("packets.plain")
	}
	return widgets.FormatLabel(f)
}

// packetManager is the open manage dialog.
type packetManager struct {
	c        *ClientPackets
	d        *dialog.CustomDialog
	List     *widget.List
	Sel      int // the selected packet, -1 for none
	Name     *widgets.DialogEntry
	Rename   *widgets.PlainButton
	Up, Down *widgets.PlainButton
	Del      *widgets.PlainButton
	Use      *widgets.PlainButton
	Sum      *widgets.EnumChoice[string] // the selected packet's checksum
	export   *widgets.PlainButton
	Problem  *widget.Label
	empty    *widget.Label
}

func (c *ClientPackets) onManage() {
	p := c.p
	m := &packetManager{c: c, Sel: -1, Name: widgets.NewDialogEntry(), Problem: widgets.NewHint()}
	m.List = widget.NewList(func() int { return len(c.Lib.Packets) }, func() fyne.CanvasObject {
		name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		detail := widgets.TruncatedLabel("")
		detail.Importance = widget.LowImportance
		return container.NewBorder(nil, nil, name, nil, detail)
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(c.Lib.Packets) {
			return
		}
		pk := c.Lib.Packets[id]
		row := o.(*fyne.Container)
		row.Objects[1].(*widget.Label).SetText(pk.Name)
		row.Objects[0].(*widget.Label).SetText(packetDetail(pk))
	})
	m.Sum = newSumChoice(nil, nil, "", nil)
	m.showSum()
	m.List.OnSelected = func(id widget.ListItemID) {
		m.Sel = id
		m.Name.SetText(c.Lib.Packets[id].Name)
		m.showSum()
		m.update()
	}
	m.List.OnUnselected = func(widget.ListItemID) { m.Sel = -1; m.Name.SetText(""); m.showSum(); m.update() }
	m.empty = widget.NewLabel(i18n.Tr("packets.emptyList"))
	m.empty.Wrapping = fyne.TextWrapWord
	m.empty.Importance = widget.LowImportance

	m.Up = widgets.NewPlainButton(i18n.Tr("packets.up"), theme.MoveUpIcon(), func() { m.move(-1) })
	m.Down = widgets.NewPlainButton(i18n.Tr("packets.down"), theme.MoveDownIcon(), func() { m.move(1) })
	m.Del = widgets.NewPlainButton(i18n.Tr("packets.delete"), theme.DeleteIcon(), m.onDelete)
	m.Use = widgets.NewPlainButton(i18n.Tr("packets.toEditor"), theme.DocumentCreateIcon(), m.onUse)
	m.Rename = widgets.NewPlainButton(i18n.Tr("packets.rename"), theme.DocumentCreateIcon(), m.onRename)
	m.Name.OnChanged = func(string) { widgets.SetHint(m.Problem, nil); m.update() }
	m.Name.OnEnter = m.onRename
	importBtn := widgets.NewPlainButton(i18n.Tr("packets.import"), theme.FolderOpenIcon(), m.onImport)
	m.export = widgets.NewPlainButton(i18n.Tr("packets.export"), theme.DocumentSaveIcon(), m.onExport)

	side := container.NewVBox(m.Up, m.Down, m.Del, m.Use)
	renameRow := container.NewBorder(nil, nil, widget.NewLabel(i18n.Tr("packets.name")), m.Rename, m.Name)
	sumRow := container.NewHBox(widget.NewLabel(i18n.Tr("packets.append")), m.Sum.Object())
	body := container.NewBorder(nil, container.NewVBox(renameRow, sumRow, m.Problem), nil, side,
		container.NewStack(m.List, m.empty))
	m.d = dialog.NewCustomWithoutButtons(i18n.Tr("packets.manageTitle"), body, p.Win)
	closeBtn := widgets.NewPlainButton(i18n.Tr("dialog.close"), theme.CancelIcon(), m.d.Hide)
	m.d.SetButtons([]fyne.CanvasObject{importBtn, m.export, closeBtn})
	m.Name.OnEscape = m.d.Dismiss
	m.d.Resize(widgets.DialogSize(p.Win, 75, 14))
	m.update()
	c.Manager = m
	widgets.ShowDialog(p.Win, m.d, nil)
	m.d.SetOnClosed(func() {
		if c.Manager == m {
			c.Manager = nil
		}
	})
}

func (m *packetManager) update() {
	n := len(m.c.Lib.Packets)
	if m.Sel >= n {
		m.Sel = -1
	}
	widgets.SetVisible(m.empty, n == 0)
	chosen := m.Sel >= 0
	widgets.SetEnabled(m.Up, chosen && m.Sel > 0)
	widgets.SetEnabled(m.Down, chosen && m.Sel < n-1)
	widgets.SetEnabled(m.Del, chosen)
	widgets.SetEnabled(m.Use, chosen)
	widgets.SetEnabled(m.Name, chosen)
	widgets.SetEnabled(m.Sum, chosen)
	newName := strings.TrimSpace(m.Name.Text)
	widgets.SetEnabled(m.Rename, chosen && newName != "" && newName != m.c.Lib.Packets[max(m.Sel, 0)].Name)
	widgets.SetEnabled(m.export, n > 0)
}

// changed saves the library and shows it with packet i selected (-1: none).
func (m *packetManager) changed(i int) {
	m.c.save()
	m.List.Refresh()
	if i >= 0 && i < len(m.c.Lib.Packets) {
		m.List.Select(i)
	} else {
		m.List.UnselectAll()
		m.Sel = -1
	}
	m.update()
}

func (m *packetManager) selected() (packets.Packet, bool) {
	if m.Sel < 0 || m.Sel >= len(m.c.Lib.Packets) {
		return packets.Packet{}, false
	}
	return m.c.Lib.Packets[m.Sel], true
}

func (m *packetManager) move(delta int) {
	pk, ok := m.selected()
	if !ok {
		return
	}
	to := m.Sel + delta
	if err := m.c.Lib.Move(pk.Name, to); err != nil {
		widgets.SetHint(m.Problem, err)
		return
	}
	m.changed(m.c.Lib.Index(pk.Name))
}

func (m *packetManager) onRename() {
	pk, ok := m.selected()
	if !ok {
		return
	}
	to := strings.TrimSpace(m.Name.Text)
	if to == pk.Name {
		return
	}
	var err error
	switch {
	case to == "":
		err = errors.New(i18n.Tr("packets.noName"))
	case m.c.Lib.Index(to) >= 0:
		err = errors.New(i18n.Trf("packets.nameTaken", i18n.Args{"Name": to}))
	default:
		err = m.c.Lib.Rename(pk.Name, to)
	}
	if err != nil {
		widgets.SetHint(m.Problem, err)
		return
	}
	m.changed(m.Sel)
	m.c.panelChanged()
	m.c.message(i18n.Trf("packets.renamed", i18n.Args{"From": pk.Name, "To": to}))
}

func (m *packetManager) onDelete() {
	pk, ok := m.selected()
	if !ok {
		return
	}
	win := m.c.p.Win
	var d *dialog.ConfirmDialog
	d = dialog.NewConfirm(i18n.Tr("packets.deleteTitle"), i18n.Trf("packets.deleteText", i18n.Args{"Name": pk.Name}), func(yes bool) {
		if !yes {
			return
		}
		i := m.Sel
		if err := m.c.Lib.Delete(pk.Name); err != nil {
			widgets.SetHint(m.Problem, err)
			return
		}
		m.changed(min(i, len(m.c.Lib.Packets)-1))
		m.c.panelChanged()
		m.c.message(i18n.Trf("packets.deleted", i18n.Args{"Name": pk.Name}))
	}, win)
	d.SetConfirmText(i18n.Tr("packets.delete"))
	d.SetDismissText(i18n.Tr("dialog.cancel"))
	widgets.ShowDialog(win, d, func() { d.Confirm() })
}

// onUse puts the selected packet in the editor and closes the manager.
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
	widgets.ShowPathDialog(c.p.Win, c.p.Prefs, widgets.PathDialogSpec{
		TitleKey: "packets.importTitle",
		FileName: packetsFileName,
		About:    i18n.Tr("packets.importAbout"),
		DirKey:   keyClientPacketsDir,
		Read: func(path string) (string, error) {
			in, err := packets.Load(path)
			if err != nil {
				return "", err
			}
			if err := c.take(path, in); err != nil {
				return "", err
			}
			m.changed(m.Sel)
			return i18n.Trn("packets.imported", len(in.Packets), i18n.Args{"Path": path}), nil
		},
		OnSaved: c.message,
	})
}

func (m *packetManager) onExport() {
	c := m.c
	widgets.ShowPathDialog(c.p.Win, c.p.Prefs, widgets.PathDialogSpec{
		TitleKey: "packets.exportTitle",
		FileName: packetsFileName,
		About:    i18n.Tr("packets.exportAbout"),
		DirKey:   keyClientPacketsDir,
		Write: func(path string, w io.Writer) (string, error) {
			b, err := c.Lib.Marshal()
			if err != nil {
				return "", err
			}
			if _, err := w.Write(b); err != nil {
				return "", fmt.Errorf("write %s: %w", path, err)
			}
			return i18n.Trn("packets.exported", len(c.Lib.Packets), i18n.Args{"Path": path}), nil
		},
		OnSaved: c.message,
	})
}
