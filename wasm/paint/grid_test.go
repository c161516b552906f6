package paint

import (
	"image"
	"image/color"
	"math"
	"slices"
	"testing"
)

func TestGridLayout(t *testing.T) {
	g := Grid{Rows: 28, Cols: 28, Across: 4, Down: 4, Scale: 4, Gap: 8}
	if w, h := g.Size(); w != 4*112+5*8 || h != 488 {
		t.Errorf("Size = %d×%d, want 488×488", w, h)
	}
	tests := []struct {
		i    int
		want image.Rectangle
	}{
		{0, image.Rect(8, 8, 120, 120)},
		{1, image.Rect(128, 8, 240, 120)},
		{3, image.Rect(368, 8, 480, 120)},
		{4, image.Rect(8, 128, 120, 240)},
		{15, image.Rect(368, 368, 480, 480)},
	}
	for _, tt := range tests {
		if got := g.Tile(tt.i); got != tt.want {
			t.Errorf("Tile(%d) = %v, want %v", tt.i, got, tt.want)
		}
	}
	// Not square: 3 across, 2 down, 2×3 images.
	g = Grid{Rows: 2, Cols: 3, Across: 3, Down: 2, Scale: 2, Gap: 1}
	if w, h := g.Size(); w != 22 || h != 11 {
		t.Errorf("Size = %d×%d, want 22×11", w, h)
	}
	if got := g.Tile(5); got != image.Rect(15, 6, 21, 10) {
		t.Errorf("Tile(5) = %v", got)
	}
}

func TestGrey(t *testing.T) {
	nan := float32(math.NaN())
	tests := []struct {
		v    float32
		want uint8
	}{
		{0, 255}, {1, 0}, {0.5, 128}, {0.25, 191}, {0.502, 127},
		{-0.3, 255}, {1.7, 0}, {nan, 255},
		{float32(math.Inf(1)), 0}, {float32(math.Inf(-1)), 255},
	}
	for _, tt := range tests {
		if got := Grey(tt.v); got != tt.want {
			t.Errorf("Grey(%v) = %d, want %d", tt.v, got, tt.want)
		}
	}
	// Monotone: more ink is never lighter.
	prev := uint8(255)
	for i := 0; i <= 1000; i++ {
		g := Grey(float32(i) / 1000)
		if g > prev {
			t.Fatalf("Grey(%v) = %d, lighter than %d", float32(i)/1000, g, prev)
		}
		prev = g
	}
}

func TestImageGridPixels(t *testing.T) {
	th := Light()
	g := Grid{Rows: 2, Cols: 3, Across: 2, Down: 2, Scale: 3, Gap: 2}
	w, h := g.Size()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	// Three images (the fourth tile stays empty) and a partial fourth.
	images := []float32{
		0, 0.5, 1, // image 0, row 0
		-1, 2, 0.25, // image 0, row 1: clamped
		1, 1, 1, 1, 1, 1, // image 1: all ink
		0, 0, 0, 0, 0, float32(math.NaN()), // image 2: blank
		1, 1, // partial: ignored
	}
	ImageGrid(img, g, images, th)
	grey := func(v uint8) color.RGBA { return color.RGBA{v, v, v, 0xff} }

	// Every pixel of a block has its image pixel's grey.
	t0 := g.Tile(0)
	want0 := [2][3]uint8{{255, 128, 0}, {255, 0, 191}}
	for y := t0.Min.Y; y < t0.Max.Y; y++ {
		for x := t0.Min.X; x < t0.Max.X; x++ {
			want := grey(want0[(y-t0.Min.Y)/3][(x-t0.Min.X)/3])
			if got := img.RGBAAt(x, y); got != want {
				t.Fatalf("tile 0 pixel (%d, %d) = %v, want %v", x, y, got, want)
			}
		}
	}
	counts := func(r image.Rectangle) map[color.RGBA]int {
		m := map[color.RGBA]int{}
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				m[img.RGBAAt(x, y)]++
			}
		}
		return m
	}
	if c := counts(g.Tile(1)); c[grey(0)] != 54 {
		t.Errorf("all-ink tile: %v, want 54 black pixels", c)
	}
	if c := counts(g.Tile(2)); c[grey(255)] != 54 {
		t.Errorf("blank tile: %v, want 54 white pixels", c)
	}
	if c := counts(g.Tile(3)); c[th.Grid] != 54 {
		t.Errorf("tile without an image: %v, want the grid colour", c)
	}
	// The margins: everything outside the tiles.
	inTile := func(x, y int) bool {
		for i := range 4 {
			if (image.Point{x, y}).In(g.Tile(i)) {
				return true
			}
		}
		return false
	}
	for y := range h {
		for x := range w {
			if !inTile(x, y) && img.RGBAAt(x, y) != th.Grid {
				t.Fatalf("margin pixel (%d, %d) = %v, want the grid colour", x, y, img.RGBAAt(x, y))
			}
		}
	}
}

func TestImageGridClipsAndOffsets(t *testing.T) {
	th := Light()
	g := Grid{Rows: 2, Cols: 2, Across: 2, Down: 1, Scale: 2, Gap: 1}
	ink := []float32{1, 1, 1, 1, 1, 1, 1, 1}
	big := image.NewRGBA(image.Rect(0, 0, 20, 20))
	Fill(big, color.RGBA{1, 2, 3, 255})
	// A sub-image smaller than the grid: the second tile is clipped.
	sub := big.SubImage(image.Rect(5, 5, 12, 9)).(*image.RGBA)
	ImageGrid(sub, g, ink, th)
	black := color.RGBA{0, 0, 0, 0xff}
	if got := big.RGBAAt(6, 6); got != black {
		t.Errorf("first ink pixel, offset by the sub-image = %v", got)
	}
	if got := big.RGBAAt(5, 5); got != th.Grid {
		t.Errorf("corner margin = %v", got)
	}
	if got := big.RGBAAt(11, 6); got != black {
		t.Errorf("clipped second tile's first column = %v", got)
	}
	for _, p := range []image.Point{{12, 6}, {4, 6}, {6, 9}, {6, 4}} {
		if got := big.RGBAAt(p.X, p.Y); got != (color.RGBA{1, 2, 3, 255}) {
			t.Errorf("pixel %v outside the sub-image changed to %v", p, got)
		}
	}
}

func TestImageGridPanicsAndAllocs(t *testing.T) {
	defer func() {
		if r, _ := recover().(string); r == "" {
			t.Error("no panic for a zero scale")
		}
	}()
	g := Grid{Rows: 28, Cols: 28, Across: 4, Down: 4, Scale: 4, Gap: 8}
	w, h := g.Size()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	images := make([]float32, 16*784)
	if n := testing.AllocsPerRun(5, func() { ImageGrid(img, g, images, Light()) }); n != 0 {
		t.Errorf("ImageGrid allocates %v times", n)
	}
	ImageGrid(img, Grid{Rows: 28, Cols: 28, Across: 4, Down: 4}, images, Light())
}

func TestGalleryBorders(t *testing.T) {
	th := Light()
	g := Grid{Rows: 2, Cols: 2, Across: 3, Down: 1, Scale: 2, Gap: 6}
	w, h := g.Size()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	red := color.RGBA{0xff, 0, 0, 0xff}
	images := make([]float32, 3*4)
	// Tile 0 red, tile 1 none (zero alpha), tile 2 past the borders.
	Gallery(img, g, images, th, []color.RGBA{red, {}})
	// A frame 2 pixels wide just outside tile 0 (4×4 at (6, 6)): an 8×8
	// square minus the tile.
	if n := count(img, red); n != 8*8-4*4 {
		t.Errorf("%d red pixels, want 48", n)
	}
	for _, p := range []image.Point{{4, 4}, {5, 9}, {10, 11}, {11, 4}} {
		if img.RGBAAt(p.X, p.Y) != red {
			t.Errorf("pixel %v = %v, want the frame", p, img.RGBAAt(p.X, p.Y))
		}
	}
	if got := img.RGBAAt(6, 6); got != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("tile pixel = %v, want the blank image", got)
	}
	// nil borders: the same as ImageGrid.
	img2 := image.NewRGBA(img.Rect)
	Gallery(img, g, images, th, nil)
	ImageGrid(img2, g, images, th)
	if !slices.Equal(img.Pix, img2.Pix) {
		t.Error("Gallery with nil borders differs from ImageGrid")
	}
	// No gap: a one-pixel frame over the tile's edge.
	g.Gap = 0
	w, h = g.Size()
	img = image.NewRGBA(image.Rect(0, 0, w, h))
	Gallery(img, g, images, th, []color.RGBA{red})
	if n := count(img, red); n != 4*4-2*2 {
		t.Errorf("gap 0: %d red pixels, want 12", n)
	}
}
