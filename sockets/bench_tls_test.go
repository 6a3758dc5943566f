//go:build unix

package sockets_test

// TLS benchmarks: the engine's TLS echo server against a plain crypto/tls
// listener with io.Copy(c, c) per connection, both with the same
// certificate (ECDSA P-256, written to files the engine loads) and the
// cipher Go's client and server agree on (TLS 1.3, AES-128-GCM). The
// engine runs with events on and a goroutine receiving each one.

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// benchTLSCert makes a self-signed ECDSA P-256 certificate for 127.0.0.1,
// writes it and its key to dir, and returns the pair and a client config
// that trusts it.
func benchTLSCert(tb testing.TB, dir string) (tls.Certificate, *tls.Config, string, string) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "bench"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP(benchLoopback)}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	kder, _ := x509.MarshalPKCS8PrivateKey(key)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		tb.Fatal(err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		tb.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(certPEM)
	return pair, &tls.Config{RootCAs: roots}, certFile, keyFile
}

// benchTLSServers starts the two TLS echo servers compared, with the same
// certificate: "tlscopy" (crypto/tls + io.Copy) and "engine".
func benchTLSServers(tb testing.TB) (map[string]benchServer, *tls.Config) {
	tb.Helper()
	pair, clientCfg, certFile, keyFile := benchTLSCert(tb, tb.TempDir())
	base := benchStartGoTLS(tb, &tls.Config{Certificates: []tls.Certificate{pair}})
	q := sockets.NewEventQueue(benchEventCap)
	d := benchStartDrainer(q, benchEventsNow)
	srv := sockets.NewServer(sockets.ServerConfig{Addr: net.JoinHostPort(benchLoopback, "0"), Events: q,
		TLS: &sockets.ServerTLS{CertFile: certFile, KeyFile: keyFile}})
	if err := srv.Start(); err != nil {
		tb.Fatal(err)
	}
	eng := benchServer{addr: srv.Addr().String(), stop: func() { srv.Stop(); d.stop() }}
	return map[string]benchServer{"tlscopy": base, "engine": eng}, clientCfg
}

// benchStartGoTLS starts the baseline: a crypto/tls listener echoing with
// io.Copy on every connection.
func benchStartGoTLS(tb testing.TB, cfg *tls.Config) benchServer {
	tb.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(benchLoopback, "0"))
	if err != nil {
		tb.Fatal(err)
	}
	tln := tls.NewListener(ln, cfg)
	var wg sync.WaitGroup
	var mu sync.Mutex
	conns := map[net.Conn]struct{}{}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := tln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = struct{}{}
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				io.Copy(c, c)
				c.Close()
				mu.Lock()
				delete(conns, c)
				mu.Unlock()
			}()
		}
	}()
	return benchServer{addr: ln.Addr().String(), stop: func() {
		ln.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	}}
}

// benchDialTLS opens n TLS connections to addr and checks each echoes.
func benchDialTLS(tb testing.TB, addr string, cfg *tls.Config, n int) []net.Conn {
	tb.Helper()
	return benchDialWith(tb, addr, n, func() (net.Conn, error) {
		return tls.DialWithDialer(&net.Dialer{Timeout: benchIOTimeout}, "tcp", addr, cfg)
	})
}

// BenchmarkTLSEchoRatio streams 8 connections x 2 MiB through each TLS
// echo server in turn, the order rotating every round, and reports each
// one's MB/s and the median over rounds of engine/tlscopy (higher is
// better) and of their CPU times. One op is one round over both.
// Target: engine/tlscopy >= 0.9.
func BenchmarkTLSEchoRatio(b *testing.B) {
	servers, cfg := benchTLSServers(b)
	names := []string{"tlscopy", "engine"}
	const chunksPerRound = benchStreams * 64 // 8 x 2 MiB
	conns := map[string][]net.Conn{}
	for _, name := range names {
		defer servers[name].stop()
		conns[name] = benchDialTLS(b, servers[name].addr, cfg, benchStreams)
		defer benchCloseAll(conns[name])
	}
	benchStreamPair(b, names, conns, chunksPerRound)
}

// benchStreamPair streams chunksPerRound chunks over each server's
// connections in turn, b.N rounds, rotating the order every round, and
// reports as benchReportPair does.
func benchStreamPair(b *testing.B, names []string, conns map[string][]net.Conn, chunksPerRound int) {
	wbuf, rbufs := benchBuffers(benchStreams)
	chunks := benchSplit(chunksPerRound, benchStreams)
	r := newBenchRounds()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for k := range names {
			name := names[(n+k)%len(names)]
			r.round(b, name, func() error { return benchStream(conns[name], chunks, wbuf, rbufs) })
		}
	}
	b.StopTimer()
	benchReportPair(b, r, names, float64(chunksPerRound*benchChunk)/1e6, "MB/s")
}

// benchReportPair reports each server's rate, and the median over rounds
// of the engine's rate over the baseline's (names[0]) and of its CPU time
// over the baseline's.
func benchReportPair(b *testing.B, r *benchRounds, names []string, units float64, unit string) {
	base := names[0]
	for _, name := range names {
		var sum float64
		for _, w := range r.wall[name] {
			sum += w
		}
		b.ReportMetric(units*float64(len(r.wall[name]))/sum, name+"-"+unit)
	}
	b.ReportMetric(benchRatioMedian(r.wall[base], r.wall["engine"]), "engine/"+base)
	b.ReportMetric(benchRatioMedian(r.cpu["engine"], r.cpu[base]), "cpu:engine/"+base)
}

// benchHandshakes makes n TLS connections to addr from 4 goroutines at
// once: each does the handshake, a 1-byte round trip (so the server has
// finished its side too) and closes.
func benchHandshakes(addr string, cfg *tls.Config, n int) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, 4)
	one := []byte{'x'}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 1)
			for next.Add(1) <= int64(n) {
				c, err := tls.DialWithDialer(&net.Dialer{Timeout: benchIOTimeout}, "tcp", addr, cfg)
				if err != nil {
					errc <- err
					return
				}
				c.SetDeadline(time.Now().Add(benchIOTimeout))
				_, err = c.Write(one)
				if err == nil {
					_, err = io.ReadFull(c, buf)
				}
				c.Close()
				if err != nil {
					errc <- fmt.Errorf("round trip: %w", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	return <-errc
}

// BenchmarkTLSHandshakeRatio makes 100 new TLS connections (handshake, one
// byte each way, close) to each server in turn, rotating the order every
// round, and reports handshakes/s for each and the median over rounds of
// engine/tlscopy. Target: engine/tlscopy >= 0.9.
func BenchmarkTLSHandshakeRatio(b *testing.B) {
	servers, cfg := benchTLSServers(b)
	names := []string{"tlscopy", "engine"}
	for _, name := range names {
		defer servers[name].stop()
	}
	const perRound = 100
	r := newBenchRounds()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for k := range names {
			name := names[(n+k)%len(names)]
			r.round(b, name, func() error { return benchHandshakes(servers[name].addr, cfg, perRound) })
		}
	}
	b.StopTimer()
	benchReportPair(b, r, names, perRound, "handshakes/s")
}
