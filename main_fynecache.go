package main

import (
	"os"
	"time"
	_ "unsafe" // for go:linkname: Fyne has no call to set how long it caches
)

// fyneCacheLife is how long Fyne keeps what it drew (text textures,
// widget renderers, font metrics) after its last use. Fyne's own default
// is a minute, so a flood's thousands of log texts held their textures
// (C heap, under software OpenGL) for a minute or more after the flood;
// 20 s gives them back sooner, and a text drawn again after 20 s of not
// being shown is only measured and drawn once more.
const fyneCacheLife = 20 * time.Second

// Fyne reads FYNE_CACHE into these in its package init, before main can
// set the variable, so main sets them directly.
//
//go:linkname fyneCacheValid fyne.io/fyne/v2/internal/cache.ValidDuration
var fyneCacheValid time.Duration

//go:linkname fyneCacheCleanEvery fyne.io/fyne/v2/internal/cache.cleanTaskInterval
var fyneCacheCleanEvery time.Duration

// shortenFyneCache sets Fyne's cache lifetime to fyneCacheLife, unless the
// user chose one with FYNE_CACHE (which Fyne has read already). It runs
// before the app starts, so nothing reads the variables at the same time.
func shortenFyneCache() {
	if os.Getenv("FYNE_CACHE") != "" {
		return
	}
	fyneCacheValid = fyneCacheLife
	fyneCacheCleanEvery = fyneCacheLife / 2
}
