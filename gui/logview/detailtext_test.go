package logview

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// TestDetailTextLines cuts the detail's Text section into short lines,
// after each newline, never inside an escape or a character, losing
// nothing.
func TestDetailTextLines(t *testing.T) {
	mixed := append(bytes.Repeat([]byte("héllo, wörld \xff\x00\u200b"), 40), "\r\nend"...)
	for _, tc := range []struct {
		name  string
		data  []byte
		lines int // 0: do not check
	}{
		{"a captured KiB of zeros", make([]byte, 1024), 32},
		{"two lines", []byte("TEMP=21.5\r\nTEMP=21.7\r\n"), 2},
		{"mixed", mixed, 0},
		{"every byte", bytes.Repeat([]byte{0xfe, 'a', 0x80}, 100), 0},
	} {
		lines := detailTextLines(tc.data)
		if got := strings.Join(lines, ""); got != payload.RenderText(tc.data) {
			t.Errorf("%s: the lines joined differ from the rendered text:\n%q\n%q", tc.name, got, payload.RenderText(tc.data))
		}
		for i, l := range lines {
			if n := utf8.RuneCountInString(l); n > detailTextWidth {
				t.Errorf("%s: line %d has %d characters; want at most %d: %q", tc.name, i, n, detailTextWidth, l)
			}
			if b, err := payload.ParseEscaped(l); err != nil {
				t.Errorf("%s: line %d %q does not stand alone (%v, %q)", tc.name, i, l, err, b)
			}
		}
		if tc.lines > 0 && len(lines) != tc.lines {
			t.Errorf("%s: %d lines; want %d", tc.name, len(lines), tc.lines)
		}
	}
}

// TestLogDetailShortLines: a row's detail for a captured KiB has no line
// longer than a hex dump's, which a label wraps fast.
func TestLogDetailShortLines(t *testing.T) {
	e := frameRead(0, string(make([]byte, 1024)))
	e.Bytes, e.Truncated = 4096, true
	d := logDetail(&e)
	for i, l := range strings.Split(d, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Fatalf("line %d of the detail has %d characters: %.40q…", i, n, l)
		}
	}
	if !strings.Contains(d, "4096 (first 1024 captured)") || !strings.Contains(d, "000003f0  00 00") {
		t.Errorf("the detail does not say what was captured or dump it all:\n%s", d)
	}
}

// BenchmarkLogDetailSelect selects a row of 2 KiB of bytes and shows its
// detail: text and hex dump.
func BenchmarkLogDetailSelect(b *testing.B) {
	v := frameView(b, FrameSettings{})
	v.Win.SetContent(v.Object())
	v.Win.Resize(fyne.NewSize(700, 500))
	data := make([]byte, 2048)
	for i := range data {
		data[i] = byte(i)
	}
	v.apply(logBatch{rows: []sockets.Event{frameRead(0, string(data)), frameRead(1, "x")}})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.Select(i % 2)
	}
}

// TestLogDetailShowsFirstBytes: the detail of a 16 KiB capture shows its
// first 4 KiB and says how many more Copy and Save have.
func TestLogDetailShowsFirstBytes(t *testing.T) {
	e := frameRead(0, string(bytes.Repeat([]byte("0123456789abcdef"), 1024)))
	e.Bytes, e.Truncated = 20480, true
	d := logDetail(&e)
	for _, want := range []string{"20480 (first 16384 captured)", "00000ff0  30 31 32", "… and 12288 more bytes captured: Copy or Save has them"} {
		if !strings.Contains(d, want) {
			t.Errorf("the detail lacks %q", want)
		}
	}
	if strings.Contains(d, "00001000  ") {
		t.Errorf("the detail dumps past 4 KiB")
	}
}
