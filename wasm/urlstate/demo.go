package urlstate

import (
	"html"
	"strconv"
	"strings"
)

// A published demo is opened at the path d/<id> under the page's root
// (the server's /d/<id>), not by a query: the page finds the id in its
// path with DemoID and loads the demo's weights instead of training.
//
// The address bar of a demo page keeps reading d/<id> with no query: a
// reload opens the demo as published, and the page never writes its state
// there (a query on d/<id> would read as a replay link of the root's). The
// share link of a demo page is the root's replay link of what it shows
// (DemoRoot), and its embed code frames d/<id>?embed=1 (DemoEmbedCode).

// DemoDir is the folder of the demo pages under the page's root.
const DemoDir = "d/"

// The lengths of a demo id: the server's ids are MinDemoID to MaxDemoID
// lower-case hex digits, a multiple of 4 long.
const (
	MinDemoID = 12
	MaxDemoID = 64
)

// ValidDemoID reports whether id is a demo id as the server makes them.
func ValidDemoID(id string) bool {
	if len(id) < MinDemoID || len(id) > MaxDemoID || len(id)%4 != 0 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// DemoID returns the id of the demo page whose URL path (or whole address
// without query or fragment) is p, ending in /d/<id>, and whether p is
// one: false for any other path, and for a /d/ path whose id is malformed.
func DemoID(p string) (string, bool) {
	i := strings.LastIndex(p, "/"+DemoDir)
	if i < 0 {
		return "", false
	}
	id := p[i+1+len(DemoDir):]
	return id, ValidDemoID(id)
}

// DemoRoot returns the page's root for the address pageURL of a page: the
// address itself, or for a demo page the address without its d/<id>.
func DemoRoot(pageURL string) string {
	if _, ok := DemoID(pageURL); ok {
		return pageURL[:strings.LastIndex(pageURL, "/"+DemoDir)+1]
	}
	return pageURL
}

// DemoLink returns the short link of the demo id under the page's root.
func DemoLink(root, id string) string { return root + DemoDir + id }

// DemoEmbedCode returns the HTML of an iframe that shows the demo id under
// the page's root in embed mode, as EmbedCode's. The flag is in the query,
// which the server reads to let other sites frame the page.
func DemoEmbedCode(root, id string) string {
	src := DemoLink(root, id) + "?embed=1"
	return `<iframe src="` + html.EscapeString(src) + `" width="` + strconv.Itoa(EmbedWidth) +
		`" height="` + strconv.Itoa(EmbedHeight) + `" style="border:0" loading="lazy" title="genplay"></iframe>`
}
