package scenario

import (
	"strconv"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/yamlfile"
)

// codeProxyNetwork: a proxy: beside a connect: it cannot carry.
const codeProxyNetwork msg.Code = "yamlProxyNetwork"

var _ = msg.Define(map[msg.Code]string{
	codeProxyNetwork: "a proxy carries tcp://, tls://, ws:// and wss:// only, not {URL}; leave proxy: out",
})

// readProxy reads "proxy: socks5://HOST:PORT" (or http://), which the
// scenario's connect goes through.
func (sc *Scenario) readProxy(m *yamlfile.Mapping) error {
	p, ok, err := m.String("proxy")
	if err != nil || !ok {
		return err
	}
	if _, err := sockets.ParseProxy(p); err != nil {
		return m.FailWith("proxy", yamlfile.Problem(err))
	}
	switch sc.Network {
	case "tcp", "tls", "ws", "wss":
	default:
		return m.Fail("proxy", codeProxyNetwork, "URL", strconv.Quote(sc.URL()))
	}
	sc.Proxy = p
	return nil
}
