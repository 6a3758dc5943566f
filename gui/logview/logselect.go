package logview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The log's selection: a row chosen in the list or in the sequence
// diagram, shown whole in the detail area below the rows.

// CopySelected copies the selected row's full line (Event.Line, in the
// current Text/Hex mode) to the clipboard.
func (v *LogView) CopySelected() {
	if !v.sel.ok {
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(v.sel.event.Line(LogContentFormat(v.Hex())))
}

// onSelected records the row by sequence number and lets go of the list's own
// selection: the list selects by index, and indices move as old rows go.
func (v *LogView) onSelected(id widget.ListItemID) {
	v.List.Unselect(id)
	e, seq, ok := v.shown().Row(id)
	if !ok {
		return
	}
	v.sel = logSelection{seq: seq, event: e, ok: true}
	v.showDetail(v.selDetail())
	v.CopyButton.Enable()
	v.refreshList()
	if v.OnSelect != nil {
		v.OnSelect(v.rawSeq(seq), true)
	}
}

// SelectSeq selects the row with sequence number seq, as tapping it does,
// and scrolls to it; false if it is not shown (gone, or filtered out).
func (v *LogView) SelectSeq(seq uint64) bool {
	seq, ok := v.shownSeq(seq)
	if !ok {
		return false
	}
	i, ok := v.shown().IndexOf(seq)
	if !ok {
		return false
	}
	if v.follow.on {
		v.SetFollow(false)
	}
	v.List.ScrollTo(i)
	v.onSelected(i)
	return true
}

// followSelected shows the selected row's detail again when the row
// changed since: a churn fold's count grows while it is selected.
func (v *LogView) followSelected() {
	if !v.sel.ok {
		return
	}
	i, ok := v.shown().IndexOf(v.sel.seq)
	if !ok {
		return
	}
	e, _, ok := v.shown().Row(i)
	if !ok || e.Msg == v.sel.event.Msg && e.Bytes == v.sel.event.Bytes && len(e.Data) == len(v.sel.event.Data) {
		return
	}
	v.sel.event = e
	v.showDetail(v.selDetail())
}

// Unselect closes the detail area.
func (v *LogView) Unselect() {
	v.clearSelection()
	v.refreshList()
	if v.OnSelect != nil {
		v.OnSelect(0, false)
	}
}

// showDetail shows s in the detail area, in monospace so hex dumps line up.
func (v *LogView) showDetail(s string) {
	v.Detail.TextStyle.Monospace = true
	v.Detail.SetText(s)
	if !v.detailBox.Visible() {
		v.detailBox.Show()
		v.body.Refresh()
	}
}

func (v *LogView) clearSelection() {
	v.sel = logSelection{}
	v.Detail.SetText("")
	v.CopyButton.Disable()
	if v.detailBox.Visible() {
		v.detailBox.Hide()
		v.body.Refresh()
	}
}
