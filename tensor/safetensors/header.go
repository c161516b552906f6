package safetensors

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// parseHeader parses the JSON header h into its tensor entries, sorted by
// name, and its metadata.
//
// It works in two passes. json.Valid checks the syntax without building
// anything; a scanner then walks the valid text and checks the types,
// building only what Parse returns. The walk, rather than unmarshalling into
// maps, lets it refuse duplicate keys, which a map would merge silently, and
// keeps allocation in proportion to the text: every string, dimension and
// entry it builds stands for at least one byte of h, and takes a bounded
// number of bytes per byte of h. The worst cases measured allocate about 11 bytes
// per byte of header for a metadata map of short keys, 8 for many small
// tensors, and 4 for a shape of many dimensions.
func parseHeader(h []byte) ([]entry, map[string]string, error) {
	if !utf8.Valid(h) {
		return nil, nil, errorf("header is not valid JSON: invalid UTF-8")
	}
	if !json.Valid(h) {
		var v struct{}
		err := json.Unmarshal(h, &v) // says where the syntax breaks
		return nil, nil, errorf("header is not valid JSON: %v", err)
	}
	s := &scanner{b: h}
	if c := s.peek(); c != '{' {
		return nil, nil, errorf("header is not a JSON object")
	}
	s.i++
	var (
		entries []entry
		meta    map[string]string
		hasMeta bool
	)
	err := s.each('}', func() error {
		key := s.key()
		if key != metadataKey {
			e, err := s.entry(key)
			entries = append(entries, e)
			return err
		}
		if hasMeta {
			return errorf("duplicate %s", metadataKey)
		}
		hasMeta = true
		var err error
		meta, err = s.metadata()
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(entries, func(x, y entry) int { return strings.Compare(x.name, y.name) })
	for i := 1; i < len(entries); i++ {
		if entries[i].name == entries[i-1].name {
			return nil, nil, errorf("duplicate tensor name %q", entries[i].name)
		}
	}
	return entries, meta, nil
}

// scanner walks a header that json.Valid has accepted: it checks the types of
// values but relies on the syntax being valid, so it never reads past the
// end of the text.
type scanner struct {
	b []byte
	i int
}

// peek skips whitespace and returns the next byte.
func (s *scanner) peek() byte {
	for isSpace(s.b[s.i]) {
		s.i++
	}
	return s.b[s.i]
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// each calls fn for every element of the array or object whose opening
// bracket was just consumed, and consumes the closing bracket close. For an
// object, fn starts at a key.
func (s *scanner) each(close byte, fn func() error) error {
	if s.peek() == close {
		s.i++
		return nil
	}
	for {
		if err := fn(); err != nil {
			return err
		}
		c := s.peek() // ',' or close
		s.i++
		if c == close {
			return nil
		}
	}
}

// key returns the object key at s and consumes the colon after it.
func (s *scanner) key() string {
	k := s.str()
	s.peek()
	s.i++ // ':'
	return k
}

// str returns the string at s, unescaped.
func (s *scanner) str() string {
	s.peek()
	start := s.i + 1
	j, escaped := start, false
	for s.b[j] != '"' {
		if s.b[j] == '\\' {
			escaped = true
			j++ // the escaped byte is never the closing quote
		}
		j++
	}
	s.i = j + 1
	if !escaped {
		return string(s.b[start:j])
	}
	return unescape(s.b[start:j])
}

// unescape returns the JSON string body raw, valid, with its escapes
// replaced as encoding/json replaces them: an unpaired surrogate becomes
// U+FFFD. The result is never longer than raw.
func unescape(raw []byte) string {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		if raw[i] != '\\' {
			out = append(out, raw[i])
			i++
			continue
		}
		c := raw[i+1]
		i += 2
		switch c {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(raw[i:])
			i += 4
			if utf16.IsSurrogate(r) {
				r2 := unicode.ReplacementChar
				if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					r2 = hex4(raw[i+2:])
				}
				if r = utf16.DecodeRune(r, r2); r != unicode.ReplacementChar {
					i += 6
				}
			}
			out = utf8.AppendRune(out, r)
		default: // '"', '\\', '/'
			out = append(out, c)
		}
	}
	return string(out)
}

// hex4 returns the value of the 4 hex digits that start b.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c <= 'F':
			c -= 'A' - 10
		default:
			c -= 'a' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// number returns the text of the number at s.
func (s *scanner) number() []byte {
	s.peek()
	j := s.i
	for j < len(s.b) && isNumber(s.b[j]) {
		j++
	}
	n := s.b[s.i:j]
	s.i = j
	return n
}

func isNumber(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// kind describes the JSON value that starts with c, for an error message.
func kind(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// metadata returns the value of "__metadata__" at s: an object of strings,
// or null, which the reference implementation takes as no metadata.
func (s *scanner) metadata() (map[string]string, error) {
	switch c := s.peek(); c {
	case 'n':
		s.i += len("null")
		return nil, nil
	case '{':
		s.i++
	default:
		return nil, errorf("%s is %s, not an object", metadataKey, kind(c))
	}
	meta := make(map[string]string)
	err := s.each('}', func() error {
		k := s.key()
		if c := s.peek(); c != '"' {
			return errorf("metadata values must be strings: %q is %s", k, kind(c))
		}
		if _, dup := meta[k]; dup {
			return errorf("duplicate metadata key %q", k)
		}
		meta[k] = s.str()
		return nil
	})
	return meta, err
}

// entry returns the header entry at s of the tensor name.
func (s *scanner) entry(name string) (entry, error) {
	e := entry{name: name}
	fail := func(format string, args ...any) error {
		return errorf("tensor %q: "+format, append([]any{name}, args...)...)
	}
	if c := s.peek(); c != '{' {
		return e, fail("entry is %s, not an object", kind(c))
	}
	s.i++
	var hasDtype, hasShape, hasOffsets bool
	err := s.each('}', func() error {
		switch k := s.key(); k {
		case "dtype":
			if hasDtype {
				return fail("duplicate key %q", k)
			}
			hasDtype = true
			if c := s.peek(); c != '"' {
				return fail("dtype is %s, not a string", kind(c))
			}
			dt := s.str()
			d, ok := parseDtype(dt)
			if !ok {
				if slices.Contains(otherDtypes, dt) {
					return fail("unsupported dtype %q: genplay reads F32, F16 and BF16 only", dt)
				}
				return fail("unknown dtype %q", dt)
			}
			e.dtype = d
		case "shape":
			if hasShape {
				return fail("duplicate key %q", k)
			}
			hasShape = true
			// Two passes, the first to check and count, so that the shape
			// is allocated once at its exact size.
			start, n := s.i, 0
			err := s.numbers(name, "invalid shape", func(b []byte) error {
				d, ok := parseCount(b)
				switch {
				case !ok:
					return fail("invalid shape: dimension %s is not a non-negative integer", b)
				case d > math.MaxInt:
					return fail("shape too large: dimension %s", b)
				}
				n++
				return nil
			})
			if err != nil {
				return err
			}
			s.i, e.shape = start, make([]int, 0, n)
			s.numbers(name, "", func(b []byte) error {
				d, _ := parseCount(b)
				e.shape = append(e.shape, int(d))
				return nil
			})
		case "data_offsets":
			if hasOffsets {
				return fail("duplicate key %q", k)
			}
			hasOffsets = true
			var off [2]uint64
			n := 0
			err := s.numbers(name, "invalid data offsets", func(b []byte) error {
				o, ok := parseCount(b)
				if !ok {
					return fail("invalid data offsets: %s is not a non-negative integer", b)
				}
				if n < len(off) {
					off[n] = o
				}
				n++
				return nil
			})
			if err != nil {
				return err
			}
			if n != len(off) {
				return fail("invalid data offsets: %d numbers, want [begin, end]", n)
			}
			e.begin, e.end = off[0], off[1]
		default:
			return fail("unknown key %q: want dtype, shape and data_offsets", k)
		}
		return nil
	})
	switch {
	case err != nil:
		return e, err
	case !hasDtype:
		return e, fail("missing dtype")
	case !hasShape:
		return e, fail("missing shape")
	case !hasOffsets:
		return e, fail("missing data_offsets")
	}
	return e, nil
}

// numbers calls fn with the text of each element of the array at s, which
// must hold only numbers; what names the field in errors about tensor name.
func (s *scanner) numbers(name, what string, fn func([]byte) error) error {
	if c := s.peek(); c != '[' {
		return errorf("tensor %q: %s: %s, not an array", name, what, kind(c))
	}
	s.i++
	return s.each(']', func() error {
		if c := s.peek(); c != '-' && (c < '0' || c > '9') {
			return errorf("tensor %q: %s: %s in the array, not a number", name, what, kind(c))
		}
		return fn(s.number())
	})
}

// parseCount returns the value of the JSON number n if it is written as a
// non-negative integer (digits only), saturating at math.MaxUint64, which is
// past any buffer and any dimension limit.
func parseCount(n []byte) (uint64, bool) {
	var v uint64
	for _, c := range n {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if v > (math.MaxUint64-d)/10 {
			v = math.MaxUint64
			continue
		}
		v = v*10 + d
	}
	return v, true
}
