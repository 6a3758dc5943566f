// Package gui is Socket Tester's Fyne user interface: the window, the server
// and client panes, the shared event log that turns engine events from
// package sockets into rows, and the sequence diagram beside it. It never
// imports fyne.io/fyne/v2/app, so its tests run on Fyne's test driver with
// no cgo and no display; only the root main.go creates the real
// application.
//
// # Adding a user-visible string
//
// Every text a user sees goes through Fyne's lang package, in English
// (translations/en.json) and Vietnamese (translations/vi.json):
//
//  1. Name a key: the area, a dot, what it is in lower camel case
//     ("client.connect", "log.col.time", "menu.zoomIn"); input problems
//     start with "hint.", the engine's messages with "engine.".
//  2. Add it to both JSON files. Values are Go templates
//     ("Connected to {{.Addr}}"); a text that depends on a count has "one"
//     and "other" forms in English and "other" in Vietnamese.
//  3. Use tr("key"), trf("key", args{"Addr": a}) or trn("key", n, nil) with
//     the key written out as a literal. A widget whose text is set once goes
//     through the window's texts (texts.label, texts.button, texts.on...), so
//     View > Language reaches it; a text an update function sets anew is
//     just tr'd there.
//
// TestTranslationKeys fails when code uses a key en.json lacks, when a key
// has no Vietnamese text, or when the two fill in different values; an
// engine message the window shows is translated by pattern (enginetext.go),
// and TestEngineTextsCoverTheEngine fails on one the table misses.
//
// # Adding a pane or a section
//
// A pane is a struct built from a paneEnv (app, window, preferences, the
// engine's event queue, the UI runner and the window's texts) and laid out
// in a paneFrame: a title row (title, a state line that also says why the
// main button is off, action buttons), then sections added with
// addSection, and rarely used settings added with addAdvanced, which fold
// away under an Advanced button. The server pane shows a mode's own editor
// beside the Mode choice (setModeEditor: Reply's payload now, a rules
// editor later). A whole new pane (relay, scenarios) is one more
// paneDeck.addPane with its frame: the deck lays the panes side by side,
// or turns their titles into tabs when the window is too narrow.
//
// Use plainButton rather than Fyne's Button, and regular text only: each
// text style costs its own set of fonts (~10 MB; see plainButton), and
// TestWindowUsesOneTextStyle guards the window's idle memory.
package gui
