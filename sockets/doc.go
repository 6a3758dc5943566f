// Package sockets is Socket Tester's engine: TCP and UDP servers (echo, fixed
// reply, silent) and clients, TLS on either (ClientTLS, ServerTLS, with a
// generated certificate by default), half-close, a logging relay between a
// client and a target (a server in ModeForward), reply times (sockets/replytime), payload codecs, a
// bounded event stream and exact counters. It never imports a GUI toolkit,
// so the desktop app and the headless CLI share it unchanged.
//
// Bytes travel on the data path (accept, read, echo, write) at the speed of a
// plain io.Copy echo. What people see travels on the observation path: Events
// pushed into an EventQueue that the data path never waits on. Counters
// (Stats) are atomics on the data path and stay exact even when events are
// dropped.
package sockets
