package widgets

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"
	"github.com/sockettester/sockettester/gui/i18n"
)

// TextBlockSize is the size of lines rows of labels, chars characters
// wide (each as wide as "0", like CSS's ch): measured from the theme's
// text, it follows the text size, zoom and font.
func TextBlockSize(chars, lines int) fyne.Size {
	row := fyne.MeasureText("0", theme.TextSize(), fyne.TextStyle{}).Height + 2*theme.InnerPadding()
	return fyne.NewSize(TextWidth(strings.Repeat("0", chars)), row*float32(lines))
}

// DialogSize is a dialog's TextBlockSize (0 lines leaves the dialog its
// own minimum height), within win's canvas less a margin.
func DialogSize(win fyne.Window, chars, lines int) fyne.Size {
	want := TextBlockSize(chars, lines)
	margin := 4*theme.InnerPadding() + 2*theme.Padding()
	room := win.Canvas().Size().SubtractWidthHeight(margin, margin)
	return want.Min(room.Max(fyne.NewSize(0, 0)))
}

// ShowDialog shows d over win and lets the keyboard close it: Escape
// dismisses it, Enter runs enter (a dialog's affirmative action) or, when
// enter is nil, dismisses it too. Whatever had the focus behind the dialog
// loses it first, so that the keys reach the dialog and nothing behind it
// takes what is typed.
func ShowDialog(win fyne.Window, d dialog.Dialog, enter func()) {
	c := win.Canvas()
	c.Unfocus()
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape:
			d.Dismiss()
		case fyne.KeyReturn, fyne.KeyEnter:
			if enter != nil {
				enter()
			} else {
				d.Dismiss()
			}
		default:
			if prev != nil {
				prev(ev)
			}
		}
	})
	d.SetOnClosed(func() { c.SetOnTypedKey(prev) })
	d.Show()
}

// ShowInfo shows a message the user can close with Enter or Escape.
func ShowInfo(win fyne.Window, title, message string) {
	ShowDialog(win, dialog.NewInformation(title, message, win), nil)
}

// ShowFailure shows a dialog for an action the user asked for that failed:
// what failed on the first line, the plain reason below it, in the user's
// language. Enter or Escape closes it.
func ShowFailure(win fyne.Window, what string, err error) {
	logrus.WithError(err).Debug(what)
	ShowDialog(win, dialog.NewError(errors.New(what+":\n"+i18n.TrError(err)), win), nil)
}

// DialogEntry is an entry whose Enter and Escape run a dialog's actions: an
// entry with the focus gets those keys before the window does. Enter runs
// OnEnter (the affirmative action), Escape OnEscape.
type DialogEntry struct {
	widget.Entry
	OnEnter, OnEscape func()
}

// NewDialogEntry is an empty dialog entry; set OnEnter and OnEscape.
func NewDialogEntry() *DialogEntry {
	e := &DialogEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey handles Escape and passes every other key to the entry.
func (e *DialogEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		if e.OnEscape != nil {
			e.OnEscape()
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.OnEnter != nil {
			e.OnEnter()
			return
		}
	}
	e.Entry.TypedKey(ev)
}
