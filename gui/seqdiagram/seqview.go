package seqdiagram

import (
	"fmt"
	"net"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// SeqView draws the exchange as a live ladder beside the log, after
// Wireshark's Flow Graph: a lane per endpoint, an arrow per message, markers
// for connect, TLS, close, reset and error, bands for a flood; tapping an
// item selects its row in the log.
type SeqView struct {
	log   *logview.LogView
	Model *seqModel
	texts *widgets.Texts

	Lanes    seqLanes
	selected uint64 // the log row selected, if selOK
	selOK    bool

	header *fyne.Container
	titles map[*canvas.Text]string // each lane title's whole text
	List   *widget.List
	items  widgets.ListItems[*seqRow] // the list's rows, used again
	Empty  *widget.Label
	root   fyne.CanvasObject
}

// NewSeqView builds the diagram for log and hooks it to the log's batches,
// clearing and selection.
func NewSeqView(log *logview.LogView, t *widgets.Texts) *SeqView {
	v := &SeqView{log: log, Model: newSeqModel(), texts: t}
	v.items.New = NewSeqRow
	v.List = widget.NewList(v.Model.Len, v.items.Get, v.UpdateRow)
	v.List.OnSelected = v.onSelected
	// The lanes run down through the rows unbroken.
	v.List.HideSeparators = true
	v.refreshList()
	v.header = container.New(&seqHeaderLayout{v: v})
	v.titles = map[*canvas.Text]string{}
	v.Empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.Empty.Importance = widget.LowImportance
	v.Empty.Truncation = fyne.TextTruncateEllipsis
	t.On(func() {
		v.Empty.SetText(i18n.Tr("seq.empty"))
		v.refreshHeader()
	})
	body := container.NewStack(container.New(&logview.FollowLayout{Follow: log.Follow, Scroll: v.List.ScrollToBottom}, v.List),
		container.NewVBox(layout.NewSpacer(), v.Empty, layout.NewSpacer()))
	v.root = container.NewBorder(container.New(widgets.DenseRows{}, v.header), nil, nil, nil, body)

	log.OnAppend = v.append
	log.OnClear = v.clear
	log.OnSelect = v.markSelected
	return v
}

// Object returns the diagram.
func (v *SeqView) Object() fyne.CanvasObject { return v.root }

// append adds a batch the log took, drops what the log let go, and
// follows like the log.
func (v *SeqView) append(rows []sockets.Event, first uint64) {
	v.Model.Append(rows, first)
	v.Model.Trim(v.log.Model.FirstSeq())
	v.Refresh()
}

func (v *SeqView) clear() {
	v.Model.Clear()
	v.Refresh()
}

// Refresh redraws the lanes and rows, following the newest if the log
// follows.
func (v *SeqView) Refresh() {
	v.refreshHeader()
	v.refreshList()
	widgets.SetVisible(v.Empty, v.Model.Len() == 0)
	if v.log.Follow() {
		v.List.ScrollToBottom()
	}
}

func (v *SeqView) refreshHeader() {
	v.Lanes = v.Model.Lanes()
	objs := v.header.Objects
	for len(objs) < len(v.Lanes.Keys)+1 {
		l := canvas.NewText("", theme.Color(theme.ColorNameForeground))
		l.Alignment = fyne.TextAlignCenter
		objs = append(objs, l)
	}
	for i, o := range objs {
		t := o.(*canvas.Text)
		t.Text = ""
		delete(v.titles, t)
		if i > 0 && i <= len(v.Lanes.Keys) {
			t.Text = LaneName(v.Lanes.Keys[i-1])
			v.titles[t] = t.Text
		} else if i == 0 {
			t.Text = i18n.Tr("seq.time")
			t.Alignment = fyne.TextAlignLeading
		}
		t.TextSize = theme.TextSize()
		t.Color = theme.Color(theme.ColorNamePrimary)
		t.Refresh()
	}
	v.header.Objects = objs
	v.header.Refresh()
}

// LaneName is a lane's title: "Client", "Server", the peer's address.
func LaneName(k seqLaneKey) string {
	switch k.kind {
	case seqLaneClient:
		// A lane is narrow: a tab's short name ("Khách 2" in Vietnamese).
		if id, ok := logview.ClientNameID(k.name); ok {
			return i18n.Trf("tabs.clientLane", i18n.Args{"N": id})
		}
		if k.name != "" {
			return k.name
		}
		return i18n.Tr("seq.client")
	case seqLaneServer:
		return i18n.Tr("seq.server")
	case seqLaneRelay:
		return i18n.Tr("seq.relay")
	case seqLaneOthers:
		return i18n.Tr("seq.others")
	}
	return k.addr
}

// UpdateRow fills a row with item i.
func (v *SeqView) UpdateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*seqRow)
	v.items.Filled(r) // the list holds it, row or not
	if i >= v.Model.Len() {
		return
	}
	r.set(v.RowLook(v.Model.Item(i)))
}

// refreshList refreshes every row the list shows, and takes back the rows
// it no longer holds (widgets.ListItems).
func (v *SeqView) refreshList() { v.items.Refresh(v.List.Refresh, v.Model.Len()) }

// RowLook is how item it is drawn now.
func (v *SeqView) RowLook(it *SeqItem) seqRowLook {
	look := seqRowLook{lanes: len(v.Lanes.Keys), From: -1, To: -1, item: it, color: theme.ColorNameForeground}
	e := sockets.Event{Time: it.t}
	look.time = logview.LogTimeMillis(&e, v.log.TimeMode(), v.log.Origin)
	look.Selected = v.selOK && v.covers(it, v.selected)
	switch it.Kind {
	case SeqArrow:
		ends := it.ends()
		look.From, look.To = v.Lanes.index(v.Model.resolve(ends.from)), v.Lanes.index(v.Model.resolve(ends.to))
		for _, k := range v.Model.fanOut(it) {
			if i := v.Lanes.index(k); i >= 0 && i != look.To && !slices.Contains(look.Fan, i) {
				look.Fan = append(look.Fan, i)
			}
		}
		look.Label = it.preview
		if it.opcode != "" {
			look.Label = logview.LogOpcodeText(it.opcode) + " " + look.Label
		}
		if it.reply > 0 {
			look.Label += "  " + logview.LogReplyText(&sockets.Event{Reply: it.reply})
		}
		if ends.from.kind == seqLaneClient {
			look.color = theme.ColorNamePrimary
		}
		switch {
		case it.dropped:
			look.Label += "  " + i18n.Tr("seq.dropped")
			look.color = theme.ColorNameError
		case it.held > 0:
			// The delay first: a narrow lane cuts the end of the label.
			look.Keep = i18n.Trf("seq.held", i18n.Args{"Time": bandTime(it.held)})
			look.Label = look.Keep + " " + look.Label
		}
	case seqMarker:
		look.From = v.Lanes.index(seqLaneKey{kind: laneOfSide(it.side), name: it.name})
		look.Label = logview.LogKindText(it.mark)
		if msg := it.message(); msg != "" && it.mark == sockets.KindSystemDrop {
			look.Label = msg // it starts with what the kind says
		} else if msg != "" && it.mark != sockets.KindConnected {
			look.Label += ": " + msg
		} else if it.remote != "" {
			look.Label += " " + it.remote
		}
		switch it.mark {
		case sockets.KindError:
			look.color = theme.ColorNameError
		case sockets.KindConnected, sockets.KindListening, sockets.KindTLS:
			look.color = theme.ColorNamePrimary
		}
		if it.reset {
			look.color = theme.ColorNameError
		}
	case SeqBand:
		lo, hi := -1, -1
		for _, k := range v.Model.itemLanes(it) {
			if i := v.Lanes.index(k); i >= 0 {
				if lo < 0 || i < lo {
					lo = i
				}
				hi = max(hi, i)
			}
		}
		look.From, look.To = lo, hi
		look.Label = i18n.Trn("seq.band", it.Count, i18n.Args{"Bytes": logview.FormatBytes(uint64(it.bytes)), "Time": bandTime(it.end.Sub(it.t))})
		look.color = theme.ColorNamePrimary
		if it.churn != nil {
			look.Label = it.churnLabel()
			if it.churn.Reset > 0 {
				look.color = theme.ColorNameError // as a reset's marker is
			}
		}
	}
	return look
}

// bandTime renders a band's length in milliseconds: "812 ms", "0.250 ms".
func bandTime(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms >= 10 {
		return fmt.Sprintf("%.0f %s", ms, i18n.Tr("unit.ms"))
	}
	return fmt.Sprintf("%.3f %s", ms, i18n.Tr("unit.ms"))
}

// covers reports whether item it stands for log row seq.
func (v *SeqView) covers(it *SeqItem, seq uint64) bool {
	switch {
	case it.seq == seq:
		return true
	case it.Kind == SeqBand:
		return it.seq <= seq && seq <= it.last
	}
	return it.Kind == SeqArrow && it.paired && it.last == seq
}

func (v *SeqView) onSelected(i widget.ListItemID) {
	v.List.Unselect(i)
	if i >= v.Model.Len() {
		return
	}
	v.log.SelectSeq(v.Model.Item(i).seq)
}

func (v *SeqView) markSelected(seq uint64, ok bool) {
	v.selected, v.selOK = seq, ok
	v.refreshList()
	if ok {
		if i, found := v.Model.ItemAt(seq); found {
			v.List.ScrollTo(i)
		}
	}
}

// seqHeaderLayout puts the lane titles over the lanes: a grid cannot give
// the time gutter (the first object) its own width, and each title must
// shorten to its lane's width (FitLaneTitle) as the diagram narrows.
type seqHeaderLayout struct{ v *SeqView }

func (l *seqHeaderLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	n := len(l.v.Lanes.Keys)
	g := seqGutter()
	for i, o := range objects {
		h := o.MinSize().Height
		y := (size.Height - h) / 2
		if i == 0 {
			o.Move(fyne.NewPos(theme.Padding(), y))
			o.Resize(fyne.NewSize(g, h))
			continue
		}
		w := (size.Width - g) / float32(max(n, 1))
		if t, ok := o.(*canvas.Text); ok && l.v.titles[t] != "" {
			if s := FitLaneTitle(l.v.titles[t], w-theme.Padding(), t.TextSize); s != t.Text {
				t.Text = s
				t.Refresh()
			}
		}
		o.Move(fyne.NewPos(g+float32(i-1)*w, y))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (l *seqHeaderLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	h := fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{}).Height + 2*theme.InnerPadding()
	return fyne.NewSize(seqGutter()+2*seqMinLaneGap(), h)
}

// FitLaneTitle shortens a lane's title to fit width w: a peer's address
// to its port (":50890", the host is the same loopback in a room's
// exchange more often than not), a client tab's name to its number,
// anything else cut with an ellipsis.
func FitLaneTitle(title string, w, size float32) string {
	fits := func(s string) bool { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width <= w }
	if fits(title) {
		return title
	}
	if _, port, err := net.SplitHostPort(title); err == nil && fits(":"+port) {
		return ":" + port
	}
	// A client tab's lane ("Client 2", "Khách 2"): its number, as on its tab.
	if i := strings.LastIndexByte(title, ' '); i >= 0 && isDigits(title[i+1:]) && fits(title[i+1:]) {
		return title[i+1:]
	}
	r := []rune(title)
	for n := len(r) - 1; n > 0; n-- {
		if s := string(r[:n]) + "…"; fits(s) {
			return s
		}
	}
	return "…"
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// message is a marker's message in the current language, cut short.
func (it *SeqItem) message() string {
	if it.event == nil {
		return ""
	}
	return logview.LogCut(logview.LogMessage(it.event), seqPreviewRunes*2)
}
