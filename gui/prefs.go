package gui

// The window's own preference keys; the panes' and the exchange view's
// are in their packages.
const (
	keySeqSplit     = "window.diagramSplit" // float: log/diagram divider offset
	keyWindowWidth  = "window.width"        // float: window width at the last close
	keyWindowHeight = "window.height"       // float: window height at the last close
)
