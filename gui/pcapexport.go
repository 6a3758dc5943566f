package gui

import (
	"io"
	"time"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/pcapng"
)

// keyPcapDir remembers the folder a capture was last saved to (a URI).
const keyPcapDir = "log.pcapDir"

const pcapFileExt = ".pcapng"

// onExportPcap asks where to save the capture, and saves it; the status
// bar then says how many packets it holds, and a failure shows in the
// dialog, which stays open.
func (mw *mainWindow) onExportPcap() {
	events := mw.log.Model.Kept()
	n := 0
	for i := range events {
		if events[i].Kind.IsData() {
			n++
		}
	}
	if n == 0 {
		widgets.ShowInfo(mw.win, i18n.Tr("pcap.nothingTitle"), i18n.Tr("pcap.nothingText"))
		return
	}
	widgets.ShowPathDialog(mw.win, mw.prefs, widgets.PathDialogSpec{
		TitleKey: "pcap.title",
		FileName: "sockettester-" + time.Now().Format("20060102-150405") + pcapFileExt,
		About:    i18n.Trn("pcap.about", n, nil),
		DirKey:   keyPcapDir,
		Write: func(path string, w io.Writer) (string, error) {
			frames, err := pcapng.WriteEvents(w, events)
			return i18n.Trn("pcap.done", frames, i18n.Args{"Path": path}), err
		},
		OnSaved: mw.showMessage,
	})
}
