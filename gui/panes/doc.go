// Package panes holds the window's panes: the server pane (its modes echo,
// reply, silent, rules, chat and Forward to…, its TLS settings and its
// peers) and the client pane (connect, send and repeat, TLS, local
// address, payload history and saved packets), each built from an Env and
// laid out in a paneFrame, and the Deck that shows the panes side by side or,
// when the window is narrow, as tabs.
//
// # Adding a pane or a section
//
// A pane is a struct built from an Env (app, window, preferences, the
// engine's event queue, the UI runner and the window's texts) and laid out
// in a paneFrame: a title row (title, a state line that also says why the main
// button is off, action buttons), then sections added with addSection, and
// rarely used settings added with addAdvanced, which fold away under an
// Advanced button. The server pane shows a mode's own editor beside the
// Mode choice (setModeEditor). A whole new pane is one more Deck.AddPane
// with its frame.
package panes
