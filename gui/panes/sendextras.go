package panes

import (
	"encoding/binary"
	"image/color"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/tmpl"
)

// Sends with values and checksums: a client payload may hold {{counter}},
// {{time}}, {{unixtime}} and {{random:N}}, filled for each send, and a
// checksum chosen beside it is appended to each send, computed over that
// send's own bytes. The server's fixed reply takes a checksum too.

// Preference keys of the checksum choices: they keep the checksum's name as
// checksum.Parse reads it ("crc16-modbus", "crc32:le") or SumNone, never a
// label.
const (
	KeyClientAppend      = "client.append"
	KeyServerReplyAppend = "server.replyAppend"
)

// SumNone is the checksum choice that appends nothing.
const SumNone = "none"

// previewMax bounds how many characters of the next send the preview shows.
const previewMax = 60

// sumValues are the checksum choices: none, then each checksum in its usual
// byte order and, for those of more than one byte, in the other.
func sumValues() []string {
	out := []string{SumNone}
	for _, a := range checksum.Algos {
		out = append(out, a.Name)
		if a.Size > 1 {
			other := checksum.Spec{Algo: a, Order: binary.LittleEndian}
			if a.Order == binary.LittleEndian {
				other.Order = binary.BigEndian
			}
			out = append(out, other.String())
		}
	}
	return out
}

// newSumChoice is a choice of the checksum to append, kept in prefs under
// key by name (a dialog's, with nil t and prefs, is kept nowhere); onChange
// runs after each choice.
func newSumChoice(t *widgets.Texts, prefs fyne.Preferences, key string, onChange func()) *widgets.EnumChoice[string] {
	c := widgets.NewEnumChoice(t, sumValues(), func(v string) string {
		if v == SumNone {
			return "sum.none"
		}
		return ""
	}, func(v string) string { return "+ " + logview.ChecksumLabel(v) }, func(v string) string { return v })
	if prefs == nil {
		c.Select.OnChanged = func(string) {
			if onChange != nil {
				onChange()
			}
		}
		return c
	}
	c.Remember(prefs, key, SumNone, func(string) {
		if onChange != nil {
			onChange()
		}
	})
	return c
}

// sumSpec is the checksum a choice names; nil for none.
func sumSpec(name string) *checksum.Spec {
	if name == "" || name == SumNone {
		return nil
	}
	sp, err := checksum.Parse(name)
	if err != nil {
		return nil
	}
	return &sp
}

// valueFiller makes a payload template's bytes for a given send number. It
// never changes after it is made, so the sender goroutine fills sends while
// the window fills the preview.
type valueFiller struct {
	parts []fillPart
	eol   []byte
}

type fillPart struct {
	lit []byte
	v   tmpl.Value
	val bool // v, not lit
}

// newValueFiller reads text, typed in the text format with eol after it;
// nil when it has no placeholder to fill. A placeholder that is not one of
// the values comes back as the payload's error, naming the values.
func newValueFiller(text string, eol payload.LineEnding) (*valueFiller, error) {
	if !strings.Contains(text, "{{") {
		return nil, nil
	}
	// NewSender says what is wrong with a template as the CLI says it.
	s, err := tmpl.NewSender(text, eol)
	if err != nil {
		return nil, widgets.PayloadError(payload.FormatText, err)
	}
	if s.Static() {
		return nil, nil
	}
	t, err := tmpl.Parse(text)
	if err != nil {
		return nil, widgets.PayloadError(payload.FormatText, err)
	}
	end, err := payload.Parse("", payload.FormatPlain, eol)
	if err != nil {
		return nil, err
	}
	f := &valueFiller{eol: end}
	for _, p := range t {
		if p.Name == "" {
			f.parts = append(f.parts, fillPart{lit: p.Lit})
			continue
		}
		v, _, _ := tmpl.ParseValue(p.Name)
		f.parts = append(f.parts, fillPart{v: v, val: true})
	}
	return f, nil
}

// fill returns send number n's bytes (counting from 1).
func (f *valueFiller) fill(n uint64) []byte {
	var b []byte
	now := time.Now()
	for _, p := range f.parts {
		if p.val {
			b = p.v.Append(b, n, now)
		} else {
			b = append(b, p.lit...)
		}
	}
	return append(b, f.eol...)
}

// clientSend is what one press of Send, or a packet, sends: fixed bytes or
// a template's, made per send, and the checksum after each.
type clientSend struct {
	data   []byte       // every send's bytes, when fill is nil
	fill   *valueFiller // each send's bytes from the tab's counter
	sum    *checksum.Spec
	format payload.Format // how the payload was typed, for the preview
}

// sendExtras is a client pane's part in sends with values and checksums.
type sendExtras struct {
	Sum     *widgets.EnumChoice[string]
	Preview *widget.Label     // what the next send will be
	row     fyne.CanvasObject // the preview's place in the layout
	// count is how many sends this tab's connection made with values: the
	// next {{counter}} is count+1. The sender goroutine advances it.
	count          atomic.Uint64
	previewPending atomic.Bool
}

func (p *ClientPane) newSendExtras() {
	p.Extras.Sum = newSumChoice(p.Texts, p.Prefs, KeyClientAppend, p.Update)
	p.Extras.Preview = widgets.TruncatedLabel("")
	p.Extras.Preview.Importance = widget.LowImportance
	p.Extras.Preview.Hide()
	// A hidden label keeps its size: the row is what hides.
	p.Extras.row = container.NewThemeOverride(p.Extras.Preview, compactTheme{})
	p.Extras.row.Hide()
}

// sumRow is the checksum choice with packets after it, filling the row,
// in the order Tab visits them (NewBorder would put packets first).
func (x *sendExtras) sumRow(packets fyne.CanvasObject) fyne.CanvasObject {
	sum := x.Sum.Object()
	return container.New(layout.NewBorderLayout(nil, nil, sum, nil), sum, packets)
}

// previewRow is the preview, with less padding than a label has: a small
// window has no height to spare for another row under the payload.
func (x *sendExtras) previewRow() fyne.CanvasObject {
	return x.row
}

// compactTheme is the app's theme with a small inner padding.
type compactTheme struct{}

func (compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return fyne.CurrentApp().Settings().Theme().Color(n, v)
}
func (compactTheme) Font(s fyne.TextStyle) fyne.Resource {
	return fyne.CurrentApp().Settings().Theme().Font(s)
}
func (compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return fyne.CurrentApp().Settings().Theme().Icon(n)
}
func (compactTheme) Size(n fyne.ThemeSizeName) float32 {
	s := fyne.CurrentApp().Settings().Theme().Size(n)
	if n == theme.SizeNameInnerPadding {
		return s / 4
	}
	return s
}

// makeSend reads a payload as typed, with its format, line ending and
// checksum's name.
func makeSend(text string, f payload.Format, eol payload.LineEnding, sum string) (clientSend, error) {
	cs := clientSend{sum: sumSpec(sum), format: f}
	if f == payload.FormatText {
		fill, err := newValueFiller(text, eol)
		if err != nil {
			return cs, err
		}
		if fill != nil {
			cs.fill = fill
			return cs, nil
		}
	}
	b, err := widgets.ParsePayload(text, f, eol)
	cs.data = b
	return cs, err
}

// editorSend is what the editor's payload and the checksum chosen send.
func (p *ClientPane) editorSend() (clientSend, error) {
	return makeSend(p.Editor.Text, p.Format.Value(), p.Eol.Value(), p.Extras.Sum.Value())
}

// peek is the next send's bytes before the checksum.
func (p *ClientPane) peek(cs clientSend) []byte {
	if cs.fill == nil {
		return cs.data
	}
	return cs.fill.fill(p.Extras.count.Load() + 1)
}

// nextFunc makes each send's bytes, advancing the tab's counter.
func (p *ClientPane) nextFunc(cs clientSend) func() []byte {
	if cs.fill == nil {
		return func() []byte { return cs.data }
	}
	return func() []byte {
		b := cs.fill.fill(p.Extras.count.Add(1))
		// One preview update at a time, however fast the repeat.
		if p.Extras.previewPending.CompareAndSwap(false, true) {
			p.Do(func() {
				p.Extras.previewPending.Store(false)
				if !p.closed {
					p.updatePreview()
				}
			})
		}
		return b
	}
}

// updatePreview shows what the next send will be, when the payload has
// values or a checksum is chosen: "Next: PING 3 (+ c4 0b)".
func (p *ClientPane) updatePreview() {
	cs, err := p.editorSend()
	show := err == nil && (cs.fill != nil || cs.sum != nil)
	if show {
		b := p.peek(cs)
		text := logview.LogCut(widgets.RenderPayload(b, cs.format), previewMax)
		if cs.sum != nil {
			text += " (+ " + payload.HexString(cs.sum.Sum(b)) + ")"
		}
		logview.SetLabelText(p.Extras.Preview, i18n.Trf("client.next", i18n.Args{"Payload": text}))
	}
	widgets.SetVisible(p.Extras.Preview, show)
	widgets.SetVisible(p.Extras.row, show)
}

// QueueSendOf queues cs, sent count times interval apart, as QueueSend does.
func (p *ClientPane) QueueSendOf(cs clientSend, count int, interval time.Duration) *sendJob {
	return p.queueJob(&sendJob{data: cs.data, next: p.nextFunc(cs), sum: cs.sum, count: count, interval: interval, Stop: make(chan struct{})})
}

// run makes the job's sends on c.
func (j *sendJob) run(c *sockets.Client) (int, error) {
	next := j.next
	if next == nil {
		data := j.data
		next = func() []byte { return data }
	}
	if j.sum != nil {
		return c.SendEachSum(j.Stop, next, *j.sum, j.count, j.interval)
	}
	return c.SendEach(j.Stop, next, j.count, j.interval)
}

// packetSend is what sending pk sends: its payload, with values filled
// from the tab's counter, and its checksum.
func packetSend(pk packets.Packet) (clientSend, error) {
	if err := pk.Validate(); err != nil {
		return clientSend{}, err
	}
	return makeSend(pk.Payload, pk.Format, pk.EOL, packetSum(pk))
}

// packetSum is pk's checksum as a choice's value.
func packetSum(pk packets.Packet) string {
	if sp := sumSpec(pk.Append); sp != nil {
		return sp.String()
	}
	return SumNone
}

// sumName is a choice's value as a packet's append: "" for none.
func sumName(v string) string {
	if v == SumNone {
		return ""
	}
	return v
}

// showSum shows the selected packet's checksum in the manager, without
// changing it.
func (m *packetManager) showSum() {
	pk, ok := m.selected()
	m.Sum.Select.OnChanged = nil
	if ok {
		m.Sum.SetValue(packetSum(pk))
	} else {
		m.Sum.SetValue(SumNone)
	}
	m.Sum.Select.OnChanged = func(string) { m.onSum() }
}

// onSum gives the selected packet the checksum chosen.
func (m *packetManager) onSum() {
	pk, ok := m.selected()
	if !ok {
		return
	}
	pk.Append = sumName(m.Sum.Value())
	if err := m.c.Lib.Put(pk); err != nil {
		widgets.SetHint(m.Problem, err)
		return
	}
	m.changed(m.Sel)
}
