package gui

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/replytime"
)

// figure is a number as the status bar writes it: "2107", "1.7", "0.231".
var figure = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// TestStatusBarNeverCutsAFigure lays the status bar out at widths from a
// wide window down to a narrow one, in English and Vietnamese, with the
// counters that were cut at 1100x720 ("out 1.7 MiB (2107 d…", "p99
// 0.3…"): each label's text fits its width whole (so nothing is cut
// with "…"), and every figure of the full line is shown whole, none lost.
func TestStatusBarNeverCutsAFigure(t *testing.T) {
	a := test.NewTempApp(t)
	server := panes.Counts{Network: "tcp", OK: true, Stats: sockets.Stats{BytesIn: 1782579, MsgsIn: 2107, BytesOut: 1782579, MsgsOut: 2107}}
	client := panes.Counts{Network: "udp", OK: true, Stats: sockets.Stats{BytesIn: 1782579, MsgsIn: 2107, BytesOut: 1785000, MsgsOut: 2110}}
	replies := replytime.Summary{Sent: 2110, Replies: 2107, Lost: 3, P50: 231 * time.Microsecond, P99: 312 * time.Microsecond}
	for _, lang := range []string{i18n.English, i18n.Vietnamese} {
		i18n.UseLanguage(lang)
		for _, width := range []float32{1600, 1100, 900, 800, 640, 550, 400, 300} {
			t.Run(fmt.Sprintf("%s/%v", lang, width), func(t *testing.T) {
				s := newStatusBar()
				w := a.NewWindow("")
				defer w.Close()
				w.SetContent(s.Object())
				w.Resize(fyne.NewSize(width, 100))
				s.Set(server, 12, client, replies, true)
				wantServer := figure.FindAllString(s.serverLine.text(), -1)
				wantClient := figure.FindAllString(s.clientLine.text(), -1)
				for _, c := range []struct {
					l    *widget.Label
					want []string
				}{{s.server, wantServer}, {s.client, wantClient}} {
					// A line wrapped between words is measured line by line.
					for _, line := range strings.Split(c.l.Text, "\n") {
						one := widget.NewLabel(line)
						one.SizeName = c.l.SizeName
						if need, have := labelTextWidth(one), c.l.Size().Width; need > have+0.5 {
							t.Errorf("%q needs %v but has %v: it is cut", line, need, have)
						}
					}
					got := figure.FindAllString(c.l.Text, -1)
					if !slices.Equal(got, c.want) {
						t.Errorf("%q shows the figures %q; want all of %q", c.l.Text, got, c.want)
					}
				}
			})
		}
	}
	i18n.UseLanguage(i18n.English)
}
