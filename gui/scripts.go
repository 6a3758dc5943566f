package gui

import "github.com/sockettester/sockettester/gui/scenarios"

// wireScripts connects the parts to the window, once it is built.
func (mw *mainWindow) wireScripts() {
	mw.server.Rules.OnMessage = mw.showMessage
	mw.client.Packets.OnMessage = mw.showMessage
}

// closeScripts stops what the parts started: a scenario run, and the
// Scenarios window.
func (mw *mainWindow) closeScripts() {
	if mw.scenarios != nil {
		mw.scenarios.Shutdown()
	}
}

// onScenarios shows the Scenarios window, building it the first time.
func (mw *mainWindow) onScenarios() {
	if mw.scenarios == nil {
		mw.scenarios = scenarios.New(scenarios.Host{
			App: mw.app, Prefs: mw.prefs, Texts: mw.texts, Do: mw.do, Events: mw.events,
			FitScreen: mw.fitScreen, SaveSession: mw.saveSessionDialog,
		})
	}
	mw.scenarios.Win.Show()
	mw.scenarios.Win.RequestFocus()
}
