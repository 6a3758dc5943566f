// Package logview is the window's event log: what went over the wire, one
// row per event. A drain goroutine takes the engine's events off the
// observation path and batches them; the UI applies a batch at most ~30
// times a second into a bounded model (oldest rows dropped, the count
// shown). The package also holds the log's rows, filter, toolbar, follow,
// selection and saving (text, CSV, JSON lines), and the memory bounds of
// the whole observation path (bounds.go).
//
// The data path never waits for the log. Other views (the sequence
// diagram) follow the log through its callbacks and read its model, so
// they show exactly the rows the log keeps.
package logview
