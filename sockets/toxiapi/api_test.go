package toxiapi

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2/client"
)

// echoTarget echoes every byte back on 127.0.0.1:0 until the test ends.
func echoTarget(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(20 * time.Second))
				_, _ = io.Copy(c, c)
			}()
		}
	}()
	return ln.Addr().String()
}

// newAPI serves an API on loopback and gives toxiproxy's own client for it.
func newAPI(t *testing.T) (*API, *toxiproxy.Client, string) {
	t.Helper()
	a := New()
	srv := httptest.NewServer(a)
	t.Cleanup(func() {
		srv.Close()
		if err := a.Close(); err != nil {
			t.Error(err)
		}
	})
	return a, toxiproxy.NewClient(srv.URL), srv.URL
}

// roundTrip sends p through addr on a fresh connection, checks the exact
// bytes come back and returns how long it took.
func roundTrip(t *testing.T, addr string, p []byte) time.Duration {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	start := time.Now()
	if _, err := c.Write(p); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(p))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatalf("reading the echo: %v", err)
	}
	d := time.Since(start)
	if !bytes.Equal(got, p) {
		t.Fatalf("echo = %q, want %q", got, p)
	}
	return d
}

func TestToxiproxyClientDrivesRelay(t *testing.T) {
	target := echoTarget(t)
	_, cl, url := newAPI(t)

	resp, err := http.Get(url + "/version")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(v) != Version {
		t.Fatalf("GET /version = %q, want %q", v, Version)
	}
	p, err := cl.CreateProxy("echo", "127.0.0.1:0", target)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Enabled || p.Upstream != target || strings.HasSuffix(p.Listen, ":0") {
		t.Fatalf("created proxy = %+v, want enabled, upstream %s and its bound port", p, target)
	}
	payload := []byte("hello\x00\xff through the relay\n")
	roundTrip(t, p.Listen, payload)

	const lat = 60 * time.Millisecond
	tx, err := p.AddToxic("lag", "latency", "downstream", 1, toxiproxy.Attributes{"latency": 60, "jitter": 0})
	if err != nil {
		t.Fatal(err)
	}
	if tx.Name != "lag" || tx.Type != "latency" || tx.Stream != "downstream" || tx.Toxicity != 1 || tx.Attributes["latency"] != float64(60) {
		t.Fatalf("toxic = %+v", tx)
	}
	if d := roundTrip(t, p.Listen, payload); d < lat {
		t.Fatalf("round trip with %v latency took %v", lat, d)
	}

	tx, err = p.UpdateToxic("lag", -1, toxiproxy.Attributes{"latency": 150})
	if err != nil {
		t.Fatal(err)
	}
	if tx.Attributes["latency"] != float64(150) || tx.Toxicity != 1 {
		t.Fatalf("updated toxic = %+v, want latency 150 and toxicity kept at 1", tx)
	}
	if d := roundTrip(t, p.Listen, payload); d < 150*time.Millisecond {
		t.Fatalf("round trip with 150ms latency took %v", d)
	}

	got, err := cl.Proxy("echo")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.ActiveToxics) != 1 || got.ActiveToxics[0].Name != "lag" {
		t.Fatalf("proxy's toxics = %+v, want lag", got.ActiveToxics)
	}
	if err := p.RemoveToxic("lag"); err != nil {
		t.Fatal(err)
	}
	if ts, err := p.Toxics(); err != nil || len(ts) != 0 {
		t.Fatalf("toxics after remove = %+v, %v; want none", ts, err)
	}
	roundTrip(t, p.Listen, payload)

	// Disable stops the relay; enable brings it back on the same port.
	if err := p.Disable(); err != nil {
		t.Fatal(err)
	}
	if c, err := net.DialTimeout("tcp", p.Listen, 5*time.Second); err == nil {
		c.Close()
		t.Fatal("a disabled proxy accepted a connection")
	}
	if err := p.Enable(); err != nil {
		t.Fatal(err)
	}
	roundTrip(t, p.Listen, payload)
}

func TestPopulateAndReset(t *testing.T) {
	target := echoTarget(t)
	_, cl, _ := newAPI(t)
	ps, err := cl.Populate([]toxiproxy.Proxy{
		{Name: "a", Listen: "127.0.0.1:0", Upstream: target, Enabled: true},
		{Name: "b", Listen: "127.0.0.1:0", Upstream: target, Enabled: false},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Name != "a" || !ps[0].Enabled || ps[1].Name != "b" || ps[1].Enabled {
		t.Fatalf("populated = %+v", ps)
	}
	a, b := ps[0], ps[1]
	roundTrip(t, a.Listen, []byte("to a"))
	if _, err := a.AddToxic("", "latency", "upstream", 1, toxiproxy.Attributes{"latency": 10}); err != nil {
		t.Fatal(err)
	}

	if err := cl.ResetState(); err != nil {
		t.Fatal(err)
	}
	all, err := cl.Proxies()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("proxies = %+v", all)
	}
	for _, p := range all {
		if !p.Enabled || len(p.ActiveToxics) != 0 {
			t.Fatalf("after reset %s = %+v, want enabled with no toxics", p.Name, p)
		}
	}
	roundTrip(t, all["b"].Listen, []byte("to b"))

	// As toxiproxy: populating a proxy again with the same upstream keeps
	// it and its toxics; another upstream replaces it.
	if _, err := b.AddToxic("cut", "limit_data", "upstream", 1, toxiproxy.Attributes{"bytes": 5}); err != nil {
		t.Fatal(err)
	}
	other := echoTarget(t)
	ps, err = cl.Populate([]toxiproxy.Proxy{
		{Name: "a", Listen: "127.0.0.1:0", Upstream: other, Enabled: true},
		{Name: "b", Listen: all["b"].Listen, Upstream: target, Enabled: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if ps[0].Upstream != other || len(ps[0].ActiveToxics) != 0 {
		t.Errorf("a populated with another upstream = %+v, want it replaced", ps[0])
	}
	if ps[1].Listen != all["b"].Listen || len(ps[1].ActiveToxics) != 1 || ps[1].ActiveToxics[0].Attributes["bytes"] != float64(5) {
		t.Errorf("b populated again = %+v, want it kept with its toxic", ps[1])
	}
	roundTrip(t, ps[0].Listen, []byte("to a's new target"))
}

func TestErrorsInToxiproxyShape(t *testing.T) {
	target := echoTarget(t)
	_, cl, url := newAPI(t)
	p, err := cl.CreateProxy("dup", "127.0.0.1:0", target)
	if err != nil {
		t.Fatal(err)
	}

	_, err = cl.CreateProxy("dup", "127.0.0.1:0", target)
	if err == nil || !strings.Contains(err.Error(), "HTTP 409") || !strings.Contains(err.Error(), `a proxy is already named "dup"`) {
		t.Fatalf("duplicate proxy: %v, want HTTP 409 naming it", err)
	}
	_, err = p.AddToxic("x", "lagging", "downstream", 1, nil)
	if err == nil || !strings.Contains(err.Error(), "HTTP 400") || !strings.Contains(err.Error(), `"lagging" is not a toxic type; the types are latency, bandwidth`) {
		t.Fatalf("unknown type: %v, want HTTP 400 listing the types", err)
	}

	cases := []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"GET", "/proxies/nope", "", 404, `{"error":"proxy not found: no proxy is named \"nope\"; known proxies: dup","status":404}`},
		{"GET", "/proxies/dup/toxics/nope", "", 404, `{"error":"toxic not found: proxy dup has no toxic named \"nope\"; it has none","status":404}`},
		{"DELETE", "/proxies/dup/toxics/nope", "", 404, ""},
		{"POST", "/proxies", `{"name": "x"}`, 400, "missing required field: upstream"},
		{"POST", "/proxies", `{"name": `, 400, "bad request body"},
		{"POST", "/proxies/dup/toxics", `{"type": "latency", "stream": "sideways"}`, 400, `stream \"sideways\" is not known: it can be either upstream`},
		{"POST", "/proxies/dup/toxics", `{"type": "latency", "attributes": {"latency": -5}}`, 400, "attribute latency is -5: it must be 0 or more"},
		{"POST", "/proxies/dup/toxics", `{"type": "bandwidth", "attributes": {"rate": 0}}`, 400, "bad toxic"},
		{"POST", "/proxies/dup/toxics", `{"type": "latency", "toxicity": 1.5}`, 400, "bad toxic"},
		{"POST", "/populate", `[{"name": "y"}]`, 400, "missing required field: upstream at proxy 1"},
		{"POST", "/proxies", `{"name": "z", "upstream": "127.0.0.1:99999"}`, 400, `bad upstream of proxy z: invalid port \"99999\"`},
		{"POST", "/proxies/dup", `{"listen": "nowhere"}`, 400, `bad listen of proxy dup: invalid address \"nowhere\"`},
		{"GET", "/toxics", "", 404, "no such endpoint: GET /toxics; the API serves /version, /proxies"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, url+c.path, strings.NewReader(c.body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.want) || !strings.Contains(string(body), `"status":`) {
			t.Errorf("%s %s %s: %d %s; want %d containing %s", c.method, c.path, c.body, resp.StatusCode, body, c.status, c.want)
		}
	}
}

// TestWrongMethodIs405 answers a wrong method on a known path as toxiproxy
// 2.5.0 does (its gorilla/mux router): 405 Method Not Allowed with an empty
// body, plus an Allow header naming the methods that would be right; an
// unknown path stays a 404 in toxiproxy's error shape.
func TestWrongMethodIs405(t *testing.T) {
	_, cl, url := newAPI(t)
	if _, err := cl.CreateProxy("p", "127.0.0.1:0", echoTarget(t)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ method, path, allow string }{
		{"POST", "/version", "GET"},
		{"DELETE", "/proxies", "GET, POST"},
		{"GET", "/reset", "POST"},
		{"GET", "/populate", "POST"},
		{"PUT", "/proxies/p", "GET, POST, DELETE"},
		{"PUT", "/proxies/nope", "GET, POST, DELETE"},
		{"DELETE", "/proxies/p/toxics", "GET, POST"},
		{"PATCH", "/proxies/p/toxics/t", "GET, POST, DELETE"},
	} {
		req, _ := http.NewRequest(c.method, url+c.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || len(body) != 0 || resp.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: %d, Allow %q, body %q; want 405, Allow %q, no body", c.method, c.path, resp.StatusCode, resp.Header.Get("Allow"), body, c.allow)
		}
	}
	resp, err := http.Post(url+"/proxies/p/toxics/t/more", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(string(body), `{"error":"no such endpoint: POST /proxies/p/toxics/t/more`) {
		t.Errorf("unknown path: %d %s; want 404 in toxiproxy's shape", resp.StatusCode, body)
	}
}
