package bench

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestResultJSON(t *testing.T) {
	r := Result{
		Network: "tcp", Addr: "127.0.0.1:9000", Conns: 2, Size: 64,
		Elapsed: 2 * time.Second, RoundTrips: 1000, BytesSent: 64000, BytesReceived: 64000,
		Errors: 1, FirstError: errors.New("no echo within 2s"),
		Min: 10 * time.Microsecond, Mean: 20500 * time.Nanosecond, P50: 20 * time.Microsecond,
		P99: 90 * time.Microsecond, Max: 1500 * time.Microsecond,
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"network":"tcp","addr":"127.0.0.1:9000","connections":2,"size":64,"elapsed_s":2,` +
		`"messages":1000,"messages_per_s":500,"bytes_sent":64000,"bytes_received":64000,"mb_per_s":0.064,` +
		`"latency_min_us":10,"latency_mean_us":20.5,"latency_p50_us":20,"latency_p99_us":90,"latency_max_us":1500,` +
		`"errors":1,"first_error":"no echo within 2s"}`
	if string(b) != want {
		t.Errorf("JSON\n%s\nwant\n%s", b, want)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.FirstError == nil || back.FirstError.Error() != r.FirstError.Error() {
		t.Errorf("first error back %v, want %v", back.FirstError, r.FirstError)
	}
	back.FirstError, r.FirstError = nil, nil
	if back != r {
		t.Errorf("read back\n%+v\nwant\n%+v", back, r)
	}

	// No first_error when there was none; an empty result is all zeros.
	b, err = json.Marshal(Result{Network: "udp", Addr: "[::1]:9"})
	if err != nil {
		t.Fatal(err)
	}
	want = `{"network":"udp","addr":"[::1]:9","connections":0,"size":0,"elapsed_s":0,"messages":0,"messages_per_s":0,` +
		`"bytes_sent":0,"bytes_received":0,"mb_per_s":0,"latency_min_us":0,"latency_mean_us":0,"latency_p50_us":0,` +
		`"latency_p99_us":0,"latency_max_us":0,"errors":0}`
	if string(b) != want {
		t.Errorf("JSON\n%s\nwant\n%s", b, want)
	}
	if err := json.Unmarshal([]byte(`{"messages":"many"}`), &back); err == nil {
		t.Error("a string for messages was accepted")
	}
}
