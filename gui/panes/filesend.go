package panes

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
)

// keyFileDir remembers the folder files were last sent from or saved to.
const keyFileDir = "files.dir"

// fileSender is the engine's SendFrom, for the client's connection or the
// server's peer (or every peer).
type fileSender func(stop <-chan struct{}, r io.Reader, progress func(sent int64)) (int64, error)

// fileReporter puts the row saying how the send ended in the log.
type fileReporter func(name string, sent, size int64, cancelled bool, err error)

// fileSend is a pane's "Send file…": while a file goes, a progress bar
// ("412 KiB of 1.0 MiB") takes the place of what Covers is (the connection's
// text, the clients list) and Cancel takes the button's place, so no row
// grows. The engine sends on a goroutine of its own; the bar is refreshed
// at most once per frame the window draws, however fast the pieces go.
type fileSend struct {
	env    Env
	Bar    *widget.ProgressBar
	BarBox fyne.CanvasObject // Bar, asking for little width: at 200% its text does not widen the pane
	Cancel *widgets.PlainButton
	Slot   *fyne.Container   // Button, or Cancel while a file goes
	Covers fyne.CanvasObject // hidden while the bar shows in its place

	name    string
	size    int64
	sent    atomic.Int64
	pending atomic.Bool
	stop    chan struct{} // nil when no file is going
	stopped bool          // Cancel was pressed for the file going now
	lost    atomic.Bool   // the connection (or the server) ended under the file
	// Done, if set, hears how a send ended: the bytes sent and the error
	// (nil when all went or the user cancelled).
	Done func(sent int64, cancelled bool, err error)
	// Started, if set, hears that a file began to go.
	Started func()
}

func newFileSend(env Env) *fileSend {
	t := env.Texts
	f := &fileSend{env: env, Bar: widget.NewProgressBar()}
	f.Cancel = t.Button("file.cancel", theme.CancelIcon(), f.OnCancel)
	f.Bar.TextFormatter = func() string {
		return i18n.Trf("file.progress", i18n.Args{"Sent": logview.FormatBytes(uint64(f.sent.Load())), "Size": logview.FormatBytes(uint64(f.size))})
	}
	f.BarBox = container.New(narrowLayout{}, f.Bar)
	f.BarBox.Hide()
	f.Cancel.Hide()
	return f
}

// setSlot puts Cancel in place of button while a file goes.
func (f *fileSend) setSlot(button fyne.CanvasObject) {
	f.Slot = widgets.NewSwap(button, f.Cancel)
}

// Sending reports whether a file is going now.
func (f *fileSend) Sending() bool { return f.stop != nil }

// Sent is how many bytes of the file went so far.
func (f *fileSend) Sent() int64 { return f.sent.Load() }

// Choose asks for the file to send (the dialog says why one cannot be
// read, keeping what was typed) and sends it with send.
func (f *fileSend) Choose(titleKey string, send fileSender, report fileReporter) *widgets.PathDialog {
	return widgets.ShowPathDialog(f.env.Win, f.env.Prefs, widgets.PathDialogSpec{
		TitleKey: titleKey,
		About:    i18n.Tr("file.sendAbout"),
		DirKey:   keyFileDir,
		Read:     func(path string) (string, error) { return "", f.Start(path, send, report) },
	})
}

// Start opens the file at path and sends it with send, on a goroutine;
// a file that cannot be read is refused here.
func (f *fileSend) Start(path string, send fileSender, report fileReporter) error {
	if f.Sending() {
		return errors.New(i18n.Tr("file.busy"))
	}
	r, err := os.Open(path)
	if err != nil {
		return err
	}
	st, err := r.Stat()
	if err == nil && st.IsDir() {
		err = errors.New(i18n.Tr("file.isFolder"))
	}
	if err != nil {
		r.Close()
		return err
	}
	f.name, f.size = filepath.Base(path), st.Size()
	f.sent.Store(0)
	stop := make(chan struct{})
	f.stop, f.stopped = stop, false
	f.lost.Store(false)
	f.refresh()
	if f.Started != nil {
		f.Started()
	}
	logrus.WithFields(logrus.Fields{"file": path, "size": f.size}).Debug("sending a file")
	go func() {
		n, err := send(stop, r, func(sent int64) {
			f.sent.Store(sent)
			f.poke()
		})
		r.Close()
		cancelled := false
		select {
		case <-stop:
			cancelled = true
		default:
		}
		if cancelled && n == f.size {
			cancelled = false // the last piece went before Cancel
		}
		if cancelled && err == nil && f.lost.Load() {
			cancelled, err = false, errors.New(i18n.Tr("file.connectionEnded"))
		}
		report(f.name, n, f.size, cancelled && err == nil, err)
		f.env.Do(func() { f.ended(stop, n, cancelled, err) })
	}()
	return nil
}

// OnCancel stops the file going; what was sent stays sent.
func (f *fileSend) OnCancel() {
	if f.stop != nil && !f.stopped {
		close(f.stop)
		f.stopped = true
		f.refresh()
	}
}

// Lost stops the file going because its connection ended: unlike
// Cancel, that is a failure.
func (f *fileSend) Lost() {
	if f.stop != nil {
		f.lost.Store(true)
		f.OnCancel()
	}
}

func (f *fileSend) ended(stop chan struct{}, n int64, cancelled bool, err error) {
	if f.stop == stop {
		f.stop = nil
	}
	f.sent.Store(n)
	f.refresh()
	if f.Done != nil {
		f.Done(n, cancelled, err)
	}
}

// poke asks the window for one refresh, however many pieces go meanwhile.
func (f *fileSend) poke() {
	if f.pending.CompareAndSwap(false, true) {
		f.env.Do(func() {
			f.pending.Store(false)
			f.refresh()
		})
	}
}

func (f *fileSend) refresh() {
	on := f.stop != nil
	if on {
		f.Bar.Max = float64(max(f.size, 1))
		f.Bar.SetValue(float64(f.sent.Load()))
	}
	widgets.SetVisible(f.BarBox, on)
	if f.Covers != nil {
		widgets.SetVisible(f.Covers, !on)
	}
	widgets.SetVisible(f.Cancel, on)
	widgets.SetVisible(f.Slot.Objects[0], !on)
	widgets.SetEnabled(f.Cancel, on && !f.stopped)
}

// narrowLayout asks for the height of what it holds and little width: a
// progress bar's text would otherwise widen a row that has room to share.
type narrowLayout struct{}

// Layout gives every object the whole area.
func (narrowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize is the objects' height and the width of "100%".
func (narrowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	m := fyne.NewSize(widgets.TextWidth("100%"), 0)
	for _, o := range objects {
		m.Height = max(m.Height, o.MinSize().Height)
	}
	return m
}
