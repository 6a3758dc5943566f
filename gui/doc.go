// Package gui is Socket Tester's Fyne user interface. It builds the main
// window and its menus and wires the parts, each a package of its own,
// importing each other downwards only:
//
//	gui            the window, menus, zoom, status bar, client tabs, the
//	               pcapng export and the flood self-test (-tags selftest)
//	gui/scenarios  the Scenarios window
//	gui/panes      the server and client panes, their frame and deck
//	gui/seqdiagram the sequence diagram beside the log
//	gui/logview    the event log and the observation path's bounds
//	gui/widgets    the few custom widgets, layouts, choices and input checks
//	gui/i18n       translations (en.json, vi.json) and the engine's texts
//
// A lower package reaches a higher one only through what it is given: a
// func or a small struct of them in its constructor (panes.Env,
// scenarios.Host), never by importing it.
//
// To add a user-visible string, see package i18n; to add a pane or a
// section, see package panes.
package gui
