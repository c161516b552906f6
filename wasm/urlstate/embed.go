package urlstate

import (
	"html"
	"strconv"
	"strings"
)

// The embed code's iframe size, in CSS pixels. Embed mode shows the main
// view in one column (web/style.css, .app-embed): at 760 px wide the main
// plot reaches its largest, 540 px with its y axis (the view's 760 px less
// the layout's and panel's padding leaves about 715 px, too narrow for the
// side plot beside it, which wraps below). Its height, top to bottom: the
// embed bar (about 37 px), the layout's and panel's padding (23), the
// knobs' row (about 54), the plot's title (22), the square plot (502) and
// the x axis's ticks and title (32), about 670 px, and 30 to spare, so the
// whole plot and both axes show without scrolling; the side plot and the
// captions scroll below it.
const (
	EmbedWidth  = 760
	EmbedHeight = 700
)

// EmbedCode returns the HTML of an iframe that shows s in embed mode: pageURL,
// without any fragment, followed by "#" and the encoded state, in an iframe
// of EmbedWidth × EmbedHeight.
func EmbedCode(pageURL string, s State) string {
	base, _, _ := strings.Cut(pageURL, "#")
	src := base + "#" + Encode(Embed(s))
	return `<iframe src="` + html.EscapeString(src) + `" width="` + strconv.Itoa(EmbedWidth) +
		`" height="` + strconv.Itoa(EmbedHeight) + `" style="border:0" loading="lazy" title="genplay"></iframe>`
}
