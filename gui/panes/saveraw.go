package panes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// rawQueue bounds the chunks waiting for the disk. When the disk is slower
// than the connection the read waits for room (the peer is slowed by flow
// control); no byte is dropped and nothing on the data path waits for the
// window.
const rawQueue = 64

// rawChunk is a received chunk on its way to the disk.
type rawChunk struct {
	peer string
	data []byte
}

// rawSaver appends everything a connection receives, raw, to a file: the
// data path copies each chunk into a bounded queue (hear) and a goroutine
// of its own writes it. For a server it keeps one file per peer (pathFor).
type rawSaver struct {
	only    string                   // the one peer saved, "" for every peer (or the client's connection)
	pathFor func(peer string) string // the file a peer's bytes go to
	queue   chan rawChunk
	quit    chan struct{} // closed by stop
	done    chan struct{} // closed when the writer has closed its files
	failed  atomic.Bool   // the writer stopped on an error: hear drops
	written atomic.Int64
	notify  func() // called on the writer goroutine after a write, and once on failure

	files map[string]*os.File // the writer goroutine's
	paths []string            // files opened, in order; read after done
	err   error               // why the writer stopped; read after done
	once  sync.Once
}

// startRawSaver opens first (the client's file, or the one peer's; "" for
// none yet) and starts the writer. A file that cannot be created is
// refused here, before any byte is taken.
func startRawSaver(first, only string, pathFor func(peer string) string, notify func()) (*rawSaver, error) {
	s := &rawSaver{only: only, pathFor: pathFor, queue: make(chan rawChunk, rawQueue),
		quit: make(chan struct{}), done: make(chan struct{}), notify: notify, files: map[string]*os.File{}}
	if first != "" {
		if _, err := s.open(only); err != nil {
			return nil, err
		}
	}
	go s.write()
	return s, nil
}

// open creates (empties) the file for peer; the writer's, or before it starts.
func (s *rawSaver) open(peer string) (*os.File, error) {
	path := s.pathFor(peer)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	s.files[peer] = f
	s.paths = append(s.paths, path)
	return f, nil
}

// hear is the data path's hook: it queues a copy of b (valid only during
// the call) for the writer.
func (s *rawSaver) hear(peer string, b []byte) {
	if s.failed.Load() || (s.only != "" && peer != s.only) {
		return
	}
	select {
	case s.queue <- rawChunk{peer, append([]byte(nil), b...)}:
	case <-s.quit:
	}
}

// write takes chunks off the queue until stop, then writes what is still
// queued and closes the files.
func (s *rawSaver) write() {
	defer close(s.done)
	defer s.closeFiles()
	for {
		select {
		case c := <-s.queue:
			if !s.put(c) {
				return
			}
		case <-s.quit:
			for {
				select {
				case c := <-s.queue:
					if !s.put(c) {
						return
					}
				default:
					return
				}
			}
		}
	}
}

// put writes one chunk, reporting false (and stopping the saving) on a
// disk error.
func (s *rawSaver) put(c rawChunk) bool {
	f := s.files[c.peer]
	var err error
	if f == nil {
		f, err = s.open(c.peer)
	}
	if err == nil {
		var n int
		n, err = f.Write(c.data)
		s.written.Add(int64(n))
	}
	if err != nil {
		s.err = err
		s.failed.Store(true)
	}
	if s.notify != nil {
		s.notify()
	}
	return err == nil
}

func (s *rawSaver) closeFiles() {
	for _, f := range s.files {
		if err := f.Close(); err != nil && s.err == nil {
			s.err = err
			s.failed.Store(true)
		}
	}
}

// stop ends the saving once what was queued is written, and returns why
// the writer stopped early, if it did.
func (s *rawSaver) stop() error {
	s.once.Do(func() { close(s.quit) })
	<-s.done
	return s.err
}

// peerFileName is path with the peer's address before its extension:
// "received.bin" for 127.0.0.1:5000 is "received-127.0.0.1_5000.bin".
func peerFileName(path, peer string) string {
	ext := filepath.Ext(path)
	safe := strings.NewReplacer(":", "_", "/", "_", "\\", "_", "[", "", "]", "").Replace(peer)
	if safe == "" {
		safe = "unnamed"
	}
	return strings.TrimSuffix(path, ext) + "-" + safe + ext
}

// rawSaveRow is a pane's "Save received to file…" switch (On, Off) and
// the note saying where the bytes go and how many went (Note), which the
// pane shows in a line it has, so no row grows.
type rawSaveRow struct {
	env     Env
	saver   *rawSaver
	where   string // what the label names: the path, or the paths' pattern
	pending atomic.Bool
	// attach and detach set and clear the data path's hook.
	attach func(s *rawSaver)
	detach func()
	ended  func(err error) // after the saving stopped: err is a disk error, or nil
	// changed, if set, hears that the note changed.
	changed func()
}

func newRawSaveRow(env Env, attach func(*rawSaver), detach func()) *rawSaveRow {
	return &rawSaveRow{env: env, attach: attach, detach: detach}
}

// Saving reports whether the switch is on.
func (r *rawSaveRow) Saving() bool { return r.saver != nil }

// Written is how many bytes went to the disk so far.
func (r *rawSaveRow) Written() int64 {
	if r.saver == nil {
		return 0
	}
	return r.saver.written.Load()
}

// On starts saving: to path, or per peer when pathFor is set, only peer's
// bytes when only is set.
func (r *rawSaveRow) On(first, only, where string, pathFor func(peer string) string) error {
	if r.saver != nil {
		r.Off()
	}
	s, err := startRawSaver(first, only, pathFor, r.poke)
	if err != nil {
		return err
	}
	r.saver, r.where = s, where
	r.attach(s)
	r.refresh()
	return nil
}

// Off stops saving: the hook goes, what is queued is written, the files
// close. A disk error that stopped it is shown.
func (r *rawSaveRow) Off() {
	s := r.saver
	if s == nil {
		return
	}
	r.detach()
	err := s.stop()
	r.saver = nil
	r.refresh()
	if err != nil {
		widgets.ShowFailure(r.env.Win, i18n.Trf("save.rawFailed", i18n.Args{"Path": r.where, "N": s.written.Load()}),
			errors.New(i18n.TrError(sockets.ExplainFileError(err))))
	}
	if r.ended != nil {
		r.ended(err)
	}
}

// poke asks the window for one refresh, however many writes happen meanwhile.
func (r *rawSaveRow) poke() {
	if r.pending.CompareAndSwap(false, true) {
		r.env.Do(func() {
			r.pending.Store(false)
			if s := r.saver; s != nil && s.failed.Load() {
				r.Off()
				return
			}
			r.refresh()
		})
	}
}

// Note says how many bytes went where, the count first (a narrow row cuts
// the end): "1.2 KiB saved to /tmp/x.bin"; "" when not saving.
func (r *rawSaveRow) Note() string {
	if r.saver == nil {
		return ""
	}
	return i18n.Trf("save.rawSaving", i18n.Args{"Path": r.where, "Size": logview.FormatBytes(uint64(r.saver.written.Load()))})
}

func (r *rawSaveRow) refresh() {
	if r.changed != nil {
		r.changed()
	}
}
