package urlstate

import (
	"strings"
	"testing"
)

func TestDemoID(t *testing.T) {
	for _, c := range []struct {
		path, id string
		ok       bool
	}{
		{"/d/0123456789ab", "0123456789ab", true},
		{"http://127.0.0.1:8080/d/0123456789abcdef", "0123456789abcdef", true},
		{"/genplay/d/" + strings.Repeat("f", 64), strings.Repeat("f", 64), true},
		{"/", "", false},
		{"/index.html", "", false},
		{"/d/", "", false},
		{"/d/0123456789a", "0123456789a", false},                          // 11 digits
		{"/d/0123456789abc", "0123456789abc", false},                      // not a multiple of 4
		{"/d/0123456789AB", "0123456789AB", false},                        // upper case
		{"/d/0123456789ab/", "", false},                                   // a folder
		{"/d/" + strings.Repeat("0", 68), strings.Repeat("0", 68), false}, // too long
		{"/d/%2e%2e", "%2e%2e", false},
	} {
		id, ok := DemoID(c.path)
		if ok != c.ok || ok && id != c.id {
			t.Errorf("DemoID(%q) = %q, %v; want %q, %v", c.path, id, ok, c.id, c.ok)
		}
	}
}

func TestDemoRootAndLinks(t *testing.T) {
	for _, c := range []struct{ page, root string }{
		{"http://h:1/d/0123456789ab", "http://h:1/"},
		{"http://h:1/", "http://h:1/"},
		{"http://h:1/app/d/0123456789ab", "http://h:1/app/"},
		{"http://h:1/d/nothex", "http://h:1/d/nothex"},
	} {
		if got := DemoRoot(c.page); got != c.root {
			t.Errorf("DemoRoot(%q) = %q, want %q", c.page, got, c.root)
		}
	}
	if got := DemoLink("http://h:1/", "0123456789ab"); got != "http://h:1/d/0123456789ab" {
		t.Errorf("DemoLink = %q", got)
	}
	code := DemoEmbedCode("http://h:1/", "0123456789ab")
	if !strings.Contains(code, `src="http://h:1/d/0123456789ab?embed=1"`) || !strings.HasPrefix(code, "<iframe ") {
		t.Errorf("DemoEmbedCode = %q", code)
	}
}
