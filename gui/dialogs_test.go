package gui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// TestDialogsCloseWithKeys closes an error dialog with Enter and an
// information dialog with Escape, even while an entry had the focus, and
// checks that the keys reach the window again afterwards.
func TestDialogsCloseWithKeys(t *testing.T) {
	h := newAppHarness(t)
	c := h.win.Canvas()
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		c.Focus(h.mw.client.Editor)
		widgets.ShowFailure(h.win, "Could not connect", errors.New("connection refused"))
		if c.Overlays().Top() == nil {
			t.Fatal("no dialog")
		}
		if c.Focused() != nil {
			t.Errorf("%v: the editor kept the focus behind the dialog", key)
		}
		c.OnTypedKey()(&fyne.KeyEvent{Name: key})
		if c.Overlays().Top() != nil {
			t.Errorf("%v did not close the dialog", key)
		}
		// The window's own handler is back: F11 toggles the presentation
		// view.
		if c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF11}); !h.mw.present.on {
			t.Errorf("%v: the dialog's key handler stayed", key)
		}
		h.mw.setPresentation(false)
	}
	widgets.ShowInfo(h.win, "Title", "Message")
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Overlays().Top() != nil {
		t.Error("Escape did not close the information dialog")
	}
}

// TestFormatSwitchConverts switches each payload between Text and Hex: a
// valid payload is converted (hello <-> 68 65 6c 6c 6f), an invalid one is
// kept as typed.
func TestFormatSwitchConverts(t *testing.T) {
	h := newAppHarness(t)
	c, s := h.mw.client, h.mw.server
	retype(c.Payload, `hello\r\n`)
	c.Format.SetValue(payload.FormatHex)
	if c.Editor.Text != "68 65 6c 6c 6f 0d 0a" {
		t.Errorf("Text to Hex: %q", c.Editor.Text)
	}
	c.Format.SetValue(payload.FormatText)
	if c.Editor.Text != `hello\r\n` {
		t.Errorf("Hex to Text: %q", c.Editor.Text)
	}
	c.Format.SetValue(payload.FormatHex)
	retype(c.Payload, "6g")
	c.Format.SetValue(payload.FormatText)
	if c.Editor.Text != "6g" {
		t.Errorf("an invalid hex payload became %q; want it kept", c.Editor.Text)
	}
	for _, p := range []struct {
		f      *widgets.Field
		format *widgets.EnumChoice[payload.Format]
		setup  func()
	}{{s.Payload, s.PayloadFormat, nil}, {s.Reply, s.ReplyFormat, func() { s.Mode.SetValue(sockets.ModeReply) }}} {
		if p.setup != nil {
			p.setup()
		}
		retype(p.f, "hello")
		p.format.SetValue(payload.FormatHex)
		if p.f.Text != "68 65 6c 6c 6f" {
			t.Errorf("server payload Text to Hex: %q", p.f.Text)
		}
		p.format.SetValue(payload.FormatText)
		if p.f.Text != "hello" {
			t.Errorf("server payload Hex to Text: %q", p.f.Text)
		}
	}
}
