package main

import (
	"fmt"
	"net/http"
	"strings"
)

// Limits on request paths. maxElemLen is NAME_MAX on Linux and most other
// systems: a longer element cannot name a file, so it is a malformed request
// rather than an unknown name.
const (
	maxPathLen = 512
	maxElemLen = 255
)

// A refusal says why a request path is refused: status is the HTTP status
// to send (400 or 404) and msg the short plain-text reason.
type refusal struct {
	status int
	msg    string
}

// badPath returns a 400 refusal with the reason msg.
func badPath(msg string) *refusal {
	return &refusal{status: http.StatusBadRequest, msg: msg}
}

// cleanPath maps the URL path of a request (already percent-decoded, as in
// [net/url.URL.Path]) to a slash-separated name relative to the document root.
// It never rewrites a path: it either returns it without the leading slash
// ("/" maps to "index.html") or refuses it with a refusal.
//
// It refuses with 400 Bad Request a path that is longer than maxPathLen
// bytes, does not start with "/", or has an element that is empty (as in
// "a//b"), "." or "..", starts with a dot (hidden files such as .git), is
// longer than maxElemLen bytes, or has a character outside [A-Za-z0-9._-].
// It refuses with 404 Not Found a valid path that ends in "/", because
// directories are never listed.
//
// A name it returns is a valid [io/fs] path with no ".." element, so
// [os.Root] accepts it; os.Root remains the defence against symbolic links.
func cleanPath(urlPath string) (string, *refusal) {
	if len(urlPath) > maxPathLen {
		return "", badPath(fmt.Sprintf("path longer than %d bytes", maxPathLen))
	}
	name, ok := strings.CutPrefix(urlPath, "/")
	if !ok {
		return "", badPath("path does not start with /")
	}
	if name == "" {
		return "index.html", nil
	}
	name, dir := strings.CutSuffix(name, "/")
	for elem := range strings.SplitSeq(name, "/") {
		if msg := checkElem(elem); msg != "" {
			return "", badPath(msg)
		}
	}
	if dir {
		return "", &refusal{status: http.StatusNotFound, msg: "directories are not listed"}
	}
	return name, nil
}

// checkElem returns why the path element elem is refused, or "" if it is
// allowed.
func checkElem(elem string) string {
	switch {
	case elem == "":
		return "empty path element (//)"
	case elem == "." || elem == "..":
		return fmt.Sprintf("path element %q", elem)
	case elem[0] == '.':
		return "path element starts with a dot (hidden files are not served)"
	case len(elem) > maxElemLen:
		return fmt.Sprintf("path element longer than %d bytes", maxElemLen)
	}
	for _, c := range elem {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		case c < 0x20 || c == 0x7f:
			return "control character in path"
		case c == '\\':
			return "backslash in path"
		case c >= 0x80:
			return "non-ASCII character in path"
		default:
			return fmt.Sprintf("character %q not allowed in path (use A-Z a-z 0-9 . _ -)", c)
		}
	}
	return ""
}
