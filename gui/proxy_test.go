package gui

import (
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/internal/testpeers"
	"github.com/sockettester/sockettester/sockets"
)

// TestClientThroughProxy types a SOCKS5 proxy under Advanced and connects
// to our own server by name through microsocks: the log says the tunnel is
// up and the echo comes back. A wrong password is the proxy's refusal in
// the log, in English and Vietnamese, with the typed proxy kept; a proxy
// address that is not one is said beside the field and Connect is off.
func TestClientThroughProxy(t *testing.T) {
	socks := testpeers.Microsocks(t, "user", "pass")
	h := newAppHarness(t)
	port := h.startServer()
	c := h.mw.client
	retype(c.Host, "localhost")
	retype(c.Port, strconv.Itoa(port))
	c.Frame.SetAdvanced(true)
	proxy := "socks5://user:pass@" + socks
	retype(c.Proxy.Field, proxy)
	if got := h.app.Preferences().String(panes.KeyClientProxy); got != proxy {
		t.Fatalf("pref %s = %q; want %q", panes.KeyClientProxy, got, proxy)
	}
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	h.waitFor("the tunnel row", func() bool {
		for _, r := range h.mw.log.Rows() {
			if r.Side == sockets.SideClient && r.Kind == sockets.KindInfo &&
				logview.LogMessage(&r) == "tunnel to localhost:"+strconv.Itoa(port)+" open through socks5://user:xxxxx@"+socks {
				return true
			}
		}
		return false
	})
	retype(&c.Editor.Entry, "via socks")
	test.Tap(c.SendBtn)
	h.waitFor("the echo's row", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("via socks")) })
	test.Tap(c.ConnectBtn) // disconnect
	h.waitFor("the client to be idle", func() bool { return c.State == panes.ClientIdle })

	wrong := "socks5://user:nope@" + socks
	retype(c.Proxy.Field, wrong)
	test.Tap(c.ConnectBtn)
	h.waitFor("the refusal's row", func() bool {
		_, ok := h.errorRow("the proxy refused the user name or password")
		return ok && c.State == panes.ClientIdle
	})
	row, _ := h.errorRow("the proxy refused the user name or password")
	i18n.UseLanguage(i18n.Vietnamese)
	vi := logview.LogMessage(&row)
	i18n.UseLanguage(i18n.English)
	if !strings.Contains(vi, "proxy đã từ chối tên người dùng hoặc mật khẩu") {
		t.Errorf("in Vietnamese the row says %q; want the refusal translated", vi)
	}
	if c.Proxy.Field.Text != wrong {
		t.Errorf("proxy field %q after the refusal; want %q kept", c.Proxy.Field.Text, wrong)
	}

	retype(c.Proxy.Field, "socks5://127.0.0.1")
	if !c.Proxy.Field.Hint.Visible() || !strings.Contains(c.Proxy.Field.Hint.Text, "socks5://HOST:PORT or http://HOST:PORT") ||
		!c.ConnectBtn.Disabled() || c.Proxy.Field.Text != "socks5://127.0.0.1" {
		t.Fatalf("hint %q (visible %v), connect disabled %v, text %q; want the hint, Connect off, the text kept",
			c.Proxy.Field.Hint.Text, c.Proxy.Field.Hint.Visible(), c.ConnectBtn.Disabled(), c.Proxy.Field.Text)
	}
	// UDP has no proxy: the field is hidden, its text kept, Connect on.
	c.Protocol.SetValue("udp")
	if c.Proxy.Section.Visible() || c.ConnectBtn.Disabled() || c.Proxy.Field.Text != "socks5://127.0.0.1" {
		t.Fatalf("over UDP: proxy shown %v, connect disabled %v, text %q", c.Proxy.Section.Visible(), c.ConnectBtn.Disabled(), c.Proxy.Field.Text)
	}
}
