//go:build !race

package main

// raceEnabled is true under -race; TestMain then builds the binary with the
// race detector too.
const raceEnabled = false
