package logview

// The exchange view's preference keys.
const (
	KeyLogHex    = "log.hex"      // bool: content column shows hex
	KeyLogFollow = "log.follow"   // bool: scroll to new rows
	KeyLogLimit  = "log.limit"    // int: rows kept (default defaultLogLimit)
	KeySeqShown  = "view.diagram" // bool: the sequence diagram shows beside the log
)
