package i18n

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/conditions"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"

	// Every package that defines codes, so that msg.Codes lists them all.
	_ "github.com/sockettester/sockettester/sockets/addr"
	_ "github.com/sockettester/sockettester/sockets/checksum"
	_ "github.com/sockettester/sockettester/sockets/conditions/condfile"
	_ "github.com/sockettester/sockettester/sockets/packets"
	_ "github.com/sockettester/sockettester/sockets/rules"
	_ "github.com/sockettester/sockettester/sockets/scenario"
	_ "github.com/sockettester/sockettester/sockets/tmpl"
	_ "github.com/sockettester/sockettester/sockets/wol"
	_ "github.com/sockettester/sockettester/sockets/yamlfile"
)

// rawTexts returns every form of a key's text in one string ("one" and
// "other" of a plural), and whether it is a plural.
func rawTexts(t *testing.T, v json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s, false
	}
	var forms map[string]string
	if err := json.Unmarshal(v, &forms); err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, f := range forms {
		all = append(all, f)
	}
	return strings.Join(all, "\n"), true
}

// osErrorCodes are the codes of system errors the engine classifies; their
// translations name the error in words instead of quoting the system.
var osErrorCodes = map[msg.Code]bool{
	"addrFamily": true, "brokenPipe": true, "closedConn": true, "filePermission": true,
	"inUse": true, "isDir": true, "noAddr": true, "noFile": true, "noRoute": true,
	"noSpace": true, "notDir": true, "permission": true, "readOnly": true,
	"refused": true, "reset": true, "timeout": true, "unreachable": true, "udpRefused": true,
}

// TestEveryCodeHasKeys walks the engine's codes and fails when English or
// Vietnamese lacks a code's key, or a field its English template uses.
func TestEveryCodeHasKeys(t *testing.T) {
	codes := msg.Codes()
	if len(codes) < 250 {
		t.Fatalf("msg.Codes() lists %d codes; the engine has over 250", len(codes))
	}
	for _, code := range []string{English, Vietnamese} {
		raw := rawTranslations(t, code)
		for _, c := range codes {
			v, ok := raw[EngineKey(c)]
			if !ok {
				t.Errorf("%s.json lacks %s", code, EngineKey(c))
				continue
			}
			text, plural := rawTexts(t, v)
			tmpl, _ := msg.English(c)
			for _, f := range msg.Fields(tmpl) {
				// Err is the system's own text behind a classified error
				// ("dial tcp …: connection refused"): the window may leave
				// it to the log's detail and say what the code says.
				if f == "Err" && osErrorCodes[c] {
					continue
				}
				if !strings.Contains(text, "{{."+f+"}}") {
					t.Errorf("%s.json: %s lacks {{.%s}} of %q", code, EngineKey(c), f, tmpl)
				}
			}
			if wantPlural := pluralField(c) != ""; plural != wantPlural {
				t.Errorf("%s.json: %s has plural forms %v; its template %q %v", code, EngineKey(c), plural, tmpl, wantPlural)
			}
		}
	}
}

// TestEngineKeysHaveCodes fails on an engine.* key that no code uses.
func TestEngineKeysHaveCodes(t *testing.T) {
	known := map[string]bool{}
	for _, c := range msg.Codes() {
		known[EngineKey(c)] = true
	}
	for _, code := range []string{English, Vietnamese} {
		for k := range rawTranslations(t, code) {
			if strings.HasPrefix(k, "engine.") && !known[k] {
				t.Errorf("%s.json has %s, which is no code's key", code, k)
			}
		}
	}
}

// TestEveryCodeRenders shows every code with sample arguments in both
// languages and fails when a field is left unfilled.
func TestEveryCodeRenders(t *testing.T) {
	defer UseLanguage(English)
	for _, code := range []string{English, Vietnamese} {
		UseLanguage(code)
		for _, c := range msg.Codes() {
			tmpl, _ := msg.English(c)
			for _, n := range []int{1, 2} {
				var kv []any
				for _, f := range msg.Fields(tmpl) {
					kv = append(kv, f, n)
				}
				m := msg.New(c, kv...)
				got := TrMessage(m)
				// A template may show a literal "{{", as the engine's does.
				if strings.Contains(got, "{{") && !strings.Contains(m.String(), "{{") || strings.Contains(got, "<no value>") || strings.TrimSpace(got) == "" && strings.TrimSpace(tmpl) != "" {
					t.Errorf("%s in %s with %d renders as %q", c, code, n, got)
				}
			}
		}
	}
}

// TestTrMessage shows messages as a user sees them, nested and plural.
func TestTrMessage(t *testing.T) {
	defer UseLanguage(English)
	refused := msg.New("refused", "Err", "dial tcp 127.0.0.1:1: connect: connection refused", "Hint", msg.New("refusedHint"))
	for _, c := range []struct {
		m      msg.Message
		en, vi string
	}{
		{refused,
			"connection refused (nothing is listening on that port)",
			"kết nối bị từ chối (không có chương trình nào lắng nghe ở cổng đó)"},
		{msg.New("portInvalid", "Port", `"99999"`, "Min", 1),
			`invalid port "99999" (want a number from 1 to 65535)`,
			`cổng "99999" không hợp lệ (cần số từ 1 đến 65535)`},
		{msg.New("notShown", "N", int64(3)), "3 events not shown", "3 sự kiện không được hiển thị"},
		{msg.New("servedUDP", "In", uint64(1), "InB", 5, "Out", uint64(2), "OutB", 7),
			"received 1 datagram, 5 B; sent 2 datagrams, 7 B",
			"nhận 1 gói tin, 5 B; gửi 2 gói tin, 7 B"},
		{msg.New("chatPassed", "N", 2), "passed to 2 clients", "đã chuyển cho 2 máy khách"},
		{msg.New("chatSlow", "Time", 5*time.Second), "disconnected: it did not read within 5s", "đã ngắt: máy khách không đọc trong 5s"},
		{msg.New("stepTimeout", "Time", 2*time.Second), "timed out after 2s", "hết thời gian chờ sau 2s"},
		{msg.New("yamlAt", "Where", "rules.yaml:4:12: rules[1].regex: ", "Problem", msg.New("yamlBadRegex", "Why", "missing closing )")),
			"rules.yaml:4:12: rules[1].regex: bad regex: missing closing )",
			"rules.yaml:4:12: rules[1].regex: biểu thức chính quy sai: missing closing )"},
		{msg.New("tlsExpired", "Date", "2024-01-02 UTC", "Ago", msg.New("daysAgo", "N", 3)),
			"certificate expired on 2024-01-02 UTC (3 days ago)",
			"chứng chỉ đã hết hạn vào 2024-01-02 UTC (3 ngày trước)"},
		{msg.New("noSuchCode"), "noSuchCode", "noSuchCode"},
	} {
		for _, l := range []struct{ code, want string }{{English, c.en}, {Vietnamese, c.vi}} {
			UseLanguage(l.code)
			if got := TrMessage(c.m); got != l.want {
				t.Errorf("%s in %s = %q; want %q", c.m.Code, l.code, got, l.want)
			}
		}
		UseLanguage(English)
		if got := TrMessage(c.m); got != c.m.String() && c.m.Code != "noSuchCode" && !osErrorCodes[c.m.Code] {
			t.Errorf("%s in English = %q; the engine says %q", c.m.Code, got, c.m.String())
		}
	}
}

// TestTrEventAndError shows an event from its code, an old event (no
// code) as written, and errors with and without a message.
func TestTrEventAndError(t *testing.T) {
	defer UseLanguage(English)
	UseLanguage(Vietnamese)
	var e sockets.Event
	m := msg.New("listening")
	e.Msg, e.Code, e.Args = m.String(), m.Code, m.Args
	if got := TrEvent(&e); got != "đang lắng nghe" {
		t.Errorf("listening event = %q", got)
	}
	old := sockets.Event{Msg: "listening"}
	if got := TrEvent(&old); got != "listening" {
		t.Errorf("event with no code = %q", got)
	}
	wrapped := errors.Join(errors.New("context"), msg.NewError("hostEmpty"))
	if got := TrError(wrapped); got != "nhập tên máy hoặc địa chỉ IP, ví dụ 127.0.0.1" {
		t.Errorf("coded error = %q", got)
	}
	if got := TrError(errors.New("plain")); got != "plain" {
		t.Errorf("plain error = %q", got)
	}
	// A list of choices ends in the language's own "or".
	set := conditions.NewSet(1)
	if err := set.Bind(true); err != nil {
		t.Fatal(err)
	}
	bw, _ := conditions.Parse("bandwidth=100")
	want := "điều kiện bandwidth_down: bandwidth chỉ dùng cho trạm chuyển tiếp TCP; với UDP hãy dùng latency, loss, duplicate, reorder hoặc corrupt"
	if got := TrError(set.Add(bw)); got != want {
		t.Errorf("a condition the relay cannot apply = %q; want %q", got, want)
	}
}

// TestSyntaxText shows a payload's mistake with its position and
// character.
func TestSyntaxText(t *testing.T) {
	defer UseLanguage(English)
	_, err := payload.ParseHex("48 6g")
	if err == nil {
		t.Fatal("bad hex parsed")
	}
	for _, l := range []struct{ code, want string }{
		{English, `invalid hex digit "g" at position 4`},
		{Vietnamese, `chữ số hex không hợp lệ "g" ở vị trí 4`},
	} {
		UseLanguage(l.code)
		if got := SyntaxText(err); got != l.want {
			t.Errorf("in %s: %q; want %q", l.code, got, l.want)
		}
	}
}
