package widgets

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/payload"
)

func TestParseBind(t *testing.T) {
	tests := []struct {
		in, want string
		exposed  bool
		wantErr  string
	}{
		{"This computer only (127.0.0.1)", "127.0.0.1", false, ""},
		{"All IPv4 interfaces (0.0.0.0)", "0.0.0.0", true, ""},
		{"All IPv6 (::)", "::", true, ""},
		{"Chỉ máy này (127.0.0.1)", "127.0.0.1", false, ""}, // the Vietnamese label, saved by a Vietnamese session
		{"Mọi giao diện IPv4 (0.0.0.0)", "0.0.0.0", true, ""},
		{"localhost", "127.0.0.1", false, ""},
		{"[::1]", "::1", false, ""},
		{" 127.0.0.2 ", "127.0.0.2", false, ""},
		{"", "", false, "choose an address to listen on"},
		{"999.1.1.1", "", false, `"999.1.1.1" is not an IP address to listen on (e.g. 127.0.0.1, ::1 or 0.0.0.0)`},
	}
	for _, tt := range tests {
		got, err := ParseBind(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseBind(%q) error = %v; want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want || addr.Exposed(got) != tt.exposed {
			t.Errorf("parseBind(%q) = %q, %v (exposed %v); want %q (exposed %v)", tt.in, got, err, addr.Exposed(got), tt.want, tt.exposed)
		}
	}
}

func TestParseDurations(t *testing.T) {
	if d, err := ParseTimeout("5s"); err != nil || d != 5*time.Second {
		t.Errorf("parseTimeout(5s) = %v, %v", d, err)
	}
	if d, err := ParseTimeout("2.5"); err != nil || d != 2500*time.Millisecond {
		t.Errorf("parseTimeout(2.5) = %v, %v", d, err)
	}
	for _, bad := range []string{"", "soon", "0", "-1s", "11m", "1e99"} {
		if _, err := ParseTimeout(bad); err == nil {
			t.Errorf("parseTimeout(%q) accepted", bad)
		}
	}
	if d, err := ParseInterval("250ms"); err != nil || d != 250*time.Millisecond {
		t.Errorf("parseInterval(250ms) = %v, %v", d, err)
	}
	for _, bad := range []string{"", "0", "500us", "2h"} {
		if _, err := ParseInterval(bad); err == nil {
			t.Errorf("parseInterval(%q) accepted", bad)
		}
	}
	if n, err := ParseRepeat(" 3 "); err != nil || n != 3 {
		t.Errorf("parseRepeat(3) = %d, %v", n, err)
	}
	for _, bad := range []string{"", "0", "-2", "x", "1000001"} {
		if _, err := ParseRepeat(bad); err == nil {
			t.Errorf("parseRepeat(%q) accepted", bad)
		}
	}
}

func TestParsePayloadMessages(t *testing.T) {
	tests := []struct {
		in      string
		format  payload.Format
		eol     payload.LineEnding
		want    string
		wantErr string
	}{
		{`hi\n`, payload.FormatText, payload.EOLNone, "hi\n", ""},
		{"hi", payload.FormatText, payload.EOLCRLF, "hi\r\n", ""},
		{"de:ad 0xbe", payload.FormatHex, payload.EOLLF, "\xde\xad\xbe\n", ""},
		{"4g", payload.FormatHex, payload.EOLNone, "", `hex: invalid hex digit "g" at position 1`},
		{`a\q`, payload.FormatText, payload.EOLNone, "", `text: unknown escape "\q" at position 1`},
	}
	for _, tt := range tests {
		got, err := ParsePayload(tt.in, tt.format, tt.eol)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("parsePayload(%q, %s) error = %v; want %q", tt.in, tt.format, err, tt.wantErr)
			}
			var se *payload.SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("parsePayload(%q) error %T does not wrap *payload.SyntaxError", tt.in, err)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("parsePayload(%q, %s, %s) = %q, %v; want %q", tt.in, tt.format, tt.eol, got, err, tt.want)
		}
	}
}

// TestErrorText checks what a failed connect and a failed listen read
// as, from their codes, in English and Vietnamese.
func TestErrorText(t *testing.T) {
	port := guitest.ClosedLoopbackPort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	_, refused := sockets.Dial(context.Background(), sockets.ClientConfig{Addr: addr, Timeout: 5 * time.Second})
	if refused == nil {
		t.Skip("something listens on the closed port")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	srv := sockets.NewServer(sockets.ServerConfig{Addr: ln.Addr().String()})
	inUse := srv.Start()
	if inUse == nil {
		srv.Stop()
		t.Fatal("second listen on the same port succeeded")
	}
	for _, c := range []struct {
		lang string
		err  error
		want string
	}{
		{i18n.English, refused, "connection refused (nothing is listening on that port)"},
		{i18n.Vietnamese, refused, "kết nối bị từ chối (không có chương trình nào lắng nghe ở cổng đó)"},
		{i18n.English, inUse, "address already in use (another program is using this port)"},
		{i18n.Vietnamese, inUse, "địa chỉ đang được dùng (một chương trình khác đang dùng cổng này)"},
		{i18n.Vietnamese, errors.New("plain"), "plain"},
	} {
		i18n.UseLanguage(c.lang)
		if got := i18n.TrError(c.err); got != c.want {
			t.Errorf("in %s, %q reads %q; want %q", c.lang, c.err, got, c.want)
		}
	}
	i18n.UseLanguage(i18n.English)
}

func FuzzParseBind(f *testing.F) {
	for _, s := range append([]string{"", "localhost", "::1", "999.1.1.1", "[::]"}, BindOptions()...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseBind(s)
		if err != nil {
			return
		}
		if again, err := addr.ParseListenIP(a); err != nil || again != a {
			t.Fatalf("parseBind(%q) = %q, which reads back as %q, %v", s, a, again, err)
		}
	})
}

func FuzzParseDurations(f *testing.F) {
	for _, s := range []string{"5s", "1", "0.5", "", "1e308", "-1", "NaN", "Inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseTimeout(s); err == nil && (d <= 0 || d > 10*time.Minute) {
			t.Fatalf("parseTimeout(%q) = %v", s, d)
		}
		if d, err := ParseInterval(s); err == nil && (d < time.Millisecond || d > time.Hour) {
			t.Fatalf("parseInterval(%q) = %v", s, d)
		}
		if n, err := ParseRepeat(s); err == nil && (n < 1 || n > maxRepeat) {
			t.Fatalf("parseRepeat(%q) = %d", s, n)
		}
	})
}
