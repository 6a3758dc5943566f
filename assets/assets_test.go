package assets

import (
	"bytes"
	"image/png"
	"testing"
)

func TestIconDecodesAs512Square(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(IconPNG()))
	if err != nil {
		t.Fatalf("decode icon.png: %v", err)
	}
	if got := img.Bounds().Size(); got.X != 512 || got.Y != 512 {
		t.Fatalf("icon is %dx%d; want 512x512", got.X, got.Y)
	}
}

func TestIconResource(t *testing.T) {
	if Icon.Name() != "icon.png" {
		t.Errorf("Icon.Name() = %q; want %q", Icon.Name(), "icon.png")
	}
	if !bytes.Equal(Icon.Content(), IconPNG()) {
		t.Error("Icon.Content() differs from IconPNG()")
	}
}
