// Package panes holds the window's panes: the server pane (its modes echo,
// reply, silent, rules, chat and Forward to…, its TLS settings and its
// peers) and the client pane (connect, send and repeat, TLS, local
// address, payload history and saved packets), each built from an Env and
// laid out in a paneFrame, and the Deck that shows the panes side by side or,
// when the window is narrow, as tabs.
//
// # Adding a pane or a section
//
// A pane is built from an Env and laid out in a paneFrame: a title row, then
// sections (addSection) and settings folded under Advanced (addAdvanced). A
// mode's own editor goes beside the Mode choice (setModeEditor); a new pane
// is one more Deck.AddPane.
package panes
