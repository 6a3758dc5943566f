package gui

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/scenarios"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/scenario"
)

// Only the client pane's connections' events make a saved session: the log
// also holds the server pane's and the Scenarios view's own runs.

// clientSession returns the client pane's events as the log keeps them,
// with the log's "not shown" gaps, or says why they are not the whole
// session.
func (mw *mainWindow) clientSession() ([]sockets.Event, error) {
	var out []sockets.Event
	for _, e := range mw.log.Model.Kept() {
		if e.Kind == sockets.KindGap || e.Side == sockets.SideClient && mw.client.Own[e.Local] {
			out = append(out, e)
		}
	}
	// The log let its oldest rows go: a session whose start went with
	// them cannot be replayed from its middle.
	if dropped := mw.log.Model.Counts().Dropped; dropped > 0 && len(out) > 0 && out[0].Kind != sockets.KindConnected {
		return nil, errors.New(i18n.Trn("scenario.logDropped", int(dropped), nil))
	}
	return out, nil
}

// saveSessionDialog asks where to save the client's session as a
// scenario, over win, or says why it cannot be saved.
func (mw *mainWindow) saveSessionDialog(win fyne.Window) {
	events, err := mw.clientSession()
	if err == nil {
		_, err = scenario.FromSession("session", events)
	}
	if err != nil {
		widgets.ShowFailure(win, i18n.Tr("scenario.cannotSave"), err)
		return
	}
	var saved string
	widgets.ShowPathDialog(win, mw.prefs, widgets.PathDialogSpec{
		TitleKey: "scenario.saveTitle",
		FileName: "session-" + time.Now().Format("20060102-150405") + ".yaml",
		About:    i18n.Tr("scenario.saveAbout"),
		DirKey:   scenarios.KeyScenarioDir,
		Write: func(path string, w io.Writer) (string, error) {
			// The scenario is named after its file.
			name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
			b, err := scenario.FromSession(name, events)
			if err != nil {
				return "", err
			}
			if _, err := w.Write(b); err != nil {
				return "", fmt.Errorf("write %s: %w", path, err)
			}
			saved = path
			return i18n.Trf("scenario.saved", i18n.Args{"Path": path}), nil
		},
		OnSaved: func(msg string) {
			mw.showMessage(msg)
			if mw.scenarios != nil && mw.scenarios.Run == nil {
				mw.scenarios.Load(saved)
			}
		},
	})
}

func (mw *mainWindow) onSaveScenario() { mw.saveSessionDialog(mw.win) }
