package sockets

import "go.uber.org/goleak"

// checkNoLeaks reports goroutines still running that a test started.
func checkNoLeaks() error { return goleak.Find() }
