package gui

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// This file is the client pane's sending half: the payload editor, its
// format and line ending, repeats and the history.

// sendQueueSize bounds how many sends may wait behind a slow one.
const sendQueueSize = 64

// sendJob is one press of Send: data sent count times, interval apart,
// until stop is closed.
type sendJob struct {
	data     []byte
	count    int
	interval time.Duration
	stop     chan struct{}
}

// payloadEditor is the client's multi-line payload entry; the platform's
// shortcut modifier with Return (Ctrl+Enter, Cmd+Enter on macOS) sends.
type payloadEditor struct {
	widget.Entry
	onSend func()
}

func newPayloadEditor(onSend func()) *payloadEditor {
	e := &payloadEditor{onSend: onSend}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapBreak
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut sends on Ctrl+Enter and passes every other shortcut to the
// entry.
func (e *payloadEditor) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok &&
		(cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) &&
		cs.Modifier == fyne.KeyModifierShortcutDefault {
		if e.onSend != nil {
			e.onSend()
		}
		return
	}
	e.Entry.TypedShortcut(s)
}

// newSendWidgets builds the payload editor and the widgets around it.
func (p *clientPane) newSendWidgets() {
	t, prefs := p.texts, p.prefs
	p.eol = newLineEndingChoice(t)
	p.eol.remember(prefs, keyClientLineEnding, payload.EOLNone, func(payload.LineEnding) { p.update() })
	p.editor = newPayloadEditor(p.onSend)
	// Two lines: the panes leave the height to the exchange.
	p.editor.SetMinRowsVisible(2)
	t.placeholder(&p.editor.Entry, "client.payloadPlaceholder")
	p.payload = newField(&p.editor.Entry, prefs, keyClientPayload, demoPayload, p.update)
	p.format = newFormatChoice(t)
	convertOnFormatChange(p.format, p.payload, prefs, keyClientFormat, p.update)
	p.history = widget.NewSelect(nil, p.onHistory)
	t.on(func() {
		p.history.PlaceHolder = tr("client.history")
		p.refreshHistory()
	})

	p.repeat = newEntryField(prefs, keyClientRepeat, "1", p.update)
	p.interval = newEntryField(prefs, keyClientInterval, "1s", p.update)
	p.sendReason = reasonLabel()
	p.sendBtn = t.primary("client.send", theme.MailSendIcon(), p.onSend)
	p.stopRepeatBt = t.button("client.stop", theme.MediaStopIcon(), p.onStopRepeat)
}

// updateSend brings the sending half in line with the state and inputs,
// and says why Send is off when it is.
func (p *clientPane) updateSend() {
	b, payloadErr := p.payloadBytes()
	p.payload.check(payloadErr)
	_, repeatErr := parseRepeat(p.repeat.Text)
	p.repeat.check(repeatErr)
	_, intervalErr := parseInterval(p.interval.Text)
	p.interval.check(intervalErr)
	reason := ""
	switch {
	case p.repeating != nil:
	case p.state != clientConnected:
		reason = tr("client.whyConnect")
	case p.streamEnded || p.endingStream:
		reason = tr("client.whyEnded")
	case payloadErr != nil || repeatErr != nil || intervalErr != nil:
		reason = tr("client.whyFix")
	case len(b) == 0:
		reason = tr("client.whyEmpty")
	}
	setLabelText(p.sendReason, reason)
	setEnabled(p.sendBtn, p.state == clientConnected && p.repeating == nil && reason == "")
	setVisible(p.stopRepeatBt, p.repeating != nil)
	setVisible(p.sendBtn, p.repeating == nil)
}

// onSend queues the payload for the sender goroutine: once, or repeated
// when the repeat count is above 1.
func (p *clientPane) onSend() {
	if p.state != clientConnected || p.jobs == nil {
		return
	}
	if p.repeating != nil {
		return
	}
	for _, f := range []*field{p.payload, p.repeat, p.interval} {
		f.touch()
	}
	b, err := p.payloadBytes()
	if err == nil && len(b) == 0 {
		err = errors.New(tr("client.whyEmpty"))
	}
	if err != nil {
		p.update()
		return
	}
	count, err := parseRepeat(p.repeat.Text)
	if err != nil {
		p.update()
		return
	}
	interval, err := parseInterval(p.interval.Text)
	if err != nil {
		p.update()
		return
	}
	if p.queueSend(b, count, interval) == nil {
		return
	}
	p.hist.Add(historyItem{Text: p.editor.Text, Format: p.format.Value(), LineEnding: p.eol.Value()})
	p.refreshHistory()
	p.update()
}

// queueSend hands b, to be sent count times interval apart, to the
// connection's sender goroutine, and returns the job, or nil (after telling
// the user) when earlier sends still fill the queue. A repeat (count above
// 1) shows Stop until it ends. An interval of 0 sends back to back.
func (p *clientPane) queueSend(b []byte, count int, interval time.Duration) *sendJob {
	job := &sendJob{data: b, count: count, interval: interval, stop: make(chan struct{})}
	select {
	case p.jobs <- job:
	default:
		showInfo(p.win, tr("client.busyTitle"), tr("client.busyText"))
		return nil
	}
	logrus.WithFields(logrus.Fields{"bytes": len(b), "count": count, "interval": interval}).Debug("client send")
	if count > 1 {
		p.repeating = job
	}
	return job
}

// runSender sends the queued jobs in order until c closes.
func (p *clientPane) runSender(c *sockets.Client, jobs <-chan *sendJob) {
	for {
		select {
		case <-c.Done():
			return
		case j := <-jobs:
			_, err := c.SendRepeated(j.stop, j.data, j.count, j.interval)
			p.do(func() { p.jobDone(c, j, err) })
		}
	}
}

// jobDone reports a failed send and ends a finished repeat.
func (p *clientPane) jobDone(c *sockets.Client, j *sendJob, err error) {
	if p.repeating == j {
		p.repeating = nil
	}
	if err != nil && p.client == c && p.state == clientConnected && !p.closed && !endedStreamError(err) {
		showFailure(p.win, trf("client.sendFailed", args{"Addr": p.target}), err)
	}
	if !p.closed {
		p.update()
	}
}

// onStopRepeat ends a repeated send early.
func (p *clientPane) onStopRepeat() {
	p.stopRepeat()
	p.update()
}

func (p *clientPane) stopRepeat() {
	if p.repeating != nil {
		close(p.repeating.stop)
		p.repeating = nil
	}
}

// refreshHistory reloads the history dropdown's choices.
func (p *clientPane) refreshHistory() {
	p.history.SetOptions(p.hist.Labels())
	p.history.ClearSelected()
	setEnabled(p.history, len(p.hist.Items()) > 0)
}

// onHistory fills the editor with a payload sent before.
func (p *clientPane) onHistory(label string) {
	if label == "" {
		return
	}
	for i, l := range p.hist.Labels() {
		if l == label {
			it := p.hist.Items()[i]
			p.format.SetValue(it.Format)
			p.eol.SetValue(it.LineEnding)
			p.editor.SetText(it.Text)
			break
		}
	}
	// Clear the choice so picking the same entry again fills it again.
	p.history.OnChanged = nil
	p.history.ClearSelected()
	p.history.OnChanged = p.onHistory
	p.update()
}
