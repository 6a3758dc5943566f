package logview

// The exchange view's preference keys.
const (
	KeyLogHex    = "log.hex"      // bool: content column shows hex
	KeyLogFollow = "log.follow"   // bool: scroll to new rows
	KeyLogLimit  = "log.limit"    // int: rows kept (default defaultLogLimit)
	KeySeqShown  = "view.diagram" // bool: the sequence diagram shows beside the log

	KeyLogFrames        = "log.frames"        // string: a FrameMode's name, how received data shows
	KeyLogFrameGap      = "log.frameGap"      // string: the idle gap as typed, e.g. "20ms"
	KeyLogFrameDelim    = "log.frameDelim"    // string: the delimiter as typed, e.g. `\r\n`
	KeyLogFrameDelimHex = "log.frameDelimHex" // bool: the delimiter is typed as hex
)
