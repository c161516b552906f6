package paint

import (
	"image/color"
	"math"
)

// Neutral is the colour of a value that cannot be placed on a colour scale
// (NaN): a mid grey that none of the scales uses.
var Neutral = color.RGBA{0x99, 0x99, 0x99, 0xff}

// classes holds the colours of Okabe: the eight colours of Okabe and Ito,
// "Color Universal Design" (2002, https://jfly.uni-koeln.de/color/), in
// their published order but starting from orange so that the first classes
// avoid black, then two extras from Paul Tol's muted scheme
// (https://personal.sron.nl/~pault/, "Colour schemes and templates", 2021):
// indigo #332288 and wine #882255, chosen because they stay as far from the
// eight (and each other) under simulated deuteranopia and protanopia as the
// eight stay from one another (see colour_test.go).
var classes = [...]color.RGBA{
	{0xe6, 0x9f, 0x00, 0xff}, // orange
	{0x56, 0xb4, 0xe9, 0xff}, // sky blue
	{0x00, 0x9e, 0x73, 0xff}, // bluish green
	{0xf0, 0xe4, 0x42, 0xff}, // yellow
	{0x00, 0x72, 0xb2, 0xff}, // blue
	{0xd5, 0x5e, 0x00, 0xff}, // vermillion
	{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
	{0x00, 0x00, 0x00, 0xff}, // black
	{0x33, 0x22, 0x88, 0xff}, // Tol indigo
	{0x88, 0x22, 0x55, 0xff}, // Tol wine
}

// Okabe returns the opaque colour of class i: the eight Okabe–Ito colours
// for classes 0 to 7 and two colours of Paul Tol's for 8 and 9, enough for
// the ten MNIST digits, repeating every ten classes (negative i counts back
// from the end).
func Okabe(i int) color.RGBA {
	n := len(classes)
	return classes[((i%n)+n)%n]
}

// viridis holds rows 0, 17, 34, …, 255 of matplotlib's 256-entry viridis
// table (_viridis_data in lib/matplotlib/_cm_listed.py; van der Walt and
// Smith, 2015), so anchor k sits at t = k/15.
var viridis = [...][3]float64{
	{0.267004, 0.004874, 0.329415},
	{0.282656, 0.100196, 0.422160},
	{0.277134, 0.185228, 0.489898},
	{0.253935, 0.265254, 0.529983},
	{0.221989, 0.339161, 0.548752},
	{0.190631, 0.407061, 0.556089},
	{0.163625, 0.471133, 0.558148},
	{0.139147, 0.533812, 0.555298},
	{0.120565, 0.596422, 0.543611},
	{0.134692, 0.658636, 0.517649},
	{0.208030, 0.718701, 0.472873},
	{0.327796, 0.773980, 0.406640},
	{0.477504, 0.821444, 0.318195},
	{0.647257, 0.858400, 0.209861},
	{0.824940, 0.884720, 0.106217},
	{0.993248, 0.906157, 0.143936},
}

// Viridis returns the colour of t on matplotlib's viridis scale, from dark
// purple (t ≤ 0) through teal to yellow (t ≥ 1), interpolated linearly in
// sRGB between 16 anchors of the published table. Its lightness rises
// monotonically, so it reads in greyscale and to colour-blind eyes. NaN
// gives Neutral.
func Viridis(t float64) color.RGBA {
	return ramp(viridis[:], t)
}

// diverging holds the anchors of Diverging at t = 0, 1/8, …, 1: the orange
// half of ColorBrewer's 11-class PuOr (#b35806 to #fee0b6), its centre
// #f7f7f7, and the blue half of 11-class RdBu (#d1e5f0 to #2166ac), which
// shares that centre (Brewer, colorbrewer2.org).
var diverging = [...][3]float64{
	{0xb3 / 255.0, 0x58 / 255.0, 0x06 / 255.0},
	{0xe0 / 255.0, 0x82 / 255.0, 0x14 / 255.0},
	{0xfd / 255.0, 0xb8 / 255.0, 0x63 / 255.0},
	{0xfe / 255.0, 0xe0 / 255.0, 0xb6 / 255.0},
	{0xf7 / 255.0, 0xf7 / 255.0, 0xf7 / 255.0},
	{0xd1 / 255.0, 0xe5 / 255.0, 0xf0 / 255.0},
	{0x92 / 255.0, 0xc5 / 255.0, 0xde / 255.0},
	{0x43 / 255.0, 0x93 / 255.0, 0xc3 / 255.0},
	{0x21 / 255.0, 0x66 / 255.0, 0xac / 255.0},
}

// Diverging returns the colour of t on an orange–white–blue scale: orange
// at t ≤ 0, near white (#f7f7f7) at t = 0.5 and blue at t ≥ 1, interpolated
// linearly between nine ColorBrewer anchors. A discriminator's D(x) maps
// straight onto it: "fake" (0) takes the hue of the generated points and
// "real" (1) that of the data. Orange and blue stay apart under the common
// red–green deficiencies. NaN gives Neutral.
func Diverging(t float64) color.RGBA {
	return ramp(diverging[:], t)
}

// ramp interpolates linearly between equally spaced anchors, t clamped to
// [0, 1].
func ramp(anchors [][3]float64, t float64) color.RGBA {
	if math.IsNaN(t) {
		return Neutral
	}
	t = math.Max(0, math.Min(1, t))
	f := t * float64(len(anchors)-1)
	k := min(int(f), len(anchors)-2)
	f -= float64(k)
	a, b := anchors[k], anchors[k+1]
	ch := func(i int) uint8 { return uint8(math.Round(255 * (a[i] + f*(b[i]-a[i])))) }
	return color.RGBA{ch(0), ch(1), ch(2), 0xff}
}

// PositionColor returns an opaque colour for the point (x, y) of the square
// [-extent, extent]² that varies smoothly with position: the hue turns with
// the angle atan2(y, x), and the colour goes from a light grey at the
// origin to a darker, saturated tone at radius extent and beyond. It is
// defined in OKLCh (Ottosson, "A perceptual color space for image
// processing", 2020) as
//
//	r = min(√(x²+y²)/extent, 1)
//	L = 0.80 - 0.28·r,  C = 0.13·r,  h = atan2(y, x)
//
// with each sRGB channel clipped to [0, 1]. A non-finite coordinate or an
// extent that is not positive gives Neutral.
func PositionColor(x, y, extent float32) color.RGBA {
	if !finite(x) || !finite(y) || !(extent > 0) || !finite(extent) {
		return Neutral
	}
	r := math.Min(math.Hypot(float64(x), float64(y))/float64(extent), 1)
	h := math.Atan2(float64(y), float64(x))
	l, c := 0.80-0.28*r, 0.13*r
	return oklab(l, c*math.Cos(h), c*math.Sin(h))
}

// oklab converts an OKLab colour to opaque sRGB, clipping each channel.
// The matrices are Ottosson's.
func oklab(L, a, b float64) color.RGBA {
	l := cube(L + 0.3963377774*a + 0.2158037573*b)
	m := cube(L - 0.1055613458*a - 0.0638541728*b)
	s := cube(L - 0.0894841775*a - 1.2914855480*b)
	r := +4.0767416621*l - 3.3077115913*m + 0.2309699292*s
	g := -1.2684380046*l + 2.6097574011*m - 0.3413193965*s
	bl := -0.0041960863*l - 0.7034186147*m + 1.7076147010*s
	return color.RGBA{srgb(r), srgb(g), srgb(bl), 0xff}
}

func cube(x float64) float64 { return x * x * x }

// srgb encodes a linear-light channel with the sRGB transfer function
// (IEC 61966-2-1), clipped to [0, 1], as an 8-bit level.
func srgb(v float64) uint8 {
	v = math.Max(0, math.Min(1, v))
	if v <= 0.0031308 {
		v *= 12.92
	} else {
		v = 1.055*math.Pow(v, 1/2.4) - 0.055
	}
	return uint8(math.Round(255 * v))
}

// linear decodes an 8-bit sRGB level to linear light in [0, 1].
func linear(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}
