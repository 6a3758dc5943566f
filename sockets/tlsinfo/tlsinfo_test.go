package tlsinfo

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

func TestTLSFailureTexts(t *testing.T) {
	e := Explain(tls.RecordHeaderError{RecordHeader: [5]byte{'G', 'E', 'T', ' ', '/'}}, "127.0.0.1:1", "client", time.Second, time.Now(), nil)
	if e.Reason != NotTLS || !strings.Contains(e.Error(), `the client sent a plain HTTP request: "GET /"`) {
		t.Errorf("client plain bytes: %v", e)
	}
	e = Explain(&net.OpError{Op: "remote error", Err: errors.New("tls: bad certificate")}, "127.0.0.1:1", "client", time.Second, time.Now(), nil)
	if e.Reason != Refused || !strings.Contains(e.Text, "the client refused the handshake (tls: bad certificate): it does not trust this certificate") {
		t.Errorf("client alert: %v", e)
	}
	e = Explain(errors.New("local error: tls: bad record MAC"), "127.0.0.1:1", "client", time.Second, time.Now(), nil)
	if e.Reason != Refused || !strings.Contains(e.Text, "the client broke off the handshake") {
		t.Errorf("OpenSSL client's alert: %v", e)
	}
	e = Explain(io.EOF, "127.0.0.1:1", "client", time.Second, time.Now(), nil)
	if e.Reason != Closed || !strings.Contains(e.Text, "the client hung up during the handshake") {
		t.Errorf("client EOF: %v", e)
	}
	if got := UnknownAuthority.String(); got != "unknown authority" {
		t.Errorf("String() = %q", got)
	}
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]uint16{"1.2": tls.VersionTLS12, "TLS 1.3": tls.VersionTLS13, "tls1.0": tls.VersionTLS10, " 1.1 ": tls.VersionTLS11} {
		if got, err := ParseVersion(in); err != nil || got != want {
			t.Errorf("ParseVersion(%q) = %x, %v; want %x", in, got, err, want)
		}
	}
	if _, err := ParseVersion("1.4"); err == nil || !strings.Contains(err.Error(), `unknown TLS version "1.4"`) {
		t.Errorf("ParseVersion(1.4): %v", err)
	}
}

func TestFingerprintAnddaysLeft(t *testing.T) {
	if got := fingerprint([]byte("abc")); got != "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD" {
		t.Errorf("fingerprint = %s", got)
	}
	now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		at   time.Time
		want int
	}{{now.Add(36 * time.Hour), 1}, {now.Add(time.Hour), 0}, {now.Add(-time.Hour), -1}, {now.Add(-48 * time.Hour), -2}} {
		if got := daysLeft(tt.at, now); got != tt.want {
			t.Errorf("daysLeft(%v) = %d; want %d", tt.at, got, tt.want)
		}
	}
}
