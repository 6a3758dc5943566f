package gui

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// capturedSegment is one TCP segment of a capture, as Wireshark would
// show it.
type capturedSegment struct {
	src, dst int
	syn      bool
	payload  string
}

// readCapture reads a pcapng file with gopacket, as a capture tool would.
func readCapture(t *testing.T, path string) []capturedSegment {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := pcapgo.NewNgReader(bytes.NewReader(b), pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatalf("not a pcapng file: %v", err)
	}
	if r.LinkType() != layers.LinkTypeEthernet {
		t.Fatalf("link type %v; want Ethernet", r.LinkType())
	}
	var out []capturedSegment
	for {
		data, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		p := gopacket.NewPacket(data, layers.LayerTypeEthernet, gopacket.Default)
		if el := p.ErrorLayer(); el != nil {
			t.Fatalf("packet does not decode: %v", el.Error())
		}
		tcp, ok := p.TransportLayer().(*layers.TCP)
		if !ok {
			t.Fatalf("packet %d is not TCP: %v", len(out), p)
		}
		out = append(out, capturedSegment{int(tcp.SrcPort), int(tcp.DstPort), tcp.SYN, string(tcp.Payload)})
	}
	return out
}

func TestExportPcapng(t *testing.T) {
	h := newAppHarness(t)
	h.onExportPcapMenu()
	h.waitDialog("Nothing to export")
	h.closeDialogs()

	port := h.startServer()
	h.connectToOwnServer()
	h.typeAndSend(`hello\r\n`)
	h.assertExchange("hello\r\n", "hello\r\n")

	out := filepath.Join(t.TempDir(), "session.pcapng")
	h.onExportPcapMenu()
	if !h.dialogOpen("The log's 4 sent and received events") {
		t.Errorf("the dialog says %q", h.dialogText())
	}
	h.openFile("Save", out)
	segs := readCapture(t, out)
	// The handshake, then the request and the echo, each once though both
	// the app's client and its server reported them.
	var data []capturedSegment
	syns := 0
	for _, s := range segs {
		if s.syn {
			syns++
		}
		if s.payload != "" {
			data = append(data, s)
		}
	}
	if syns != 2 {
		t.Errorf("%d SYN segments; want the handshake's 2", syns)
	}
	if len(data) != 2 || data[0].payload != "hello\r\n" || data[1].payload != "hello\r\n" ||
		data[0].dst != port || data[1].src != port {
		t.Fatalf("data segments %+v; want hello\\r\\n to port %d and back", data, port)
	}
	if got, want := h.statusMessage(), "Saved "+strconv.Itoa(len(segs))+" packets to "+out; got != want {
		t.Errorf("status = %q; want %q", got, want)
	}

	// A file that cannot be written keeps the dialog open, saying why.
	h.onExportPcapMenu()
	h.openFile("Save", t.TempDir())
	if !h.dialogOpen("is a directory") {
		t.Errorf("writing to a folder: the dialog says %q", h.dialogText())
	}
}

// onExportPcapMenu chooses File > Export > Packets (pcapng)....
func (h *appHarness) onExportPcapMenu() {
	h.t.Helper()
	file := h.mw.menu.Items[0]
	for _, it := range file.Items {
		if it.Label == "Export" {
			for _, sub := range it.ChildMenu.Items {
				if sub.Label == "Packets (pcapng)..." {
					sub.Action()
					return
				}
			}
		}
	}
	h.t.Fatal("File > Export > Packets (pcapng)... is missing")
}
