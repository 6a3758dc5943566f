package logview

import (
	"bytes"
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// Frames: a device writes "TEMP=21.5\r\n" in three pieces and the log
// shows three rows, none of them the message. As serial tools do, the log
// can show received data joined and cut into frames instead: by an idle gap
// (reads of one connection less than Gap apart join) or by a delimiter (a
// row ends after each one). It is display only, for the whole log: the
// model keeps every read, saves write them, the sequence diagram and the
// engine's counters see them as they came. Sent data is never split.

// FrameMode is how the log shows received data.
type FrameMode int

// Frame modes.
const (
	FramesAsRead      FrameMode = iota // one row per read, as the engine reported it
	FramesByGap                        // reads less than Gap apart join into one row
	FramesByDelimiter                  // a row ends after each Delimiter; a tail shows after Gap idle
)

var frameModeNames = []string{FramesAsRead: "read", FramesByGap: "gap", FramesByDelimiter: "delimiter"}

// String returns the mode's stable name, as the preferences keep it.
func (m FrameMode) String() string {
	if m >= 0 && int(m) < len(frameModeNames) {
		return frameModeNames[m]
	}
	return frameModeNames[FramesAsRead]
}

// ParseFrameMode reads a mode's stable name; anything else is FramesAsRead.
func ParseFrameMode(s string) FrameMode {
	if i := slices.Index(frameModeNames, s); i >= 0 {
		return FrameMode(i)
	}
	return FramesAsRead
}

// FrameSettings say how the log shows received data.
type FrameSettings struct {
	Mode FrameMode
	// Gap: with FramesByGap, a longer pause between reads starts a new
	// row; with FramesByDelimiter, how long a tail without a delimiter
	// waits for more before it shows.
	Gap       time.Duration
	Delimiter []byte // with FramesByDelimiter: what ends a frame
}

// Bounds and defaults of the frame settings.
const (
	DefaultFrameGap = 100 * time.Millisecond
	FrameGapMin     = time.Millisecond
	FrameGapMax     = 10 * time.Second
	// frameMaxBytes ends a frame that grows past it: a stream with no
	// pause or delimiter would otherwise never show.
	frameMaxBytes = 64 << 10
)

// DefaultFrameDelimiter is the delimiter offered first, as typed.
const DefaultFrameDelimiter = `\r\n`

// ParseFrameGap reads an idle gap as typed: a number of milliseconds
// ("20") or a Go duration ("20ms", "0.5s"), from 1 ms to 10 s.
func ParseFrameGap(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New(i18n.Tr("hint.frameGapEmpty"))
	}
	var d time.Duration
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 0 || f > float64(FrameGapMax/time.Millisecond) {
			return 0, errors.New(i18n.Tr("hint.frameGapRange"))
		}
		d = time.Duration(f * float64(time.Millisecond))
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, errors.New(i18n.Trf("hint.frameGapForm", i18n.Args{"Value": s}))
	}
	if d < FrameGapMin || d > FrameGapMax {
		return 0, errors.New(i18n.Tr("hint.frameGapRange"))
	}
	return d, nil
}

// ParseFrameDelimiter reads a delimiter as typed: text with the client's
// escapes (`\r\n`, `\x03`) or, with hex, hex pairs ("0D 0A").
func ParseFrameDelimiter(s string, hex bool) ([]byte, error) {
	if strings.TrimSpace(s) == "" && (hex || s == "") {
		return nil, errors.New(i18n.Tr("hint.frameDelimEmpty"))
	}
	f := LogContentFormat(hex)
	b, err := payload.Parse(s, f, payload.EOLNone)
	if err != nil {
		// In the language in use: a form shows a validator's error as is.
		return nil, errors.New(widgets.FormatLabel(f) + ": " + i18n.SyntaxText(err))
	}
	if len(b) == 0 {
		return nil, errors.New(i18n.Tr("hint.frameDelimEmpty"))
	}
	return b, nil
}

// frameConn is the connection a read came on: the reads of one join.
type frameConn struct {
	side                         sockets.Side
	name, network, local, remote string
}

func frameConnOf(e *sockets.Event) frameConn {
	return frameConn{e.Side, e.Name, e.Network, e.Local, e.Remote}
}

// frame is a row of received data being gathered, or one ready to show.
type frame struct {
	event    sockets.Event // the first read's, with the frame's bytes
	reads    int           // reads it took bytes from
	last     time.Time     // the newest read's time
	rawFirst uint64        // sequence numbers in the model of the first and newest reads
	rawLast  uint64
	missing  int // bytes read but not captured: a truncated read's last
}

// frameRow is what the splitter hands the view: a row to show, and for a
// frame, how many reads it joined and which.
type frameRow struct {
	event             sockets.Event
	reads             int // 0 for any row but a frame of received data
	rawFirst, rawLast uint64
}

// frameSplitter turns the log's events, in order, into the rows to show:
// received data joined and cut into frames, anything else as it is. Its
// clock is the events' times and the now given to flush, so tests choose
// theirs. It is not safe for concurrent use.
type frameSplitter struct {
	set  FrameSettings
	open map[frameConn]*frame
}

func (s *frameSplitter) reset() { s.open = nil }

// add looks at event e, the model's row seq, and appends to out the rows
// that are ready.
func (s *frameSplitter) add(e *sockets.Event, seq uint64, out []frameRow) []frameRow {
	switch {
	case e.Kind == sockets.KindGap:
		// Events were lost: a frame must not join across them.
		out = s.flushAll(out)
	case e.Kind == sockets.KindStopped:
		out = s.flushWhere(out, func(c frameConn) bool { return c.side == e.Side && c.local == e.Local })
	case e.Kind == sockets.KindDisconnected || e.Kind == sockets.KindHalfClose || e.Kind == sockets.KindError:
		// The peer's data ended: what was gathered shows before the end.
		// A send does not cut a frame: an echo or a reply may come
		// between the pieces of what the peer sends.
		if f := s.open[frameConnOf(e)]; f != nil {
			out = s.emit(out, f)
		}
	}
	if e.Kind != sockets.KindReceived {
		return append(out, frameRow{event: *e, rawFirst: seq, rawLast: seq})
	}
	c := frameConnOf(e)
	f := s.open[c]
	if f != nil && e.Time.Sub(f.last) >= s.set.Gap {
		out = s.emit(out, f)
		f = nil
	}
	if f == nil {
		f = s.start(e, seq, e.Data)
	} else {
		f.event.Data = append(f.event.Data, e.Data...)
		f.reads++
	}
	f.last, f.rawLast = e.Time, seq
	if s.set.Mode == FramesByDelimiter {
		f, out = s.cut(f, e, seq, len(e.Data), out)
	}
	if f == nil {
		return out
	}
	if e.Truncated {
		// The bytes not captured come last, and may hold delimiters:
		// what follows starts a new frame.
		f.missing = e.Bytes - len(e.Data)
		return s.emit(out, f)
	}
	if len(f.event.Data) >= frameMaxBytes {
		return s.emit(out, f)
	}
	return out
}

// start opens a frame for connection of e with the bytes data.
func (s *frameSplitter) start(e *sockets.Event, seq uint64, data []byte) *frame {
	f := &frame{event: *e, reads: 1, last: e.Time, rawFirst: seq, rawLast: seq}
	f.event.Data = append([]byte(nil), data...)
	f.event.Truncated = false
	if s.open == nil {
		s.open = map[frameConn]*frame{}
	}
	s.open[frameConnOf(e)] = f
	return f
}

// cut ends f after each delimiter in it, looking only where the newest
// n bytes (of read e) could complete one. It returns the frame still open,
// or nil.
func (s *frameSplitter) cut(f *frame, e *sockets.Event, seq uint64, n int, out []frameRow) (*frame, []frameRow) {
	d := s.set.Delimiter
	from := max(0, len(f.event.Data)-n-len(d)+1)
	for {
		i := bytes.Index(f.event.Data[from:], d)
		if i < 0 {
			return f, out
		}
		end := from + i + len(d)
		rest := f.event.Data[end:]
		f.event.Data = f.event.Data[:end:end]
		out = s.emit(out, f)
		if len(rest) == 0 {
			return nil, out
		}
		f = s.start(e, seq, rest)
		from = 0
	}
}

// emit closes f and appends its row.
func (s *frameSplitter) emit(out []frameRow, f *frame) []frameRow {
	delete(s.open, frameConnOf(&f.event))
	e := f.event
	e.Bytes = len(e.Data) + f.missing
	e.Truncated = f.missing > 0
	return append(out, frameRow{event: e, reads: f.reads, rawFirst: f.rawFirst, rawLast: f.rawLast})
}

// flush appends the frames idle for Gap at now, oldest first.
func (s *frameSplitter) flush(now time.Time, out []frameRow) []frameRow {
	return s.flushWhere(out, func(c frameConn) bool { return !now.Before(s.open[c].last.Add(s.set.Gap)) })
}

// flushAll appends every frame still open, oldest first.
func (s *frameSplitter) flushAll(out []frameRow) []frameRow {
	return s.flushWhere(out, func(frameConn) bool { return true })
}

func (s *frameSplitter) flushWhere(out []frameRow, ready func(frameConn) bool) []frameRow {
	var due []*frame
	for c, f := range s.open {
		if ready(c) {
			due = append(due, f)
		}
	}
	slices.SortFunc(due, func(a, b *frame) int { return cmp.Compare(a.rawFirst, b.rawFirst) })
	for _, f := range due {
		out = s.emit(out, f)
	}
	return out
}

// next returns when the first open frame is due to show; false if none
// is open.
func (s *frameSplitter) next() (time.Time, bool) {
	var due time.Time
	for _, f := range s.open {
		if t := f.last.Add(s.set.Gap); due.IsZero() || t.Before(due) {
			due = t
		}
	}
	return due, !due.IsZero()
}
