// Package tlsinfo describes TLS for a person: the certificate a server
// presents (loaded from files or generated for the session, with its
// fingerprint), what a finished handshake settled (Handshake, as openssl
// s_client reports it), and why a failed one failed (Error). The engine
// builds the connections; this package only reads and explains them.
package tlsinfo
