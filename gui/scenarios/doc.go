// Package scenarios is the Scenarios window (View > Scenarios...): it opens
// a scenario file, runs its steps against real sockets with the engine's
// scenario runner, shows each step passing or failing with the difference,
// and offers to save the client's session as a new scenario. The main
// window gives it what it needs in a Host.
package scenarios
