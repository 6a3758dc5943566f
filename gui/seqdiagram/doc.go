// Package seqdiagram is the sequence diagram beside the log: a ladder of
// lanes (the server, each client, the relay's target) with an arrow per
// message, markers for connects and closes, and bands that fold a burst
// of messages into one row; it exports to PNG and SVG. It follows the log
// view (package logview) and reads the same rows, so the two always agree.
package seqdiagram
