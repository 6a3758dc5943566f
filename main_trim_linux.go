//go:build linux && cgo

package main

// #include <malloc.h>
import "C"

import "github.com/sockettester/sockettester/gui"

// The window calls malloc_trim when it idles: the OpenGL driver (Mesa's
// llvmpipe under Xvfb, say) keeps the text textures of a flood in memory
// it got from malloc, and glibc keeps what is freed unless asked to give
// it back.
func init() {
	windowOptions = append(windowOptions, gui.WithMemoryTrim(func() { C.malloc_trim(0) }))
}
