package gui

import (
	"errors"
	"net"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"github.com/sirupsen/logrus"
)

// uiRunner runs f on the Fyne UI goroutine without waiting. The app uses
// fyne.Do. Tests substitute a queue they drain on the test goroutine: Fyne's
// test driver runs fyne.Do callbacks on the calling goroutine, so the real
// fyne.Do would race with the test reading widgets.
type uiRunner func(f func())

// fyneDo is the production uiRunner.
func fyneDo(f func()) { fyne.Do(f) }

// showFailure shows a dialog for an action the user asked for that failed:
// what failed on the first line, the plain reason below it.
func showFailure(win fyne.Window, what string, err error) {
	logrus.WithError(err).Debug(what)
	dialog.ShowError(errors.New(what+":\n"+plainReason(err)), win)
}

// plainReason renders err without the socket plumbing a user does not need:
// "dial tcp 127.0.0.1:1: connect: connection refused (nothing is listening
// on that port)" becomes "connection refused (nothing is listening on that
// port)". Hints added around the error are kept.
func plainReason(err error) string {
	msg := err.Error()
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
