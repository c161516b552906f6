package paint

import (
	"image"
	"image/color"
	"math"
	"testing"
)

func TestViewPixel(t *testing.T) {
	v := View{Extent: 4, W: 200, H: 100}
	tests := []struct {
		x, y   float32
		px, py float32
	}{
		{0, 0, 100, 50},
		{-4, 4, 0, 0},
		{4, -4, 200, 100},
		{2, 0, 150, 50},
		{0, 2, 100, 25}, // y points up
	}
	for _, tt := range tests {
		px, py := v.Pixel(tt.x, tt.y)
		if px != tt.px || py != tt.py {
			t.Errorf("Pixel(%v, %v) = (%v, %v), want (%v, %v)", tt.x, tt.y, px, py, tt.px, tt.py)
		}
		x, y := v.World(px, py)
		if x != tt.x || y != tt.y {
			t.Errorf("World(Pixel(%v, %v)) = (%v, %v)", tt.x, tt.y, x, y)
		}
	}
}

// count returns the number of pixels of img equal to c.
func count(img *image.RGBA, c color.RGBA) int {
	n := 0
	for i := 0; i < len(img.Pix); i += 4 {
		if img.Pix[i] == c.R && img.Pix[i+1] == c.G && img.Pix[i+2] == c.B && img.Pix[i+3] == c.A {
			n++
		}
	}
	return n
}

func TestScatterOriginLightsCentrePixel(t *testing.T) {
	th := Light()
	for _, size := range []int{100, 101, 480} {
		img := image.NewRGBA(image.Rect(0, 0, size, size))
		Scatter(img, View{Extent: 4, W: size, H: size}, th, Layer{Points: []float32{0, 0}, Color: th.Generated})
		if got := img.RGBAAt(size/2, size/2); got != th.Generated {
			t.Errorf("size %d: centre pixel = %v, want %v", size, got, th.Generated)
		}
		if n := count(img, th.Generated); n != 1 {
			t.Errorf("size %d: %d pixels lit by a point of radius 0, want 1", size, n)
		}
	}
}

func TestScatterDiscRadius(t *testing.T) {
	th := Light()
	img := image.NewRGBA(image.Rect(0, 0, 101, 101))
	v := View{Extent: 4, W: 101, H: 101}
	// The world point at the centre of pixel (30, 70).
	x, y := v.World(30.5, 70.5)
	Scatter(img, v, th, Layer{Points: []float32{x, y}, Color: th.Generated, Radius: 2})
	// Pixel centres within distance 2 of a pixel centre: the 13 offsets with
	// dx²+dy² <= 4.
	if n := count(img, th.Generated); n != 13 {
		t.Errorf("%d pixels lit by a disc of radius 2, want 13", n)
	}
	for _, p := range []image.Point{{30, 70}, {28, 70}, {32, 70}, {30, 68}, {30, 72}, {31, 71}} {
		if got := img.RGBAAt(p.X, p.Y); got != th.Generated {
			t.Errorf("pixel %v = %v, want lit", p, got)
		}
	}
	for _, p := range []image.Point{{32, 72}, {33, 70}, {30, 73}} {
		if got := img.RGBAAt(p.X, p.Y); got == th.Generated {
			t.Errorf("pixel %v lit, want it outside the disc", p)
		}
	}
}

func TestScatterColoursAndOrder(t *testing.T) {
	th := Light()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	v := View{Extent: 4, W: 64, H: 64}
	real := []float32{1, 1, -2.3, -1.1}
	gen := []float32{1, 1} // on top of the first real point
	Scatter(img, v, th,
		Layer{Points: real, Color: th.Real, Radius: 1.5},
		Layer{Points: gen, Color: th.Generated, Radius: 1.5})

	px, py := v.Pixel(1, 1)
	if got := img.RGBAAt(int(px), int(py)); got != th.Generated {
		t.Errorf("shared pixel = %v, want the generated colour on top", got)
	}
	px, py = v.Pixel(-2.3, -1.1)
	got := img.RGBAAt(int(px), int(py))
	if got == th.Background || got == th.Generated || got == th.Real {
		t.Fatalf("real point pixel = %v, want the translucent real colour blended over the background", got)
	}
	if !(got.B > got.R && got.A == 0xff) {
		t.Errorf("real point pixel = %v, want an opaque blue", got)
	}
	// Blending the same translucent colour twice darkens the pixel.
	img2 := image.NewRGBA(image.Rect(0, 0, 64, 64))
	Scatter(img2, v, th, Layer{Points: []float32{-2.3, -1.1, -2.3, -1.1}, Color: th.Real, Radius: 1.5})
	if got2 := img2.RGBAAt(int(px), int(py)); !(got2.R < got.R) {
		t.Errorf("two overlapping real points = %v, want darker than one (%v)", got2, got)
	}
}

func TestScatterEmpty(t *testing.T) {
	th := Light()
	img := image.NewRGBA(image.Rect(0, 0, 80, 80))
	Scatter(img, View{Extent: 4, W: 80, H: 80}, th)
	bg, grid, axis := count(img, th.Background), count(img, th.Grid), count(img, th.Axis)
	if bg+grid+axis != 80*80 {
		t.Errorf("empty plot has %d pixels that are not background, grid or axis", 80*80-bg-grid-axis)
	}
	// Axes at x = 0 and y = 0 are column 40 and row 40.
	for i := range 80 {
		if img.RGBAAt(40, i) != th.Axis || img.RGBAAt(i, 40) != th.Axis {
			t.Fatalf("axis pixel at %d not the axis colour", i)
		}
	}
	// Grid lines at x = ±1..±4 (x = 4 falls on the right edge, outside).
	if got := img.RGBAAt(50, 3); got != th.Grid {
		t.Errorf("pixel on x = 1 = %v, want grid", got)
	}
	if got := img.RGBAAt(45, 3); got != th.Background {
		t.Errorf("pixel between grid lines = %v, want background", got)
	}
}

func TestScatterClipping(t *testing.T) {
	th := Light()
	const size = 40
	v := View{Extent: 4, W: size, H: size}
	tests := []struct {
		name   string
		points []float32
		want   int // generated pixels
	}{
		{"outside the view", []float32{5, 0, 0, -4.5, -100, 100}, 0},
		{"not finite", []float32{float32(math.NaN()), 0, float32(math.Inf(1)), 1, 0, float32(math.Inf(-1))}, 0},
		{"huge", []float32{3e38, 3e38, -3e38, 0}, 0},
		// The disc of radius 2 around the top left corner keeps the quarter
		// inside: centres (0.5, 0.5), (1.5, 0.5), (0.5, 1.5).
		{"corner", []float32{-4, 4}, 3},
		{"odd trailing value ignored", []float32{-4, 4, 1}, 3},
		{"empty", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, size, size))
			Scatter(img, v, th, Layer{Points: tt.points, Color: th.Generated, Radius: 2})
			if n := count(img, th.Generated); n != tt.want {
				t.Errorf("%d generated pixels, want %d", n, tt.want)
			}
		})
	}
}

func TestScatterSubImage(t *testing.T) {
	th := Light()
	big := image.NewRGBA(image.Rect(0, 0, 60, 60))
	Fill(big, color.RGBA{1, 2, 3, 255})
	sub := big.SubImage(image.Rect(10, 10, 30, 30)).(*image.RGBA)
	Scatter(sub, View{Extent: 4, W: 20, H: 20}, th, Layer{Points: []float32{-4, 4, 3.99, -3.99}, Color: th.Generated, Radius: 3})
	if got := big.RGBAAt(5, 5); got != (color.RGBA{1, 2, 3, 255}) {
		t.Errorf("pixel outside the sub-image changed to %v", got)
	}
	if got := big.RGBAAt(31, 31); got != (color.RGBA{1, 2, 3, 255}) {
		t.Errorf("pixel outside the sub-image changed to %v", got)
	}
}

func TestScatterAllocates(t *testing.T) {
	th := Light()
	img := image.NewRGBA(image.Rect(0, 0, 120, 120))
	pts := make([]float32, 2000)
	for i := range pts {
		pts[i] = float32(i%17)/4 - 2
	}
	allocs := testing.AllocsPerRun(10, func() {
		Scatter(img, View{Extent: 4, W: 120, H: 120}, th, Layer{Points: pts, Color: th.Real, Radius: 1.5}, Layer{Points: pts, Color: th.Generated, Radius: 2})
	})
	if allocs > 1 { // the variadic layer slice may be allocated
		t.Errorf("Scatter allocates %v times per call", allocs)
	}
}

func TestThemeGeneratedOpaqueAndDistinct(t *testing.T) {
	th := Light()
	if th.Generated.A != 0xff {
		t.Errorf("Generated colour %v is not opaque: its pixels could not be counted by colour", th.Generated)
	}
	for _, c := range []color.RGBA{th.Background, th.Grid, th.Axis, th.Real} {
		if c == th.Generated {
			t.Errorf("Generated colour equals %v", c)
		}
	}
}

func TestViewPixelOfAndAt(t *testing.T) {
	v := View{Extent: 3, W: 300, H: 150}
	for _, p := range [][2]float32{{0, 0}, {-3, 3}, {3, -3}, {1.5, -0.75}, {-2.25, 1}} {
		px, py := v.PixelOf(p[0], p[1])
		if x, y := v.At(px, py); math.Abs(float64(x-p[0])) > 1e-6 || math.Abs(float64(y-p[1])) > 1e-6 {
			t.Errorf("At(PixelOf(%v)) = (%v, %v)", p, x, y)
		}
	}
	if px, py := v.PixelOf(1.5, -0.75); px != 225 || py != 93.75 {
		t.Errorf("PixelOf(1.5, -0.75) = (%v, %v), want (225, 93.75)", px, py)
	}
	// The page's mouse position at the centre of the canvas.
	if x, y := v.At(150, 75); x != 0 || y != 0 {
		t.Errorf("At(150, 75) = (%v, %v), want the origin", x, y)
	}
}

func TestScatterPerPointColours(t *testing.T) {
	th := Light()
	v := View{Extent: 4, W: 80, H: 80}
	img := image.NewRGBA(image.Rect(0, 0, 80, 80))
	pts := []float32{-2, 2, 2, 2, 2, -2}
	// Two colours for three points: the third takes Color.
	Scatter(img, v, th, Layer{Points: pts, Color: th.Generated, Colors: []color.RGBA{Okabe(1), Okabe(2)}})
	for i, want := range []color.RGBA{Okabe(1), Okabe(2), th.Generated} {
		px, py := v.Pixel(pts[2*i], pts[2*i+1])
		if got := img.RGBAAt(int(px), int(py)); got != want {
			t.Errorf("point %d = %v, want %v", i, got, want)
		}
	}
}

func TestScatterOverKeepsBackground(t *testing.T) {
	v := View{Extent: 4, W: 20, H: 20}
	img := image.NewRGBA(image.Rect(0, 0, 20, 20))
	bg := color.RGBA{7, 8, 9, 0xff}
	Fill(img, bg)
	ScatterOver(img, v, Layer{Points: []float32{0, 0}, Color: Okabe(0)})
	if n := count(img, bg); n != 20*20-1 {
		t.Errorf("%d background pixels left, want all but one", n)
	}
	GridLines(img, v, Light())
	if got := img.RGBAAt(10, 3); got != Light().Axis {
		t.Errorf("GridLines: pixel on x = 0 is %v, want the axis", got)
	}
}
