// Package exchange is the window's view of what went over the wire: the
// event log (a bounded model fed in batches by a drain goroutine, its
// rows, filter, toolbar, follow, selection and saving) and the sequence
// diagram beside it (lanes, arrows, bands and its PNG/SVG export).
//
// Events reach it on the observation path only: LogView.Start drains the
// engine's event queue, batches rows and refreshes at most ~30 times a
// second; the data path never waits for it. Both views read one model, so
// the diagram shows exactly the rows the log keeps.
package exchange
