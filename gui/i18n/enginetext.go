package i18n

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// EngineKey returns the translation key of the engine's message code c.
func EngineKey(c msg.Code) string { return "engine." + string(c) }

// TrMessage returns one of the engine's messages in the current language:
// the text of its code's key with its arguments filled in, nested
// messages translated in turn.
func TrMessage(m msg.Message) string {
	if m.IsZero() {
		return ""
	}
	key := EngineKey(m.Code)
	fallback, ok := EnglishTexts()[key]
	if !ok {
		return m.String()
	}
	a := make(Args, len(m.Args))
	for name, v := range m.Args {
		a[name] = engineArg(v)
	}
	if field := pluralField(m.Code); field != "" {
		if n, ok := msg.Count(m.Args[field]); ok {
			return pluralText(key, int(n), a)
		}
	}
	return lang.X(key, fallback, a)
}

// TrEvent returns an event's message in the current language. An event
// with no code (read back from a file saved before messages had codes)
// shows its English as written.
func TrEvent(e *sockets.Event) string {
	if e.Code == "" {
		return e.Msg
	}
	return TrMessage(e.Said())
}

// TrError returns err in the current language when it carries one of the
// engine's messages, else its own text.
func TrError(err error) string {
	if err == nil {
		return ""
	}
	if m, ok := msg.Of(err); ok {
		return TrMessage(m)
	}
	return err.Error()
}

// TrTLSWhy returns why a handshake failed, in plain words: the reason a
// *tlsinfo.Error gives, without the peer and the library's text
// around it; for any other error, TrError.
func TrTLSWhy(err error) string {
	var te *tlsinfo.Error
	if errors.As(err, &te) {
		if te.Why.IsZero() {
			return te.Text
		}
		return TrMessage(te.Why)
	}
	return TrError(err)
}

func engineArg(v any) any {
	switch x := v.(type) {
	case msg.Message:
		return TrMessage(x)
	case time.Duration:
		return x.String()
	}
	return v
}

// pluralField returns the argument whose count picks c's plural form:
// the first field of its English template written with forms.
func pluralField(c msg.Code) string {
	t, _ := msg.English(c)
	for _, f := range msg.Fields(t) {
		if strings.Contains(t, "{"+f+"|") {
			return f
		}
	}
	return ""
}

// SyntaxText renders a payload parse error in the current language:
// `invalid hex digit "g" at position 5`.
func SyntaxText(err error) string {
	var se *payload.SyntaxError
	if !errors.As(err, &se) {
		return TrError(err)
	}
	problem := se.Msg
	if !se.Problem.IsZero() {
		problem = TrMessage(se.Problem)
	}
	if se.Char == "" {
		return Trf("hint.syntaxAtEnd", Args{"Problem": problem, "Pos": se.Pos})
	}
	return Trf("hint.syntaxAt", Args{"Problem": problem, "Char": quoteShown(se.Char), "Pos": se.Pos})
}

// quoteShown puts a character a parse error names between quotes, as the
// engine's SyntaxError.Error does.
func quoteShown(c string) string {
	e := &payload.SyntaxError{Char: c}
	s := e.Error() // "<Msg> <quoted> at position 0"
	s = strings.TrimPrefix(s, " ")
	return strings.TrimSuffix(s, " at position 0")
}
