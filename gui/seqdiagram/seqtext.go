package seqdiagram

import (
	"fmt"
	"strings"
)

// SeqText renders the model's items as lines, with lanes by index: what a
// test compares the diagram with.
func SeqText(m *seqModel) string {
	lanes := m.Lanes()
	var b strings.Builder
	for i := 0; i < m.Len(); i++ {
		it := m.Item(i)
		switch it.Kind {
		case SeqArrow:
			e := it.ends()
			fmt.Fprintf(&b, "arrow %d->%d %q", lanes.index(m.resolve(e.from)), lanes.index(m.resolve(e.to)), it.preview)
			if it.paired {
				b.WriteString(" paired")
			}
			if it.held > 0 {
				fmt.Fprintf(&b, " held %v", it.held)
			}
			if it.dropped {
				b.WriteString(" dropped")
			}
			for k, r := range m.fanOut(it) {
				sep := ","
				if k == 0 {
					sep = " fan "
				}
				fmt.Fprintf(&b, "%s%d", sep, lanes.index(r))
			}
		case seqMarker:
			fmt.Fprintf(&b, "marker %d %s", lanes.index(seqLaneKey{kind: laneOfSide(it.side)}), it.mark)
		case SeqBand:
			if it.churn != nil {
				fmt.Fprintf(&b, "churn band %q", it.churnLabel())
				break
			}
			fmt.Fprintf(&b, "band %d messages %d bytes", it.Count, it.bytes)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
