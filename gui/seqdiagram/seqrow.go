package seqdiagram

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// seqLaneMax is the most lanes a row draws: the client, the server, the
// relay, the peers and the lane the other peers share.
const seqLaneMax = 3 + seqMaxPeerLanes + 1

// seqRowLook is what a row needs besides its item: where the lanes are and
// how times are shown.
type seqRowLook struct {
	lanes    int
	From, To int // an arrow's or band's lanes, -1 for none; a marker's in from
	time     string
	Label    string
	Keep     string // the start of Label a slanted arrow makes room for: its delay
	Fan      []int  // an arrow to a group: the lanes of the members it fans out to
	Selected bool
	color    fyne.ThemeColorName
	item     *SeqItem
}

// seqRow is one row of the diagram, drawn from lines and texts: no Fyne
// widget draws a ladder. The lanes' lines, the time in a gutter, and an
// arrow, a marker or a band.
type seqRow struct {
	widget.BaseWidget
	Look seqRowLook

	background *canvas.Rectangle
	lanes      [seqLaneMax]*canvas.Line
	arrow      *canvas.Line
	head       [2]*canvas.Line
	fan        [seqLaneMax]*canvas.Line    // from a group's lane to each member's
	fanHeads   [seqLaneMax][2]*canvas.Line // their heads
	dot        *canvas.Circle
	band       *canvas.Rectangle
	labelBG    *canvas.Rectangle // behind a slanted arrow's label, so the line does not cross its words
	label      *canvas.Text
	time       *canvas.Text
}

// NewSeqRow is an empty diagram row, for the diagram's list to fill.
func NewSeqRow() *seqRow {
	r := &seqRow{
		background: canvas.NewRectangle(color.Transparent),
		arrow:      canvas.NewLine(color.Black),
		dot:        canvas.NewCircle(color.Black),
		band:       canvas.NewRectangle(color.Transparent),
		labelBG:    canvas.NewRectangle(color.Transparent),
		label:      canvas.NewText("", color.Black),
		time:       canvas.NewText("", color.Black),
	}
	for i := range r.lanes {
		r.lanes[i] = canvas.NewLine(color.Black)
	}
	for i := range r.head {
		r.head[i] = canvas.NewLine(color.Black)
	}
	for i := range r.fan {
		r.fan[i] = canvas.NewLine(color.Black)
		r.fanHeads[i] = [2]*canvas.Line{canvas.NewLine(color.Black), canvas.NewLine(color.Black)}
	}
	r.ExtendBaseWidget(r)
	return r
}

func (r *seqRow) set(look seqRowLook) {
	r.Look = look
	r.Refresh()
}

// CreateRenderer draws the row.
func (r *seqRow) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{r.background, r.band}
	for _, l := range r.lanes {
		objs = append(objs, l)
	}
	objs = append(objs, r.arrow, r.head[0], r.head[1])
	for i := range r.fan {
		objs = append(objs, r.fan[i], r.fanHeads[i][0], r.fanHeads[i][1])
	}
	objs = append(objs, r.dot, r.labelBG, r.label, r.time)
	return &seqRowRenderer{r: r, objects: objs}
}

type seqRowRenderer struct {
	r       *seqRow
	objects []fyne.CanvasObject
}

func (rr *seqRowRenderer) Destroy()                     {}
func (rr *seqRowRenderer) Objects() []fyne.CanvasObject { return rr.objects }

// SeqRowHeight is a row's height: a line of text for the label, and room
// for the arrow under it.
func SeqRowHeight() float32 {
	return fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{}).Height + 3*theme.Padding()
}

// seqGutter is the margin for a row's time, to the millisecond: narrow
// enough that the diagram fits beside the log at 200% on a 1280 screen.
func seqGutter() float32 {
	return fyne.MeasureText("00:00:00.000", theme.CaptionTextSize(), fyne.TextStyle{}).Width + 2*theme.Padding()
}

func (rr *seqRowRenderer) MinSize() fyne.Size {
	return fyne.NewSize(seqGutter()+float32(max(rr.r.Look.lanes, 2))*seqMinLaneGap(), SeqRowHeight())
}

// seqMinLaneGap is the least room between two lanes: an arrow with a short
// label, narrow enough that the diagram fits beside the log at 200%.
func seqMinLaneGap() float32 { return 1.5 * theme.TextSize() }

// laneX is where lane i of n runs, in a row w wide.
func laneX(i, n int, w float32) float32 {
	g := seqGutter()
	return g + (float32(i)+0.5)*(w-g)/float32(max(n, 1))
}

func (rr *seqRowRenderer) Layout(size fyne.Size) {
	r, look := rr.r, rr.r.Look
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNameDisabled)
	r.background.Resize(size)
	r.background.FillColor = color.Transparent
	if look.Selected {
		r.background.FillColor = theme.Color(theme.ColorNameSelection)
	}
	for i, l := range r.lanes {
		if i >= look.lanes {
			l.Hidden = true
			continue
		}
		x := laneX(i, look.lanes, size.Width)
		l.Position1, l.Position2 = fyne.NewPos(x, 0), fyne.NewPos(x, size.Height)
		l.StrokeColor, l.StrokeWidth = muted, 1
		l.Hidden = false
	}
	pad := theme.Padding()
	lineY := size.Height - 2*pad
	r.time.Text = look.time
	r.time.TextSize = theme.CaptionTextSize()
	r.time.Color = muted
	r.time.Move(fyne.NewPos(pad, lineY-r.time.MinSize().Height/2))
	r.time.Resize(r.time.MinSize())

	r.arrow.Hidden = true
	r.head[0].Hidden = true
	r.head[1].Hidden = true
	for i := range r.fan {
		r.fan[i].Hidden = true
		r.fanHeads[i][0].Hidden = true
		r.fanHeads[i][1].Hidden = true
	}
	r.dot.Hidden = true
	r.band.Hidden = true
	r.labelBG.Hidden = true
	r.label.Text = ""
	r.label.TextSize = theme.TextSize()
	r.label.Color = fg
	r.label.TextStyle = fyne.TextStyle{}
	it := look.item
	if it == nil || look.From < 0 {
		return
	}
	c := theme.Color(look.color)
	switch it.Kind {
	case SeqArrow:
		x1, x2 := laneX(look.From, look.lanes, size.Width), laneX(look.To, look.lanes, size.Width)
		if look.To < 0 || look.From == look.To {
			x2 = x1 + seqMinLaneGap()/2 // to itself: a stub
		}
		// Passed on late: the arrow leaves the sender's lane near the
		// top of the row and arrives on the line, slanted.
		y1 := lineY
		if it.held > 0 && x1 != x2 {
			y1 = pad / 2
		}
		r.arrow.Position1, r.arrow.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, lineY)
		r.arrow.StrokeColor, r.arrow.StrokeWidth = c, 2
		r.arrow.Hidden = false
		hl := 1.5 * pad
		if it.dropped {
			rr.cross(x2, lineY, hl, c)
		} else {
			rr.head(x1, y1, x2, lineY, hl, c)
		}
		rr.fanOut(x2, lineY, hl, c, size.Width)
		lo, hi := min(x1, x2), max(x1, x2)
		if y1 != lineY {
			// The label in the middle, on a patch of background: the
			// slant runs behind it and shows either side, less of it
			// when the delay would not fit otherwise.
			span := hi - lo
			need := fyne.MeasureText(look.Keep, r.label.TextSize, r.label.TextStyle).Width + 2*pad
			m := min(span*0.15, max(hl, (span-need)/2))
			if need > span-2*m {
				r.label.TextSize = theme.CaptionTextSize()
			}
			lo, hi = lo+m, hi-m
		}
		label := look.Label
		if look.Keep != "" && fyne.MeasureText(look.Keep+" …", r.label.TextSize, r.label.TextStyle).Width > hi-lo-pad {
			label = look.Keep // the delay whole rather than a cut one
		}
		rr.placeLabel(label, lo, hi, lineY)
		if y1 != lineY && r.label.Text != "" {
			r.labelBG.FillColor = r.background.FillColor
			if !look.Selected {
				r.labelBG.FillColor = theme.Color(theme.ColorNameBackground)
			}
			r.labelBG.Move(r.label.Position().SubtractXY(pad/2, 0))
			r.labelBG.Resize(r.label.Size().AddWidthHeight(pad, 0))
			r.labelBG.Hidden = false
		}
	case seqMarker:
		x := laneX(look.From, look.lanes, size.Width)
		d := 2.5 * pad
		r.dot.FillColor = c
		r.dot.Move(fyne.NewPos(x-d/2, lineY-d/2))
		r.dot.Resize(fyne.NewSize(d, d))
		r.dot.Hidden = false
		r.label.Color = fg
		if look.color == theme.ColorNameError {
			r.label.Color = c
		}
		r.label.TextSize = theme.CaptionTextSize()
		// Beside the dot, toward the middle, where there is room.
		if look.From < look.lanes-1 || look.lanes == 1 {
			rr.placeLabel(look.Label, x+d, size.Width, lineY+d/2)
			r.label.Move(fyne.NewPos(x+d, r.label.Position().Y))
		} else {
			rr.placeLabel(look.Label, seqGutter(), x-d, lineY+d/2)
			r.label.Move(fyne.NewPos(x-d-r.label.MinSize().Width, r.label.Position().Y))
		}
	case SeqBand:
		// Across every lane, with room for its words.
		lo, hi := seqGutter()+pad, size.Width-pad
		fill := c
		if rgba, ok := c.(color.NRGBA); ok {
			rgba.A = 0x40
			fill = rgba
		} else {
			cr, cg, cb, _ := c.RGBA()
			fill = color.NRGBA{uint8(cr >> 8), uint8(cg >> 8), uint8(cb >> 8), 0x40}
		}
		r.band.FillColor, r.band.StrokeColor, r.band.StrokeWidth = fill, c, 1
		r.band.CornerRadius = pad
		r.band.Move(fyne.NewPos(lo, pad/2))
		r.band.Resize(fyne.NewSize(hi-lo, size.Height-pad))
		r.band.Hidden = false
		rr.placeLabel(look.Label, lo, hi, size.Height/2+r.label.MinSize().Height/2)
	}
}

// head draws the arrow's head at (x2, y2), its barbs back along the line
// from (x1, y1).
func (rr *seqRowRenderer) head(x1, y1, x2, y2, hl float32, c color.Color) {
	drawHead(rr.r.head, x1, y1, x2, y2, hl, c)
}

// drawHead makes lines an arrow's head at (x2, y2), its barbs back along
// the line from (x1, y1).
func drawHead(lines [2]*canvas.Line, x1, y1, x2, y2, hl float32, c color.Color) {
	dx, dy := float64(x2-x1), float64(y2-y1)
	n := math.Hypot(dx, dy)
	if n == 0 {
		dx, n = 1, 1
	}
	ux, uy := dx/n, dy/n
	for k, side := range []float64{-1, 1} {
		// A barb 1.5 hl back along the line and hl aside.
		bx := float64(x2) - ux*float64(hl)*1.5 - side*uy*float64(hl)
		by := float64(y2) - uy*float64(hl)*1.5 + side*ux*float64(hl)
		h := lines[k]
		h.Position1, h.Position2 = fyne.NewPos(x2, y2), fyne.NewPos(float32(bx), float32(by))
		h.StrokeColor, h.StrokeWidth = c, 2
		h.Hidden = false
	}
}

// fanOut draws, from the group's lane at (x, y), a thinner arrow to each
// member's lane: one send, every receiver the app knows of.
func (rr *seqRowRenderer) fanOut(x, y, hl float32, c color.Color, w float32) {
	r, look := rr.r, rr.r.Look
	for i, lane := range look.Fan {
		if i >= len(r.fan) || lane >= look.lanes {
			break
		}
		x2 := laneX(lane, look.lanes, w)
		l := r.fan[i]
		l.Position1, l.Position2 = fyne.NewPos(x, y), fyne.NewPos(x2, y)
		l.StrokeColor, l.StrokeWidth = c, 1
		l.Hidden = false
		drawHead(r.fanHeads[i], x, y, x2, y, hl, c)
	}
}

// cross draws a cross (×) of half-size s at (x, y): where a dropped
// message ended.
func (rr *seqRowRenderer) cross(x, y, s float32, c color.Color) {
	for k, dy := range []float32{-s, s} {
		h := rr.r.head[k]
		h.Position1, h.Position2 = fyne.NewPos(x-s, y-dy), fyne.NewPos(x+s, y+dy)
		h.StrokeColor, h.StrokeWidth = c, 2.5
		h.Hidden = false
	}
}

// placeLabel puts the label centred between x1 and x2, its baseline area
// ending at y, cut with "…" to fit.
func (rr *seqRowRenderer) placeLabel(s string, x1, x2, y float32) {
	l := rr.r.label
	room := x2 - x1 - theme.Padding()
	l.Text = fitText(s, room, l.TextSize, l.TextStyle)
	m := l.MinSize()
	l.Move(fyne.NewPos(x1+(x2-x1-m.Width)/2, y-m.Height-theme.Padding()/2))
	l.Resize(m)
}

// fitText cuts s with "…" to fit width at size.
func fitText(s string, width, size float32, style fyne.TextStyle) string {
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(r[:mid])+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return string(r[:lo]) + "…"
}

// refreshAll refreshes the objects shown. A hidden one needs none (the
// frame is painted again for the others), and each canvas.Refresh costs
// Fyne a look at the goroutine's stack: 40 a row, 30 times a second under
// a storm, were a fifth of the app's time. Only Refresh calls it: Layout
// also runs while Fyne paints a frame (its pass over sizes), and a refresh
// from there asked for a second, identical frame after every batch.
func (rr *seqRowRenderer) refreshAll() {
	for _, o := range rr.objects {
		if o.Visible() {
			refreshObject(o)
		}
	}
}

// refreshObject is canvas.Refresh; tests count the calls.
var refreshObject = canvas.Refresh

// Refresh lays the row out for its look and has it drawn. Layout shows and
// hides the row's parts through their Hidden fields, as their Show and
// Hide would refresh them.
func (rr *seqRowRenderer) Refresh() {
	rr.Layout(rr.r.Size())
	rr.refreshAll()
}
