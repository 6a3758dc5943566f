package packets

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/yamlfile"
)

// Panel is a grid of buttons, each sending a packet of the library once,
// or every period while it runs: a workshop station or a device lab's
// control board. In the file:
//
//	panel:
//	  title: Station 1          # optional
//	  buttons:
//	    - packet: ping          # a packet of this file, by name
//	    - packet: read-coils
//	      every: 100ms          # optional: send every period (1ms and up) between start and stop
//
// The first nine buttons answer Ctrl+1 to Ctrl+9 in the app.
type Panel struct {
	Title   string
	Buttons []Button
}

// Button sends one packet.
type Button struct {
	Packet string        // the packet's name in the library
	Every  time.Duration // 0: once per press; else the period while it runs
}

// MinPeriod is the shortest period a button takes.
const MinPeriod = time.Millisecond

var (
	panelKeys  = []string{"title", "buttons"}
	buttonKeys = []string{"packet", "every"}
)

func readPanel(s *yamlfile.Source, file *yamlfile.Mapping, l *Library) (*Panel, error) {
	if !file.Has("panel") {
		return nil, nil
	}
	m, err := s.Mapping(file.Value("panel"), "panel", panelKeys...)
	if err != nil {
		return nil, err
	}
	p := &Panel{}
	if p.Title, _, err = m.String("title"); err != nil {
		return nil, err
	}
	items, _, err := m.List("buttons")
	if err != nil {
		return nil, err
	}
	for i, n := range items {
		path := yamlfile.Index("panel.buttons", i)
		bm, err := s.Mapping(n, path, buttonKeys...)
		if err != nil {
			return nil, err
		}
		var b Button
		name, ok, err := bm.String("packet")
		switch {
		case err != nil:
			return nil, err
		case !ok || strings.TrimSpace(name) == "":
			return nil, bm.Fail("packet", codeButtonNeedsPacket)
		case l.Index(name) < 0:
			m, _ := msg.Of(l.notFound(name))
			return nil, bm.FailWith("packet", m)
		}
		b.Packet = name
		if b.Every, _, err = bm.Duration("every"); err != nil {
			return nil, err
		}
		if bm.Has("every") && b.Every < MinPeriod {
			return nil, bm.Fail("every", codeButtonPeriod, "Every", strconv.Quote(bm.Value("every").Value))
		}
		p.Buttons = append(p.Buttons, b)
	}
	return p, nil
}

// marshal writes the panel after the packets; nothing for no panel.
func (p *Panel) marshal(b *strings.Builder, l *Library) error {
	if p == nil {
		return nil
	}
	b.WriteString("panel:\n")
	if p.Title != "" {
		fmt.Fprintf(b, "  title: %s\n", yamlString(p.Title))
	}
	b.WriteString("  buttons:\n")
	for _, bt := range p.Buttons {
		if l.Index(bt.Packet) < 0 {
			return l.notFound(bt.Packet)
		}
		if bt.Every != 0 && bt.Every < MinPeriod {
			return msg.NewError(codeButtonPeriod, "Every", strconv.Quote(bt.Every.String()))
		}
		fmt.Fprintf(b, "    - packet: %s\n", yamlString(bt.Packet))
		if bt.Every > 0 {
			fmt.Fprintf(b, "      every: %s\n", bt.Every)
		}
	}
	return nil
}

// rename has the buttons sending from send to.
func (p *Panel) rename(from, to string) {
	if p == nil {
		return
	}
	for i := range p.Buttons {
		if p.Buttons[i].Packet == from {
			p.Buttons[i].Packet = to
		}
	}
}

// forget removes the buttons sending name.
func (p *Panel) forget(name string) {
	if p == nil {
		return
	}
	p.Buttons = slices.DeleteFunc(p.Buttons, func(b Button) bool { return b.Packet == name })
}
