package panes

import (
	"io"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// connFiles are a connection's files in and out: Send file… with its
// progress bar and Cancel, and Save received to file… with Stop saving.
type connFiles struct {
	Send     *fileSend
	Save     *rawSaveRow
	SaveBtn  *widgets.PlainButton
	SaveSlot *fyne.Container // Save received…, or Stop saving while saving
	hook     atomic.Pointer[rawSaver]
}

func newConnFiles(env Env, onSend, onSave func()) *connFiles {
	fs := &connFiles{Send: newFileSend(env, onSend)}
	fs.Save = newRawSaveRow(env, func(s *rawSaver) { fs.hook.Store(s) }, func() { fs.hook.Store(nil) })
	fs.SaveBtn = env.Texts.Button("save.raw", theme.DocumentSaveIcon(), onSave)
	fs.SaveSlot = widgets.NewSwap(fs.SaveBtn, fs.Save.Stop)
	return fs
}

// onData is the client's data hook (ClientConfig.OnData): while saving,
// the chunk goes to the saver's queue.
func (fs *connFiles) onData(b []byte) {
	if s := fs.hook.Load(); s != nil {
		s.hear("", b)
	}
}

// update shows the buttons in line with what the connection can do:
// Send file needs a stream, and says so on a datagram connection.
func (fs *connFiles) update(open, stream bool) {
	key := "file.send"
	if !stream {
		key = "file.sendStreamOnly"
	}
	setButtonText(fs.Send.Button, i18n.Tr(key))
	widgets.SetEnabled(fs.Send.Button, open && stream && !fs.Send.Sending())
	widgets.SetEnabled(fs.SaveBtn, open && !fs.Save.Saving())
	widgets.SetVisible(fs.SaveBtn, !fs.Save.Saving())
}

// ended cancels the file going and stops saving: the connection is gone.
func (fs *connFiles) ended() {
	fs.Send.Lost()
	fs.Save.Off()
}

func (p *ClientPane) newClientFiles() *connFiles {
	fs := newConnFiles(p.Env, func() { p.OnSendFile() }, func() { p.OnSaveRaw() })
	fs.Send.Done = func(sent int64, cancelled bool, err error) {
		if err != nil && !p.closed {
			widgets.ShowFailure(p.Win, i18n.Trf("file.sendFailed", i18n.Args{"Name": fs.Send.name, "Addr": p.target,
				"Sent": sent, "Size": fs.Send.size}), err)
		}
		p.Update()
	}
	fs.Save.ended = func(error) { p.Update() }
	fs.Save.changed = p.UpdateConnRow
	fs.Send.Started = p.Update
	return fs
}

// OnSendFile asks for a file and sends it into the connection.
func (p *ClientPane) OnSendFile() *widgets.PathDialog {
	c := p.Client
	if c == nil || p.State != ClientConnected || p.Files.Send.Sending() || addr.IsDatagram(p.Protocol.Value()) {
		return nil
	}
	send := func(stop <-chan struct{}, r io.Reader, progress func(int64)) (int64, error) {
		return c.SendFrom(stop, r, progress)
	}
	pd := p.Files.Send.Choose("file.sendTitle", send, c.ReportFile)
	return pd
}

// OnSaveRaw asks for a file and from then on appends to it every byte the
// connection receives, raw.
func (p *ClientPane) OnSaveRaw() *widgets.PathDialog {
	if p.Client == nil || p.State != ClientConnected {
		return nil
	}
	return showRawSaveDialog(p.Env, false, func(path string) error {
		err := p.Files.Save.On(path, "", path, func(string) string { return path })
		p.Update()
		return err
	})
}

// updateFiles brings the file buttons in line with the connection.
func (p *ClientPane) updateFiles() {
	if p.Files == nil {
		return
	}
	open := p.State == ClientConnected && p.Client != nil && !p.StreamEnded && !p.endingStream
	p.Files.update(open, !addr.IsDatagram(p.Protocol.Value()))
	widgets.SetEnabled(p.Files.SaveBtn, p.State == ClientConnected && p.Client != nil && !p.Files.Save.Saving())
	widgets.SetVisible(p.Files.SaveBtn, !p.Files.Save.Saving())
}

// showRawSaveDialog asks for the file received bytes go to and hands its
// path to start; a file that cannot be created keeps the dialog open,
// saying why.
func showRawSaveDialog(env Env, perPeer bool, start func(path string) error) *widgets.PathDialog {
	about := i18n.Tr("save.rawAbout")
	if perPeer {
		about = i18n.Tr("save.rawAboutPeers")
	}
	return widgets.ShowPathDialog(env.Win, env.Prefs, widgets.PathDialogSpec{
		TitleKey: "save.rawTitle",
		FileName: rawFileName,
		About:    about,
		DirKey:   keyFileDir,
		// The dialog creates the file (and its folder) and closes it; the
		// saver opens it again and keeps it.
		Write: func(path string, _ io.Writer) (string, error) { return "", start(path) },
	})
}

// rawFileName is the name the save dialog offers for received bytes.
const rawFileName = "received.bin"
