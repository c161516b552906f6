package paint

import (
	"image/color"
	"math"
	"testing"
)

// Colour-vision deficiency simulation, for the distinctness tests: the
// matrices of Machado, Oliveira and Fernandes, "A physiologically-based
// model for simulation of color vision deficiency" (IEEE TVCG 2009), at
// severity 1.0, applied to linear sRGB.
var (
	normal       = [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	protanopia   = [3][3]float64{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}
	deuteranopia = [3][3]float64{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}
	visions      = []struct {
		name string
		m    [3][3]float64
	}{{"normal", normal}, {"protanopia", protanopia}, {"deuteranopia", deuteranopia}}
)

// lab returns the CIELAB coordinates (D65) of c as seen through the
// simulation matrix m.
func lab(c color.RGBA, m [3][3]float64) [3]float64 {
	l := [3]float64{linear(c.R), linear(c.G), linear(c.B)}
	var s [3]float64
	for i := range 3 {
		for j := range 3 {
			s[i] += m[i][j] * l[j]
		}
		s[i] = math.Max(0, math.Min(1, s[i]))
	}
	// sRGB to XYZ (IEC 61966-2-1), then CIELAB with the D65 white.
	x := 0.4124564*s[0] + 0.3575761*s[1] + 0.1804375*s[2]
	y := 0.2126729*s[0] + 0.7151522*s[1] + 0.0721750*s[2]
	z := 0.0193339*s[0] + 0.1191920*s[1] + 0.9503041*s[2]
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x/0.95047), f(y), f(z/1.08883)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// deltaE is the CIE76 colour difference of a and b seen through m; about
// 2.3 is a just noticeable difference.
func deltaE(a, b color.RGBA, m [3][3]float64) float64 {
	p, q := lab(a, m), lab(b, m)
	return math.Sqrt((p[0]-q[0])*(p[0]-q[0]) + (p[1]-q[1])*(p[1]-q[1]) + (p[2]-q[2])*(p[2]-q[2]))
}

// over composites c over the opaque colour bg, as blend does.
func over(c, bg color.RGBA) color.RGBA {
	a := uint32(c.A)
	mix := func(d, s uint8) uint8 { return uint8((uint32(s)*a + uint32(d)*(255-a) + 127) / 255) }
	return color.RGBA{mix(bg.R, c.R), mix(bg.G, c.G), mix(bg.B, c.B), 0xff}
}

func TestThemeDistinctForColourBlindness(t *testing.T) {
	th := Light()
	// A lone real point is Real blended over the background; a generated
	// one is Generated. ΔE above 40 is a difference of hue, not of shade.
	real := over(th.Real, th.Background)
	for _, v := range visions {
		if d := deltaE(real, th.Generated, v.m); d < 40 {
			t.Errorf("%s: real %v and generated %v differ by ΔE %.1f, want ≥ 40", v.name, real, th.Generated, d)
		}
		if d := deltaE(th.Real, th.Generated, v.m); d < 40 {
			t.Errorf("%s: opaque real and generated differ by ΔE %.1f, want ≥ 40", v.name, d)
		}
	}
}

func TestOkabe(t *testing.T) {
	// Published values of Okabe and Ito.
	if got := Okabe(0); got != (color.RGBA{0xe6, 0x9f, 0x00, 0xff}) {
		t.Errorf("Okabe(0) = %v, want orange #e69f00", got)
	}
	if got := Okabe(4); got != (color.RGBA{0x00, 0x72, 0xb2, 0xff}) {
		t.Errorf("Okabe(4) = %v, want blue #0072b2", got)
	}
	if Okabe(10) != Okabe(0) || Okabe(-1) != Okabe(9) || Okabe(23) != Okabe(3) {
		t.Error("Okabe does not repeat every ten classes")
	}
	// The eight Okabe–Ito colours are at least ΔE 17 apart under each
	// simulation (their closest pair; measured); the two extras must not
	// bring the minimum below that.
	worst := math.Inf(1)
	for i := range 10 {
		if c := Okabe(i); c.A != 0xff {
			t.Errorf("Okabe(%d) = %v not opaque", i, c)
		}
		for j := i + 1; j < 10; j++ {
			for _, v := range visions {
				if d := deltaE(Okabe(i), Okabe(j), v.m); d < worst {
					worst = d
				}
			}
		}
	}
	if worst < 17 {
		t.Errorf("closest pair of the ten class colours ΔE %.1f, want ≥ 17", worst)
	}
}

func TestViridis(t *testing.T) {
	tests := []struct {
		t    float64
		want color.RGBA
	}{
		// matplotlib: viridis(0) = #440154, viridis(1.0) = #fde725 (rows 0
		// and 255 of the table, rounded).
		{0, color.RGBA{0x44, 0x01, 0x54, 0xff}},
		{1, color.RGBA{0xfd, 0xe7, 0x25, 0xff}},
		{-3, color.RGBA{0x44, 0x01, 0x54, 0xff}},
		{7, color.RGBA{0xfd, 0xe7, 0x25, 0xff}},
		// Anchor 8 of 15 is row 136, (0.120565, 0.596422, 0.543611).
		{8.0 / 15, color.RGBA{31, 152, 139, 0xff}},
		// Half way between rows 0 and 17: the mean of the two, rounded.
		{0.5 / 15, color.RGBA{70, 13, 96, 0xff}},
		{math.NaN(), Neutral},
	}
	for _, tt := range tests {
		if got := Viridis(tt.t); got != tt.want {
			t.Errorf("Viridis(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
	// matplotlib's viridis(0.5) is row 127 or 128, #21918c; t = 0.5 falls
	// between anchors 7 and 8 and may differ by a level or two.
	got := Viridis(0.5)
	for i, w := range [3]int{0x21, 0x91, 0x8c} {
		if g := int([]uint8{got.R, got.G, got.B}[i]); g < w-3 || g > w+3 {
			t.Errorf("Viridis(0.5) = %v, want about #21918c", got)
		}
	}
	// Lightness L* rises strictly over 64 steps. Over 256 steps, rounding
	// to 8-bit levels may hold a channel while another falls (at 92/255 and
	// 93/255 L* goes 44.09, 44.06), so allow 0.1 there.
	for _, n := range []struct {
		steps int
		slack float64
	}{{64, 0}, {256, 0.1}} {
		prev := -1.0
		for k := range n.steps {
			l := lab(Viridis(float64(k)/float64(n.steps-1)), normal)[0]
			if l <= prev-n.slack {
				t.Fatalf("L* of Viridis(%d/%d) = %.2f, not above %.2f", k, n.steps-1, l, prev)
			}
			prev = l
		}
	}
}

func TestDiverging(t *testing.T) {
	if got := Diverging(0.5); got != (color.RGBA{0xf7, 0xf7, 0xf7, 0xff}) {
		t.Errorf("Diverging(0.5) = %v, want #f7f7f7", got)
	}
	if got := Diverging(0); got != (color.RGBA{0xb3, 0x58, 0x06, 0xff}) {
		t.Errorf("Diverging(0) = %v, want #b35806", got)
	}
	if got := Diverging(2); got != (color.RGBA{0x21, 0x66, 0xac, 0xff}) {
		t.Errorf("Diverging(2) = %v, want #2166ac", got)
	}
	if got := Diverging(math.NaN()); got != Neutral {
		t.Errorf("Diverging(NaN) = %v, want Neutral", got)
	}
	// Lightness rises to the centre and falls after it; the ends differ in
	// hue for every simulated vision.
	for k := 1; k <= 100; k++ {
		a, b := lab(Diverging(float64(k-1)/200), normal)[0], lab(Diverging(float64(k)/200), normal)[0]
		c, d := lab(Diverging(1-float64(k-1)/200), normal)[0], lab(Diverging(1-float64(k)/200), normal)[0]
		if !(b > a) || !(d > c) {
			t.Fatalf("L* not rising towards the centre at step %d: %.1f→%.1f, %.1f→%.1f", k, a, b, c, d)
		}
	}
	for _, v := range visions {
		if d := deltaE(Diverging(0.1), Diverging(0.9), v.m); d < 40 {
			t.Errorf("%s: Diverging(0.1) and (0.9) differ by ΔE %.1f, want ≥ 40", v.name, d)
		}
	}
}

func TestPositionColor(t *testing.T) {
	if c := PositionColor(0, 0, 4); c.R != c.G || c.G != c.B || c.A != 0xff {
		t.Errorf("PositionColor at the origin = %v, want an opaque grey", c)
	}
	for _, c := range []color.RGBA{
		PositionColor(float32(math.NaN()), 0, 4),
		PositionColor(0, float32(math.Inf(1)), 4),
		PositionColor(1, 1, 0),
	} {
		if c != Neutral {
			t.Errorf("PositionColor of a bad input = %v, want Neutral", c)
		}
	}
	// Beyond the extent, only the angle matters.
	if PositionColor(4, 0, 4) != PositionColor(9, 0, 4) {
		t.Error("PositionColor changes beyond the extent")
	}
	// Smooth: a step of 1% of the extent moves the colour by little, all
	// around a circle and along a radius.
	for k := range 400 {
		a := 2 * math.Pi * float64(k) / 400
		for _, r := range []float64{0.3, 0.7, 1} {
			p := PositionColor(float32(4*r*math.Cos(a)), float32(4*r*math.Sin(a)), 4)
			q := PositionColor(float32(4*r*math.Cos(a)+0.04), float32(4*r*math.Sin(a)), 4)
			if d := deltaE(p, q, normal); d > 3 {
				t.Fatalf("at angle %.2f radius %.1f a step of 0.04 changes the colour by ΔE %.1f", a, r, d)
			}
		}
	}
	// Opposite points on the rim differ clearly, and the rim is darker than
	// the centre.
	for _, v := range visions {
		if d := deltaE(PositionColor(0, 4, 4), PositionColor(0, -4, 4), v.m); d < 20 {
			t.Errorf("%s: top and bottom differ by ΔE %.1f, want ≥ 20", v.name, d)
		}
	}
	if lab(PositionColor(4, 0, 4), normal)[0] >= lab(PositionColor(0, 0, 4), normal)[0] {
		t.Error("the rim is not darker than the centre")
	}
}
