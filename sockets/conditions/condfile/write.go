package condfile

import (
	"bytes"
	"os"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/sockettester/sockettester/sockets/conditions"
	"github.com/sockettester/sockettester/sockets/msg"
)

const codeWrite msg.Code = "condFileWrite"

var _ = msg.Define(map[msg.Code]string{
	codeWrite: "cannot write the conditions file: {Err}",
})

// header opens every file Write makes.
const header = "Network conditions for a relay, written by Socket Tester.\n" +
	"Read by sockettester-cli relay --conditions FILE and the window's Open…;\n" +
	"toxiproxy's names and units (ms, KB/s, bytes; µs for slicer's delay)."

// Marshal is f as a conditions file, in the shape Parse reads back to f:
// every condition with its name, type, stream (upstream, downstream or
// both), toxicity and its type's attributes; the seed when f has one.
func Marshal(f *File) []byte {
	top := &yaml.Node{Kind: yaml.MappingNode, HeadComment: header}
	if f.HasSeed {
		top.Content = append(top.Content, str("seed"), plain(strconv.FormatUint(f.Seed, 10)))
	}
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, c := range f.Conditions {
		name := c.Name
		if name == "" {
			name = c.DefaultName()
		}
		m := &yaml.Node{Kind: yaml.MappingNode}
		m.Content = append(m.Content,
			str("name"), str(name),
			str("type"), str(string(c.Type)),
			str("stream"), str(stream(c.Dir)),
			str("toxicity"), plain(strconv.FormatFloat(c.Toxicity, 'g', -1, 64)))
		if as := c.Attributes(); len(as) > 0 {
			am := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
			for _, a := range as {
				am.Content = append(am.Content, str(a.Name), plain(a.Value))
			}
			m.Content = append(m.Content, str("attributes"), am)
		}
		list.Content = append(list.Content, m)
	}
	top.Content = append(top.Content, str("conditions"), list)
	var b bytes.Buffer
	e := yaml.NewEncoder(&b)
	e.SetIndent(2)
	// Encoding nodes built above cannot fail.
	_ = e.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{top}})
	_ = e.Close()
	return b.Bytes()
}

// Write writes f to path as Marshal makes it.
func Write(path string, f *File) error {
	if err := os.WriteFile(path, Marshal(f), 0o644); err != nil {
		return msg.Wrap(err, codeWrite)
	}
	return nil
}

// stream is toxiproxy's word for d; both is ours (toxiproxy adds a toxic
// per stream).
func stream(d conditions.Dir) string {
	switch d {
	case conditions.Up:
		return "upstream"
	case conditions.DownDir:
		return "downstream"
	}
	return d.String()
}

// str is a string scalar, quoted by the encoder when it must be.
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// plain is a number scalar, written as is.
func plain(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
