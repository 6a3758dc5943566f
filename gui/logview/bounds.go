package logview

// Memory bounds of the observation path. The data path never waits for the
// log, so what the log may hold must be bounded whatever the traffic; these
// constants are that bound. In the worst case (every event carrying a full
// capture, and the UI falling behind) the payload copies the window holds
// at once are:
//
//	engine event queue    eventQueueSize × captureBytes = 2048 × 16 KiB = 32 MiB
//	batch being collected logBatchBytes                                  = 20 MiB
//	batch waiting for UI  logBatchBytes                                  = 20 MiB
//	log model             logDataBudget                                  = 16 MiB
//	                                                               total   88 MiB
//
// plus about 200 bytes of row bookkeeping per row, for up to 1.25 × the row
// limit in each batch and 2 × the limit in the model's ring: 9 MiB for the
// default 10,000 rows, 90 MiB at the 100,000 the settings allow. With the
// app's own ~50 MiB of Go heap (mostly fonts) the default keeps a flood of
// large payloads well under 200 MB; a flood of small ones, the usual case,
// costs a few MiB.
const (
	// CaptureBytes is how much of each payload engine events keep for the
	// log's detail view; the byte counters always count everything.
	CaptureBytes = 16 << 10

	// EventQueueSize bounds the events waiting for the log's drain
	// goroutine, which empties it continuously; past it the engine counts
	// events as "not shown" instead of queueing them.
	EventQueueSize = 2048

	// logDataBudget bounds the payload bytes the log keeps, whatever the row
	// limit: 1,024 full captures, or the default 10,000 rows of payloads up
	// to 1.6 KiB. Past it the oldest rows go, counted as dropped like rows
	// past the limit.
	logDataBudget = 16 << 20

	// logBatchBytes is how many payload bytes a batch on its way to the
	// model may pile up before its oldest rows go: a quarter more than the
	// model keeps, so trimming (which copies the batch) happens only every
	// logDataBudget/4 bytes.
	logBatchBytes = logDataBudget + logDataBudget/4
)
