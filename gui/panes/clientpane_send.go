package panes

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/payload"
)

// sendQueueSize bounds how many sends may wait behind a slow one.
const sendQueueSize = 64

// sendJob is one press of Send: data sent count times, interval apart.
type sendJob struct {
	data     []byte
	next     func() []byte  // each send's bytes, when they are made per send (sendextras.go)
	sum      *checksum.Spec // the checksum after each send, or nil
	count    int
	interval time.Duration
	Stop     chan struct{}
}

// payloadEditor is the client's payload entry, made for the keyboard. A
// multi-line widget.Entry keeps Tab (it types a tab), submits on
// Shift+Enter and keeps Escape: a keyboard user is stuck in it. Here Enter
// sends and Shift+Enter starts a new line, Tab and Shift+Tab move the focus
// on and back (a tab is typed as \t), and Escape leaves the field.
// Ctrl+Enter (Cmd+Enter on macOS) sends too.
type payloadEditor struct {
	widget.Entry
	onSend func()
	shift  bool // a Shift key is down
}

func newPayloadEditor(onSend func()) *payloadEditor {
	e := &payloadEditor{onSend: onSend}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapBreak
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab is false: Tab moves the focus, as in every other field.
func (e *payloadEditor) AcceptsTab() bool { return false }

// KeyDown notes Shift, which makes Enter a new line, and passes the key on.
func (e *payloadEditor) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(ev)
}

// KeyUp notes Shift's release and passes the key on.
func (e *payloadEditor) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(ev)
}

// FocusLost forgets Shift: its release goes to whatever has the focus next.
func (e *payloadEditor) FocusLost() {
	e.shift = false
	e.Entry.FocusLost()
}

// TypedKey sends on Enter, leaves the field on Escape, passes the function
// keys to the window, and every other key, and Shift+Enter, to the entry
// (which starts a new line).
func (e *payloadEditor) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !e.shift {
			e.send()
			return
		}
	case fyne.KeyEscape:
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			c.Unfocus()
		}
		return
	case fyne.KeyF1, fyne.KeyF2, fyne.KeyF3, fyne.KeyF4, fyne.KeyF5, fyne.KeyF6,
		fyne.KeyF7, fyne.KeyF8, fyne.KeyF9, fyne.KeyF10, fyne.KeyF11, fyne.KeyF12:
		// An entry has no use for them and would keep them from the window (F11).
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && c.OnTypedKey() != nil {
			c.OnTypedKey()(ev)
		}
		return
	}
	e.Entry.TypedKey(ev)
}

// TypedShortcut sends on Ctrl+Enter, passes Ctrl+1..9 (the panel's
// buttons) to the window, and every other shortcut to the entry.
func (e *payloadEditor) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok &&
		(cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) &&
		cs.Modifier == fyne.KeyModifierShortcutDefault {
		e.send()
		return
	}
	if passToPanel(e, s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

func (e *payloadEditor) send() {
	if e.onSend != nil {
		e.onSend()
	}
}

func (p *ClientPane) newSendWidgets() {
	t, prefs := p.Texts, p.Prefs
	p.Eol = widgets.NewLineEndingChoice(t)
	p.Eol.Remember(prefs, KeyClientLineEnding, payload.EOLNone, func(payload.LineEnding) { p.Update() })
	p.Editor = newPayloadEditor(p.onSend)
	// Two lines: the panes leave the height to the exchange.
	p.Editor.SetMinRowsVisible(2)
	t.Placeholder(&p.Editor.Entry, "client.payloadPlaceholder")
	p.Payload = widgets.NewField(&p.Editor.Entry, prefs, keyClientPayload, demoPayload, p.Update)
	p.Format = widgets.NewFormatChoice(t)
	widgets.ConvertOnFormatChange(p.Format, p.Payload, prefs, KeyClientFormat, p.Update)
	p.History = widget.NewSelect(nil, p.onHistory)
	t.On(func() {
		p.History.PlaceHolder = i18n.Tr("client.history")
		p.refreshHistory()
	})

	p.Repeat = widgets.NewEntryField(prefs, keyClientRepeat, "1", p.Update)
	p.Interval = widgets.NewEntryField(prefs, keyClientInterval, "1s", p.Update)
	p.SendReason = widgets.ReasonLabel()
	p.SendBtn = t.Primary("client.send", theme.MailSendIcon(), p.onSend)
	p.StopRepeatBt = t.Button("client.stop", theme.MediaStopIcon(), p.onStopRepeat)
	p.newSendExtras()
}

// updateSend syncs the sending half with the state and says why Send is off.
func (p *ClientPane) updateSend() {
	cs, payloadErr := p.editorSend()
	b := p.peek(cs)
	p.Payload.Check(payloadErr)
	p.updatePreview()
	_, repeatErr := widgets.ParseRepeat(p.Repeat.Text)
	p.Repeat.Check(repeatErr)
	_, intervalErr := widgets.ParseInterval(p.Interval.Text)
	p.Interval.Check(intervalErr)
	reason := ""
	switch {
	case p.Repeating != nil:
	case p.State != ClientConnected:
		reason = i18n.Tr("client.whyConnect")
	case p.StreamEnded || p.endingStream:
		reason = i18n.Tr("client.whyEnded")
	case p.Files.Send.Sending():
		reason = i18n.Tr("file.whySending") // its pieces would mix with the file's
	case payloadErr != nil || repeatErr != nil || intervalErr != nil:
		reason = i18n.Tr("client.whyFix")
	case len(b) == 0:
		reason = i18n.Tr("client.whyEmpty")
	}
	logview.SetLabelText(p.SendReason, reason)
	widgets.SetEnabled(p.SendBtn, p.State == ClientConnected && p.Repeating == nil && reason == "")
	widgets.SetVisible(p.StopRepeatBt, p.Repeating != nil)
	widgets.SetVisible(p.SendBtn, p.Repeating == nil)
}

// onSend queues the payload for the sender goroutine, repeat count times.
func (p *ClientPane) onSend() {
	if p.State != ClientConnected || p.jobs == nil {
		return
	}
	if p.Repeating != nil {
		return
	}
	for _, f := range []*widgets.Field{p.Payload, p.Repeat, p.Interval} {
		f.Touch()
	}
	cs, err := p.editorSend()
	if err == nil && len(p.peek(cs)) == 0 {
		err = errors.New(i18n.Tr("client.whyEmpty"))
	}
	if err != nil {
		p.Update()
		return
	}
	count, err := widgets.ParseRepeat(p.Repeat.Text)
	if err != nil {
		p.Update()
		return
	}
	interval, err := widgets.ParseInterval(p.Interval.Text)
	if err != nil {
		p.Update()
		return
	}
	if p.QueueSendOf(cs, count, interval) == nil {
		return
	}
	p.Hist.Add(HistoryItem{Text: p.Editor.Text, Format: p.Format.Value(), LineEnding: p.Eol.Value()})
	p.refreshHistory()
	p.Update()
}

// QueueSend hands b, to be sent count times interval apart, to the
// connection's sender goroutine, and returns the job, or nil (after telling
// the user) when earlier sends still fill the queue.
func (p *ClientPane) QueueSend(b []byte, count int, interval time.Duration) *sendJob {
	return p.queueJob(&sendJob{data: b, count: count, interval: interval, Stop: make(chan struct{})})
}

func (p *ClientPane) queueJob(job *sendJob) *sendJob {
	b, count, interval := job.data, job.count, job.interval
	select {
	case p.jobs <- job:
	default:
		widgets.ShowInfo(p.Win, i18n.Tr("client.busyTitle"), i18n.Tr("client.busyText"))
		return nil
	}
	logrus.WithFields(logrus.Fields{"bytes": len(b), "count": count, "interval": interval}).Debug("client send")
	if count > 1 {
		p.Repeating = job
	}
	return job
}

// runSender sends the queued jobs in order until c closes.
func (p *ClientPane) runSender(c *sockets.Client, jobs <-chan *sendJob) {
	for {
		select {
		case <-c.Done():
			return
		case j := <-jobs:
			_, err := j.run(c)
			p.Do(func() { p.jobDone(c, j, err) })
		}
	}
}

// jobDone reports a failed send and ends a finished repeat.
func (p *ClientPane) jobDone(c *sockets.Client, j *sendJob, err error) {
	if p.Repeating == j {
		p.Repeating = nil
	}
	if err != nil && p.Client == c && p.State == ClientConnected && !p.closed && !endedStreamError(err) {
		widgets.ShowFailure(p.Win, i18n.Trf("client.sendFailed", i18n.Args{"Addr": p.target}), err)
	}
	if !p.closed {
		p.Update()
	}
}

func (p *ClientPane) onStopRepeat() {
	p.stopRepeat()
	p.Update()
}

func (p *ClientPane) stopRepeat() {
	if p.Repeating != nil {
		close(p.Repeating.Stop)
		p.Repeating = nil
	}
}

func (p *ClientPane) refreshHistory() {
	p.History.SetOptions(p.Hist.Labels())
	p.History.ClearSelected()
	widgets.SetEnabled(p.History, len(p.Hist.Items()) > 0)
}

func (p *ClientPane) onHistory(label string) {
	if label == "" {
		return
	}
	for i, l := range p.Hist.Labels() {
		if l == label {
			it := p.Hist.Items()[i]
			p.Format.SetValue(it.Format)
			p.Eol.SetValue(it.LineEnding)
			p.Editor.SetText(it.Text)
			break
		}
	}
	// Clear the choice so picking the same entry again fills it again.
	p.History.OnChanged = nil
	p.History.ClearSelected()
	p.History.OnChanged = p.onHistory
	p.Update()
}
