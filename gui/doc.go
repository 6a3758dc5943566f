// Package gui is Socket Tester's Fyne user interface: the window, the server
// and client panes, and the shared event log that turns engine events from
// package sockets into rows. It never imports fyne.io/fyne/v2/app, so its
// tests run on Fyne's test driver with no cgo and no display; only the root
// main.go creates the real application.
package gui
