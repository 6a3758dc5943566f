// Package guitest holds what the tests of several gui packages share.
package guitest

import "time"

// EventTime is the time of the first test event; later events are 1 ms
// apart.
var EventTime = time.Date(2024, 5, 6, 7, 8, 9, 123_000_000, time.Local)
