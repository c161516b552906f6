package data

import (
	"math"
	"testing"

	"genplay/tensor/rng"
)

func draw(s Set, n int, seed uint64) []float32 {
	pts := make([]float32, 2*n)
	s.Sample(pts, rng.New(seed))
	return pts
}

// nearest returns the index of the centre nearest to (x, y) and the squared
// distance to it.
func nearest(centers []float32, x, y float32) (int, float64) {
	best, bd := -1, math.Inf(1)
	for k := 0; k < len(centers); k += 2 {
		dx, dy := float64(x-centers[k]), float64(y-centers[k+1])
		if d := dx*dx + dy*dy; d < bd {
			best, bd = k/2, d
		}
	}
	return best, bd
}

func TestMixtures(t *testing.T) {
	for _, c := range []struct {
		name   string
		modes  int
		radius float64 // distance of the first centre from the origin, 0 to skip
	}{{"8gaussians", 8, 4 / 1.414}, {"25gaussians", 25, 4 * math.Sqrt2}} {
		s, err := Lookup(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Centers) != 2*c.modes {
			t.Fatalf("%s: %d centres, want %d", c.name, len(s.Centers)/2, c.modes)
		}
		if r := math.Hypot(float64(s.Centers[0]), float64(s.Centers[1])); math.Abs(r-c.radius) > 1e-5 {
			t.Errorf("%s: first centre at radius %v, want %v", c.name, r, c.radius)
		}
		n := 4000 * c.modes
		pts := draw(s, n, 1)
		counts := make([]int, c.modes)
		var sq float64
		for i := 0; i < len(pts); i += 2 {
			k, d := nearest(s.Centers, pts[i], pts[i+1])
			counts[k]++
			sq += d
		}
		for k, got := range counts {
			if math.Abs(float64(got-4000)) > 300 {
				t.Errorf("%s: mode %d has %d points, want about 4000", c.name, k, got)
			}
		}
		// E‖x−μ‖² = 2σ² for an isotropic 2D Gaussian.
		if got, want := sq/float64(n), 2*float64(s.Std)*float64(s.Std); math.Abs(got-want) > 0.03*want {
			t.Errorf("%s: mean squared distance to centre %.5f, want %.5f", c.name, got, want)
		}
	}
}

// TestMoments checks each set's mean and covariance against values computed
// in closed form from its recipe.
func TestMoments(t *testing.T) {
	// moons: outer arc (cos θ, sin θ), inner arc (1−cos θ, 0.5−sin θ), θ ~ U[0, π],
	// then 2·(p + 0.1ε) − (1, 0.2): E[x] = 2·0.5 − 1 = 0, E[y] = 2·0.25 − 0.2 = 0.3.
	// checkerboard: symmetric in x; E[y] over the 8 dark squares is 0.
	// rings: centred at 0, E[x²] = E[r²]/2 + 0.08² with r uniform on 0.75·{1,2,3,4}.
	ringsVar := (0.75*0.75*(1+4+9+16)/4)/2 + 0.08*0.08
	for _, c := range []struct {
		name                string
		mx, my, vx, vy, tol float64
	}{
		{"moons", 0, 0.3, math.NaN(), math.NaN(), 0.02},
		{"checkerboard", 0, 0, 16.0 / 3, 16.0 / 3, 0.05},
		{"rings", 0, 0, ringsVar, ringsVar, 0.03},
		{"spiral", 0, 0, math.NaN(), math.NaN(), 0.03},
		{"swissroll", math.NaN(), math.NaN(), math.NaN(), math.NaN(), 0},
	} {
		s, err := Lookup(c.name)
		if err != nil {
			t.Fatal(err)
		}
		const n = 200000
		pts := draw(s, n, 2)
		var mx, my, vx, vy float64
		for i := 0; i < len(pts); i += 2 {
			x, y := float64(pts[i]), float64(pts[i+1])
			if math.Abs(x) > float64(s.Extent)+1 || math.Abs(y) > float64(s.Extent)+1 {
				t.Fatalf("%s: point (%v, %v) far outside the extent %v", c.name, x, y, s.Extent)
			}
			mx += x / n
			my += y / n
		}
		for i := 0; i < len(pts); i += 2 {
			x, y := float64(pts[i])-mx, float64(pts[i+1])-my
			vx += x * x / n
			vy += y * y / n
		}
		check := func(what string, got, want float64) {
			if !math.IsNaN(want) && math.Abs(got-want) > c.tol*math.Max(1, math.Abs(want)) {
				t.Errorf("%s: %s = %.4f, want %.4f", c.name, what, got, want)
			}
		}
		check("mean x", mx, c.mx)
		check("mean y", my, c.my)
		check("var x", vx, c.vx)
		check("var y", vy, c.vy)
	}
}

// TestCheckerboardSquares checks that every point lies on a dark square and
// all 8 squares are used about equally.
func TestCheckerboardSquares(t *testing.T) {
	s, _ := Lookup("checkerboard")
	pts := draw(s, 80000, 3)
	counts := map[[2]int]int{}
	for i := 0; i < len(pts); i += 2 {
		cx, cy := int(math.Floor(float64(pts[i])/2)), int(math.Floor(float64(pts[i+1])/2))
		if (cx+cy)&1 != 0 || cx < -2 || cx > 1 || cy < -2 || cy > 1 {
			t.Fatalf("point (%v, %v) on square (%d, %d), not a dark square of [-4,4]²", pts[i], pts[i+1], cx, cy)
		}
		counts[[2]int{cx, cy}]++
	}
	if len(counts) != 8 {
		t.Fatalf("%d squares used, want 8", len(counts))
	}
	for sq, c := range counts {
		if math.Abs(float64(c-10000)) > 500 {
			t.Errorf("square %v has %d points, want about 10000", sq, c)
		}
	}
}

// TestRingRadii checks that rings puts a quarter of the points near each
// radius.
func TestRingRadii(t *testing.T) {
	s, _ := Lookup("rings")
	pts := draw(s, 40000, 4)
	var counts [4]int
	for i := 0; i < len(pts); i += 2 {
		r := math.Hypot(float64(pts[i]), float64(pts[i+1]))
		k := int(math.Round(r/0.75)) - 1
		if k < 0 || k > 3 || math.Abs(r-0.75*float64(k+1)) > 0.4 {
			t.Fatalf("point at radius %v is near no ring", r)
		}
		counts[k]++
	}
	for k, c := range counts {
		if math.Abs(float64(c-10000)) > 500 {
			t.Errorf("ring %d has %d points, want about 10000", k, c)
		}
	}
}

func TestEverySetDeterministic(t *testing.T) {
	for _, name := range Names() {
		s, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		a, b := draw(s, 50, 9), draw(s, 50, 9)
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%s: point %d differs between equal seeds", name, i)
			}
		}
		if s.Dim() != 2 || s.Extent <= 0 || s.Title == "" || s.Source == "" {
			t.Errorf("%s: incomplete description %+v", name, s)
		}
	}
}

func TestFromPoints(t *testing.T) {
	s, err := FromPoints([]float32{1, 1, -2, 0.5}, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	pts := draw(s, 20000, 5)
	var counts [2]int
	for i := 0; i < len(pts); i += 2 {
		k, d := nearest(s.Centers, pts[i], pts[i+1])
		if d > 0.5*0.5 {
			t.Fatalf("point (%v, %v) is %v from its centre", pts[i], pts[i+1], math.Sqrt(d))
		}
		counts[k]++
	}
	if math.Abs(float64(counts[0]-counts[1])) > 600 {
		t.Errorf("counts %v, want about equal", counts)
	}
	for _, bad := range []struct {
		pts    []float32
		jitter float32
	}{{nil, 0.1}, {[]float32{1}, 0.1}, {[]float32{1, 2}, 0}, {[]float32{1, float32(math.NaN())}, 0.1}, {[]float32{1e6, 0}, 0.1}, {make([]float32, 2*MaxPoints+2), 0.1}} {
		if _, err := FromPoints(bad.pts, bad.jitter); err == nil {
			t.Errorf("FromPoints(%d coords, %v) accepted bad input", len(bad.pts), bad.jitter)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	if _, err := Lookup("nope"); err == nil {
		t.Fatal("Lookup of an unknown set succeeded")
	}
}
