package scenario

import (
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/yamlfile"
)

// Codes of the starttls step.
const (
	codeStartTLSProto msg.Code = "yamlStartTLSProto"
	codeStartTLSOnTCP msg.Code = "yamlStartTLSOnTCP"
)

var _ = msg.Define(map[msg.Code]string{
	codeStartTLSProto: "want starttls: smtp, imap, pop3 or ftp, not {Name}",
	codeStartTLSOnTCP: "starttls upgrades a plain exchange: want connect: tcp://host:port, not {URL}",
})

// readStartTLS reads "starttls: smtp".
func (sc *Scenario) readStartTLS(m *yamlfile.Mapping, key string, st *Step) error {
	proto, _, err := m.String(key)
	if err != nil {
		return err
	}
	proto = strings.ToLower(strings.TrimSpace(proto))
	if proto == "" || sockets.CheckStartTLS(proto) != nil {
		return m.Fail(key, codeStartTLSProto, "Name", strconv.Quote(proto))
	}
	if sc.Network != "tcp" {
		return m.Fail(key, codeStartTLSOnTCP, "URL", strconv.Quote(sc.URL()))
	}
	st.arg, st.Text = proto, "starttls "+proto
	return nil
}

// startsTLS reports whether a step upgrades the exchange to TLS.
func (sc *Scenario) startsTLS() bool {
	for _, st := range sc.Steps {
		if st.Kind == StepStartTLS {
			return true
		}
	}
	return false
}

// startTLS runs a starttls step with the scenario's tls: settings.
func (r *runner) startTLS(st *Step) *Failure {
	var cfg sockets.ClientConfig
	clientTLS(&cfg, r.sc.TLS)
	c, ok := r.c.(*sockets.Client)
	if !ok { // parsing allows starttls on tcp:// only
		return failureOf(msg.NewError(codeStartTLSOnTCP, "URL", r.sc.Network+"://"+r.sc.Addr))
	}
	return failureOf(c.StartTLS(r.ctx, st.arg, cfg.TLS))
}
