// Package toxiapi serves toxiproxy 2.x's HTTP API over our relay, so test
// suites that drive toxiproxy drive the relay unchanged. Each proxy is a
// sockets.Server in ModeForward with its own conditions.Set; each toxic is
// a condition in that set.
package toxiapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/conditions"
)

// Version is what GET /version answers: the toxiproxy API version served.
const Version = "2.5.0"

// Error is an API error in toxiproxy's shape.
type Error struct {
	Message string `json:"error"`
	Status  int    `json:"status"`
}

func (e *Error) Error() string { return e.Message }

func apiErr(status int, format string, a ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, a...), Status: status}
}

// Proxy is a proxy as toxiproxy's API shows it.
type Proxy struct {
	Name     string  `json:"name"`
	Listen   string  `json:"listen"`
	Upstream string  `json:"upstream"`
	Enabled  bool    `json:"enabled"`
	Toxics   []Toxic `json:"toxics"`
}

type proxy struct {
	name, listen, upstream string
	set                    *conditions.Set
	base                   sockets.ServerConfig // TLS, limits; Adopt sets it
	srv                    *sockets.Server      // nil while disabled
}

// API holds the proxies and serves the HTTP API; the zero value is not
// usable, use New.
type API struct {
	// Events, when set before the first proxy is made, receives every
	// proxy's events.
	Events *sockets.EventQueue
	// Seed, when set, seeds every proxy's conditions; nil: a random seed
	// per proxy, which the relay reports as it starts.
	Seed *uint64

	mu      sync.Mutex
	proxies map[string]*proxy
	mux     *http.ServeMux
}

// New makes an API with no proxies.
func New() *API {
	a := &API{proxies: map[string]*proxy{}, mux: http.NewServeMux()}
	routes := []struct {
		method, path string
		h            http.HandlerFunc
	}{
		{"GET", "/version", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain;charset=utf-8")
			_, _ = io.WriteString(w, Version)
		}},
		{"GET", "/proxies", a.proxyIndex},
		{"POST", "/proxies", a.proxyCreate},
		{"POST", "/populate", a.populate},
		{"POST", "/reset", a.reset},
		{"GET", "/proxies/{proxy}", a.withProxy(a.proxyShow)},
		{"POST", "/proxies/{proxy}", a.withProxy(a.proxyUpdate)},
		{"DELETE", "/proxies/{proxy}", a.withProxy(a.proxyDelete)},
		{"GET", "/proxies/{proxy}/toxics", a.withProxy(a.toxicIndex)},
		{"POST", "/proxies/{proxy}/toxics", a.withProxy(a.toxicCreate)},
		{"GET", "/proxies/{proxy}/toxics/{toxic}", a.withProxy(a.toxicShow)},
		{"POST", "/proxies/{proxy}/toxics/{toxic}", a.withProxy(a.toxicUpdate)},
		{"DELETE", "/proxies/{proxy}/toxics/{toxic}", a.withProxy(a.toxicDelete)},
	}
	// paths knows each path whatever the method, to tell a wrong method on
	// a known path (405) from an unknown path (404): the catch-all below
	// gets both, as ServeMux's own 405 never comes with "/" registered.
	paths := http.NewServeMux()
	allow := map[string][]string{}
	for _, r := range routes {
		a.mux.HandleFunc(r.method+" "+r.path, r.h)
		if allow[r.path] == nil {
			paths.HandleFunc(r.path, func(http.ResponseWriter, *http.Request) {})
		}
		allow[r.path] = append(allow[r.path], r.method)
	}
	a.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if _, p := paths.Handler(r); p != "" {
			// toxiproxy 2.5.0's router (gorilla/mux) answers a bare 405
			// with no body; the Allow header is ours, and says what would
			// be right.
			w.Header().Set("Allow", strings.Join(allow[p], ", "))
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		writeErr(w, apiErr(http.StatusNotFound, "no such endpoint: %s %s; the API serves /version, /proxies, /proxies/NAME, /proxies/NAME/toxics, /proxies/NAME/toxics/TOXIC, /populate and /reset", r.Method, r.URL.Path))
	})
	return a
}

// ServeHTTP serves toxiproxy's API.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

// Close stops every proxy and forgets them.
func (a *API) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	var errs []error
	for name, p := range a.proxies {
		errs = append(errs, p.stop())
		delete(a.proxies, name)
	}
	return errors.Join(errs...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		writeErr(w, apiErr(http.StatusInternalServerError, "encoding the answer: %v", err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

func writeErr(w http.ResponseWriter, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Message: err.Error(), Status: http.StatusInternalServerError}
	}
	data, _ := json.Marshal(e)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	_, _ = w.Write(data)
}

func badBody(err error, want string) *Error {
	return apiErr(http.StatusBadRequest, "bad request body: %v; send JSON like %s", err, want)
}

const proxyExample = `{"name": "redis", "listen": "127.0.0.1:26379", "upstream": "127.0.0.1:6379", "enabled": true}`
const toxicExample = `{"name": "lag", "type": "latency", "stream": "downstream", "toxicity": 1, "attributes": {"latency": 100, "jitter": 10}}`

// start makes and starts p's relay. The listen address becomes the bound
// one, so a later enable gets the same port back.
func (a *API) start(p *proxy) error {
	if p.srv != nil {
		return nil
	}
	cfg := p.base
	cfg.Network, cfg.Addr, cfg.Mode, cfg.ForwardTo = "tcp", p.listen, sockets.ModeForward, p.upstream
	cfg.Conditions, cfg.Events = p.set, a.Events
	s := sockets.NewServer(cfg)
	if err := s.Start(); err != nil {
		return apiErr(http.StatusConflict, "proxy %s cannot listen on %s: %v; give a free host:port, e.g. 127.0.0.1:0 for any free port", p.name, p.listen, err)
	}
	p.srv = s
	p.listen = s.Addr().String()
	return nil
}

func (p *proxy) stop() error {
	if p.srv == nil {
		return nil
	}
	err := p.srv.Stop()
	p.srv = nil
	return err
}

func (p *proxy) show() Proxy {
	out := Proxy{Name: p.name, Listen: p.listen, Upstream: p.upstream, Enabled: p.srv != nil, Toxics: []Toxic{}}
	for _, c := range p.set.List() {
		out.Toxics = append(out.Toxics, toxicOf(c))
	}
	return out
}

// get is the named proxy or a 404 naming the known ones. a.mu is held.
func (a *API) get(name string) (*proxy, error) {
	if p, ok := a.proxies[name]; ok {
		return p, nil
	}
	names := make([]string, 0, len(a.proxies))
	for n := range a.proxies {
		names = append(names, n)
	}
	sort.Strings(names)
	known := "there are none yet"
	if len(names) > 0 {
		known = "known proxies: " + strings.Join(names, ", ")
	}
	return nil, apiErr(http.StatusNotFound, "proxy not found: no proxy is named %q; %s", name, known)
}

// proxyInput is a proxy as a client sends it; Enabled is nil when absent.
type proxyInput struct {
	Name     string `json:"name"`
	Listen   string `json:"listen"`
	Upstream string `json:"upstream"`
	Enabled  *bool  `json:"enabled"`
}

func (in *proxyInput) check(where string) error {
	switch {
	case in.Name == "":
		return apiErr(http.StatusBadRequest, "missing required field: name%s; every proxy needs a name, e.g. %s", where, proxyExample)
	case in.Upstream == "":
		return apiErr(http.StatusBadRequest, "missing required field: upstream%s; give the target's host:port, e.g. %s", where, proxyExample)
	}
	in.defaults()
	if in.Listen == "" {
		in.Listen = "127.0.0.1:0"
	}
	return checkAddrs(in.Name, in.Listen, in.Upstream)
}

// checkAddrs says what is wrong with a proxy's addresses.
func checkAddrs(name, listen, upstream string) error {
	if _, err := addr.ParseListen(listen); err != nil {
		return apiErr(http.StatusBadRequest, "bad listen of proxy %s: %v", name, err)
	}
	if _, err := addr.ParseDial(upstream); err != nil {
		return apiErr(http.StatusBadRequest, "bad upstream of proxy %s: %v", name, err)
	}
	return nil
}

func (in *proxyInput) defaults() {
	if in.Enabled == nil {
		t := true
		in.Enabled = &t
	}
}

// add makes and, if enabled, starts a proxy. a.mu is held.
func (a *API) add(in proxyInput) (*proxy, error) {
	p := &proxy{name: in.Name, listen: in.Listen, upstream: in.Upstream, set: a.newSet()}
	if *in.Enabled {
		if err := a.start(p); err != nil {
			return nil, err
		}
	}
	a.proxies[p.name] = p
	return p, nil
}

func (a *API) newSet() *conditions.Set {
	if a.Seed != nil {
		return conditions.NewSet(*a.Seed)
	}
	return conditions.NewSet(rand.Uint64() >> 1)
}

// Adopt adds and starts a proxy named name relaying as cfg says (its
// Addr, ForwardTo and Conditions; a nil Conditions gets a new set), so the
// API shows and changes a relay started from the command line.
func (a *API) Adopt(name string, cfg sockets.ServerConfig) (Proxy, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.proxies[name]; ok {
		return Proxy{}, apiErr(http.StatusConflict, "proxy already exists: a proxy is already named %q; choose another name", name)
	}
	p := &proxy{name: name, listen: cfg.Addr, upstream: cfg.ForwardTo, set: cfg.Conditions, base: cfg}
	if p.listen == "" {
		p.listen = "127.0.0.1:0"
	}
	if p.set == nil {
		p.set = a.newSet()
	}
	if err := a.start(p); err != nil {
		return Proxy{}, err
	}
	a.proxies[name] = p
	return p.show(), nil
}

// Server is the named proxy's running relay, nil when there is none or it
// is disabled.
func (a *API) Server(name string) *sockets.Server {
	a.mu.Lock()
	defer a.mu.Unlock()
	if p, ok := a.proxies[name]; ok {
		return p.srv
	}
	return nil
}

func (a *API) proxyIndex(w http.ResponseWriter, _ *http.Request) {
	a.mu.Lock()
	out := make(map[string]Proxy, len(a.proxies))
	for n, p := range a.proxies {
		out[n] = p.show()
	}
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func (a *API) proxyCreate(w http.ResponseWriter, r *http.Request) {
	var in proxyInput
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeErr(w, badBody(err, proxyExample))
		return
	}
	if err := in.check(""); err != nil {
		writeErr(w, err)
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.proxies[in.Name]; ok {
		writeErr(w, apiErr(http.StatusConflict, "proxy already exists: a proxy is already named %q; choose another name, or change it with POST /proxies/%s", in.Name, in.Name))
		return
	}
	p, err := a.add(in)
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, p.show())
}

func (a *API) populate(w http.ResponseWriter, r *http.Request) {
	var in []proxyInput
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeErr(w, badBody(err, "["+proxyExample+"]"))
		return
	}
	for i := range in {
		if err := in[i].check(fmt.Sprintf(" at proxy %d", i+1)); err != nil {
			writeErr(w, err)
			return
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	out := struct {
		*Error  `json:",omitempty"`
		Proxies []Proxy `json:"proxies"`
	}{Proxies: []Proxy{}}
	for _, pi := range in {
		// As toxiproxy: a proxy with the same name, listen and upstream is
		// kept with its toxics; otherwise it is replaced.
		if old, ok := a.proxies[pi.Name]; ok {
			if old.upstream == pi.Upstream && (old.listen == pi.Listen || strings.HasSuffix(pi.Listen, ":0")) {
				if *pi.Enabled {
					if err := a.start(old); err != nil {
						out.Error = err.(*Error)
						break
					}
				} else {
					_ = old.stop()
				}
				out.Proxies = append(out.Proxies, old.show())
				continue
			}
			_ = old.stop()
			delete(a.proxies, pi.Name)
		}
		p, err := a.add(pi)
		if err != nil {
			out.Error = err.(*Error)
			break
		}
		out.Proxies = append(out.Proxies, p.show())
	}
	status := http.StatusCreated
	if out.Error != nil {
		status = out.Error.Status
	}
	writeJSON(w, status, out)
}

func (a *API) reset(w http.ResponseWriter, _ *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, p := range a.proxies {
		if err := a.start(p); err != nil {
			writeErr(w, err)
			return
		}
		for _, c := range p.set.List() {
			_ = p.set.Remove(c.Name)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// withProxy runs h with the API locked and the proxy the path names, or
// answers 404 in toxiproxy's shape when there is none.
func (a *API) withProxy(h func(http.ResponseWriter, *http.Request, *proxy)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		defer a.mu.Unlock()
		p, err := a.get(r.PathValue("proxy"))
		if err != nil {
			writeErr(w, err)
			return
		}
		h(w, r, p)
	}
}

func (a *API) proxyShow(w http.ResponseWriter, r *http.Request, p *proxy) {
	writeJSON(w, http.StatusOK, p.show())
}

func (a *API) proxyUpdate(w http.ResponseWriter, r *http.Request, p *proxy) {
	enabled := p.srv != nil
	in := proxyInput{Listen: p.listen, Upstream: p.upstream, Enabled: &enabled}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeErr(w, badBody(err, `{"enabled": false}`))
		return
	}
	if in.Enabled == nil {
		in.Enabled = &enabled
	}
	if err := checkAddrs(p.name, in.Listen, in.Upstream); err != nil {
		writeErr(w, err)
		return
	}
	if in.Listen != p.listen || in.Upstream != p.upstream {
		_ = p.stop()
		p.listen, p.upstream = in.Listen, in.Upstream
	}
	var err error
	if *in.Enabled {
		err = a.start(p)
	} else {
		err = p.stop()
	}
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, p.show())
}

func (a *API) proxyDelete(w http.ResponseWriter, r *http.Request, p *proxy) {
	_ = p.stop()
	delete(a.proxies, p.name)
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) toxicIndex(w http.ResponseWriter, r *http.Request, p *proxy) {
	writeJSON(w, http.StatusOK, p.show().Toxics)
}

// findToxic is p's named condition or a 404 naming p's toxics.
func findToxic(p *proxy, name string) (conditions.Condition, error) {
	list := p.set.List()
	if i := slices.IndexFunc(list, func(c conditions.Condition) bool { return c.Name == name }); i >= 0 {
		return list[i], nil
	}
	names := make([]string, len(list))
	for i, c := range list {
		names[i] = c.Name
	}
	known := "it has none"
	if len(names) > 0 {
		known = "its toxics: " + strings.Join(names, ", ")
	}
	return conditions.Condition{}, apiErr(http.StatusNotFound, "toxic not found: proxy %s has no toxic named %q; %s", p.name, name, known)
}

// toxicInput is a toxic as a client sends it.
type toxicInput struct {
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Stream     string          `json:"stream"`
	Toxicity   *float64        `json:"toxicity"`
	Attributes json.RawMessage `json:"attributes"`
}

func (a *API) toxicCreate(w http.ResponseWriter, r *http.Request, p *proxy) {
	in := toxicInput{Stream: "downstream"}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeErr(w, badBody(err, toxicExample))
		return
	}
	if in.Stream == "" {
		in.Stream = "downstream"
	}
	c := conditions.Condition{Name: in.Name, Type: conditions.Type(in.Type), Toxicity: 1}
	var err error
	if c.Dir, err = streamDir(in.Stream); err != nil {
		writeErr(w, apiErr(http.StatusBadRequest, "%v", err))
		return
	}
	if !knownType(in.Type) {
		writeErr(w, apiErr(http.StatusBadRequest, "invalid toxic type: %q is not a toxic type; the types are %s", in.Type, typeNames()))
		return
	}
	if c.Name == "" {
		c.Name = in.Type + "_" + in.Stream
	}
	if _, err := findToxic(p, c.Name); err == nil {
		writeErr(w, apiErr(http.StatusConflict, "toxic already exists: proxy %s already has a toxic named %q; choose another name, or change it with POST /proxies/%s/toxics/%s", p.name, c.Name, p.name, c.Name))
		return
	}
	if in.Toxicity != nil {
		c.Toxicity = *in.Toxicity
	}
	if err := a.setToxic(p, &c, in.Attributes, false); err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, toxicOf(c))
}

// setToxic reads attributes over c's and adds or updates c in p's set.
func (a *API) setToxic(p *proxy, c *conditions.Condition, raw json.RawMessage, update bool) error {
	at := toAttrs(*c)
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &at); err != nil {
			return badBody(fmt.Errorf("attributes: %v", err), toxicExample)
		}
	}
	if err := at.apply(c); err != nil {
		return apiErr(http.StatusBadRequest, "bad toxic %s: %v", c.Name, err)
	}
	var err error
	if update {
		err = p.set.Update(*c)
	} else {
		err = p.set.Add(*c)
	}
	if err != nil {
		return apiErr(http.StatusBadRequest, "bad toxic: %v", err)
	}
	return nil
}

func (a *API) toxicShow(w http.ResponseWriter, r *http.Request, p *proxy) {
	c, err := findToxic(p, r.PathValue("toxic"))
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, toxicOf(c))
}

func (a *API) toxicUpdate(w http.ResponseWriter, r *http.Request, p *proxy) {
	c, err := findToxic(p, r.PathValue("toxic"))
	if err != nil {
		writeErr(w, err)
		return
	}
	var in toxicInput
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeErr(w, badBody(err, `{"toxicity": 1, "attributes": {"latency": 200}}`))
		return
	}
	if in.Toxicity != nil {
		c.Toxicity = *in.Toxicity
	}
	if err := a.setToxic(p, &c, in.Attributes, true); err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, toxicOf(c))
}

func (a *API) toxicDelete(w http.ResponseWriter, r *http.Request, p *proxy) {
	if _, err := findToxic(p, r.PathValue("toxic")); err != nil {
		writeErr(w, err)
		return
	}
	_ = p.set.Remove(r.PathValue("toxic"))
	w.WriteHeader(http.StatusNoContent)
}
