package urlstate

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// withState returns Default changed by edit.
func withState(edit func(s *State)) State {
	s := Default()
	edit(&s)
	return s
}

// mergedConfig returns the config of s over its family's defaults as plain
// JSON values, so that configs that say the same thing compare equal.
func mergedConfig(t *testing.T, s State) map[string]any {
	t.Helper()
	f, err := registry.Lookup(s.Spec.Family)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(f.Default(), &m); err != nil {
		t.Fatal(err)
	}
	for _, p := range registry.Params(s.Spec.Family) {
		if _, ok := m[p.Key]; !ok { // an omitempty field: its zero value
			m[p.Key] = map[string]any{registry.KindFloat: 0.0, registry.KindInt: 0.0, registry.KindEnum: "", registry.KindBool: false}[p.Kind]
		}
	}
	if len(s.Spec.Config) > 0 {
		if err := json.Unmarshal(s.Spec.Config, &m); err != nil {
			t.Fatalf("config %s: %v", s.Spec.Config, err)
		}
	}
	return m
}

// checkSame fails unless got and want hold the same link state: equal
// fields, and configs equal over the family's defaults.
func checkSame(t *testing.T, got, want State) {
	t.Helper()
	gc, wc := mergedConfig(t, got), mergedConfig(t, want)
	if !reflect.DeepEqual(gc, wc) {
		t.Errorf("config %s, want %s", got.Spec.Config, want.Spec.Config)
	}
	got.Spec.Config, want.Spec.Config = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("state\n%+v\nwant\n%+v", got, want)
	}
}

// checkBuilds fails unless the registry accepts the spec and config of s.
func checkBuilds(t *testing.T, s State) {
	t.Helper()
	f, err := registry.Lookup(s.Spec.Family)
	if err != nil {
		t.Fatal(err)
	}
	cfg := f.Default()
	if len(s.Spec.Config) > 0 {
		cfg = s.Spec.Config
	}
	dim := 2
	if registry.ImagesSet(s.Spec.Data) {
		dim = 28 * 28
	}
	if _, err := f.New(cfg, dim, rng.New(1)); err != nil {
		t.Errorf("family %s refuses config %s: %v", s.Spec.Family, s.Spec.Config, err)
	}
}

func TestDefault(t *testing.T) {
	if got := Encode(Default()); got != "v=1" {
		t.Errorf("Encode(Default()) = %q, want v=1", got)
	}
	for _, q := range []string{"", "?", "#", "#?", "v=1", "?v=1", "#v=1", "v=1&"} {
		s, notices := Decode(q)
		if !reflect.DeepEqual(s, Default()) || len(notices) != 0 {
			t.Errorf("Decode(%q) = %+v, %v; want Default() and no notices", q, s, notices)
		}
	}
	if err := Default().View.Validate(); err != nil {
		t.Error(err)
	}
}

// TestFamilies round-trips a state with a changed config for every family,
// and pins the links.
func TestFamilies(t *testing.T) {
	tests := []struct {
		state State
		link  string
	}{
		{withState(func(s *State) {
			s.Spec = models.Spec{Family: "ae", Data: "moons", Seed: 7, Steps: 3000,
				Config: json.RawMessage(`{"lr":0.01,"batch":64,"latent":3,"hidden":128,"depth":4}`)}
			s.View.Panel = protocol.PanelRecon
		}), "v=1&f=ae&d=moons&s=7&n=3000&c.lr=0.01&c.batch=64&c.latent=3&c.hidden=128&c.depth=4&p=recon"},
		{withState(func(s *State) {
			s.Spec = models.Spec{Family: "vae", Data: "mnist", Seed: 1, Steps: 100,
				Config: json.RawMessage(`{"beta":4,"decoder":"bernoulli","iw_samples":5}`)}
			s.View.Panel = protocol.PanelManifold
		}), "v=1&f=vae&d=mnist&n=100&c.beta=4&c.decoder=bernoulli&c.iw_samples=5&p=manifold"},
		{withState(func(s *State) {
			s.Spec = models.Spec{Family: "gan", Data: "8gaussians", Seed: 1, Steps: 1200,
				Config: json.RawMessage(`{"lr_g":0.0005,"d_steps":3}`)}
			s.View.Psi = 0.7
			s.Embed = true
		}), "v=1&f=gan&n=1200&c.lr_g=0.0005&c.d_steps=3&psi=0.7&embed=1"},
		{withState(func(s *State) {
			s.Spec = models.Spec{Family: "flow", Data: "mnist", Seed: 18446744073709551615, Steps: 100_000_000,
				Config: json.RawMessage(`{"tanh_scale":false,"mask":"checkerboard","half_life":20000,"couplings":12}`)}
			s.View.Panel = protocol.PanelLatent
			s.Model = "flow-mnist" // a pretrained model: any step
		}), "v=1&f=flow&d=mnist&s=18446744073709551615&n=100000000&m=flow-mnist&c.half_life=20000&c.couplings=12&c.tanh_scale=0&c.mask=checkerboard&p=latent"},
		{withState(func(s *State) {
			s.Spec = models.Spec{Family: "diffusion", Data: "swissroll", Seed: 0, Steps: 5000,
				Config: json.RawMessage(`{"T":200,"schedule":"cosine","embed_dim":32,"time_every":true,"predict":"v","lr":1e-05}`)}
			s.View = protocol.View{Panel: protocol.PanelSDEdit, Psi: 1, Sampler: protocol.SamplerDDIM, K: 20, Eta: 0.25, T: 1000, Strength: 0.75}
			s.Model = "diffusion-swissroll"
		}), "v=1&d=swissroll&s=0&n=5000&m=diffusion-swissroll&c.lr=1e-05&c.embed_dim=32&c.time_every=1&c.T=200&c.schedule=cosine&c.predict=v&p=sdedit&smp=ddim&k=20&eta=0.25&t=1000&str=0.75"},
	}
	for _, tt := range tests {
		t.Run(tt.state.Spec.Family, func(t *testing.T) {
			link := Encode(tt.state)
			if link != tt.link {
				t.Errorf("Encode = %s\nwant     %s", link, tt.link)
			}
			got, notices := Decode(link)
			if len(notices) != 0 {
				t.Errorf("Decode(%s) notices %v", link, notices)
			}
			checkSame(t, got, tt.state)
			checkBuilds(t, got)
			if again := Encode(got); again != link {
				t.Errorf("Encode(Decode(link)) = %s", again)
			}
		})
	}
}

// TestConfigJSON pins the Config Decode writes: only the values that differ
// from the defaults, in the order of the Params, nil for none.
func TestConfigJSON(t *testing.T) {
	tests := []struct{ link, config string }{
		{"v=1&f=gan", ""},
		{"v=1&f=gan&c.d_steps=1&c.lr_g=0.001", ""}, // both are the defaults
		{"v=1&f=gan&c.d_steps=3&c.lr_g=0.0005&c.loss=wgan-gp", `{"lr_g":0.0005,"loss":"wgan-gp","d_steps":3}`},
		{"v=1&f=flow&c.tanh_scale=0", `{"tanh_scale":false}`},
		{"v=1&c.half_life=5", ""}, // not a Param of diffusion; noticed
	}
	for _, tt := range tests {
		s, _ := Decode(tt.link)
		if string(s.Spec.Config) != tt.config {
			t.Errorf("Decode(%s).Spec.Config = %s, want %s", tt.link, s.Spec.Config, tt.config)
		}
		if tt.config == "" && s.Spec.Config != nil {
			t.Errorf("Decode(%s).Spec.Config = %q, want nil", tt.link, s.Spec.Config)
		}
	}
}

// TestNotices checks what Decode does with links it cannot take as written.
func TestNotices(t *testing.T) {
	tests := []struct {
		link    string
		want    State
		notices []string
	}{
		{"v=1&psi=7", withState(func(s *State) { s.View.Psi = 1 }),
			[]string{"psi=7 was outside [0, 1]; using 1."}},
		{"v=1&psi=-0.5&eta=abc", withState(func(s *State) { s.View.Psi = 0 }),
			[]string{"psi=-0.5 was outside [0, 1]; using 0.", "eta=abc is not a number; using 0."}},
		{"v=1&k=2.5&t=NaN&n=-4", withState(func(s *State) { s.View.K = 3 }),
			[]string{"k=2.5 is not a whole number; using 3.", "t=NaN is not a number; using 250.", "n=-4 was outside [0, 100000000]; using 0."}},
		{"v=1&n=1e12&m=gan-8gaussians", withState(func(s *State) { s.Spec.Steps, s.Model = MaxSteps, "gan-8gaussians" }),
			[]string{"n=1e12 was outside [0, 100000000]; using 100000000."}},
		{"v=1&p=cube&smp=rk4&embed=yes", Default(),
			[]string{
				"p=cube is not one of " + strings.Join(protocol.Panels, ", ") + "; using samples.",
				"smp=rk4 is not one of ddpm, ddim, euler, heun; using ddpm.",
				"embed=yes is not 1 or 0; using 0."}},
		{"v=1&s=-1&m=Bad_Name", Default(),
			[]string{
				"s=-1 is not a whole number from 0 to 18446744073709551615; using 1.",
				"m=Bad_Name is not a model name (a-z, 0-9 and -, at most 64); using none."}},
		{"v=1&f=gan&d=nowhere&n=10", withState(func(s *State) { s.Spec.Family, s.Spec.Steps = "gan", 10 }),
			[]string{"d=nowhere is not a data set (8gaussians, 25gaussians, swissroll, moons, checkerboard, rings, spiral, mnist, or a drawing); using 8gaussians."}},
		{"v=1&f=gan&c.lr_g=5&c.d_steps=0&c.loss=hinge&c.lr=0.1", withState(func(s *State) {
			s.Spec.Family, s.Spec.Config = "gan", json.RawMessage(`{"lr_g":0.1}`)
		}), []string{
			"c.lr_g=5 was outside [1e-05, 0.1]; using 0.1.",
			"c.d_steps=0 was outside [1, 10]; using 1.",
			"c.loss=hinge is not one of nonsaturating, wgan-gp; using nonsaturating.",
			`"c.lr" is not a setting of gan; it was ignored.`}},
		{"v=1&c.embed_dim=5", withState(func(s *State) { s.Spec.Config = json.RawMessage(`{"embed_dim":6}`) }),
			[]string{"c.embed_dim=5 is not 2 plus a multiple of 2; using 6."}},
		{"v=1&c.embed_dim=129", withState(func(s *State) { s.Spec.Config = json.RawMessage(`{"embed_dim":128}`) }),
			[]string{"c.embed_dim=129 was outside [2, 128]; using 128."}},
		{"v=1&zoom=2&psi=0.5&psi=0.25", withState(func(s *State) { s.View.Psi = 0.5 }),
			[]string{`The link's key "zoom" is unknown; it was ignored.`, `"psi" is given more than once; using the first.`}},
		{"v=1&psi=%zz&eta=0.5", withState(func(s *State) { s.View.Eta = 0.5 }),
			[]string{`A part of the link, "psi=%zz", could not be read; it was ignored.`}},
		{"v=1&embed&f=flow&c.tanh_scale", withState(func(s *State) { s.Spec.Family, s.Embed = "flow", true }), nil},
		{"v=1&embed=", Default(), []string{"embed= is not 1 or 0; using 0."}},
		// Links of other versions open with the defaults; links of no
		// version are read as of this one.
		{"v=2&f=gan", Default(), []string{msgVersion}},
		{"v=01&f=gan", Default(), []string{msgVersion}},
		{"v=&f=gan", Default(), []string{msgVersion}},
		{"v&f=gan", Default(), []string{msgVersion}},
		{"f=gan&v=2", Default(), []string{msgVersion}},
		{"f=gan&n=100", withState(func(s *State) { s.Spec.Family, s.Spec.Steps = "gan", 100 }), nil},
		{"?embed=1", withState(func(s *State) { s.Embed = true }), nil},
		{"#embed", withState(func(s *State) { s.Embed = true }), nil},
		{"hello", Default(), []string{`The link's key "hello" is unknown; it was ignored.`}},
		{"v=1&f=transformer&n=100", Default(),
			[]string{"f=transformer is not a model family (" + familyList() + "); showing the defaults."}},
		{"v=1&psi=" + strings.Repeat("9", MaxQueryBytes), Default(), []string{msgTooLong}},
		{"v=1&m=" + strings.Repeat("x", 100), Default(),
			[]string{"m=" + strings.Repeat("x", 31) + "… is not a model name (a-z, 0-9 and -, at most 64); using none."}},
	}
	for _, tt := range tests {
		got, notices := Decode(tt.link)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Decode(%.80s) = %+v\nwant %+v", tt.link, got, tt.want)
		}
		var msgs []string
		for _, n := range notices {
			msgs = append(msgs, n.String())
		}
		if !reflect.DeepEqual(msgs, tt.notices) {
			t.Errorf("Decode(%.80s) notices\n%q\nwant\n%q", tt.link, msgs, tt.notices)
		}
	}
}

func TestNoticeKeys(t *testing.T) {
	_, notices := Decode("v=1&psi=7&zoom=1&c.nope=1&a=%")
	var keys []string
	for _, n := range notices {
		keys = append(keys, n.Key)
	}
	if want := []string{"psi", "zoom", "c.nope", ""}; !reflect.DeepEqual(keys, want) {
		t.Errorf("notice keys %q, want %q", keys, want)
	}
	_, notices = Decode("v=1&" + strings.Repeat("x=1&", 20) + strings.Repeat("psi=2&", 1))
	if len(notices) != maxNotices || !strings.Contains(notices[maxNotices-1].Message, "more problems") {
		t.Errorf("%d notices, the last %v; want %d ending with a count", len(notices), notices[len(notices)-1], maxNotices)
	}
}

// TestDrawnData decodes links to drawn data sets.
func TestDrawnData(t *testing.T) {
	name, err := data.EncodeDrawn([]float32{0, 0, 1.5, -2, -3.25, 4})
	if err != nil {
		t.Fatal(err)
	}
	link := "v=1&d=" + name
	s, notices := Decode(link)
	if s.Spec.Data != name || len(notices) != 0 {
		t.Errorf("Decode(%s) = data %q, notices %v", link, s.Spec.Data, notices)
	}
	if got := Encode(s); got != link {
		t.Errorf("Encode = %s, want %s", got, link)
	}
	for _, bad := range []string{"drawn:", "drawn:AAAAAAAAAAA", "drawn:a+b", "drawn:a%2Fb", name + "A"} {
		s, notices := Decode("v=1&d=" + bad)
		if s.Spec.Data != "8gaussians" || len(notices) != 1 || !strings.Contains(notices[0].Message, "is not a drawing") {
			t.Errorf("Decode(d=%s) = data %q, notices %v; want the default and a notice", bad, s.Spec.Data, notices)
		}
	}
}

func TestEmbedCode(t *testing.T) {
	s := withState(func(s *State) { s.Spec.Family, s.View.Psi = "gan", 0.5 })
	got := EmbedCode("https://example.org/play?x=1#old", s)
	want := `<iframe src="https://example.org/play?x=1#v=1&amp;f=gan&amp;psi=0.5&amp;embed=1" width="760" height="700" style="border:0" loading="lazy" title="genplay"></iframe>`
	if got != want {
		t.Errorf("EmbedCode =\n%s\nwant\n%s", got, want)
	}
	if s.Embed || !Embed(s).Embed {
		t.Error("Embed changed its argument or did not set Embed")
	}
}

// randomState returns a valid state with every field drawn at random.
func randomState(r *rand.Rand) State {
	families := registry.Families()
	fam := families[r.IntN(len(families))].Name
	sets := append(data.Names(), registry.ImageSets...)
	s := State{
		Spec:  models.Spec{Family: fam, Data: sets[r.IntN(len(sets))], Seed: r.Uint64()},
		View:  protocol.View{Panel: protocol.Panels[r.IntN(len(protocol.Panels))]},
		Embed: r.IntN(2) == 0,
	}
	// Every knob anywhere in its range.
	for _, k := range protocol.Knobs {
		switch k.Kind {
		case protocol.KnobFloat:
			*k.Float(&s.View) = k.Min + r.Float64()*(k.Max-k.Min)
		case protocol.KnobInt:
			*k.Int(&s.View) = int(k.Min) + r.IntN(int(k.Max-k.Min)+1)
		case protocol.KnobEnum:
			*k.Enum(&s.View) = k.Options[r.IntN(len(k.Options))].Name
		}
	}
	if r.IntN(8) == 0 {
		points := make([]float32, 2*(data.MinDrawn+r.IntN(20)))
		for i := range points {
			points[i] = float32(r.NormFloat64())
		}
		s.Spec.Data, _ = data.EncodeDrawn(points)
	}
	if r.IntN(2) == 0 {
		s.Model = fmt.Sprintf("%s-%d", fam, r.IntN(100))
	}
	// Any step with a pretrained model; without one, a step the page
	// replays (the data set is drawn above).
	if s.Model != "" {
		s.Spec.Steps = r.IntN(MaxSteps + 1)
	} else {
		s.Spec.Steps = r.IntN(MaxReplay(s.Spec.Data) + 1)
	}
	if r.IntN(4) == 0 { // round values as a person picks them
		s.View.Psi, s.View.Eta = math.Round(s.View.Psi*10)/10, 0
	}
	cfg := map[string]any{}
	for _, p := range registry.Params(fam) {
		if r.IntN(3) == 0 {
			continue // leave it to the default
		}
		switch p.Kind {
		case registry.KindFloat:
			if p.Log {
				cfg[p.Key] = p.Min * math.Pow(p.Max/p.Min, r.Float64())
			} else {
				cfg[p.Key] = p.Min + (p.Max-p.Min)*r.Float64()
			}
		case registry.KindInt:
			step := max(p.Step, 1)
			cfg[p.Key] = p.Min + step*float64(r.IntN(int((p.Max-p.Min)/step)+1))
		case registry.KindEnum:
			cfg[p.Key] = p.Options[r.IntN(len(p.Options))]
		case registry.KindBool:
			cfg[p.Key] = r.IntN(2) == 0
		}
	}
	if len(cfg) > 0 {
		s.Spec.Config, _ = json.Marshal(cfg)
	}
	return s
}

// TestRoundTripRandom checks Decode(Encode(s)) against s for random valid
// states.
func TestRoundTripRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		s := randomState(r)
		if c, err := registry.Cost(s.Spec); err == nil && c.Bytes() > models.DefaultBudget {
			continue // not valid together: TestLinkOverBudget
		}
		link := Encode(s)
		got, notices := Decode(link)
		if len(notices) != 0 {
			t.Fatalf("Decode(%s) notices %v", link, notices)
		}
		checkSame(t, got, s)
		if t.Failed() {
			t.Fatalf("link %s", link)
		}
		if again := Encode(got); again != link {
			t.Fatalf("Encode(Decode(%s)) = %s", link, again)
		}
	}
}

func FuzzDecode(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		f.Add(Encode(randomState(r)))
	}
	for _, q := range []string{"", "v=1", "v=1&psi=7&k=2.5", "v=1&f=gan&c.lr_g=9&c.nope=1", "#?v=1&embed",
		"v=1&d=drawn:AAAA", "v=1&d=drawn:AAAAAAAAAAAAAAAA", "v=1&psi=%zz", "v=1&f=flow&c.tanh_scale&n=1e99"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		s, _ := Decode(q)
		link := Encode(s)
		s.Asked = 0 // asked once, when the page opened: not part of a link
		again, notices := Decode(link)
		if len(notices) != 0 {
			t.Fatalf("Decode(%q) gave a state whose link %q has notices %v", q, link, notices)
		}
		if !reflect.DeepEqual(again, s) {
			t.Fatalf("Decode(%q) = %+v\nits link %q decodes to %+v", q, s, link, again)
		}
	})
}

func TestNames(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{{"?v=1&p=latent", true}, {"#v=1&f=ae", false}, {"v=1&%70=recon", true}, {"v=1&psi=0.5", false}, {"", false}} {
		if got := Names(c.q, KeyPanel); got != c.want {
			t.Errorf("Names(%q, p) = %v, want %v", c.q, got, c.want)
		}
	}
}

// familyList returns the registry's family names as the notices list them.
func familyList() string {
	var names []string
	for _, f := range registry.Families() {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}
