package rules

import (
	"regexp"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/tmpl"
	"github.com/sockettester/sockettester/sockets/yamlfile"
)

// A reply template's placeholders:
//
//	{{counter}}   how many times this rule has fired for this peer, from 1
//	{{1}} {{2}}   a regex rule's groups ({{0}} is the whole match; a named group works by name too)
//	{{data}}      the frame matched, as it came (a line without its ending)
//	{{upper}}     the same in upper case
//	{{time}}      the time now, RFC 3339
//	{{unixtime}}  the time now in seconds since 1970
//	{{random:N}}  a random whole number from 0 to N-1
//	{{peer}}      the peer's address, host:port
//
// counter, time, unixtime and random are the sends' placeholders too
// (tmpl.Value): one engine fills them for both.
//	{{hex:0d0a}}  bytes given as hex digits

type opKind uint8

const (
	opLit   opKind = iota
	opValue        // a common value: counter, time, unixtime, random
	opGroup
	opData
	opUpper
	opPeer
)

var opNames = map[string]opKind{"data": opData, "upper": opUpper, "peer": opPeer}

type op struct {
	kind  opKind
	lit   []byte
	group int
	value tmpl.Value
}

type reply struct {
	ops    []op
	groups bool           // it needs the regex's groups
	sum    *checksum.Spec // append: a checksum after the reply's bytes; nil: none
}

// compileReply: re is the rule's regex, nil for other rules and the default.
func compileReply(t yamlfile.Text, re *regexp.Regexp) (*reply, error) {
	parts, err := tmpl.Parse(t.Raw)
	if err != nil {
		return nil, t.Place(err)
	}
	r := &reply{}
	for _, p := range parts {
		if p.Name == "" {
			r.ops = append(r.ops, op{kind: opLit, lit: p.Lit})
			continue
		}
		if v, ok, problem := tmpl.ParseValue(p.Name); ok {
			if !problem.IsZero() {
				return nil, t.Fail(p.Off, msg.New(codePlaceholder, "Ref", "{{"+p.Name+"}}", "Why", problem))
			}
			r.ops = append(r.ops, op{kind: opValue, value: v})
			continue
		}
		if k, ok := opNames[p.Name]; ok {
			r.ops = append(r.ops, op{kind: k})
			continue
		}
		g, err := groupOf(p.Name, re)
		if !err.IsZero() {
			return nil, t.Fail(p.Off, msg.New(codePlaceholder, "Ref", "{{"+p.Name+"}}", "Why", err))
		}
		r.ops = append(r.ops, op{kind: opGroup, group: g})
		r.groups = true
	}
	return r, nil
}

func groupOf(name string, re *regexp.Regexp) (int, msg.Message) {
	n, err := strconv.Atoi(name)
	isNumber := err == nil && n >= 0
	switch {
	case re == nil && isNumber:
		return 0, msg.New(codeGroupNoRegex)
	case re == nil:
		return 0, msg.New(codeUnknownPlaceholder)
	case isNumber && n > re.NumSubexp():
		return 0, msg.New(codeNoGroup, "Groups", re.NumSubexp(), "Group", name)
	case isNumber:
		return n, msg.Message{}
	}
	if i := re.SubexpIndex(name); i >= 0 {
		return i, msg.Message{}
	}
	return 0, msg.New(codeUnknownPlaceholderGroup, "Groups", re.NumSubexp())
}

// append: text is the frame as matched, sub its group offsets (when the
// reply uses them), count the rule's counter.
func (r *reply) append(dst []byte, p *peer, count uint64, text []byte, sub []int) []byte {
	start := len(dst)
	var now time.Time
	for _, o := range r.ops {
		switch o.kind {
		case opLit:
			dst = append(dst, o.lit...)
		case opValue:
			if now.IsZero() {
				now = time.Now()
			}
			dst = o.value.Append(dst, count, now)
		case opGroup:
			if 2*o.group+1 < len(sub) && sub[2*o.group] >= 0 {
				dst = append(dst, text[sub[2*o.group]:sub[2*o.group+1]]...)
			}
		case opData:
			dst = append(dst, text...)
		case opUpper:
			dst = appendUpper(dst, text)
		case opPeer:
			dst = append(dst, p.addr...)
		}
	}
	if r.sum != nil {
		dst = append(dst, r.sum.Sum(dst[start:])...)
	}
	return dst
}

// appendUpper keeps bytes that are not UTF-8 as they are, unlike
// bytes.ToUpper, so binary frames pass unchanged.
func appendUpper(dst, text []byte) []byte {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, c)
		} else {
			dst = utf8.AppendRune(dst, unicode.ToUpper(r))
		}
		i += size
	}
	return dst
}
