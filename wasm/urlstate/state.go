package urlstate

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/registry"
	"genplay/wasm/protocol"
)

// Version is the version of the link format: Encode writes it as the first
// key, v, and Decode reads links of this version, or of none, only.
const Version = 1

// MaxQueryBytes bounds the length of a query Decode reads.
const MaxQueryBytes = 64 << 10

// MaxSteps bounds the step a link may name, as models.Spec.Validate does.
const MaxSteps = 100_000_000

// maxNotices bounds the notices of one Decode: a garbled link gets the
// first few and a count of the rest, not a page of them.
const maxNotices = 8

// State is everything a link holds: what the page shows, at which step.
type State struct {
	// Spec is the training run; Steps is the step the page shows. A link
	// opens paused at that step. Config holds only the family's Params
	// whose values differ from the defaults (nil for none); Decode writes
	// it as a JSON object with the keys in the order of registry.Params.
	Spec models.Spec
	// View is what the page shows. Its Input, Mask and Score are not part
	// of a link: Encode ignores them and Decode leaves them empty.
	View protocol.View
	// Model names a pretrained model of the server's manifest whose
	// weights the page loads, or is "" to train from scratch.
	Model string
	// Embed drops the page's chrome, for an iframe.
	Embed bool
	// Compare is the Compare view's state (compare.go).
	Compare Compare
	// Asked is the step of a link beyond MaxReplay of its data set, which
	// opens at step 0 (Spec.Steps is 0) and asks what to do (replay.go);
	// 0 otherwise. Encode ignores it.
	Asked int
}

// Notice tells a person that a link was not taken as written: a value was
// clamped or refused, a key is unknown, or the whole link was set aside.
type Notice struct {
	// Key is the link's key the notice is about, or "" for the whole link.
	Key string
	// Message says what happened and what the page uses instead.
	Message string
}

// String returns n.Message.
func (n Notice) String() string { return n.Message }

// Default returns the state of a page opened without a link: diffusion on
// 8gaussians with seed 1 at step 0, the family's default config and
// protocol.DefaultView.
func Default() State {
	return State{
		Spec: models.Spec{Family: "diffusion", Data: "8gaussians", Seed: 1},
		View: protocol.DefaultView(),
	}
}

// Embed returns s with Embed set.
func Embed(s State) State {
	s.Embed = true
	return s
}

// The messages of notices about the whole link.
const (
	msgVersion = "This link is from another version of genplay; showing the defaults."
	msgTooLong = "This link is longer than 64 KB; showing the defaults."
)

// field is one entry of the key table: a key of the link and how to read
// and write its value on a State. get formats the value; set parses raw,
// stores the value it uses and returns why it changed or refused raw ("" if
// it took raw as written).
type field struct {
	key string
	get func(s *State) string
	set func(s *State, raw string) (why string)
}

// knobsKey is the table's entry for the panels' knobs: one key per
// protocol.Knobs entry, its Key, with the knob's range.
const knobsKey = "(knobs)"

// withKnobs returns fs with the entry knobsKey replaced by a field per
// knob of protocol.Knobs, in their order.
func withKnobs(fs []field) []field {
	var out []field
	for _, f := range fs {
		if f.key != knobsKey {
			out = append(out, f)
			continue
		}
		for _, k := range protocol.Knobs {
			switch k.Kind {
			case protocol.KnobFloat:
				out = append(out, floatField(k.Key, k.Min, k.Max, func(s *State) *float64 { return k.Float(&s.View) }))
			case protocol.KnobInt:
				out = append(out, intField(k.Key, k.Min, k.Max, func(s *State) *int { return k.Int(&s.View) }))
			case protocol.KnobEnum:
				out = append(out, enumField(k.Key, k.OptionNames(), func(s *State) *string { return k.Enum(&s.View) }))
			}
		}
	}
	return out
}

// configPrefix is the table's entry for the family's Params: one key
// configPrefix+Param.Key per Param, in the order of registry.Params.
const configPrefix = "c."

// fields is the one table of keys, in the order Encode writes them. Encode
// leaves out every key but v whose value equals Default's; Decode applies
// v and f first, then every other key.
var fields = withKnobs(append([]field{
	{key: "v", get: func(*State) string { return strconv.Itoa(Version) }},
	nameField("f", func(s *State) *string { return &s.Spec.Family }, checkFamily),
	nameField("d", func(s *State) *string { return &s.Spec.Data }, checkData),
	{key: "s",
		get: func(s *State) string { return strconv.FormatUint(s.Spec.Seed, 10) },
		set: func(s *State, raw string) string {
			x, err := strconv.ParseUint(raw, 10, 64)
			if err != nil {
				return "is not a whole number from 0 to 18446744073709551615"
			}
			s.Spec.Seed = x
			return ""
		}},
	intField("n", 0, MaxSteps, func(s *State) *int { return &s.Spec.Steps }),
	nameField("m", func(s *State) *string { return &s.Model }, checkModel),
	{key: configPrefix}, // Encode and Decode expand it through registry.Params.
	enumField(KeyPanel, protocol.Panels, func(s *State) *string { return &s.View.Panel }),
	{key: knobsKey}, // one key per protocol.Knobs entry
	{key: "embed",
		get: func(s *State) string { return formatBool(s.Embed) },
		set: func(s *State, raw string) string {
			b, why := parseBool(raw)
			if why == "" {
				s.Embed = b
			}
			return why
		}},
}, compareFields()...))

// Encode returns the query that Decode turns back into s, without a leading
// "?" or "#": the keys of the table in order, each value in its shortest
// form, leaving out values equal to the default. Config keys that are not
// Params of the family, and a Config that is not a JSON object, are left out.
func Encode(s State) string {
	def := Default()
	var b strings.Builder
	add := func(key, value string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(escape(key))
		b.WriteByte('=')
		b.WriteString(escape(value))
	}
	for _, f := range fields {
		switch {
		case f.key == configPrefix:
			for _, p := range configValues(s.Spec) {
				add(configPrefix+p[0], p[1])
			}
		case f.key == "v":
			add(f.key, f.get(&s))
		default:
			if v := f.get(&s); v != f.get(&def) {
				add(f.key, v)
			}
		}
	}
	return b.String()
}

// configValues returns the key and formatted value of each Param of the
// family of spec whose value in spec.Config differs from the default.
func configValues(spec models.Spec) [][2]string {
	params, defs := familyParams(spec.Family)
	var cfg map[string]json.RawMessage
	if json.Unmarshal(spec.Config, &cfg) != nil {
		return nil
	}
	var out [][2]string
	for i, p := range params {
		raw, ok := cfg[p.Key]
		if !ok {
			continue
		}
		if v, ok := formatJSON(p.Kind, raw); ok && v != defs[i] {
			out = append(out, [2]string{p.Key, v})
		}
	}
	return out
}

// Decode returns the state a link's query holds, and notices for people
// about what in it was not taken as written. A leading "#" or "?" is
// skipped. Decode never fails: it starts from Default and applies every key
// whose value it can use. A value out of range is clamped and noticed; a
// value it cannot use keeps the key's default and is noticed; unknown keys
// are noticed and ignored. A link without v is read as of this version. A
// step beyond what the page replays in about a minute is lowered to
// MaxReplay of the data set, unless the link names a pretrained model, and
// noticed (replay.go). A link of another version, of an unknown family or
// over MaxQueryBytes gives Default and one notice. An empty query gives
// Default and no notices.
func Decode(query string) (State, []Notice) {
	query = strings.TrimPrefix(strings.TrimPrefix(query, "#"), "?")
	switch {
	case query == "":
		return Default(), nil
	case len(query) > MaxQueryBytes:
		return Default(), []Notice{{Message: msgTooLong}}
	}
	var notices []Notice
	note := func(key, msg string) { notices = append(notices, Notice{Key: key, Message: msg}) }

	// Split the query into pairs; Decode notices bad escapes and repeated
	// keys in the order of the link.
	type pair struct {
		key, value string
		bare       bool   // the key had no "="
		bad        string // why the pair is ignored, or ""
	}
	var pairs []pair
	seen := map[string]bool{}
	for part := range strings.SplitSeq(query, "&") {
		if part == "" {
			continue
		}
		k, v, hasValue := strings.Cut(part, "=")
		key, err1 := unescape(k)
		value, err2 := unescape(v)
		switch {
		case err1 != nil || err2 != nil:
			pairs = append(pairs, pair{bad: fmt.Sprintf("A part of the link, %s, could not be read; it was ignored.", quote(part))})
		case seen[key]:
			pairs = append(pairs, pair{key: key, bad: fmt.Sprintf("%s is given more than once; using the first.", quote(key))})
		default:
			seen[key] = true
			pairs = append(pairs, pair{key: key, value: value, bare: !hasValue})
		}
	}
	// A link without v is read as of this version; one of another is not.
	if i := slices.IndexFunc(pairs, func(p pair) bool { return p.key == "v" && p.bad == "" }); i >= 0 && pairs[i].value != strconv.Itoa(Version) {
		return Default(), []Notice{{Message: msgVersion}}
	}

	s := Default()
	if i := slices.IndexFunc(pairs, func(p pair) bool { return p.key == "f" && p.bad == "" }); i >= 0 {
		if why := fieldOf("f").set(&s, pairs[i].value); why != "" {
			return Default(), []Notice{{Key: "f", Message: fmt.Sprintf("f=%s %s; showing the defaults.", shorten(pairs[i].value), why)}}
		}
	}
	params, defs := familyParams(s.Spec.Family)
	config := make([]string, len(params)) // the value used for each Param, "" for the default
	stepNotice := -1                      // the index of the notice about n's value, or -1
	for _, p := range pairs {
		if p.bad != "" {
			note(p.key, p.bad)
			continue
		}
		raw := p.value
		if p.bare && raw == "" {
			raw = bareValue(p.key, params)
		}
		if p.key == "v" || p.key == "f" {
			continue
		}
		if name, ok := strings.CutPrefix(p.key, configPrefix); ok {
			i := slices.IndexFunc(params, func(q registry.Param) bool { return q.Key == name })
			if i < 0 {
				note(p.key, fmt.Sprintf("%s is not a setting of %s; it was ignored.", quote(p.key), s.Spec.Family))
				continue
			}
			v, why := parseParam(params[i], raw)
			if v != "" {
				config[i] = v
			}
			if why != "" {
				used := v
				if used == "" {
					used = defs[i]
				}
				note(p.key, fmt.Sprintf("%s=%s %s; using %s.", p.key, shorten(p.value), why, showValue(used)))
			}
			continue
		}
		f := fieldOf(p.key)
		if f == nil || f.set == nil {
			note(p.key, fmt.Sprintf("The link's key %s is unknown; it was ignored.", quote(p.key)))
			continue
		}
		if why := f.set(&s, raw); why != "" {
			if p.key == "n" {
				stepNotice = len(notices)
			}
			note(p.key, fmt.Sprintf("%s=%s %s; using %s.", p.key, shorten(p.value), why, showValue(f.get(&s))))
		}
	}
	s.Spec.Config = configJSON(params, defs, config)
	notices = append(notices, fitBudget(&s, params, defs, config)...)
	if i := slices.IndexFunc(pairs, func(p pair) bool { return p.key == "n" && p.bad == "" }); i >= 0 {
		if fit := fitReplay(&s, pairs[i].value); fit != nil {
			// The replay notice says what became of n's value.
			if stepNotice >= 0 {
				notices = slices.Delete(notices, stepNotice, stepNotice+1)
			}
			notices = append(notices, fit...)
		}
	}
	if len(notices) > maxNotices {
		rest := len(notices) - (maxNotices - 1)
		notices = append(notices[:maxNotices-1], Notice{Message: fmt.Sprintf("There are %d more problems with this link.", rest)})
	}
	return s, notices
}

// bareValue is the value of a key given without "=": "1" for a flag, so that
// "&embed" turns embed mode on, and "" for any other key.
func bareValue(key string, params []registry.Param) string {
	if key == "embed" {
		return "1"
	}
	if name, ok := strings.CutPrefix(key, configPrefix); ok {
		if i := slices.IndexFunc(params, func(q registry.Param) bool { return q.Key == name }); i >= 0 && params[i].Kind == registry.KindBool {
			return "1"
		}
	}
	return ""
}

func fieldOf(key string) *field {
	for i := range fields {
		if fields[i].key == key && key != configPrefix {
			return &fields[i]
		}
	}
	return nil
}

// familyParams returns the Params of the family and the formatted default
// of each. A key that the default JSON leaves out (an omitempty field)
// defaults to its kind's zero value.
func familyParams(family string) ([]registry.Param, []string) {
	f, err := registry.Lookup(family)
	if err != nil {
		return nil, nil
	}
	var cfg map[string]json.RawMessage
	if err := json.Unmarshal(f.Default(), &cfg); err != nil {
		panic("urlstate: default config of " + family + " is not a JSON object")
	}
	params := registry.Params(family)
	defs := make([]string, len(params))
	for i, p := range params {
		defs[i] = map[string]string{registry.KindFloat: "0", registry.KindInt: "0", registry.KindBool: "0"}[p.Kind]
		if raw, ok := cfg[p.Key]; ok {
			defs[i], _ = formatJSON(p.Kind, raw)
		}
	}
	return params, defs
}

// configJSON returns the JSON object of the values that differ from the
// defaults, keys in the order of params, or nil if there are none.
func configJSON(params []registry.Param, defs, values []string) json.RawMessage {
	var b []byte
	for i, p := range params {
		v := values[i]
		if v == "" || v == defs[i] {
			continue
		}
		if b == nil {
			b = append(b, '{')
		} else {
			b = append(b, ',')
		}
		k, _ := json.Marshal(p.Key)
		b = append(append(b, k...), ':')
		switch p.Kind {
		case registry.KindEnum:
			q, _ := json.Marshal(v)
			b = append(b, q...)
		case registry.KindBool:
			b = strconv.AppendBool(b, v == "1")
		default:
			b = append(b, v...) // formatNumber writes JSON numbers.
		}
	}
	if b == nil {
		return nil
	}
	return append(b, '}')
}

// formatJSON formats a config value of the given kind as a link writes it.
func formatJSON(kind string, raw json.RawMessage) (string, bool) {
	switch kind {
	case registry.KindFloat, registry.KindInt:
		var x float64
		if json.Unmarshal(raw, &x) != nil {
			return "", false
		}
		return formatNumber(kind, x), true
	case registry.KindEnum:
		var v string
		if json.Unmarshal(raw, &v) != nil {
			return "", false
		}
		return v, true
	case registry.KindBool:
		var v bool
		if json.Unmarshal(raw, &v) != nil {
			return "", false
		}
		return formatBool(v), true
	}
	return "", false
}

// parseParam parses raw as a value of p and returns it formatted, with why
// it was changed or refused; a refused value is "".
func parseParam(p registry.Param, raw string) (string, string) {
	switch p.Kind {
	case registry.KindFloat:
		x, why := parseFloat(raw, p.Min, p.Max)
		if math.IsNaN(x) {
			return "", why
		}
		return formatFloat(x), why
	case registry.KindInt:
		x, why := parseInt(raw, p.Min, p.Max, p.Step)
		if math.IsNaN(x) {
			return "", why
		}
		return formatNumber(p.Kind, x), why
	case registry.KindEnum:
		if !slices.Contains(p.Options, raw) {
			return "", "is not one of " + strings.Join(p.Options, ", ")
		}
		return raw, ""
	case registry.KindBool:
		b, why := parseBool(raw)
		if why != "" {
			return "", why
		}
		return formatBool(b), ""
	}
	return "", "has a kind of value links cannot hold"
}

// The kinds of fields.

func floatField(key string, lo, hi float64, p func(*State) *float64) field {
	return field{key: key,
		get: func(s *State) string { return formatFloat(*p(s)) },
		set: func(s *State, raw string) string {
			x, why := parseFloat(raw, lo, hi)
			if !math.IsNaN(x) {
				*p(s) = x
			}
			return why
		}}
}

func intField(key string, lo, hi float64, p func(*State) *int) field {
	return field{key: key,
		get: func(s *State) string { return strconv.Itoa(*p(s)) },
		set: func(s *State, raw string) string {
			x, why := parseInt(raw, lo, hi, 1)
			if !math.IsNaN(x) {
				*p(s) = int(x)
			}
			return why
		}}
}

func enumField(key string, options []string, p func(*State) *string) field {
	return nameField(key, p, func(v string) string {
		if !slices.Contains(options, v) {
			return "is not one of " + strings.Join(options, ", ")
		}
		return ""
	})
}

// nameField is a string field whose values check accepts: check returns ""
// for a good value and why it is not for any other.
func nameField(key string, p func(*State) *string, check func(string) string) field {
	return field{key: key,
		get: func(s *State) string { return *p(s) },
		set: func(s *State, raw string) string {
			why := check(raw)
			if why == "" {
				*p(s) = raw
			}
			return why
		}}
}

func checkFamily(name string) string {
	if _, err := registry.Lookup(name); err != nil {
		names := make([]string, 0, 5)
		for _, f := range registry.Families() {
			names = append(names, f.Name)
		}
		return "is not a model family (" + strings.Join(names, ", ") + ")"
	}
	return ""
}

// checkData accepts the built-in 2D sets, the image sets and drawings, whose
// points the name holds (data.Lookup reads them).
func checkData(name string) string {
	if registry.ImagesSet(name) {
		return ""
	}
	_, err := data.Lookup(name)
	switch {
	case err == nil:
		return ""
	case strings.HasPrefix(name, drawnPrefix):
		return "is not a drawing the page can read (" + strings.TrimPrefix(err.Error(), "data: ") + ")"
	}
	return "is not a data set (" + strings.Join(append(data.Names(), registry.ImageSets...), ", ") + ", or a drawing)"
}

// drawnPrefix starts the name of a data set a person drew.
const drawnPrefix = data.DrawnPrefix

// checkModel accepts the manifest's model names (registry.ValidName).
func checkModel(name string) string {
	if !registry.ValidName(name) {
		return "is not a model name (a-z, 0-9 and -, at most 64)"
	}
	return ""
}

// KeyPanel is the key of the View's panel.
const KeyPanel = "p"

// Names reports whether the link's query names key, with any value: a
// page tells a panel the link asked for from the default one.
func Names(query, key string) bool {
	query = strings.TrimPrefix(strings.TrimPrefix(query, "#"), "?")
	for part := range strings.SplitSeq(query, "&") {
		k, _, _ := strings.Cut(part, "=")
		if u, err := unescape(k); err == nil && u == key {
			return true
		}
	}
	return false
}
