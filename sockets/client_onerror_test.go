package sockets

import (
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestClientOnErrorUDPRefused(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	errs := make(chan error, 4)
	c := dialClient(t, ClientConfig{Network: "udp", Addr: addr, OnError: func(err error) { errs <- err }})
	if err := c.Send([]byte("anyone?")); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errs:
		if !errors.Is(err, syscall.ECONNREFUSED) || !strings.Contains(err.Error(), "no UDP server answered on that port") {
			t.Errorf("OnError got %v; want connection refused with a hint", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("OnError was not called within 10s")
	}
	select {
	case <-c.Done():
		t.Fatalf("the socket closed after OnError: %v", c.Err())
	default:
	}
}
