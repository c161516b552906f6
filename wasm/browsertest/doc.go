// Package browsertest drives the genplay page in headless Chromium with
// chromedp: it builds the two wasm binaries and the real server, serves a
// temporary document root, presses the page's buttons and checks what the
// page shows, down to the pixels of its canvases.
//
// The package has only tests. TestMain builds everything once; each test
// starts its own browser. Without Chromium (at $CHROME or /usr/bin/chromium)
// the browser tests skip, except when CI is set, when they fail. Set
// GENPLAY_SHOTS to a directory to keep PNG screenshots of the page.
package browsertest
