package gui

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"strings"

	"github.com/sockettester/sockettester/sockets/tlsinfo"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"
)

// showDialog shows d over win and lets the keyboard close it: Escape
// dismisses it, Enter runs enter (a dialog's affirmative action) or, when
// enter is nil, dismisses it too. Whatever had the focus behind the dialog
// loses it first, so that the keys reach the dialog and nothing behind it
// takes what is typed.
func showDialog(win fyne.Window, d dialog.Dialog, enter func()) {
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

// showInfo shows a message the user can close with Enter or Escape.
func showInfo(win fyne.Window, title, message string) {
	showDialog(win, dialog.NewInformation(title, message, win), nil)
}

// showFailure shows a dialog for an action the user asked for that failed:
// what failed on the first line, the plain reason below it, in the user's
// language. Enter or Escape closes it.
func showFailure(win fyne.Window, what string, err error) {
	logrus.WithError(err).Debug(what)
	showDialog(win, dialog.NewError(errors.New(what+":\n"+trEngine(plainReason(err))), win), nil)
}

// plainReason renders err without the socket plumbing a user does not need:
// "dial tcp 127.0.0.1:1: connect: connection refused (nothing is listening
// on that port)" becomes "connection refused (nothing is listening on that
// port)", and "open /tmp/x: is a directory" (the path is said elsewhere)
// "is a directory". A TLS failure is said in its plain words. Hints added
// around the error are kept.
func plainReason(err error) string {
	msg := err.Error()
	var te *tlsinfo.Error
	if errors.As(err, &te) {
		return strings.Replace(msg, te.Error(), te.Text, 1)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		inner := op.Err
		var sys *os.SyscallError
		if errors.As(inner, &sys) {
			inner = sys.Err
		}
		msg = strings.Replace(msg, op.Error(), inner.Error(), 1)
	}
	return msg
}

// dialogEntry is an entry for a dialog: Enter runs onEnter (the dialog's
// affirmative action) and Escape runs onEscape, since an entry with the
// focus gets those keys before the window does.
type dialogEntry struct {
	widget.Entry
	onEnter, onEscape func()
}

func newDialogEntry() *dialogEntry {
	e := &dialogEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey handles Escape and passes every other key to the entry.
func (e *dialogEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		if e.onEscape != nil {
			e.onEscape()
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.onEnter != nil {
			e.onEnter()
			return
		}
	}
	e.Entry.TypedKey(ev)
}
