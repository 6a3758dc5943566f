package scenario

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets/addr"

	"github.com/sockettester/sockettester/sockets/tmpl"
	"github.com/sockettester/sockettester/sockets/yamlfile"
	"go.yaml.in/yaml/v3"
)

// The keys a scenario, its tls: settings and a step may have.
var (
	scenarioKeys = []string{"name", "connect", "tls", "timeout", "steps"}
	tlsKeys      = []string{"insecure", "sni", "ca", "alpn", "cert", "key"}
	stepOptions  = []string{"save", "timeout"}
)

// Load reads the scenario file at path; see Parse.
func Load(path string) ([]*Scenario, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scenarios: %w", err)
	}
	return Parse(path, src)
}

// Parse reads every scenario in src; file names it in errors and in the
// scenarios. A mistake is a *yamlfile.Error naming file:line:column and
// the key: YAML syntax, an unknown key, a bad regex, bad hex, a bad escape,
// a bad duration, a missing connect, or a {{name}} that no earlier step
// saves.
func Parse(file string, src []byte) ([]*Scenario, error) {
	s, docs, err := yamlfile.Parse(file, src)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, &yamlfile.Error{File: file, Line: 1, Column: 1, Msg: "no scenario in the file: want name, connect and steps"}
	}
	out := make([]*Scenario, 0, len(docs))
	for i, d := range docs {
		sc, err := readScenario(s, d, i)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

// readScenario reads document i.
func readScenario(s *yamlfile.Source, doc *yaml.Node, i int) (*Scenario, error) {
	m, err := s.Mapping(doc, "", scenarioKeys...)
	if err != nil {
		return nil, err
	}
	sc := &Scenario{File: s.File, Line: doc.Line, Name: "scenario " + strconv.Itoa(i+1), Timeout: DefaultTimeout}
	if name, ok, err := m.String("name"); err != nil {
		return nil, err
	} else if ok && strings.TrimSpace(name) != "" {
		sc.Name = name
	}
	if err := sc.readConnect(m); err != nil {
		return nil, err
	}
	if d, ok, err := m.Duration("timeout"); err != nil {
		return nil, err
	} else if ok {
		if d == 0 {
			return nil, m.Errorf("timeout", "a timeout of 0 would fail every expect; give e.g. 2s")
		}
		sc.Timeout = d
	}
	items, ok, err := m.List("steps")
	switch {
	case err != nil:
		return nil, err
	case !ok || len(items) == 0:
		return nil, m.Errorf("steps", `missing steps: want a list, e.g. steps: [{send: "hi\n"}, {expect: "hi\n"}]`)
	}
	saved := map[string]bool{}
	for j, n := range items {
		st, err := sc.readStep(s, n, yamlfile.Index("steps", j), saved)
		if err != nil {
			return nil, err
		}
		sc.Steps = append(sc.Steps, st)
	}
	return sc, nil
}

// readConnect reads connect: and tls:.
func (sc *Scenario) readConnect(m *yamlfile.Mapping) error {
	url, ok, err := m.String("connect")
	switch {
	case err != nil:
		return err
	case !ok:
		return m.Errorf("connect", "missing connect: where to connect, e.g. connect: tcp://127.0.0.1:9000")
	}
	scheme, hostPort, found := strings.Cut(strings.TrimSpace(url), "://")
	scheme = strings.ToLower(scheme)
	if !found || scheme != "tcp" && scheme != "udp" && scheme != "tls" {
		return m.Errorf("connect", "want tcp://, udp:// or tls:// and host:port, e.g. tcp://127.0.0.1:9000, not %q", url)
	}
	if sc.Addr, err = addr.ParseDial(hostPort); err != nil {
		return m.Errorf("connect", "%v", err)
	}
	sc.Network = scheme
	if m.Has("tls") {
		if scheme != "tls" {
			return m.KeyErrorf("tls", "tls settings need connect: tls://host:port")
		}
		if sc.TLS, err = readTLS(m); err != nil {
			return err
		}
	}
	return nil
}

// readTLS reads the tls: settings.
func readTLS(m *yamlfile.Mapping) (*TLS, error) {
	tm, err := m.Source().Mapping(m.Value("tls"), "tls", tlsKeys...)
	if err != nil {
		return nil, err
	}
	t := &TLS{}
	if t.Insecure, _, err = tm.Bool("insecure"); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"sni", &t.SNI}, {"ca", &t.CA}, {"cert", &t.Cert}, {"key", &t.Key}} {
		if *f.dst, _, err = tm.String(f.key); err != nil {
			return nil, err
		}
	}
	if tm.Has("cert") != tm.Has("key") {
		return nil, tm.Errorf("", "a client certificate needs both cert and key")
	}
	if items, ok, err := tm.List("alpn"); err != nil {
		return nil, err
	} else if ok {
		for _, n := range items {
			if n.Kind != yaml.ScalarNode || n.Value == "" {
				return nil, m.Source().At(n, "tls.alpn", "want protocol names, e.g. [h2, http/1.1]")
			}
			t.ALPN = append(t.ALPN, n.Value)
		}
	}
	return t, nil
}

// readStep reads one step; saved holds the names earlier steps save.
func (sc *Scenario) readStep(s *yamlfile.Source, n *yaml.Node, path string, saved map[string]bool) (Step, error) {
	m, err := s.Mapping(n, path, append(append([]string{}, stepKeys...), stepOptions...)...)
	if err != nil {
		return Step{}, err
	}
	given := m.Given(stepKeys...)
	switch len(given) {
	case 0:
		return Step{}, m.Errorf("", "the step does nothing: give one of %s", strings.Join(stepKeys, ", "))
	case 1:
	default:
		return Step{}, m.KeyErrorf(given[1], "one thing per step: %s and %s go in two steps", given[0], given[1])
	}
	key := given[0]
	st := Step{Line: m.Node().Line, Column: m.Node().Column, Timeout: sc.Timeout}
	for k, name := range stepKeys {
		if name == key {
			st.Kind = StepKind(k)
		}
	}
	if err := sc.checkOptions(m, &st); err != nil {
		return Step{}, err
	}
	if err := sc.readAction(m, key, &st, saved); err != nil {
		return Step{}, err
	}
	if st.Save != "" {
		saved[st.Save] = true
		st.Text += " save " + st.Save
	}
	return st, nil
}

// checkOptions reads save: and timeout:, where the step allows them.
func (sc *Scenario) checkOptions(m *yamlfile.Mapping, st *Step) error {
	if m.Has("save") && st.Kind != StepExpectRegex {
		return m.KeyErrorf("save", "save goes with expect_regex, whose group 1 it saves")
	}
	if m.Has("timeout") {
		if !st.Kind.expects() {
			return m.KeyErrorf("timeout", "timeout goes with expect steps")
		}
		d, _, err := m.Duration("timeout")
		if err != nil {
			return err
		}
		if d == 0 {
			return m.Errorf("timeout", "a timeout of 0 would always fail; give e.g. 2s")
		}
		st.Timeout = d
	}
	return nil
}

// readAction reads the step's own key.
func (sc *Scenario) readAction(m *yamlfile.Mapping, key string, st *Step, saved map[string]bool) error {
	switch st.Kind {
	case StepSleep:
		d, _, err := m.Duration(key)
		st.Sleep, st.Text = d, "sleep "+d.String()
		return err
	case StepHalfClose, StepExpectClose:
		on, _, err := m.Bool(key)
		switch {
		case err != nil:
			return err
		case !on:
			return m.Errorf(key, "want %s: true, or leave the step out", key)
		case sc.Network == "udp":
			return m.KeyErrorf(key, "%s needs a TCP or TLS connection; UDP has none to close", key)
		}
		st.Text = key
		return nil
	case StepExpectRegex:
		return st.readRegex(m, key)
	}
	t, _, err := m.Text(key)
	if err != nil {
		return err
	}
	st.arg = t.Quoted()
	st.Text = key + " " + st.arg
	if st.Kind == StepSendHex || st.Kind == StepExpectHex {
		b, err := t.Hex()
		st.payload = tmpl.Template{{Lit: b}}
		return err
	}
	if st.payload, err = tmpl.Parse(t.Raw); err != nil {
		return t.Place(err)
	}
	for _, p := range st.payload.Placeholders() {
		if !saved[p.Name] {
			return t.Errorf(p.Off, "{{%s}}: no earlier step saves %q (save: %s after an expect_regex)", p.Name, p.Name, p.Name)
		}
	}
	return nil
}

// saveName is what save: may be called: a word that is not a number.
var saveName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// readRegex reads expect_regex and its save:.
func (st *Step) readRegex(m *yamlfile.Mapping, key string) error {
	// A regex is YAML's string as it is: "\\d" in double quotes is \d.
	expr, _, err := m.String(key)
	if err != nil {
		return err
	}
	if st.re, err = regexp.Compile(expr); err != nil {
		return m.Errorf(key, "bad regex: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	st.arg = strconv.Quote(expr)
	if t, err := m.Source().TextOf(m.Value(key), m.Path(key)); err == nil {
		st.arg = t.Quoted()
	}
	st.Text = key + " " + st.arg
	save, ok, err := m.String("save")
	switch {
	case err != nil:
		return err
	case !ok:
		return nil
	case !saveName.MatchString(save):
		return m.Errorf("save", "want a name of letters, digits and _ (not starting with a digit), not %q", save)
	case st.re.NumSubexp() == 0:
		return m.Errorf("save", "save keeps the regex's group 1, and it has no group: put ( ) around the part to save")
	}
	st.Save = save
	return nil
}
