package logview

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

func TestLogBatchBounded(t *testing.T) {
	var b logBatch
	for _, r := range logTestRows(0, 25) {
		b.add(r, 5)
	}
	// Trimmed to the newest 5 whenever 10 piled up.
	if got, want := logMsgs(b.rows), logWantMsgs(20, 21, 22, 23, 24); got != want || b.skipped != 20 {
		t.Errorf("batch = %s, skipped %d; want %s, 20", got, b.skipped, want)
	}
	var big logBatch
	for i, r := range logTestRows(0, 400) {
		r.Data = make([]byte, 1<<20)
		r.Kind = sockets.KindReceived
		big.add(r, 1000)
		if big.bytes > logBatchBytes {
			t.Fatalf("after %d rows of 1 MiB the batch holds %d bytes", i+1, big.bytes)
		}
	}
	if big.skipped+uint64(len(big.rows)) != 400 || big.rows[len(big.rows)-1].Msg != "row 399" {
		t.Errorf("big batch: %d rows, skipped %d", len(big.rows), big.skipped)
	}
}

func TestLogBatchCountsGaps(t *testing.T) {
	for _, tc := range []struct {
		event       sockets.Event
		gaps, notSh uint64
	}{
		{sockets.Event{Kind: sockets.KindGap, Skipped: 12, Msg: "12 events not shown"}, 1, 12},
		{sockets.Event{Kind: sockets.KindGap, Skipped: 7}, 1, 7},
		{sockets.Event{Kind: sockets.KindInfo, Msg: "12 events not shown"}, 0, 0},
		{sockets.Event{Kind: sockets.KindError, Msg: "12 events not shown"}, 0, 0},
	} {
		var b logBatch
		b.add(tc.event, 10)
		if b.gaps != tc.gaps || b.notShown != tc.notSh {
			t.Errorf("%s %q: gaps %d, not shown %d; want %d, %d", tc.event.Kind, tc.event.Msg, b.gaps, b.notShown, tc.gaps, tc.notSh)
		}
	}
	// Gap counts outlive the gap rows trimmed away.
	var b logBatch
	b.add(sockets.Event{Kind: sockets.KindGap, Skipped: 5}, 2)
	for _, r := range logTestRows(0, 10) {
		b.add(r, 2)
	}
	b.add(sockets.Event{Kind: sockets.KindGap, Skipped: 3}, 2)
	if b.gaps != 2 || b.notShown != 8 || b.skipped+uint64(len(b.rows)) != 12 {
		t.Errorf("after trimming: gaps %d, not shown %d, rows %d + skipped %d; want 2, 8, 12 in all", b.gaps, b.notShown, len(b.rows), b.skipped)
	}
}

// logTestStart is the fake clock's start in batcher tests.
var logTestStart = time.Date(2024, 5, 6, 7, 0, 0, 0, time.UTC)

func logAt(ms int) time.Time { return logTestStart.Add(time.Duration(ms) * time.Millisecond) }

func TestLogBatcherWaitsForItsTime(t *testing.T) {
	b := newLogBatcher(100)
	if _, ok := b.next(); ok {
		t.Fatal("an empty batcher wants a tick")
	}
	if _, ok := b.take(logAt(1000)); ok {
		t.Fatal("an empty batcher handed out a batch")
	}
	rows := logTestRows(0, 3)
	b.add(rows[0], logAt(0))
	b.add(rows[1], logAt(20)) // the first event sets the time
	if due, ok := b.next(); !ok || !due.Equal(logAt(33)) {
		t.Fatalf("next = %v, %v; want 33 ms", due, ok)
	}
	if _, ok := b.take(logAt(32)); ok {
		t.Fatal("batch handed out before it was due")
	}
	batch, ok := b.take(logAt(33))
	if !ok || logMsgs(batch.rows) != logWantMsgs(0, 1) {
		t.Fatalf("take at 33 ms = %s, %v; want rows 0 and 1", logMsgs(batch.rows), ok)
	}
	// While the UI holds that batch, no second one goes; the batcher keeps
	// collecting and tries again a period later.
	b.add(rows[2], logAt(40))
	if _, ok := b.take(logAt(73)); ok {
		t.Fatal("a second batch went while the UI held the first")
	}
	if due, ok := b.next(); !ok || !due.Equal(logAt(106)) {
		t.Fatalf("next while the UI is busy = %v, %v; want 106 ms", due, ok)
	}
	b.add(logTestRows(3, 1)[0], logAt(80))
	b.done(batch.rows)
	batch, ok = b.take(logAt(106))
	if !ok || logMsgs(batch.rows) != logWantMsgs(2, 3) {
		t.Fatalf("take at 106 ms = %s, %v; want rows 2 and 3", logMsgs(batch.rows), ok)
	}
	// What is left when the drain stops goes at once.
	b.add(logTestRows(4, 1)[0], logAt(107))
	if rest, ok := b.rest(); !ok || logMsgs(rest.rows) != logWantMsgs(4) {
		t.Errorf("rest = %s, %v; want row 4", logMsgs(rest.rows), ok)
	}
	if _, ok := b.rest(); ok {
		t.Error("rest twice gave two batches")
	}
}

// logBatcherRun drives a batcher the way the drain does, on a fake clock
// in 1 ms steps: events from emit arrive, and whenever a batch is due it is
// taken and (after uiDelay) given back. It returns the batches with the
// times they went out and the arrival time of their first event.
type logBatcherRun struct {
	b        *logBatcher
	sent     []logBatch
	at       []int // ms each batch went
	first    []int // ms the first event of each batch arrived
	maxCur   int   // most rows collected at once
	firstCur int   // arrival of the first event in cur, -1 when empty
}

func runLogBatcher(t *testing.T, limit, until, uiDelay int, emit func(ms int) []sockets.Event) *logBatcherRun {
	t.Helper()
	r := &logBatcherRun{b: newLogBatcher(limit), firstCur: -1}
	giveBack := -1
	var held []sockets.Event
	for ms := 0; ms <= until; ms++ {
		if giveBack >= 0 && ms >= giveBack {
			r.b.done(held)
			giveBack = -1
		}
		for _, e := range emit(ms) {
			if r.firstCur < 0 {
				r.firstCur = ms
			}
			r.b.add(e, logAt(ms))
			r.maxCur = max(r.maxCur, len(r.b.cur.rows))
		}
		if due, ok := r.b.next(); ok && !logAt(ms).Before(due) {
			batch, ok := r.b.take(logAt(ms))
			if !ok {
				continue
			}
			if giveBack >= 0 {
				t.Fatalf("at %d ms a second batch went while the UI held one", ms)
			}
			held = batch.rows
			batch.rows = slices.Clone(batch.rows) // done clears the original
			r.sent = append(r.sent, batch)
			r.at = append(r.at, ms)
			r.first = append(r.first, r.firstCur)
			r.firstCur = -1
			giveBack = ms + uiDelay
		}
	}
	return r
}

// TestLogBatcherBusyPace: under a flood the log refreshes every
// logBusyRefreshEvery; quiet again, a single event shows logRefreshEvery
// after it came.
func TestLogBatcherBusyPace(t *testing.T) {
	const flood = 1000 // ms of a screenful every 10 ms
	n := 0
	r := runLogBatcher(t, DefaultLogLimit, 2000, 0, func(ms int) []sockets.Event {
		switch {
		case ms < flood && ms%10 == 0:
			n += LogBusyRows
			return logTestRows(n-LogBusyRows, LogBusyRows)
		case ms == 1500 || ms == 1800: // single events after the flood
			n++
			return logTestRows(n-1, 1)
		}
		return nil
	})
	// Each batch goes exactly its period after its first event: 33 ms at
	// first and after a small batch, 250 ms after a big one.
	every := LogRefreshEvery
	for i, batch := range r.sent {
		if got := time.Duration(r.at[i]-r.first[i]) * time.Millisecond; got != every {
			t.Errorf("batch %d (%d rows) went %v after its first event; want %v", i, len(batch.rows), got, every)
		}
		every = LogRefreshEvery
		if len(batch.rows) >= LogBusyRows {
			every = LogBusyRefreshEvery
		}
	}
	during := 0
	for _, at := range r.at {
		if at < flood {
			during++
		}
	}
	if most := flood/int(LogBusyRefreshEvery/time.Millisecond) + 1; during < 2 || during > most {
		t.Errorf("%d refreshes during a %d ms flood; want 2 to %d", during, flood, most)
	}
	// The single event at 1500 ms follows a big batch, so it waits the busy
	// period; the one at 1800 ms follows a batch of one and shows 33 ms on.
	if k := len(r.at); k < 2 || r.at[k-2] != 1500+int(LogBusyRefreshEvery/time.Millisecond) || r.at[k-1] != 1800+int(LogRefreshEvery/time.Millisecond) {
		t.Errorf("batch times %v; want the last two at 1750 and 1833 ms", r.at)
	}
	total := 0
	for _, batch := range r.sent {
		total += len(batch.rows)
	}
	if total != n {
		t.Errorf("%d rows went to the UI; want all %d", total, n)
	}
}

// TestLogBatcherSteadyPace: a client echoing every 50 ms (a send and its
// echo 1 ms later, small batches that never fold) refreshes every 33 ms for
// its first second, then every LogBusyRefreshEvery; events 200 ms apart
// each show 33 ms after they came, however long they go on.
func TestLogBatcherSteadyPace(t *testing.T) {
	n := 0
	r := runLogBatcher(t, DefaultLogLimit, 3400, 0, func(ms int) []sockets.Event {
		if ms < 3000 && (ms%50 == 0 || ms%50 == 1) {
			n++
			return logTestRows(n-1, 1)
		}
		return nil
	})
	late := 0
	for i := range r.sent {
		wait := r.at[i] - r.first[i]
		switch {
		case r.first[i] < 950 && wait != int(LogRefreshEvery/time.Millisecond):
			t.Errorf("batch at %d ms, in the first second, waited %d ms; want %v", r.at[i], wait, LogRefreshEvery)
		case r.first[i] > 1100 && wait != int(LogBusyRefreshEvery/time.Millisecond):
			t.Errorf("batch at %d ms, steady by then, waited %d ms; want %v", r.at[i], wait, LogBusyRefreshEvery)
		case r.first[i] > 1100:
			late++
		}
	}
	if most := 1900/int(LogBusyRefreshEvery/time.Millisecond) + 1; late < 5 || late > most {
		t.Errorf("%d refreshes after the first second; want 5 to %d", late, most)
	}
	total := 0
	for _, batch := range r.sent {
		total += len(batch.rows)
	}
	if total != n {
		t.Errorf("%d rows went to the UI; want all %d", total, n)
	}

	r = runLogBatcher(t, DefaultLogLimit, 3000, 0, func(ms int) []sockets.Event {
		if ms%200 == 0 {
			return logTestRows(ms/200, 1)
		}
		return nil
	})
	for i := range r.sent {
		if wait := r.at[i] - r.first[i]; wait != int(LogRefreshEvery/time.Millisecond) {
			t.Errorf("an event 200 ms after the last waited %d ms; want %v", wait, LogRefreshEvery)
		}
	}
}

// TestLogBatcherSlowUI floods a batcher whose UI takes 100 ms per batch: at
// most one refresh per logRefreshEvery, one batch out at a time (checked by
// runLogBatcher), and the batch being collected bounded by the limit.
func TestLogBatcherSlowUI(t *testing.T) {
	const (
		events = 100_000
		limit  = 1000
		until  = 2500 // ms
	)
	n := 0
	r := runLogBatcher(t, limit, until+500, 100, func(ms int) []sockets.Event {
		if ms >= until {
			return nil
		}
		k := min(events/until, events-n)
		n += k
		return logTestRows(n-k, k)
	})
	if most := until/int(LogRefreshEvery/time.Millisecond) + 1; len(r.sent) > most {
		t.Errorf("%d refreshes in %d ms; want at most %d", len(r.sent), until, most)
	}
	if r.maxCur > limit+limit/4 {
		t.Errorf("collected %d rows at once; want at most %d", r.maxCur, limit+limit/4)
	}
	var rows, skipped uint64
	for _, batch := range r.sent {
		rows += uint64(len(batch.rows))
		skipped += batch.skipped
		if len(batch.rows) > limit+limit/4 {
			t.Errorf("a batch of %d rows; want at most %d", len(batch.rows), limit+limit/4)
		}
	}
	if rows+skipped != uint64(n) || skipped == 0 {
		t.Errorf("%d rows + %d skipped went out; want %d in all, some skipped", rows, skipped, n)
	}
	if last := r.sent[len(r.sent)-1].rows; last[len(last)-1].Msg != logWantMsgs(n-1) {
		t.Errorf("last row out = %q; want the last event", last[len(last)-1].Msg)
	}
}

// TestLogBatcherTrim lets a flood's buffers go once the batches are back.
func TestLogBatcherTrim(t *testing.T) {
	b := newLogBatcher(1000)
	now := time.Now()
	for i := range 900 {
		b.add(sockets.Event{Kind: sockets.KindInfo, Msg: strconv.Itoa(i)}, now)
	}
	batch, ok := b.take(now.Add(time.Hour))
	if !ok {
		t.Fatal("no batch")
	}
	b.done(batch.rows)
	if cap(b.spare) < 900 {
		t.Fatalf("spare holds %d rows; want the batch's buffer", cap(b.spare))
	}
	b.trim()
	if b.spare != nil || b.cur.rows != nil {
		t.Errorf("after trim: spare cap %d, current cap %d; want both let go", cap(b.spare), cap(b.cur.rows))
	}
	// It collects again afterwards.
	b.add(sockets.Event{Kind: sockets.KindInfo}, now)
	if got, ok := b.take(now.Add(2 * time.Hour)); !ok || len(got.rows) != 1 {
		t.Errorf("after trim: batch of %d rows, %v", len(got.rows), ok)
	}
}
