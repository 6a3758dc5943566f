package gui

import (
	"math"
	"regexp"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusLine is one side's counters in the status bar ("Server: 1 client
// · in 2.0 KiB (2 reads) · ..."): a title and its parts, shown whole when
// there is room and otherwise shortened by words, never by cutting a
// figure (see statusVariants).
type statusLine struct {
	title string
	parts []string
}

// text is the whole line.
func (l statusLine) text() string {
	return strings.TrimSpace(l.title + " " + strings.Join(l.parts, " · "))
}

// countWords is "(2 reads)", "(3 datagrams)", "(2 lần đọc)": a count and
// what it counts, in brackets.
var countWords = regexp.MustCompile(`\((\d[\d.,]*) [^)]*\)`)

// statusVariants returns l's text from the longest to the shortest, each
// keeping every figure whole: in full; without the words after a count in
// brackets ("(2)"); without the title too; and the figures alone, with the
// unit or noun right after each ("2.0 KiB", "1 client", "0.231 ms"). It
// works on the translated text, so any figure added to a line (and any
// language) goes through it.
func statusVariants(l statusLine) []string {
	short := make([]string, len(l.parts))
	figures := make([]string, len(l.parts))
	for i, p := range l.parts {
		short[i] = countWords.ReplaceAllString(p, "($1)")
		figures[i] = figuresOnly(short[i])
	}
	out := []string{
		l.text(),
		statusLine{l.title, short}.text(),
		statusLine{"", short}.text(),
		statusLine{"", figures}.text(),
	}
	// Drop repeats, so the layout measures each text once.
	n := 1
	for _, v := range out[1:] {
		if v != out[n-1] {
			out[n] = v
			n++
		}
	}
	return out[:n]
}

// figuresOnly keeps the words of s that hold a digit, the word after one
// that ends in a digit (its unit: "KiB", "ms", "client") and the "·"
// between figures.
func figuresOnly(s string) string {
	var kept []string
	prevEndsInDigit := false
	for _, w := range strings.Fields(s) {
		if w == "·" {
			if len(kept) > 0 && kept[len(kept)-1] != w {
				kept = append(kept, w)
			}
			prevEndsInDigit = false
			continue
		}
		digit := strings.IndexFunc(w, unicode.IsDigit) >= 0
		if digit || prevEndsInDigit {
			kept = append(kept, w)
		}
		last := []rune(w)[len([]rune(w))-1]
		prevEndsInDigit = digit && unicode.IsDigit(last)
	}
	if len(kept) > 0 && kept[len(kept)-1] == "·" {
		kept = kept[:len(kept)-1]
	}
	return strings.Join(kept, " ")
}

// statusTextWidth is the width a caption-sized label needs to show text
// whole (as labelTextWidth).
func statusTextWidth(l *widget.Label, text string) float32 {
	size := theme.Size(l.SizeName)
	w := fyne.MeasureText(text, size, l.TextStyle).Width
	return float32(math.Ceil(float64(w))) + 2*theme.InnerPadding()
}

// countersLayout lays out the server's and the client's counters
// (objects[0] and [1], labels) side by side, each showing the longest of
// its variants that fits: both in half the row when they can, else each
// as wide as its text, shortening both the same amount (statusVariants)
// until they fit. When even the figures alone do not fit side by side,
// the two lines stack, each with the whole row's width, and a line still
// too long wraps between words.
type countersLayout struct {
	bar  *statusBar
	rows int // text rows shown: 1 side by side, more stacked; MinSize's height
}

func (c *countersLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	s := c.bar
	server, client := s.server, s.client
	sv, cv := statusVariants(s.serverLine), statusVariants(s.clientLine)
	pick := func(vs []string, i int) string { return vs[min(i, len(vs)-1)] }
	rowsBefore := c.rows
	for i := range max(len(sv), len(cv)) {
		st, ct := pick(sv, i), pick(cv, i)
		ws, wc := statusTextWidth(server, st), statusTextWidth(client, ct)
		if ws+wc > size.Width {
			continue
		}
		c.rows = 1
		setStatusText(server, st)
		setStatusText(client, ct)
		split := size.Width / 2
		if ws > split || wc > split {
			split = ws
		}
		server.Move(fyne.NewPos(0, 0))
		server.Resize(fyne.NewSize(split, size.Height))
		client.Move(fyne.NewPos(split, 0))
		client.Resize(fyne.NewSize(size.Width-split, size.Height))
		c.relayout(rowsBefore)
		return
	}
	texts := []string{fitOrWrap(server, sv, size.Width), fitOrWrap(client, cv, size.Width)}
	c.rows = 0
	for _, t := range texts {
		c.rows += strings.Count(t, "\n") + 1
	}
	y := float32(0)
	for i, l := range []*widget.Label{server, client} {
		setStatusText(l, texts[i])
		h := size.Height * float32(strings.Count(texts[i], "\n")+1) / float32(c.rows)
		l.Move(fyne.NewPos(0, y))
		l.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
	c.relayout(rowsBefore)
}

// relayout has the status bar laid out again when its rows changed: its
// height changes with them.
func (c *countersLayout) relayout(rowsBefore int) {
	if c.rows != rowsBefore && rowsBefore != 0 {
		c.bar.row.Refresh()
	}
}

// fitOrWrap returns the longest of vs that fits width in l, else the
// shortest broken into lines between words.
func fitOrWrap(l *widget.Label, vs []string, width float32) string {
	for _, v := range vs {
		if statusTextWidth(l, v) <= width {
			return v
		}
	}
	var lines []string
	line := ""
	for _, w := range strings.Fields(vs[len(vs)-1]) {
		if line != "" && statusTextWidth(l, line+" "+w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

func (c *countersLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	l := c.bar.server
	one := fyne.MeasureText("0", theme.Size(l.SizeName), l.TextStyle).Height + 2*theme.InnerPadding()
	m := objects[0].MinSize().Max(objects[1].MinSize())
	m.Height = max(m.Height, one)
	if c.rows > 1 {
		m.Height = one*float32(c.rows) - 2*theme.InnerPadding()*float32(c.rows-1)
	}
	return m
}

// setStatusText changes l's text only when it differs.
func setStatusText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}
