// Package version reports the Socket Tester release version.
package version

// Version is the release version without "v"; it must match FyneApp.toml.
var Version = "0.1.0"

// String returns the version for display, e.g. "0.1.0".
func String() string {
	return Version
}
