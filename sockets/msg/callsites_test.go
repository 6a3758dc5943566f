package msg_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets/msg"

	// Every package that defines codes, so that their templates are
	// registered.
	_ "github.com/sockettester/sockettester/sockets"
	_ "github.com/sockettester/sockettester/sockets/addr"
	_ "github.com/sockettester/sockettester/sockets/checksum"
	_ "github.com/sockettester/sockettester/sockets/conditions"
	_ "github.com/sockettester/sockettester/sockets/conditions/condfile"
	_ "github.com/sockettester/sockettester/sockets/packets"
	_ "github.com/sockettester/sockettester/sockets/payload"
	_ "github.com/sockettester/sockettester/sockets/rules"
	_ "github.com/sockettester/sockettester/sockets/scenario"
	_ "github.com/sockettester/sockettester/sockets/tmpl"
	_ "github.com/sockettester/sockettester/sockets/wol"
	_ "github.com/sockettester/sockettester/sockets/yamlfile"
)

// codeCalls are the calls that make a message, and where their code is:
// the argument index of the code; the arguments after it alternate name
// and value.
var codeCalls = map[string]int{
	"New": 0, "NewError": 0, "Wrap": 1, "Fail": 1, "FailKey": 1,
}

// TestCallSitesGiveEveryField reads the engine's source and checks that
// each call making a message with a named code passes every field its
// English template uses, so no message renders with a "{Field}" left in
// it. Wrap gives Err itself.
func TestCallSitesGiveEveryField(t *testing.T) {
	fset := token.NewFileSet()
	type site struct {
		pos   token.Position
		code  string // the constant's name, qualified by its directory
		names []string
	}
	consts := map[string]msg.Code{} // dir + "." + name -> value
	var sites []site
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				sel, ok := n.Type.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Code" || len(n.Values) != len(n.Names) {
					return true
				}
				for i, name := range n.Names {
					if lit, ok := n.Values[i].(*ast.BasicLit); ok {
						v, _ := strconv.Unquote(lit.Value)
						consts[dir+"."+name.Name] = msg.Code(v)
					}
				}
			case *ast.CallExpr:
				var fn string
				switch f := n.Fun.(type) {
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				case *ast.Ident:
					fn = f.Name
				}
				at, ok := codeCalls[fn]
				if !ok || len(n.Args) <= at {
					return true
				}
				id, ok := n.Args[at].(*ast.Ident)
				if !ok {
					return true // a code chosen at run time
				}
				s := site{pos: fset.Position(n.Pos()), code: dir + "." + id.Name}
				if fn == "Wrap" {
					s.names = append(s.names, "Err")
				}
				for i := at + 1; i < len(n.Args); i += 2 {
					if lit, ok := n.Args[i].(*ast.BasicLit); ok {
						name, _ := strconv.Unquote(lit.Value)
						s.names = append(s.names, name)
					}
				}
				sites = append(sites, s)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) < 100 {
		t.Fatalf("found %d call sites; the walk is broken", len(sites))
	}
	for _, s := range sites {
		code, ok := consts[s.code]
		if !ok {
			continue // not a constant code (e.g. a variable named like one)
		}
		tmpl, ok := msg.English(code)
		if !ok {
			t.Errorf("%s: code %s has no English template", s.pos, code)
			continue
		}
		for _, field := range msg.Fields(tmpl) {
			if !slices.Contains(s.names, field) {
				t.Errorf("%s: %s lacks {%s} for %q", s.pos, code, field, tmpl)
			}
		}
	}
}

// TestEveryCodeRenders fills each template's fields and checks that the
// English has no field left, and that no two codes share a value.
func TestEveryCodeRenders(t *testing.T) {
	codes := msg.Codes()
	if len(codes) < 200 {
		t.Fatalf("%d codes defined; want the engine's (over 200)", len(codes))
	}
	for _, c := range codes {
		tmpl, _ := msg.English(c)
		kv := []any{}
		for _, f := range msg.Fields(tmpl) {
			kv = append(kv, f, 2)
		}
		got := msg.New(c, kv...).String()
		if strings.ContainsAny(strings.ReplaceAll(strings.ReplaceAll(tmpl, "{{", ""), "}}", ""), "{}") &&
			strings.Contains(got, "{") && !strings.Contains(tmpl, "{{") {
			t.Errorf("%s: %q renders as %q", c, tmpl, got)
		}
		if got == "" {
			t.Errorf("%s renders empty", c)
		}
	}
}
