package scenario

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"

	"github.com/sockettester/sockettester/sockets/tmpl"
	"github.com/sockettester/sockettester/sockets/yamlfile"
	"go.yaml.in/yaml/v3"
)

// The keys a scenario, its tls: settings and a step may have.
var (
	scenarioKeys = []string{"name", "connect", "proxy", "tls", "timeout", "steps"}
	tlsKeys      = []string{"insecure", "sni", "ca", "alpn", "cert", "key"}
	stepOptions  = []string{"save", "timeout"}
)

// Load reads the scenario file at path; see Parse.
func Load(path string) ([]*Scenario, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, msg.Wrap(sockets.ExplainFileError(err), codeReadScenarios)
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
		return nil, yamlfile.NewError(file, 1, 1, "", msg.New(codeNoScenario))
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
	if err := sc.readProxy(m); err != nil {
		return nil, err
	}
	if d, ok, err := m.Duration("timeout"); err != nil {
		return nil, err
	} else if ok {
		if d == 0 {
			return nil, m.Fail("timeout", codeTimeoutZeroAll)
		}
		sc.Timeout = d
	}
	items, ok, err := m.List("steps")
	switch {
	case err != nil:
		return nil, err
	case !ok || len(items) == 0:
		return nil, m.Fail("steps", codeNoSteps)
	}
	saved := map[string]bool{}
	for j, n := range items {
		st, err := sc.readStep(s, n, yamlfile.Index("steps", j), saved)
		if err != nil {
			return nil, err
		}
		sc.Steps = append(sc.Steps, st)
	}
	if sc.Network == "tcp" && sc.TLS != nil && !sc.startsTLS() {
		return nil, m.FailKey("tls", codeTLSNeedsTLS)
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
		return m.Fail("connect", codeNoConnect)
	}
	scheme, hostPort, found := strings.Cut(strings.TrimSpace(url), "://")
	scheme = strings.ToLower(scheme)
	if !found || scheme != "tcp" && scheme != "udp" && scheme != "tls" && scheme != "ws" && scheme != "wss" && !addr.IsUnix(scheme) {
		return m.Fail("connect", codeBadConnect, "URL", strconv.Quote(url))
	}
	switch {
	case addr.IsUnix(scheme) && hostPort == "":
		return m.Fail("connect", codeBadConnect, "URL", strconv.Quote(url))
	case addr.IsUnix(scheme):
		// unix:///run/app.sock: the path is everything after the scheme.
		sc.Addr = hostPort
	default:
		if scheme == "ws" || scheme == "wss" {
			hostPort, sc.Path = splitWSPath(hostPort)
		}
		if sc.Addr, err = addr.ParseDial(hostPort); err != nil {
			return m.FailWith("connect", yamlfile.Problem(err))
		}
	}
	sc.Network = scheme
	if m.Has("tls") {
		// On tcp:// a starttls step uses them; readScenario checks there is one.
		if scheme != "tls" && scheme != "wss" && scheme != "tcp" {
			return m.FailKey("tls", codeTLSNeedsTLS)
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
		return nil, tm.Fail("", codeCertAndKey)
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"ca", &t.CA}, {"cert", &t.Cert}, {"key", &t.Key}} {
		if *f.dst != "" {
			if *f.dst, err = tlsFile(tm, f.key, *f.dst); err != nil {
				return nil, err
			}
		}
	}
	if items, ok, err := tm.List("alpn"); err != nil {
		return nil, err
	} else if ok {
		for _, n := range items {
			if n.Kind != yaml.ScalarNode || n.Value == "" {
				return nil, m.Source().At(n, "tls.alpn", msg.New(codeWantALPN))
			}
			t.ALPN = append(t.ALPN, n.Value)
		}
	}
	return t, nil
}

// tlsFile resolves a relative path from the scenario file's folder, so a
// scenario runs the same from any directory, and checks the file is there.
func tlsFile(tm *yamlfile.Mapping, key, path string) (string, error) {
	written := path
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(tm.Source().File), path)
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && filepath.IsAbs(written):
		return "", tm.Fail(key, codeTLSNoFile, "File", path)
	case errors.Is(err, fs.ErrNotExist):
		return "", tm.Fail(key, codeTLSNoFileRel, "File", path)
	case err != nil:
		return "", tm.Fail(key, codeTLSFileErr, "File", path, "Err", msg.Reason(sockets.ExplainFileError(err)))
	case fi.IsDir():
		return "", tm.Fail(key, codeTLSFileDir, "File", path)
	}
	return path, nil
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
		return Step{}, m.Fail("", codeStepNothing, "Keys", strings.Join(stepKeys, ", "))
	case 1:
	default:
		return Step{}, m.FailKey(given[1], codeOneThing, "First", given[0], "Second", given[1])
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
		return m.FailKey("save", codeSaveWithRegex)
	}
	if m.Has("timeout") {
		if !st.Kind.expects() {
			return m.FailKey("timeout", codeTimeoutWithExpect)
		}
		d, _, err := m.Duration("timeout")
		if err != nil {
			return err
		}
		if d == 0 {
			return m.Fail("timeout", codeTimeoutZero)
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
			return m.Fail(key, codeWantTrue, "Key", key)
		case addr.IsDatagram(sc.Network):
			return m.FailKey(key, codeNeedsStream, "Key", key)
		case isWS(sc.Network) && st.Kind == StepHalfClose:
			return m.FailKey(key, codeWSNoHalfClose, "Key", key)
		}
		st.Text = key
		return nil
	case StepExpectRegex:
		return st.readRegex(m, key)
	case StepStartTLS:
		return sc.readStartTLS(m, key, st)
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
			return t.Fail(p.Off, msg.New(codeNotSaved, "Ref", "{{"+p.Name+"}}", "Name", strconv.Quote(p.Name), "Save", p.Name))
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
		return m.FailWith(key, yamlfile.RegexProblem(err))
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
		return m.Fail("save", codeSaveName, "Name", strconv.Quote(save))
	case st.re.NumSubexp() == 0:
		return m.Fail("save", codeSaveNoGroup)
	}
	st.Save = save
	return nil
}
