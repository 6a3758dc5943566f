package sockets

import "github.com/sockettester/sockettester/sockets/msg"

// fileOutcome says how a file send ended, for its log row.
func fileOutcome(name string, sent, size int64, cancelled bool, err error) Event {
	switch {
	case err != nil:
		return said(Event{Kind: KindError, Err: err},
			msg.New(codeFileFailed, "Name", name, "Sent", sent, "Size", size))
	case cancelled:
		return said(Event{Kind: KindInfo},
			msg.New(codeFileCancelled, "Name", name, "Sent", sent, "Size", size))
	}
	return said(Event{Kind: KindInfo}, msg.New(codeFileDone, "Name", name, "Sent", sent))
}

// ReportFile puts a row in the client's events saying how sending the file
// name ended: sent of size bytes went, all of them, or fewer because the
// user cancelled (cancelled) or the send failed (err).
func (c *Client) ReportFile(name string, sent, size int64, cancelled bool, err error) {
	c.emit(fileOutcome(name, sent, size, cancelled, err))
}

// ReportFile is Client.ReportFile for a file the server sent to peer (""
// for every peer).
func (s *Server) ReportFile(peer, name string, sent, size int64, cancelled bool, err error) {
	e := fileOutcome(name, sent, size, cancelled, err)
	e.Remote = peer
	s.emit(e)
}

const (
	codeFileDone      msg.Code = "fileDone"
	codeFileCancelled msg.Code = "fileCancelled"
	codeFileFailed    msg.Code = "fileFailed"
)

var _ = msg.Define(map[msg.Code]string{
	codeFileDone:      "file {Name}: all {Sent} bytes sent",
	codeFileCancelled: "file {Name}: cancelled after {Sent} of {Size} bytes",
	codeFileFailed:    "file {Name}: stopped after {Sent} of {Size} bytes",
})
