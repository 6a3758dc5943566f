package bench

import (
	"encoding/json"
	"errors"
	"math"
	"time"
)

// Result is what a run measured. A round trip is one message sent and echoed.
type Result struct {
	Network, Addr string
	Conns         int           // connections that were dialled successfully
	Size          int           // bytes per message
	Elapsed       time.Duration // from the first send to the end of the last round trip
	RoundTrips    uint64        // completed round trips
	BytesSent     uint64        // bytes sent, all connections together
	BytesReceived uint64        // bytes received, all connections together
	Errors        uint64        // failed dials, timeouts, resets, wrong echoes
	FirstError    error         // the first of those, or nil

	Min, Mean, P50, P99, Max time.Duration // P50 and P99 within 1.6 %, the others exact
}

// Throughput returns megabytes (10^6 bytes) a second, sent plus received.
func (r Result) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.BytesSent+r.BytesReceived) / r.Elapsed.Seconds() / 1e6
}

// RoundTripsPerSec returns completed round trips (messages echoed) per second.
func (r Result) RoundTripsPerSec() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.RoundTrips) / r.Elapsed.Seconds()
}

// resultJSON's names are read by scripts: only ever add to them.
type resultJSON struct {
	Network        string  `json:"network"`
	Addr           string  `json:"addr"`
	Connections    int     `json:"connections"`
	Size           int     `json:"size"`
	ElapsedSec     float64 `json:"elapsed_s"`
	Messages       uint64  `json:"messages"`
	MessagesPerSec float64 `json:"messages_per_s"`
	BytesSent      uint64  `json:"bytes_sent"`
	BytesReceived  uint64  `json:"bytes_received"`
	MBPerSec       float64 `json:"mb_per_s"` // sent plus received, 10^6 bytes per second
	MinUs          float64 `json:"latency_min_us"`
	MeanUs         float64 `json:"latency_mean_us"`
	P50Us          float64 `json:"latency_p50_us"`
	P99Us          float64 `json:"latency_p99_us"`
	MaxUs          float64 `json:"latency_max_us"`
	Errors         uint64  `json:"errors"`
	FirstError     string  `json:"first_error,omitempty"`
}

// MarshalJSON writes r as one object: durations in seconds (elapsed_s) and
// microseconds (latency_*_us), and first_error when there was one.
func (r Result) MarshalJSON() ([]byte, error) {
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	j := resultJSON{
		Network: r.Network, Addr: r.Addr, Connections: r.Conns, Size: r.Size,
		ElapsedSec: r.Elapsed.Seconds(), Messages: r.RoundTrips, MessagesPerSec: r.RoundTripsPerSec(),
		BytesSent: r.BytesSent, BytesReceived: r.BytesReceived, MBPerSec: r.Throughput(),
		MinUs: us(r.Min), MeanUs: us(r.Mean), P50Us: us(r.P50), P99Us: us(r.P99), MaxUs: us(r.Max),
		Errors: r.Errors,
	}
	if r.FirstError != nil {
		j.FirstError = r.FirstError.Error()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON wrote, except the rates, which follow
// from the counts.
func (r *Result) UnmarshalJSON(b []byte) error {
	var j resultJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	d := func(sec float64) time.Duration { return time.Duration(math.Round(sec * float64(time.Second))) }
	us := func(v float64) time.Duration { return time.Duration(math.Round(v * float64(time.Microsecond))) }
	*r = Result{
		Network: j.Network, Addr: j.Addr, Conns: j.Connections, Size: j.Size,
		Elapsed: d(j.ElapsedSec), RoundTrips: j.Messages, BytesSent: j.BytesSent, BytesReceived: j.BytesReceived,
		Errors: j.Errors, Min: us(j.MinUs), Mean: us(j.MeanUs), P50: us(j.P50Us), P99: us(j.P99Us), Max: us(j.MaxUs),
	}
	if j.FirstError != "" {
		r.FirstError = errors.New(j.FirstError)
	}
	return nil
}
