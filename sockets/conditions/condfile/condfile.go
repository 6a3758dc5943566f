// Package condfile reads a relay's network conditions from a YAML file, in
// toxiproxy's field names, placing every mistake at file:line:column:
//
//	seed: 42                      # optional
//	conditions:
//	  - name: slow                # optional; default TYPE_DIR
//	    type: latency
//	    stream: downstream        # or upstream, both (dir: also works)
//	    toxicity: 1               # optional; default 1
//	    attributes: {latency: 200, jitter: 20}
//
// Attributes may also sit beside type. Bare numbers are in toxiproxy's units
// (ms; KB/s; bytes; µs for slicer's delay); durations with a unit work too.
// The attributes of each type:
//
//	latency      latency, jitter            (TCP and UDP)
//	bandwidth    rate                       (KB/s)
//	slow_close   delay
//	timeout      timeout
//	reset_peer   timeout
//	slicer       average_size, size_variation, delay
//	limit_data   bytes
//	down         (none)
//	loss         probability, correlation   (UDP; shares 0 to 1)
//	duplicate    probability                (UDP)
//	reorder      probability, window        (UDP; window in datagrams)
//	corrupt      probability                (UDP)
//
// For loss, duplicate, reorder and corrupt, rate is another name for
// probability, e.g. loss: {rate: 0.1, correlation: 0.25}. Every type's
// stream defaults to downstream.
package condfile

import (
	"os"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/sockettester/sockettester/sockets/conditions"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/yamlfile"
)

const (
	codeRead       msg.Code = "condFileRead"
	codeEmpty      msg.Code = "condFileEmpty"
	codeNeedType   msg.Code = "condFileNeedType"
	codeBadSeed    msg.Code = "condFileBadSeed"
	codeNameTwice  msg.Code = "condFileNameTwice"
	codeNotAScalar msg.Code = "condFileNotAScalar"
)

var _ = msg.Define(map[msg.Code]string{
	codeRead:       "cannot read the conditions file: {Err}",
	codeEmpty:      "the file has no conditions; want a list of them under conditions:, each with a type, e.g. type: latency",
	codeNeedType:   "a condition needs a type, one of {Want}",
	codeBadSeed:    "seed {Value} is not a whole number from 0 up",
	codeNameTwice:  "condition name {Name} is used twice; give each its own name",
	codeNotAScalar: "want a single value here, e.g. 200",
})

// File is what a conditions file holds.
type File struct {
	Seed       uint64 // valid when HasSeed
	HasSeed    bool
	Conditions []conditions.Condition
}

var attrKeys = []string{"latency", "jitter", "rate", "delay", "timeout", "average_size", "size_variation", "bytes", "probability", "correlation", "window"}

// Load reads the file at path; see Parse.
func Load(path string) (*File, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, msg.Wrap(err, codeRead)
	}
	return Parse(path, src)
}

// Parse reads a conditions file; file names it in errors.
func Parse(file string, src []byte) (*File, error) {
	s, doc, err := yamlfile.ParseOne(file, src, "conditions")
	switch {
	case err != nil:
		return nil, err
	case doc == nil:
		return nil, yamlfile.NewError(file, 1, 1, "conditions", msg.New(codeEmpty))
	}
	m, err := s.Mapping(doc, "", "seed", "conditions")
	if err != nil {
		return nil, err
	}
	f := &File{}
	if n := m.Value("seed"); n != nil {
		v, err := strconv.ParseUint(n.Value, 10, 64)
		if err != nil || n.Kind != yaml.ScalarNode {
			return nil, m.Fail("seed", codeBadSeed, "Value", strconv.Quote(n.Value))
		}
		f.Seed, f.HasSeed = v, true
	}
	items, _, err := m.List("conditions")
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, m.Fail("conditions", codeEmpty)
	}
	names := map[string]bool{}
	for i, n := range items {
		c, err := readOne(s, n, yamlfile.Index("conditions", i))
		if err != nil {
			return nil, err
		}
		if names[c.Name] {
			return nil, s.At(n, yamlfile.Index("conditions", i), msg.New(codeNameTwice, "Name", strconv.Quote(c.Name)))
		}
		names[c.Name] = true
		f.Conditions = append(f.Conditions, c)
	}
	return f, nil
}

func readOne(s *yamlfile.Source, n *yaml.Node, path string) (conditions.Condition, error) {
	allowed := append([]string{"name", "type", "stream", "dir", "toxicity", "attributes"}, attrKeys...)
	m, err := s.Mapping(n, path, allowed...)
	if err != nil {
		return conditions.Condition{}, err
	}
	c := conditions.Condition{Dir: conditions.DownDir, Toxicity: 1}
	typ, ok, err := m.String("type")
	switch {
	case err != nil:
		return c, err
	case !ok:
		return c, m.Fail("", codeNeedType, "Want", typeList())
	}
	c.Type = conditions.Type(typ)
	if !conditions.ForTCP(c.Type) && !conditions.ForUDP(c.Type) {
		return c, m.FailWith("type", yamlfile.Problem(conditions.Condition{Type: c.Type, Dir: conditions.DownDir}.Validate()))
	}
	set := func(m *yamlfile.Mapping, key string) error {
		v := m.Value(key)
		if v == nil {
			return nil
		}
		if v.Kind != yaml.ScalarNode {
			return m.Fail(key, codeNotAScalar)
		}
		if err := c.Set(key, v.Value); err != nil {
			return m.FailWith(key, yamlfile.Problem(err))
		}
		return nil
	}
	for _, k := range []string{"name", "stream", "dir", "toxicity"} {
		if err := set(m, k); err != nil {
			return c, err
		}
	}
	for _, k := range attrKeys {
		if err := set(m, k); err != nil {
			return c, err
		}
	}
	if an := m.Value("attributes"); an != nil {
		am, err := s.Mapping(an, m.Path("attributes"), attrKeys...)
		if err != nil {
			return c, err
		}
		for _, k := range attrKeys {
			if err := set(am, k); err != nil {
				return c, err
			}
		}
	}
	if c.Name == "" {
		c.Name = c.DefaultName()
	}
	if err := c.Validate(); err != nil {
		return c, m.FailWith("", yamlfile.Problem(err))
	}
	return c, nil
}

func typeList() string {
	s := ""
	for i, t := range conditions.Types {
		if i > 0 {
			s += ", "
		}
		s += string(t)
	}
	return s
}
