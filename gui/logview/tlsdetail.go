package logview

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// What the log shows of a TLS handshake: the row's message (tlsRowText)
// and, in the detail area, what was settled and the peer's certificate
// chain, as openssl s_client reports them (tlsDetailText). A failed
// handshake's error event carries the chain the peer presented, when it
// got that far, and the same detail shows it.

// tlsRowText is a handshake event's message in the current language:
// "TLS 1.3, TLS_AES_128_GCM_SHA256, no ALPN; certificate verified".
func tlsRowText(e *sockets.Event) (string, bool) {
	if e.Kind != sockets.KindTLS || e.TLS == nil {
		return "", false
	}
	// A server verifies a client's certificate only against a client CA:
	// the row names whose it was.
	if e.Side == sockets.SideServer && e.TLS.Verify == tlsinfo.VerifyOK && len(e.TLS.Chain) > 0 {
		leaf := e.TLS.Chain[0]
		return i18n.Trf("tls.clientVerified", i18n.Args{"Subject": leaf.Subject, "Issuer": leaf.Issuer, "TLS": TlsInfoText(e.TLS)}), true
	}
	return TlsInfoText(e.TLS), true
}

// tlsCertKeys are the labels of a certificate's fields in the detail.
var tlsCertKeys = []string{"tls.subject", "tls.issuer", "tls.names", "tls.notBefore", "tls.notAfter", "tls.key", "tls.sha256"}

// tlsDetailText renders e's handshake for the detail area, "" when e has
// none: what was settled, the verification result, then the chain, leaf first.
func tlsDetailText(e *sockets.Event) string {
	i := e.TLS
	if i == nil {
		return ""
	}
	var b strings.Builder
	if i.Version != "" {
		session := i18n.Tr("tls.newSession")
		if i.Resumed {
			session = i18n.Tr("tls.resumed")
		}
		b.WriteString(strings.Join([]string{i.Version, i.Cipher, alpnText(i.ALPN), session}, ", "))
		if i.ServerName != "" {
			b.WriteString(", " + i18n.Trf("tls.sni", i18n.Args{"Name": i.ServerName}))
		}
		b.WriteString("\n" + i18n.Trf("tls.verification", i18n.Args{"Result": tlsVerifyText(i)}) + "\n")
	} else {
		b.WriteString(i18n.Trf("tls.failedWhy", i18n.Args{"Why": widgets.UpperFirst(tlsFailureText(e))}) + "\n")
		var te *tlsinfo.Error
		if errors.As(e.Err, &te) && te.Err != nil {
			b.WriteString(i18n.Trf("tls.cause", i18n.Args{"Cause": te.Err.Error()}) + "\n")
			if te.Reason.Verification() {
				b.WriteString(i18n.Tr("client.tlsVerifyHint") + "\n")
			}
		}
	}
	width := 0
	for _, k := range tlsCertKeys {
		width = max(width, utf8.RuneCountInString(i18n.Tr(k)))
	}
	for n, c := range i.Chain {
		b.WriteString("\n" + i18n.Trf("tls.certN", i18n.Args{"N": n + 1, "Of": len(i.Chain)}) + "\n")
		field := func(key, value string) {
			label := i18n.Tr(key)
			b.WriteString("  " + label + strings.Repeat(" ", width-utf8.RuneCountInString(label)+1) + value + "\n")
		}
		field("tls.subject", c.Subject)
		field("tls.issuer", c.Issuer)
		if len(c.SANs) > 0 {
			field("tls.names", strings.Join(c.SANs, ", "))
		}
		field("tls.notBefore", certTime(c.NotBefore))
		field("tls.notAfter", certTime(c.NotAfter)+" ("+daysLeftText(c.DaysLeft)+")")
		field("tls.key", c.Key)
		field("tls.sha256", c.SHA256)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func alpnText(proto string) string {
	if proto == "" {
		return i18n.Tr("tls.noALPN")
	}
	return i18n.Trf("tls.alpn", i18n.Args{"Proto": proto})
}

func certTime(t time.Time) string { return t.UTC().Format(time.DateTime + " UTC") }

// daysLeftText says how long a certificate has to run: "6 days left", or
// "expired 3 days ago".
func daysLeftText(days int) string {
	if days < 0 {
		return i18n.Trn("tls.expiredAgo", -days, nil)
	}
	return i18n.Trn("tls.daysLeft", days, nil)
}

// TlsInfoText sums a handshake up in the current language: "TLS 1.3,
// TLS_AES_128_GCM_SHA256, no ALPN; certificate verified".
func TlsInfoText(i *tlsinfo.Handshake) string {
	return i18n.Trf("tls.info", i18n.Args{"Version": i.Version, "Cipher": i.Cipher, "ALPN": alpnText(i.ALPN), "Verify": tlsVerifyText(i)})
}

func tlsVerifyText(i *tlsinfo.Handshake) string {
	switch i.Verify {
	case tlsinfo.VerifyOK:
		return i18n.Tr("tls.verified")
	case tlsinfo.VerifySkipped:
		return i18n.Tr("tls.verifySkipped")
	case tlsinfo.VerifyNotRequested:
		return i18n.Tr("tls.verifyNotRequested")
	case tlsinfo.VerifyNotChecked:
		return i18n.Tr("tls.verifyNotChecked")
	case tlsinfo.VerifyNone:
		return i18n.Tr("tls.verifyNone")
	}
	return i.Verify
}

// tlsFailureText says why a handshake failed: from the event's
// *tlsinfo.Error, or the engine's English for an event read back from
// a file.
func tlsFailureText(e *sockets.Event) string {
	var te *tlsinfo.Error
	if errors.As(e.Err, &te) {
		return i18n.TrTLSWhy(te)
	}
	return e.TLS.Verify
}
