package logview

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
func (v *LogView) SetFollow(on bool) { v.setFollow(on, false) }

// setFollow changes Follow; byScroll says the user's scrolling did it, which
// is not remembered in the preferences.
func (v *LogView) setFollow(on, byScroll bool) {
	if on == v.follow.on && v.FollowCheck.Checked == on {
		return // nothing to do, or called back by the check below
	}
	v.follow.on = on
	v.follow.pausedByScroll = !on && byScroll
	if !byScroll {
		v.prefs.SetBool(KeyLogFollow, on)
	}
	v.FollowCheck.SetChecked(on)
	if on {
		v.scrollToBottom()
	}
	v.changed()
}

// Follow reports whether the view follows the newest row.
func (v *LogView) Follow() bool { return v.follow.on }

// checkScroll pauses Follow when the user scrolled up since the last
// automatic scroll, and resumes it when they scrolled back to the bottom.
func (v *LogView) checkScroll() {
	off := v.List.GetScrollOffset()
	atBottom := off >= v.MaxOffset()-v.RowStep()/2
	switch {
	case v.follow.on && !atBottom && off < v.follow.lastBottom-1:
		v.setFollow(false, true)
	case !v.follow.on && v.follow.pausedByScroll && atBottom:
		v.setFollow(true, true)
	}
}

func (v *LogView) scrollToBottom() {
	v.List.ScrollToBottom()
	v.follow.lastBottom = v.List.GetScrollOffset()
}

// RowStep is the height of a row plus the separator the list draws between
// rows, measured again when the theme's sizes change.
func (v *LogView) RowStep() float32 {
	key := [4]float32{theme.TextSize(), theme.Padding(), theme.InnerPadding(), theme.IconInlineSize()}
	if key != v.follow.stepKey {
		v.follow.stepKey = key
		v.follow.stepSize = v.NewRowItem().MinSize().Height + theme.Padding()
	}
	return v.follow.stepSize
}

// MaxOffset is the list's scroll offset when it shows its last row.
func (v *LogView) MaxOffset() float32 {
	n := v.shown().Len()
	if n == 0 {
		return 0
	}
	return max(0, float32(n)*v.RowStep()-theme.Padding()-v.List.Size().Height)
}
