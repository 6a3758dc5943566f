package panes

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// keyServerRcvBuf remembers a UDP server's receive buffer in bytes, as
// typed; "" is the system's default.
const keyServerRcvBuf = "server.rcvbuf"

// rcvBuf is a UDP server's receive buffer size, under Advanced, and the
// line in the pane that tells the size granted and how many datagrams the
// system dropped because the buffer was full.
type rcvBuf struct {
	Field   *widgets.Field
	section *fyne.Container // under Advanced, UDP only
	// Drops shows the drops of a running UDP server and the buffer
	// granted, the count first so that a narrow pane cuts the rest;
	// Advice, under it, what helps. Hidden otherwise.
	Drops, Advice *widget.Label
	Lines         *fyne.Container // Drops and Advice, in the pane
}

// newRcvBuf builds the receive buffer's field; layout puts it under
// Advanced and the drops line under the clients.
func (p *ServerPane) newRcvBuf() *rcvBuf {
	t := p.Texts
	r := &rcvBuf{Field: widgets.NewEntryField(p.Prefs, keyServerRcvBuf, "", p.Update), Drops: widgets.TruncatedLabel(""), Advice: widgets.TruncatedLabel("")}
	t.Placeholder(r.Field.Entry, "server.rcvBufPlaceholder")
	r.Field.OnSubmitted = func(string) { p.OnStart() }
	r.Drops.Importance = widget.WarningImportance
	r.Drops.Hide()
	r.Advice.Importance = widget.LowImportance
	r.Advice.Hide()
	r.Lines = container.NewVBox(r.Drops, r.Advice)
	about := t.Label("server.rcvBufAbout")
	about.Importance = widget.LowImportance
	about.Wrapping = fyne.TextWrapWord
	r.section = container.NewVBox(
		widgets.NewRow(t.Label("server.rcvBuf"), r.Field.Entry, nil),
		r.Field.Hint, about)
	return r
}

// size is the buffer typed: 0 for the system's default.
func (r *rcvBuf) size() (int, error) {
	s := strings.TrimSpace(r.Field.Text)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > sockets.MaxRcvBuf {
		return 0, errors.New(i18n.Trf("hint.rcvBuf", i18n.Args{"Max": sockets.MaxRcvBuf}))
	}
	return n, nil
}

// update shows the field for UDP only, editable while stopped, and the
// drops line of a running UDP server; it returns what keeps the server
// from starting.
func (r *rcvBuf) update(f *paneFrame, network string, stopped bool, srv *sockets.Server) error {
	udp := addr.IsUDP(network)
	widgets.SetVisible(r.section, udp)
	// The receive buffer is the server's only advanced setting so far.
	if !udp && f.Advanced.Visible() {
		f.SetAdvanced(false)
	}
	widgets.SetVisible(f.advBtn, udp)
	widgets.SetEnabled(r.Field, stopped)
	var err error
	if udp {
		_, err = r.size()
	}
	r.Field.Check(err)
	text, dropped := "", uint64(0)
	if udp && srv != nil {
		dropped = srv.Stats().SystemDropped
		text = dropsText(srv.ReceiveBufferNote().IsZero(), i18n.TrMessage(srv.ReceiveBufferNote()), dropped)
	}
	SetText(r.Drops, text)
	widgets.SetVisible(r.Drops, text != "")
	if dropped > 0 {
		SetText(r.Advice, i18n.Tr("server.systemDroppedAdvice"))
	}
	widgets.SetVisible(r.Advice, dropped > 0)
	return err
}

// dropsText is the pane's line: the datagrams the system dropped, if any,
// and the buffer granted, if one was asked for.
func dropsText(noBuffer bool, buffer string, dropped uint64) string {
	var parts []string
	if dropped > 0 {
		parts = append(parts, i18n.Trf("server.systemDropped", i18n.Args{"N": GroupDigits(dropped)}))
	}
	if !noBuffer {
		parts = append(parts, buffer)
	}
	return strings.Join(parts, " · ")
}

// SystemDroppedText is the status bar's short figure of the datagrams the
// system dropped, "" when none were.
func SystemDroppedText(st sockets.Stats) string {
	if st.SystemDropped == 0 {
		return ""
	}
	return i18n.Trf("status.systemDropped", i18n.Args{"N": GroupDigits(st.SystemDropped)})
}

// GroupDigits writes n with its thousands grouped as the language groups
// them: 7,895 in English, 7.895 in Vietnamese.
func GroupDigits(n uint64) string {
	s := strconv.FormatUint(n, 10)
	sep := i18n.Tr("number.thousands")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}
