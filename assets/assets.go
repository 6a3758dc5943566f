// Package assets holds the files compiled into the Socket Tester binaries,
// such as the app icon. The PNG is rendered from icon.svg, which is the
// source to edit.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

// IconPNG returns the app icon as PNG bytes (512x512). The slice is shared;
// callers must not modify it.
func IconPNG() []byte {
	return iconPNG
}
