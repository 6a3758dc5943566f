package panes

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/packets"
)

// ParsePanelPeriod reads a button's period as typed: empty for once per
// press, else a Go duration of 1ms or more ("100ms", "1s").
func ParsePanelPeriod(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, errors.New(i18n.Trf("panel.periodForm", i18n.Args{"Value": s}))
	case d < packets.MinPeriod:
		return 0, errors.New(i18n.Trf("panel.periodRange", i18n.Args{"Value": s}))
	}
	return d, nil
}

// PanelEditor is the dialog that edits the panel: its title, and its
// buttons, each a packet of the library and a period, added, removed and
// moved up and down. Save puts the panel in the library, which the
// preferences keep and an export writes, as YAML.
type PanelEditor struct {
	pn    *Panel
	win   fyne.Window
	Title *widget.Entry
	Rows  []*PanelEditRow
	Add   *widgets.PlainButton
	Save  *widgets.PlainButton
	// Problem says why Save is off.
	Problem *widget.Label
	list    *fyne.Container
	d       *dialog.CustomDialog
}

// PanelEditRow is one button in the editor.
type PanelEditRow struct {
	Packet           *widget.Select
	Every            *widget.Entry
	Up, Down, Remove *widgets.PlainButton
}

// Editor is the panel editor while it is open.
func (pn *Panel) Editor() *PanelEditor { return pn.editor }

// Edit opens the panel editor over win.
func (pn *Panel) Edit(win fyne.Window) {
	lib := pn.Packets().Lib
	e := &PanelEditor{pn: pn, win: win}
	e.Title = widget.NewEntry()
	e.Title.SetPlaceHolder(i18n.Tr("panel.title"))
	if lib.Panel != nil {
		e.Title.SetText(lib.Panel.Title)
		for _, b := range lib.Panel.Buttons {
			e.addRow(b)
		}
	}
	e.list = container.NewVBox()
	e.Add = widgets.NewPlainButton(i18n.Tr("panel.add"), theme.ContentAddIcon(), func() {
		b := packets.Button{}
		if len(lib.Packets) > 0 {
			b.Packet = lib.Packets[0].Name
		}
		e.addRow(b)
		e.changed()
	})
	e.Problem = widgets.ReasonLabel()
	cancel := widgets.NewPlainButton(i18n.Tr("dialog.cancel"), theme.CancelIcon(), func() { e.d.Hide() })
	e.Save = widgets.NewPlainButton(i18n.Tr("dialog.save"), theme.DocumentSaveIcon(), e.onSave)
	e.Save.Importance = widget.HighImportance
	about := widget.NewLabel(i18n.Tr("panel.editAbout"))
	about.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(about, widget.NewForm(widget.NewFormItem(i18n.Tr("panel.titleField"), e.Title)))
	body := container.NewBorder(top, container.NewVBox(e.Add, e.Problem), nil, nil, container.NewVScroll(e.list))
	e.d = dialog.NewCustomWithoutButtons(i18n.Tr("panel.editTitle"), body, win)
	e.d.SetButtons([]fyne.CanvasObject{cancel, e.Save})
	e.d.SetOnClosed(func() {
		if pn.editor == e {
			pn.editor = nil
		}
	})
	e.d.Resize(widgets.DialogSize(win, 70, 16))
	pn.editor = e
	e.changed()
	widgets.ShowDialog(win, e.d, nil)
}

func (e *PanelEditor) addRow(b packets.Button) {
	r := &PanelEditRow{}
	r.Packet = widget.NewSelect(e.pn.Packets().Lib.Names(), func(string) { e.check() })
	r.Packet.PlaceHolder = i18n.Tr("panel.choosePacket")
	r.Packet.Selected = b.Packet
	r.Every = widget.NewEntry()
	r.Every.SetPlaceHolder(i18n.Tr("panel.once"))
	if b.Every > 0 {
		r.Every.SetText(b.Every.String())
	}
	r.Every.Validator = widgets.Validator(ParsePanelPeriod)
	r.Every.OnChanged = func(string) { e.check() }
	r.Up = widgets.NewPlainButton("", theme.MoveUpIcon(), func() { e.move(r, -1) })
	r.Down = widgets.NewPlainButton("", theme.MoveDownIcon(), func() { e.move(r, 1) })
	r.Remove = widgets.NewPlainButton("", theme.DeleteIcon(), func() { e.remove(r) })
	e.Rows = append(e.Rows, r)
}

func (e *PanelEditor) index(r *PanelEditRow) int {
	for i, o := range e.Rows {
		if o == r {
			return i
		}
	}
	return -1
}

func (e *PanelEditor) move(r *PanelEditRow, delta int) {
	i := e.index(r)
	j := i + delta
	if i < 0 || j < 0 || j >= len(e.Rows) {
		return
	}
	e.Rows[i], e.Rows[j] = e.Rows[j], e.Rows[i]
	e.changed()
}

func (e *PanelEditor) remove(r *PanelEditRow) {
	if i := e.index(r); i >= 0 {
		e.Rows = append(e.Rows[:i], e.Rows[i+1:]...)
		e.changed()
	}
}

// changed lays the rows out again after one was added, removed or moved.
func (e *PanelEditor) changed() {
	objs := make([]fyne.CanvasObject, len(e.Rows))
	for i, r := range e.Rows {
		widgets.SetEnabled(r.Up, i > 0)
		widgets.SetEnabled(r.Down, i < len(e.Rows)-1)
		num := widget.NewLabel(panelKeyLabel(i))
		every := container.NewGridWrap(fyne.NewSize(widgets.TextBlockSize(22, 1).Width, r.Every.MinSize().Height), r.Every)
		objs[i] = container.NewBorder(nil, nil, num, container.NewHBox(every, r.Up, r.Down, r.Remove), r.Packet)
	}
	e.list.Objects = objs
	e.list.Refresh()
	e.check()
}

// panelKeyLabel is a button's number in the editor: its Ctrl key.
func panelKeyLabel(i int) string {
	if i < PanelKeys {
		return "Ctrl+" + string(rune('1'+i))
	}
	return "     "
}

// panel reads the editor, or says what is wrong.
func (e *PanelEditor) panel() (*packets.Panel, error) {
	lib := e.pn.Packets().Lib
	p := &packets.Panel{Title: strings.TrimSpace(e.Title.Text)}
	for i, r := range e.Rows {
		if r.Packet.Selected == "" || lib.Index(r.Packet.Selected) < 0 {
			return nil, errors.New(i18n.Trf("panel.needsPacket", i18n.Args{"N": i + 1}))
		}
		d, err := ParsePanelPeriod(r.Every.Text)
		if err != nil {
			return nil, errors.New(i18n.Trf("panel.rowProblem", i18n.Args{"N": i + 1, "Err": err.Error()}))
		}
		p.Buttons = append(p.Buttons, packets.Button{Packet: r.Packet.Selected, Every: d})
	}
	if len(p.Buttons) == 0 {
		return nil, nil
	}
	return p, nil
}

// check says what keeps Save off, as the user types.
func (e *PanelEditor) check() {
	for _, r := range e.Rows {
		_ = r.Every.Validate()
	}
	_, err := e.panel()
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	e.Problem.SetText(msg)
	widgets.SetEnabled(e.Save, err == nil)
}

func (e *PanelEditor) onSave() {
	p, err := e.panel()
	if err != nil {
		e.check()
		return
	}
	c := e.pn.Packets()
	old := c.Lib.Panel
	c.Lib.Panel = p
	if _, err := c.Lib.Marshal(); err != nil {
		c.Lib.Panel = old
		widgets.ShowFailure(e.win, i18n.Tr("panel.cannotSave"), err)
		return
	}
	c.save()
	e.d.Hide()
	e.pn.Changed()
	e.pn.message(i18n.Trn("panel.saved", len(e.Rows), nil))
}
