package rules

import (
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/yamlfile"
	"go.yaml.in/yaml/v3"
)

// The keys a rules file and each of its rules may have.
var (
	fileKeys = []string{"frame", "default", "max_line", "rules"}
	ruleKeys = []string{"name", "match", "prefix", "contains", "regex", "hex", "reply", "append", "delay", "close", "drop"}
)

// Load reads and compiles the rules file at path; see Parse.
func Load(path string) (*Set, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, msg.Wrap(sockets.ExplainFileError(err), codeReadRules)
	}
	return Parse(path, src)
}

// Parse compiles a rules file; file names it in errors. A mistake is a
// *yamlfile.Error naming file:line:column and the key: YAML syntax, an
// unknown key, a bad regex, bad hex, a bad escape, a bad duration, or a
// reply template naming a group the regex does not have.
//
// Match texts and replies use the client's payload syntax (escapes \n \r
// \t \0 \\ \" \xHH); a regex is Go's regexp syntax, matched against the
// frame's bytes. Replies are templates: {{counter}} (per rule and peer,
// from 1), {{1}}... (regex groups), {{data}}, {{upper}}, {{time}},
// {{peer}} and {{hex:0d0a}}.
func Parse(file string, src []byte) (*Set, error) {
	s, doc, err := yamlfile.ParseOne(file, src, "rules")
	switch {
	case err != nil:
		return nil, err
	case doc == nil:
		return nil, yamlfile.NewError(file, 1, 1, "rules", msg.New(codeRulesEmpty))
	}
	m, err := s.Mapping(doc, "", fileKeys...)
	if err != nil {
		return nil, err
	}
	set := &Set{MaxLine: DefaultMaxLine}
	if err := set.readHead(m); err != nil {
		return nil, err
	}
	items, _, err := m.List("rules")
	if err != nil {
		return nil, err
	}
	names := map[string]int{}
	for i, n := range items {
		r, err := readRule(s, n, yamlfile.Index("rules", i), i)
		if err != nil {
			return nil, err
		}
		if _, dup := names[r.Name]; dup && !r.named {
			r.Name = "rule " + strconv.Itoa(i+1)
		}
		if prev, dup := names[r.Name]; dup {
			return nil, s.At(n, yamlfile.Index("rules", i)+".name", msg.New(codeNameTaken, "Rule", prev+1, "Name", strconv.Quote(r.Name)))
		}
		names[r.Name] = i
		set.Rules = append(set.Rules, r)
	}
	return set, nil
}

// readHead reads frame, max_line and default.
func (set *Set) readHead(m *yamlfile.Mapping) error {
	frame, _, err := m.String("frame")
	if err != nil {
		return err
	}
	switch strings.ToLower(frame) {
	case "", "line":
		set.Frame = FrameLine
	case "raw":
		set.Frame = FrameRaw
	default:
		return m.Fail("frame", codeUnknownFrame, "Frame", strconv.Quote(frame))
	}
	if n, ok, err := m.Int("max_line", 1); err != nil {
		return err
	} else if ok {
		set.MaxLine = n
	}
	d := m.Value("default")
	switch {
	case d == nil:
		set.Default = DefaultEcho
	case d.Kind == yaml.ScalarNode:
		switch strings.ToLower(d.Value) {
		case "echo":
			set.Default = DefaultEcho
		case "silent":
			set.Default = DefaultSilent
		default:
			return m.Fail("default", codeUnknownDefault, "Default", strconv.Quote(d.Value))
		}
	default:
		dm, err := m.Source().Mapping(d, "default", "reply")
		if err != nil {
			return err
		}
		t, ok, err := dm.Text("reply")
		if err == nil && !ok {
			err = dm.Fail("", codeWantReply)
		}
		if err != nil {
			return err
		}
		if set.defaultReply, err = compileReply(t, nil); err != nil {
			return err
		}
		set.Default = DefaultReply
	}
	return nil
}

// readRule reads rule i, found at path.
func readRule(s *yamlfile.Source, n *yaml.Node, path string, i int) (*Rule, error) {
	m, err := s.Mapping(n, path, ruleKeys...)
	if err != nil {
		return nil, err
	}
	r := &Rule{Line: m.Node().Line}
	if err := r.readMatch(m, i); err != nil {
		return nil, err
	}
	if r.Delay, _, err = m.Duration("delay"); err != nil {
		return nil, err
	}
	if r.Close, _, err = m.Bool("close"); err != nil {
		return nil, err
	}
	if r.Drop, _, err = m.Bool("drop"); err != nil {
		return nil, err
	}
	t, hasReply, err := m.Text("reply")
	switch {
	case err != nil:
		return nil, err
	case hasReply && r.Drop:
		return nil, m.FailKey("drop", codeDropAndReply)
	case !hasReply && !r.Drop && !r.Close:
		return nil, m.Fail("", codeRuleNothing)
	case hasReply:
		if r.reply, err = compileReply(t, r.Regexp); err != nil {
			return nil, err
		}
	}
	sum, hasSum, err := m.String("append")
	switch {
	case err != nil:
		return nil, err
	case hasSum && !hasReply:
		return nil, m.FailKey("append", codeAppendNoReply)
	case hasSum:
		sp, err := checksum.Parse(sum)
		if err != nil {
			return nil, m.FailWith("append", yamlfile.Problem(err))
		}
		r.reply.sum = &sp
	}
	return r, nil
}

// readMatch reads the rule's one way to match, and its name.
func (r *Rule) readMatch(m *yamlfile.Mapping, i int) error {
	given := m.Given(matchKeys...)
	switch len(given) {
	case 0:
		return m.Fail("", codeMatchesNothing)
	case 1:
	default:
		return m.FailKey(given[1], codeTwoMatches, "First", given[0], "Second", given[1])
	}
	key := given[0]
	for k, name := range matchKeys {
		if name == key {
			r.Kind = MatchKind(k)
		}
	}
	var text string
	if r.Kind == MatchRegex {
		// A regex is YAML's string as it is: "\\S" in double quotes is \S.
		var err error
		if text, _, err = m.String(key); err != nil {
			return err
		}
		if r.Regexp, err = regexp.Compile(text); err != nil {
			return m.FailWith(key, yamlfile.RegexProblem(err))
		}
	} else {
		t, _, err := m.Text(key)
		if err != nil {
			return err
		}
		if r.Kind == MatchHex {
			r.Pattern, err = t.Hex()
		} else {
			r.Pattern, err = t.Bytes()
		}
		if err != nil {
			return err
		}
		text = t.Raw
	}
	name, hasName, err := m.String("name")
	switch {
	case err != nil:
		return err
	case hasName && strings.TrimSpace(name) == "":
		return m.Fail("name", codeNameEmpty)
	case hasName:
		r.Name = name
	case text != "":
		r.Name = text
	default:
		r.Name = "rule " + strconv.Itoa(i+1)
	}
	r.named = hasName
	return nil
}
