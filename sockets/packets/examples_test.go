package packets_test

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/rules"
)

// The workshop guide's panel: three buttons whose packets make the
// lines the LED board's rules answer.
func TestWorkshopPanelExample(t *testing.T) {
	lib, err := packets.Load("../../docs/examples/workshop-panel.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if lib.Panel == nil || lib.Panel.Title != "LED board" {
		t.Fatalf("panel = %+v; want one titled LED board", lib.Panel)
	}
	want := []struct {
		packet string
		every  time.Duration
		sends  []string
	}{
		{"LED ON", 0, []string{"LED ON\n", "LED ON\n"}},
		{"LED OFF", 0, []string{"LED OFF\n"}},
		{"STATUS", time.Second, []string{"STATUS 1\n", "STATUS 2\n"}},
	}
	if len(lib.Panel.Buttons) != len(want) {
		t.Fatalf("buttons %+v; want %d", lib.Panel.Buttons, len(want))
	}
	for i, w := range want {
		b := lib.Panel.Buttons[i]
		if b.Packet != w.packet || b.Every != w.every {
			t.Errorf("button %d = %+v; want %s every %v", i+1, b, w.packet, w.every)
		}
		pk, err := lib.Get(b.Packet)
		if err != nil {
			t.Fatal(err)
		}
		next, err := pk.Sender()
		if err != nil {
			t.Fatalf("button %d: %v", i+1, err)
		}
		for _, s := range w.sends {
			if got := next(); !bytes.Equal(got, []byte(s)) {
				t.Errorf("button %d sends %q; want %q", i+1, got, s)
			}
		}
	}
	src, err := os.ReadFile("../../docs/examples/workshop-led.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rules.Parse("workshop-led.yaml", src); err != nil {
		t.Fatalf("the LED board's rules: %v", err)
	}
}
