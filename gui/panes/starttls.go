package panes

import (
	"strings"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// newStartTLSChoice offers TLS from the start or an upgrade by one of the
// engine's STARTTLS protocols, kept under keyClientTLSStartTLS.
func newStartTLSChoice(env Env, onChange func()) *widgets.EnumChoice[string] {
	values := append([]string{""}, sockets.StartTLSProtocols...)
	key := func(v string) string {
		if v == "" {
			return "client.tlsStartTLSOff"
		}
		return ""
	}
	c := widgets.NewEnumChoice(env.Texts, values, key, strings.ToUpper, func(v string) string { return v })
	c.Remember(env.Prefs, keyClientTLSStartTLS, "", func(string) { onChange() })
	return c
}
