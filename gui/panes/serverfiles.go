package panes

import (
	"io"
	"os"

	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// newServerFiles makes the server's Send file… and Save received to file…:
// both act on the client chosen in the clients list, or on every client.
func (p *ServerPane) newServerFiles() *connFiles {
	fs := newConnFiles(p.Env, func() { p.OnSendFile() }, func() { p.OnSaveRaw() }, func() (bool, bool) {
		return p.filesOn(), !addr.IsDatagram(p.Protocol.Value())
	})
	fs.Send.Done = func(sent int64, cancelled bool, err error) {
		if err != nil {
			widgets.ShowFailure(p.Win, i18n.Trf("file.sendFailed", i18n.Args{"Name": fs.Send.name, "Addr": p.fileTarget,
				"Sent": sent, "Size": fs.Send.size}), err)
		}
		p.Update()
	}
	fs.Save = newRawSaveRow(p.Env, func(s *rawSaver) {
		if p.Srv != nil {
			p.Srv.SetTap(s.hear)
		}
	}, func() {
		if p.Srv != nil {
			p.Srv.SetTap(nil)
		}
	})
	fs.Save.ended = func(error) { p.Update() }
	fs.Send.Started = p.Update
	fs.Send.Covers = p.Payload.Entry
	fs.Save.changed = p.updateFiles
	return fs
}

// FilesMenu is the Files menu as it stands now, for the chosen client or
// every client.
func (p *ServerPane) FilesMenu() *fyne.Menu { return p.Files.Menu() }

// filesOn reports whether the files' buttons can act: a server (not a
// relay) runs and has clients.
func (p *ServerPane) filesOn() bool {
	return p.Srv != nil && p.State == ServerRunning && !p.forwarding() && len(p.Peers) > 0
}

// OnSendFile asks for a file and sends it to the chosen client, or to
// every client.
func (p *ServerPane) OnSendFile() *widgets.PathDialog {
	srv, peer := p.Srv, p.Selected
	if !p.filesOn() || p.Files.Send.Sending() || addr.IsDatagram(p.Protocol.Value()) {
		return nil
	}
	p.fileTarget = peer
	if peer == "" {
		p.fileTarget = i18n.Trn("server.allClients", len(p.Peers), nil)
	}
	send := func(stop <-chan struct{}, r io.Reader, progress func(int64)) (int64, error) {
		return srv.SendFrom(stop, peer, r, progress)
	}
	report := func(name string, sent, size int64, cancelled bool, err error) {
		srv.ReportFile(peer, name, sent, size, cancelled, err)
	}
	return p.Files.Send.Choose("file.sendTitle", send, report)
}

// OnSaveRaw asks for a file and saves there, raw, what the chosen client
// sends from now on; with every client chosen, each client's bytes go to
// a file of their own named after it.
func (p *ServerPane) OnSaveRaw() *widgets.PathDialog {
	if !p.filesOn() {
		return nil
	}
	only := p.Selected
	return showRawSaveDialog(p.Env, only == "", func(path string) error {
		var err error
		if only != "" {
			err = p.Files.Save.On(path, only, path, func(string) string { return path })
		} else {
			// The dialog made the file it named; each client gets its own.
			_ = os.Remove(path)
			err = p.Files.Save.On("", "", peerFileName(path, i18n.Tr("save.rawPeerPart")),
				func(peer string) string { return peerFileName(path, peer) })
		}
		p.Update()
		return err
	})
}

// updateFiles brings the file buttons in line with the server and its
// clients.
func (p *ServerPane) updateFiles() {
	if p.Files == nil {
		return
	}
	p.Files.update()
	// The title row says where the bytes go, after the state.
	if note := p.Files.Save.Note(); note != "" && p.State == ServerRunning {
		p.Frame.setState(p.stateText(nil) + " · " + note)
	}
}

// filesStopped ends the file going and the saving: the server stopped.
func (p *ServerPane) filesStopped() {
	if p.Files != nil {
		p.Files.ended()
	}
}
