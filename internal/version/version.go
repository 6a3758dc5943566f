// Package version reports the Socket Tester release version.
//
// The default below must match Version in FyneApp.toml, which is the single
// source of truth; a test keeps the two in step.
package version

// Version is the release version, without a leading "v". Release builds may
// override it with
//
//	-ldflags "-X github.com/sockettester/sockettester/internal/version.Version=1.2.3"
var Version = "0.1.0"

// String returns the version for display, e.g. "0.1.0".
func String() string {
	return Version
}
