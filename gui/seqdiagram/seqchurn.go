package seqdiagram

import (
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
)

// Connection churn draws as one band a second across the lanes, saying
// what the log's fold row says, instead of a marker per connect and per
// close (see logview.ChurnFolder, which decides the same for both).

// addChurn puts row e, which folded into f, into f's band: a new band when
// f begins with it.
func (m *seqModel) addChurn(f *logview.ChurnFold, isNew bool, e *sockets.Event, seq uint64) {
	if !isNew {
		if id, ok := m.churnAt[f]; ok {
			if it, ok := m.byID(id); ok && it.churn == f {
				it.last, it.end = seq, e.Time
			}
		}
		return
	}
	for old := range m.churnAt {
		if old.Side == f.Side {
			delete(m.churnAt, old) // a side's earlier folds are over
		}
	}
	own := seqLaneKey{kind: laneOfSide(e.Side), name: e.Name}
	m.churnAt[f] = m.nextID()
	m.push(SeqItem{Kind: SeqBand, seq: seq, last: seq, t: e.Time, end: e.Time, side: e.Side, churn: f,
		bandEnds: []seqEnd{{own, own}}})
	m.run = 0
}

// churnLabel is what a churn band says, in the language in use.
func (it *SeqItem) churnLabel() string {
	e := it.churn.Event()
	return logview.LogMessage(&e)
}
