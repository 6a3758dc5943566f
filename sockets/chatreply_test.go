package sockets

import (
	"context"
	"testing"
)

// TestChatMessagesAreNotReplies: in a chat room what a client receives comes
// from the other clients, not in answer to its own send, so with
// ClientConfig.Chat saying so it carries no reply time and counts no reply.
func TestChatMessagesAreNotReplies(t *testing.T) {
	s := startServer(t, ServerConfig{Mode: ModeChat})
	q := NewEventQueue(0)
	inA, inB := make(chunks, 4), make(chunks, 4)
	chat := func() bool { m, _ := s.Mode(); return m == ModeChat }
	a, err := Dial(context.Background(), ClientConfig{Addr: s.Addr().String(), Events: q, OnData: inA.onData, Name: "A", Chat: chat})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Dial(context.Background(), ClientConfig{Addr: s.Addr().String(), OnData: inB.onData, Name: "B"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	eventually(t, "both clients accepted", func() bool { return len(s.Peers()) == 2 })
	if err := a.Send([]byte("hi\n")); err != nil {
		t.Fatal(err)
	}
	inB.waitBytes(t, "hi\n")
	if err := b.Send([]byte("yo\n")); err != nil {
		t.Fatal(err)
	}
	inA.waitBytes(t, "yo\n")
	ev := waitEvent(t, q, func(e Event) bool { return e.Side == SideClient && e.Kind == KindReceived })
	if e := ev[len(ev)-1]; string(e.Data) != "yo\n" || e.Reply != 0 {
		t.Errorf("A's received event %q with reply time %v; want %q with none", e.Data, e.Reply, "yo\n")
	}
	if sum := a.Replies(); sum.Replies != 0 || sum.Sent != 0 {
		t.Errorf("A's replies %+v; want no sends waiting and no replies in a chat room", sum)
	}
}
