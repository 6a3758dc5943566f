package panes

import (
	"io"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// connFiles are a connection's files in and out, in one Files menu (so
// the row keeps its room): Send file… (its progress bar takes the place of
// what Send.Covers is, and Cancel the menu's), and Save received… or Stop
// saving.
type connFiles struct {
	env     Env
	Send    *fileSend
	Save    *rawSaveRow
	MenuBtn *widgets.PlainButton
	hook    atomic.Pointer[rawSaver]
	onSend  func()
	onSave  func()
	// state says whether the items can act now (open) and whether the
	// network is a stream (a file needs one).
	state func() (open, stream bool)
}

func newConnFiles(env Env, onSend, onSave func(), state func() (open, stream bool)) *connFiles {
	fs := &connFiles{env: env, Send: newFileSend(env), onSend: onSend, onSave: onSave, state: state}
	fs.Save = newRawSaveRow(env, func(s *rawSaver) { fs.hook.Store(s) }, func() { fs.hook.Store(nil) })
	fs.MenuBtn = env.Texts.Button("file.menu", theme.MenuDropDownIcon(), fs.showMenu)
	fs.Send.setSlot(fs.MenuBtn)
	return fs
}

func (fs *connFiles) showMenu() {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(fs.MenuBtn).Add(fyne.NewPos(0, fs.MenuBtn.Size().Height))
	widget.ShowPopUpMenuAtPosition(fs.Menu(), fs.env.Win.Canvas(), pos)
}

// Menu is the Files menu as it stands now: Send file… (off, saying why,
// over a datagram network) and Save received… or Stop saving.
func (fs *connFiles) Menu() *fyne.Menu {
	open, stream := fs.state()
	sendKey := "file.send"
	if !stream {
		sendKey = "file.sendStreamOnly"
	}
	send := fyne.NewMenuItem(i18n.Tr(sendKey), fs.onSend)
	send.Icon = theme.UploadIcon()
	send.Disabled = !open || !stream || fs.Send.Sending()
	save := fyne.NewMenuItem(i18n.Tr("save.raw"), fs.onSave)
	save.Icon = theme.DocumentSaveIcon()
	save.Disabled = !open
	if fs.Save.Saving() {
		save = fyne.NewMenuItem(i18n.Tr("save.rawStop"), fs.Save.Off)
		save.Icon = theme.MediaStopIcon()
	}
	return fyne.NewMenu("", send, save)
}

// onData is the client's data hook (ClientConfig.OnData): while saving,
// the chunk goes to the saver's queue.
func (fs *connFiles) onData(b []byte) {
	if s := fs.hook.Load(); s != nil {
		s.hear("", b)
	}
}

// update turns the menu on while it has something to offer; saving goes
// on until switched off, whatever else changes.
func (fs *connFiles) update() {
	open, _ := fs.state()
	widgets.SetEnabled(fs.MenuBtn, open || fs.Save.Saving())
}

// ended cancels the file going and stops saving: the connection is gone.
func (fs *connFiles) ended() {
	fs.Send.Lost()
	fs.Save.Off()
}

func (p *ClientPane) newClientFiles() *connFiles {
	fs := newConnFiles(p.Env, func() { p.OnSendFile() }, func() { p.OnSaveRaw() }, func() (bool, bool) {
		return p.State == ClientConnected && p.Client != nil && !p.StreamEnded && !p.endingStream,
			!addr.IsDatagram(p.Protocol.Value())
	})
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

// updateFiles brings the Files menu in line with the connection.
func (p *ClientPane) updateFiles() {
	if p.Files != nil {
		p.Files.update()
	}
}

// FilesMenu is the Files menu as it stands now.
func (p *ClientPane) FilesMenu() *fyne.Menu { return p.Files.Menu() }

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
