package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// clientTLSFlags are send's, and the relay's toward its target, whose
// certificate flags take prefix "to-" (--to-cert).
type clientTLSFlags struct {
	on                string // the flag that turns TLS on: "tls" or "tls-to"
	certFlag, keyFlag string
	enabled, insecure bool
	sni, ca, alpn     string
	cert, key, min    string
}

// addClientTLSFlags registers the client TLS flags on fs.
func addClientTLSFlags(fs *flag.FlagSet, on, certPrefix string) *clientTLSFlags {
	f := &clientTLSFlags{on: on, certFlag: certPrefix + "cert", keyFlag: certPrefix + "key"}
	fs.BoolVar(&f.enabled, on, false, "")
	fs.BoolVar(&f.insecure, "insecure", false, "")
	fs.StringVar(&f.sni, "sni", "", "")
	fs.StringVar(&f.ca, "ca", "", "")
	fs.StringVar(&f.alpn, "alpn", "", "")
	fs.StringVar(&f.cert, f.certFlag, "", "")
	fs.StringVar(&f.key, f.keyFlag, "", "")
	fs.StringVar(&f.min, "tls-min", "", "")
	return f
}

// settings is nil without --tls (or --tls-to).
func (f *clientTLSFlags) settings(fs *flag.FlagSet, cmd string) (*sockets.ClientTLS, error) {
	if !f.enabled {
		for _, name := range []string{"insecure", "sni", "ca", "alpn", f.certFlag, f.keyFlag, "tls-min"} {
			if flagWasSet(fs, name) {
				return nil, usageErrorf(cmd, "--%s needs --%s", name, f.on)
			}
		}
		return nil, nil
	}
	t := &sockets.ClientTLS{Insecure: f.insecure, ServerName: f.sni, CAFile: f.ca, CertFile: f.cert, KeyFile: f.key}
	switch {
	case f.insecure && f.ca != "":
		return nil, usageErrorf(cmd, "--insecure skips verification, so --ca would not be used: give one or the other")
	case (f.cert == "") != (f.key == ""):
		return nil, usageErrorf(cmd, "--%s and --%s go together (a client certificate and its key)", f.certFlag, f.keyFlag)
	case flagWasSet(fs, "alpn") && len(sockets.SplitList(f.alpn)) == 0:
		return nil, usageErrorf(cmd, "--alpn needs at least one protocol name, e.g. h2,http/1.1")
	}
	if err := readableFiles(cmd, "ca", f.ca, f.certFlag, f.cert, f.keyFlag, f.key); err != nil {
		return nil, err
	}
	t.ALPN = sockets.SplitList(f.alpn)
	if f.min != "" {
		v, err := tlsinfo.ParseVersion(f.min)
		if err != nil {
			return nil, usageErrorf(cmd, "--tls-min: %v", err)
		}
		t.MinVersion = v
	}
	return t, nil
}

// serverTLSFlags are serve's, and the relay's toward its clients.
type serverTLSFlags struct {
	withALPN             bool
	enabled, requestCert bool
	cert, key, saveCert  string
	name, alpn, clientCA string
}

// addServerTLSFlags adds --alpn only withALPN: the relay's --alpn is --tls-to's.
func addServerTLSFlags(fs *flag.FlagSet, withALPN bool) *serverTLSFlags {
	f := &serverTLSFlags{withALPN: withALPN}
	fs.BoolVar(&f.enabled, "tls", false, "")
	fs.StringVar(&f.cert, "cert", "", "")
	fs.StringVar(&f.key, "key", "", "")
	fs.StringVar(&f.saveCert, "save-cert", "", "")
	fs.StringVar(&f.name, "name", "", "")
	fs.BoolVar(&f.requestCert, "request-cert", false, "")
	fs.StringVar(&f.clientCA, "client-ca", "", "")
	if withALPN {
		fs.StringVar(&f.alpn, "alpn", "", "")
	}
	return f
}

// settings is nil without --tls.
func (f *serverTLSFlags) settings(fs *flag.FlagSet, cmd string) (*sockets.ServerTLS, error) {
	if !f.enabled {
		for _, name := range []string{"cert", "key", "save-cert", "name", "request-cert", "client-ca", "alpn"} {
			if flagWasSet(fs, name) && (name != "alpn" || f.withALPN) {
				return nil, usageErrorf(cmd, "--%s needs --tls", name)
			}
		}
		return nil, nil
	}
	if (f.cert == "") != (f.key == "") {
		return nil, usageErrorf(cmd, "--cert and --key go together (or leave both out to generate a certificate)")
	}
	if err := readableFiles(cmd, "cert", f.cert, "key", f.key, "client-ca", f.clientCA); err != nil {
		return nil, err
	}
	if err := writableFile(cmd, "save-cert", f.saveCert); err != nil {
		return nil, err
	}
	return &sockets.ServerTLS{CertFile: f.cert, KeyFile: f.key, ServerName: f.name, RequestClientCert: f.requestCert, ClientCAFile: f.clientCA, ALPN: sockets.SplitList(f.alpn)}, nil
}

// saveCertificate writes the certificate's PEM to --save-cert, if given.
func (f *serverTLSFlags) saveCertificate(c *tlsinfo.Certificate) error {
	if f.saveCert == "" || c == nil {
		return nil
	}
	if err := os.WriteFile(f.saveCert, c.PEM, 0o644); err != nil {
		return &usageError{err: fmt.Errorf("--save-cert %s: %w", f.saveCert, err)}
	}
	return nil
}

// readableFiles checks each named file flag's path (pairs of flag name and
// path; an empty path was not given) can be read: a file that is missing or
// unreadable is a mistake on the command line (exit 2), like --rules.
func readableFiles(cmd string, flagPaths ...string) error {
	for i := 0; i+1 < len(flagPaths); i += 2 {
		name, path := flagPaths[i], flagPaths[i+1]
		if path == "" {
			continue
		}
		f, err := os.Open(path)
		if err == nil {
			var st os.FileInfo
			if st, err = f.Stat(); err == nil && st.IsDir() {
				err = fmt.Errorf("%s is a directory, not a PEM file", path)
			}
			f.Close()
		}
		if err != nil {
			return usageErrorf(cmd, "--%s %s: %v", name, path, err)
		}
	}
	return nil
}

// writableFile checks a file flag's path can be written, before anything
// starts, without leaving a file behind that was not there.
func writableFile(cmd, name, path string) error {
	if path == "" {
		return nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return usageErrorf(cmd, "--%s %s: is a directory (want a file name, e.g. server.pem)", name, path)
	}
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return usageErrorf(cmd, "--%s %s: %v", name, path, err)
	}
	f.Close()
	if statErr != nil {
		os.Remove(path)
	}
	return nil
}

// tlsHint adds which flag trusts a certificate, skips the check, or turns
// TLS on or off.
func tlsHint(err error) error { return tlsHintFor(err, "--tls") }

// tlsHintFor is tlsHint where the flag that turns TLS on is on (the
// relay's --tls-to).
func tlsHintFor(err error, on string) error {
	if errors.Is(err, sockets.ErrServerSpeaksTLS) {
		return fmt.Errorf("%w; pass --tls", err)
	}
	var te *tlsinfo.Error
	if !errors.As(err, &te) {
		return err
	}
	switch te.Reason {
	case tlsinfo.UnknownAuthority:
		return fmt.Errorf("%w; pass --ca FILE to trust it (serve --tls --save-cert FILE writes ours), or --insecure to skip verification", err)
	case tlsinfo.NameMismatch:
		return fmt.Errorf("%w; pass --sni NAME with a name it is for, or --insecure to skip verification", err)
	case tlsinfo.CommonNameOnly:
		return fmt.Errorf("%w; --insecure skips verification", err)
	case tlsinfo.Expired:
		return fmt.Errorf("%w; pass --insecure to connect anyway", err)
	case tlsinfo.NotTLS, tlsinfo.Timeout:
		return fmt.Errorf("%w; leave out %s if the server speaks plain TCP", err, on)
	}
	return err
}
