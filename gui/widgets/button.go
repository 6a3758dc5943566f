package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PlainButton is Fyne's button with a regular-weight label: Fyne 2.7.1's
// Button draws its label bold, and each extra text style loads ~10 MB of
// fonts the first time text in it is measured.
type PlainButton struct {
	widget.DisableableWidget

	Text       string
	Icon       fyne.Resource
	Importance widget.Importance
	Alignment  widget.ButtonAlign
	OnTapped   func()

	// Shrinks lets a button with an icon drop its label when it gets less than
	// FullSize (for a toolbar that shows labels while they fit).
	Shrinks bool

	// Tight halves the padding either side of the content, for a strip of
	// small buttons (the client tabs' numbers).
	Tight bool

	hovered, focused bool
}

// NewPlainButton returns a button with text and icon (either may be empty)
// that runs tapped.
func NewPlainButton(text string, icon fyne.Resource, tapped func()) *PlainButton {
	b := &PlainButton{Text: text, Icon: icon, OnTapped: tapped}
	b.ExtendBaseWidget(b)
	return b
}

// SetText changes the label.
func (b *PlainButton) SetText(s string) {
	b.Text = s
	b.Refresh()
}

// SetIcon changes the icon; nil hides it.
func (b *PlainButton) SetIcon(r fyne.Resource) {
	b.Icon = r
	b.Refresh()
}

// Tapped runs OnTapped unless the button is disabled.
func (b *PlainButton) Tapped(*fyne.PointEvent) {
	if b.Disabled() || b.OnTapped == nil {
		return
	}
	b.OnTapped()
}

// MouseIn, MouseMoved and MouseOut show the hover colour.
func (b *PlainButton) MouseIn(*desktop.MouseEvent) {
	b.hovered = true
	b.Refresh()
}

// MouseMoved does nothing.
func (b *PlainButton) MouseMoved(*desktop.MouseEvent) {}

// MouseOut ends the hover colour.
func (b *PlainButton) MouseOut() {
	b.hovered = false
	b.Refresh()
}

// FocusGained and FocusLost show the focus colour.
func (b *PlainButton) FocusGained() {
	b.focused = true
	b.Refresh()
}

// FocusLost ends the focus colour.
func (b *PlainButton) FocusLost() {
	b.focused = false
	b.Refresh()
}

// TypedRune does nothing.
func (b *PlainButton) TypedRune(rune) {}

// TypedKey taps the button on Space, as Fyne's does, and on Enter, as a
// keyboard user expects of a focused button. Other keys go to the window's
// own key handler, which a focused widget would otherwise keep them from
// (F11, Escape).
func (b *PlainButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(b); c != nil && c.OnTypedKey() != nil {
		c.OnTypedKey()(ev)
	}
}

// Cursor is the default pointer.
func (b *PlainButton) Cursor() desktop.Cursor { return desktop.DefaultCursor }

// CreateRenderer draws the button.
func (b *PlainButton) CreateRenderer() fyne.WidgetRenderer {
	r := &plainButtonRenderer{b: b,
		bg: canvas.NewRectangle(color.Transparent), icon: canvas.NewImageFromResource(nil),
		label: canvas.NewText("", color.Black)}
	r.icon.FillMode = canvas.ImageFillContain
	r.Refresh()
	return r
}

type plainButtonRenderer struct {
	b     *PlainButton
	bg    *canvas.Rectangle
	icon  *canvas.Image
	label *canvas.Text
}

func (r *plainButtonRenderer) Destroy() {}

func (r *plainButtonRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.icon, r.label}
}

// colors picks the colour names for the button's state, as Fyne's button does.
func (r *plainButtonRenderer) colors() (fg, bg, blend fyne.ThemeColorName) {
	b := r.b
	fg = theme.ColorNameForeground
	switch {
	case b.Disabled():
		fg = theme.ColorNameDisabled
		if b.Importance != widget.LowImportance {
			bg = theme.ColorNameDisabledButton
		}
		return fg, bg, ""
	case b.focused:
		blend = theme.ColorNameFocus
	case b.hovered:
		blend = theme.ColorNameHover
	}
	switch b.Importance {
	case widget.HighImportance:
		fg, bg = theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary
	case widget.DangerImportance:
		fg, bg = theme.ColorNameForegroundOnError, theme.ColorNameError
	case widget.LowImportance:
		if blend != "" {
			bg = theme.ColorNameButton
		}
	default:
		bg = theme.ColorNameButton
	}
	return fg, bg, blend
}

func (r *plainButtonRenderer) Refresh() {
	b := r.b
	th := b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg, bg, blend := r.colors()
	fill := color.Color(color.Transparent)
	if bg != "" {
		fill = th.Color(bg, v)
	}
	if blend != "" {
		fill = blendColors(fill, th.Color(blend, v))
	}
	r.bg.FillColor = fill
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.bg.StrokeWidth, r.bg.StrokeColor = 0, nil
	if b.focused && !b.Disabled() {
		// The focus colour alone is translucent: over a primary button it
		// barely shows. A ring does, on every importance and theme.
		ring := theme.ColorNamePrimary
		if b.Importance == widget.HighImportance || b.Importance == widget.DangerImportance {
			ring = theme.ColorNameForeground
		}
		r.bg.StrokeWidth, r.bg.StrokeColor = 2*th.Size(theme.SizeNameInputBorder), th.Color(ring, v)
	}
	r.label.Text = b.Text
	r.label.Color = th.Color(fg, v)
	r.label.TextSize = th.Size(theme.SizeNameText)
	if b.Icon != nil {
		r.icon.Resource = theme.NewColoredResource(b.Icon, fg)
		r.icon.Show()
	} else {
		r.icon.Resource = nil
		r.icon.Hide()
	}
	r.Layout(b.Size())
	r.bg.Refresh()
	r.icon.Refresh()
	r.label.Refresh()
}

// blendColors lays over, which may be translucent, on base.
func blendColors(base, over color.Color) color.Color {
	br, bg, bb, ba := base.RGBA()
	or, og, ob, oa := over.RGBA()
	if oa == 0 {
		return base
	}
	if ba == 0 {
		return over
	}
	mix := func(b, o uint32) uint8 { return uint8((o + b*(0xffff-oa)/0xffff) >> 8) }
	return color.NRGBA{mix(br, or), mix(bg, og), mix(bb, ob), 0xff}
}

// padding is Fyne's button's, halved either side if Tight.
func (b *PlainButton) padding() fyne.Size {
	p := b.Theme().Size(theme.SizeNameInnerPadding)
	if b.Tight {
		return fyne.NewSize(p, 2*p)
	}
	return fyne.NewSize(2*p, 2*p)
}

// content is the size of the icon and of the label the button shows at
// width w (the label goes if Shrinks and w is short of the full width).
func (r *plainButtonRenderer) content(w float32) (icon, label fyne.Size) {
	th := r.b.Theme()
	if r.b.Icon != nil {
		s := th.Size(theme.SizeNameInlineIcon)
		icon = fyne.NewSize(s, s)
	}
	if r.b.Text != "" && !(r.b.Shrinks && icon.Width > 0 && w < r.b.FullSize().Width) {
		label = r.label.MinSize()
	}
	return icon, label
}

// FullSize is the button's size with its icon and its label.
func (b *PlainButton) FullSize() fyne.Size {
	th := b.Theme()
	var icon, label fyne.Size
	if b.Icon != nil {
		s := th.Size(theme.SizeNameInlineIcon)
		icon = fyne.NewSize(s, s)
	}
	if b.Text != "" {
		label = fyne.MeasureText(b.Text, th.Size(theme.SizeNameText), fyne.TextStyle{})
	}
	return b.sizeAround(icon, label)
}

func (b *PlainButton) sizeAround(icon, label fyne.Size) fyne.Size {
	th := b.Theme()
	pad := b.padding()
	w := icon.Width + label.Width
	if icon.Width > 0 && label.Width > 0 {
		w += th.Size(theme.SizeNamePadding)
	}
	h := max(icon.Height, label.Height)
	return fyne.NewSize(w+pad.Width, h+pad.Height)
}

func (r *plainButtonRenderer) MinSize() fyne.Size {
	icon, label := r.content(0)
	if label.Height == 0 && r.b.Text != "" {
		// Without its label the button keeps the height it has with it.
		label.Height = r.label.MinSize().Height
	}
	return r.b.sizeAround(icon, label)
}

func (r *plainButtonRenderer) Layout(size fyne.Size) {
	r.bg.Move(fyne.NewPos(0, 0))
	r.bg.Resize(size)
	icon, label := r.content(size.Width)
	SetVisible(r.label, label.Width > 0)
	gap := float32(0)
	if icon.Width > 0 && label.Width > 0 {
		gap = r.b.Theme().Size(theme.SizeNamePadding)
	}
	w := icon.Width + gap + label.Width
	pad := r.b.padding()
	x := (size.Width - w) / 2
	switch r.b.Alignment {
	case widget.ButtonAlignLeading:
		x = pad.Width / 2
	case widget.ButtonAlignTrailing:
		x = size.Width - w - pad.Width/2
	}
	r.icon.Move(fyne.NewPos(x, (size.Height-icon.Height)/2))
	r.icon.Resize(icon)
	r.label.Move(fyne.NewPos(x+icon.Width+gap, (size.Height-label.Height)/2))
	r.label.Resize(label)
}
