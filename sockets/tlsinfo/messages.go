package tlsinfo

import "github.com/sockettester/sockettester/sockets/msg"

// Codes of TLS failures, certificate files and TLS settings.
const (
	codeTLSHandshakeWith          msg.Code = "tlsHandshakeWith"
	codeTLSNotVerified            msg.Code = "tlsNotVerified"
	codeTLSUnknownAuthority       msg.Code = "tlsUnknownAuthority"
	codeTLSUnknownAuthorityServer msg.Code = "tlsUnknownAuthorityServer"
	codeTLSNameMismatch           msg.Code = "tlsNameMismatch"
	codeTLSIPAsName               msg.Code = "tlsIPAsName"
	codeTLSCommonNameOnly         msg.Code = "tlsCommonNameOnly"
	codeTLSCNOnlySkip             msg.Code = "tlsCNOnlySkip"
	codeCertCNOnly                msg.Code = "certCNOnly"
	codeTLSExpired                msg.Code = "tlsExpired"
	codeTLSNotYetValid            msg.Code = "tlsNotYetValid"
	codeDaysAgo                   msg.Code = "daysAgo"
	codeToday                     msg.Code = "today"
	codeTLSServerPlain            msg.Code = "tlsServerPlain"
	codeTLSClientPlain            msg.Code = "tlsClientPlain"
	codeTLSClientHTTP             msg.Code = "tlsClientHTTP"
	codeTLSEchoed                 msg.Code = "tlsEchoed"
	codeTLSNoAnswer               msg.Code = "tlsNoAnswer"
	codeTLSNoHello                msg.Code = "tlsNoHello"
	codeTLSBrokeOff               msg.Code = "tlsBrokeOff"
	codeTLSServerRefused          msg.Code = "tlsServerRefused"
	codeTLSServerRefusedHint      msg.Code = "tlsServerRefusedHint"
	codeTLSClientRefused          msg.Code = "tlsClientRefused"
	codeTLSClientRefusedHint      msg.Code = "tlsClientRefusedHint"
	codeAlertWantsCert            msg.Code = "alertWantsCert"
	codeTLSWantsClientCert        msg.Code = "tlsWantsClientCert"
	codeTLSCertHeldBack           msg.Code = "tlsCertHeldBack"
	codeAlertDistrusts            msg.Code = "alertDistrusts"
	codeAlertRejectsCert          msg.Code = "alertRejectsCert"
	codeAlertVersion              msg.Code = "alertVersion"
	codeAlertCipher               msg.Code = "alertCipher"
	codeAlertSNI                  msg.Code = "alertSNI"
	codeAlertALPN                 msg.Code = "alertALPN"
	codeTLSServerHungUp           msg.Code = "tlsServerHungUp"
	codeTLSClientHungUp           msg.Code = "tlsClientHungUp"
	codeTLSHandshakeFailed        msg.Code = "tlsHandshakeFailed"
	codeCertFileErr               msg.Code = "certFile"
	codeKeyFileErr                msg.Code = "keyFile"
	codeCertNotPEM                msg.Code = "certNotPEM"
	codeKeyNotPEM                 msg.Code = "keyNotPEM"
	codeKeyMismatch               msg.Code = "keyMismatch"
	codeCertWithKey               msg.Code = "certWithKey"
	codeCertFileNamed             msg.Code = "certFileNamed"
	codeCertExpired               msg.Code = "certExpired"
	codeCertNotYetValid           msg.Code = "certNotYetValid"
	codeCertWrongName             msg.Code = "certWrongName"
	codeCertNameHint              msg.Code = "certNameHint"
	codeTLSVersionUnknown         msg.Code = "tlsVersionUnknown"
)

var _ = msg.Define(map[msg.Code]string{
	codeTLSHandshakeWith:          "TLS handshake with {Peer} failed: {Why}: {Err}",
	codeTLSNotVerified:            "the certificate did not verify",
	codeTLSUnknownAuthority:       "the certificate is not signed by an authority this client trusts (self-signed?)",
	codeTLSUnknownAuthorityServer: "the certificate is not signed by an authority this server trusts (self-signed?)",
	codeTLSNameMismatch:           "certificate is for {Names}, you asked for {Host}",
	codeTLSIPAsName:               "certificate lists {Host} as a host name, not as an IP address, so it does not match the address {Host}",
	codeTLSCommonNameOnly:         `the certificate names {Name} only in its Common Name, which TLS clients ignore: reissue it with a subjectAltName (openssl req … -addext "subjectAltName={SAN}")`,
	codeTLSCNOnlySkip:             "{Why}, or skip verification",
	codeCertCNOnly:                "certificate {File}: {Why}",
	codeTLSExpired:                "certificate expired on {Date} ({Ago})",
	codeTLSNotYetValid:            "certificate is not valid until {Date}",
	codeDaysAgo:                   "{N} {N|day|days} ago",
	codeToday:                     "today",
	codeTLSServerPlain:            "the server answered with plain bytes: {Bytes} (it does not speak TLS)",
	codeTLSClientPlain:            "the client sent plain bytes: {Bytes} (it does not speak TLS)",
	codeTLSClientHTTP:             "the client sent a plain HTTP request: {Bytes} (it does not speak TLS: use https://); answered 400 Bad Request, as Go's net/http does",
	codeTLSEchoed:                 "the server sent our own TLS hello back: it speaks plain TCP (an echo server?), not TLS",
	codeTLSNoAnswer:               "no TLS answer within {Time} (a plain server waits for the client to speak first)",
	codeTLSNoHello:                "no TLS hello within {Time}",
	codeTLSBrokeOff:               "the client broke off the handshake with an alert we could not read (OpenSSL clients, curl and Python do that when they do not trust the certificate)",
	codeTLSServerRefused:          "the server refused the handshake ({Alert})",
	codeTLSServerRefusedHint:      "the server refused the handshake ({Alert}): {Hint}",
	codeTLSClientRefused:          "the client refused the handshake ({Alert})",
	codeTLSClientRefusedHint:      "the client refused the handshake ({Alert}): {Hint}",
	codeAlertWantsCert:            "it wants a client certificate",
	codeTLSWantsClientCert:        "the server requires a client certificate and none was sent ({Alert}): give a certificate and its key (send --cert FILE --key FILE; relay --to-cert FILE --to-key FILE)",
	codeTLSCertHeldBack:           "the server requires a client certificate issued by {CAs}; ours ({Subject}, issued by {Issuer}) is not, so it was held back and none was sent ({Alert}): give a certificate one of those CAs issued",
	codeAlertDistrusts:            "it does not trust this certificate",
	codeAlertRejectsCert:          "it did not accept the client certificate",
	codeAlertVersion:              "no TLS version in common",
	codeAlertCipher:               "no TLS version or cipher suite in common",
	codeAlertSNI:                  "it does not know the server name sent (SNI)",
	codeAlertALPN:                 "no ALPN protocol in common",
	codeTLSServerHungUp:           "the server hung up during the handshake",
	codeTLSClientHungUp:           "the client hung up during the handshake (a client that does not trust the certificate often does that)",
	codeTLSHandshakeFailed:        "the handshake failed",
	codeCertFileErr:               "certificate file: {Err}",
	codeKeyFileErr:                "key file: {Err}",
	codeCertNotPEM:                "certificate file {File} is not PEM (want a -----BEGIN CERTIFICATE----- block)",
	codeKeyNotPEM:                 "key file {File} is not a PEM private key (want a -----BEGIN PRIVATE KEY----- block)",
	codeKeyMismatch:               "key file {Key} does not belong to certificate {Cert}: {Err}",
	codeCertWithKey:               "certificate {Cert} with key {Key}: {Err}",
	codeCertFileNamed:             "certificate file {File}: {Err}",
	codeCertExpired:               "certificate {File} expired on {Date} ({Ago})",
	codeCertNotYetValid:           "certificate {File} is not valid until {Date}",
	codeCertWrongName:             "certificate {File} is for {Names}, not {Want} ({Hint})",
	codeCertNameHint:              "give the name clients connect by as the server name",
	codeTLSVersionUnknown:         "unknown TLS version {Version} (want 1.0, 1.1, 1.2 or 1.3)",
})

// Codes of the parts of a handshake's summary (Handshake.Summary).
const (
	codeTLSPartALPN           msg.Code = "tlsPartALPN"
	codeTLSPartNewSession     msg.Code = "tlsPartNewSession"
	codeTLSPartResumed        msg.Code = "tlsPartResumed"
	codeTLSPartSNI            msg.Code = "tlsPartSNI"
	codeTLSPartVerified       msg.Code = "tlsPartVerified"
	codeTLSPartSkipped        msg.Code = "tlsPartSkipped"
	codeTLSPartPeerCert       msg.Code = "tlsPartPeerCert"
	codeTLSPartLeaf           msg.Code = "tlsPartLeaf"
	codeTLSPartClientCert     msg.Code = "tlsPartClientCert"
	codeTLSClientCertSent     msg.Code = "tlsClientCertSent"
	codeTLSClientCertNone     msg.Code = "tlsClientCertNone"
	codeTLSClientCertHeldBack msg.Code = "tlsClientCertHeldBack"
	codeTLSSummary            msg.Code = "tlsSummary"
)

var _ = msg.Define(map[msg.Code]string{
	codeTLSPartALPN:           ", ALPN {ALPN}",
	codeTLSPartNewSession:     ", new session",
	codeTLSPartResumed:        ", resumed session",
	codeTLSPartSNI:            ", SNI {Name}",
	codeTLSPartVerified:       "; verified",
	codeTLSPartSkipped:        "; verification skipped",
	codeTLSPartPeerCert:       "; peer certificate: {Verify}",
	codeTLSPartLeaf:           "; certificate {Subject}, {Key}, {Days} days left, sha256 {SHA}",
	codeTLSPartClientCert:     "{Verify}; the server asked for a client certificate: {Cert}",
	codeTLSClientCertSent:     "sent",
	codeTLSClientCertNone:     "none sent",
	codeTLSClientCertHeldBack: "ours held back (not issued by a CA it named)",
	codeTLSSummary:            "{Version}, {Cipher}{ALPN}{Session}{SNI}{Verify}{Cert}",
})
