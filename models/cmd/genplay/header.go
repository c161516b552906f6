package main

import (
	"strings"

	"genplay/models/metrics/vocab"
)

// header returns a Markdown table's header row: each column a metric's
// name, labelled from the vocabulary with its unit (package vocab), and a
// suffix after a space kept (" ×1e3", " ↓"); a name the vocabulary lacks
// is printed as it is. The README's tables so use the page's labels.
func header(cols ...string) string {
	var b strings.Builder
	b.WriteString("|")
	for _, c := range cols {
		name, suffix, _ := strings.Cut(c, " ")
		if m, ok := vocab.Of(name); ok {
			c = m.Label
			if m.Unit != "" {
				c += " (" + m.Unit + ")"
			}
			if suffix != "" {
				c += " " + suffix
			}
		}
		b.WriteString(" " + c + " |")
	}
	return b.String()
}
