package main

import (
	"os"
	"testing"
	"time"
)

// TestShortenFyneCache checks that the linked variables are Fyne's own:
// before the call they hold what Fyne's init put there (its one-minute
// default), after it the shorter lifetime.
func TestShortenFyneCache(t *testing.T) {
	if os.Getenv("FYNE_CACHE") != "" {
		t.Skip("FYNE_CACHE is set: Fyne's init used it")
	}
	if fyneCacheValid != time.Minute || fyneCacheCleanEvery != 30*time.Second {
		t.Fatalf("Fyne's cache lifetime = %v, clean every %v; want Fyne's defaults 1m0s and 30s", fyneCacheValid, fyneCacheCleanEvery)
	}
	shortenFyneCache()
	if fyneCacheValid != fyneCacheLife || fyneCacheCleanEvery != fyneCacheLife/2 {
		t.Fatalf("after shortenFyneCache: %v, clean every %v; want %v and %v", fyneCacheValid, fyneCacheCleanEvery, fyneCacheLife, fyneCacheLife/2)
	}
}
