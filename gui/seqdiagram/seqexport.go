package seqdiagram

import (
	"fmt"
	"image/png"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/theme"
	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
)

// seqExportMax bounds the items an exported diagram holds: the newest.
const seqExportMax = 150

// SeqExportMinWidth is the least width of an exported diagram.
const SeqExportMinWidth = 640

// keyExportDir remembers the folder the diagram was last exported to.
const keyExportDir = "seq.exportDir"

// render draws the newest seqExportMax items and the lane titles, at least
// SeqExportMinWidth wide.
func (v *SeqView) render() fyne.CanvasObject {
	n := v.Model.Len()
	first := max(0, n-seqExportMax)
	w := max(v.root.Size().Width, SeqExportMinWidth)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	header := container.New(&seqHeaderLayout{v: v})
	for _, o := range v.header.Objects {
		t := o.(*canvas.Text)
		c := canvas.NewText(t.Text, t.Color)
		c.TextStyle, c.TextSize, c.Alignment = t.TextStyle, t.TextSize, t.Alignment
		header.Add(c)
	}
	rows := container.NewVBox()
	for i := first; i < n; i++ {
		r := NewSeqRow()
		r.Look = v.RowLook(v.Model.Item(i))
		r.Look.Selected = false
		rows.Add(r)
	}
	body := container.NewVBox(header, rows)
	bg.SetMinSize(fyne.NewSize(w, body.MinSize().Height))
	return container.NewStack(bg, body)
}

func (v *SeqView) writePNG(w io.Writer) error {
	img := software.Render(v.render(), fyne.CurrentApp().Settings().Theme())
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("encode PNG: %w", err)
	}
	return nil
}

// ExportDialog asks where to save the diagram as a PNG image and saves it
// (see pathDialog); onSaved gets "Saved the diagram to FILE".
func (v *SeqView) ExportDialog(win fyne.Window, prefs fyne.Preferences, onSaved func(string)) {
	widgets.ShowPathDialog(win, prefs, widgets.PathDialogSpec{
		TitleKey: "seq.exportTitle",
		FileName: "sockettester-diagram-" + time.Now().Format("20060102-150405") + ".png",
		About:    i18n.Trf("seq.exportAbout", i18n.Args{"N": seqExportMax}),
		DirKey:   keyExportDir,
		Write: func(path string, w io.Writer) (string, error) {
			return i18n.Trf("seq.exported", i18n.Args{"Path": path}), v.writePNG(w)
		},
		OnSaved: onSaved,
	})
}
