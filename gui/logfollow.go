package gui

import "fyne.io/fyne/v2/theme"

// logFollow is whether the log follows its newest row, and what it needs to
// tell a user's scroll from its own.
type logFollow struct {
	on             bool
	pausedByScroll bool       // on was turned off because the user scrolled up
	lastBottom     float32    // list offset after the last scroll to the bottom
	stepKey        [4]float32 // theme sizes stepSize was measured with
	stepSize       float32    // height of a row plus the separator between rows
}

// SetFollow turns following the newest row on or off, as the Follow check
// does.
func (v *logView) SetFollow(on bool) { v.setFollow(on, false) }

// setFollow changes Follow; byScroll says the user's scrolling did it, which
// is not remembered in the preferences.
func (v *logView) setFollow(on, byScroll bool) {
	if on == v.follow.on && v.followCheck.Checked == on {
		return // nothing to do, or called back by the check below
	}
	v.follow.on = on
	v.follow.pausedByScroll = !on && byScroll
	if !byScroll {
		v.prefs.SetBool(keyLogFollow, on)
	}
	v.followCheck.SetChecked(on)
	if on {
		v.scrollToBottom()
	}
	v.changed()
}

// Follow reports whether the view follows the newest row.
func (v *logView) Follow() bool { return v.follow.on }

// checkScroll pauses Follow when the user scrolled up since the last
// automatic scroll, and resumes it when they scrolled back to the bottom.
// List has no scroll callback, so this compares offsets each time new rows
// arrive, which is when following would move the view.
func (v *logView) checkScroll() {
	off := v.list.GetScrollOffset()
	atBottom := off >= v.maxOffset()-v.rowStep()/2
	switch {
	case v.follow.on && !atBottom && off < v.follow.lastBottom-1:
		v.setFollow(false, true)
	case !v.follow.on && v.follow.pausedByScroll && atBottom:
		v.setFollow(true, true)
	}
}

func (v *logView) scrollToBottom() {
	v.list.ScrollToBottom()
	v.follow.lastBottom = v.list.GetScrollOffset()
}

// rowStep is the height of a row plus the separator the list draws between
// rows, measured again when the theme's sizes change.
func (v *logView) rowStep() float32 {
	key := [4]float32{theme.TextSize(), theme.Padding(), theme.InnerPadding(), theme.IconInlineSize()}
	if key != v.follow.stepKey {
		v.follow.stepKey = key
		v.follow.stepSize = v.newRowItem().MinSize().Height + theme.Padding()
	}
	return v.follow.stepSize
}

// maxOffset is the list's scroll offset when it shows its last row.
func (v *logView) maxOffset() float32 {
	n := v.model.Len()
	if n == 0 {
		return 0
	}
	return max(0, float32(n)*v.rowStep()-theme.Padding()-v.list.Size().Height)
}
