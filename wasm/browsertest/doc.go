// Package browsertest drives the genplay page in headless Chromium with
// chromedp: it builds the two wasm binaries and the real server, serves a
// temporary document root, presses the page's buttons and checks what the
// page shows, down to the pixels of its canvases.
//
// The package has only tests. TestMain builds everything once; each test
// starts its own browser. Without Chromium (at $CHROME or /usr/bin/chromium)
// the browser tests skip, except when CI is set, when they fail. Every
// browser test writes PNG screenshots of the whole page into $GENPLAY_SHOTS,
// or into genplay-shots in the system's temporary folder, and logs their
// paths.
//
// The served root holds copies of web/data (make mnist) and of the
// pretrained weights in web/weights (make weights; GENPLAY_WEIGHTS names
// another folder), plus a tampered copy of one weights file that the
// manifest lists under its original size and SHA-256. The tests that load
// pretrained models fail when the weights are missing; they never skip.
//
// The bars the tests hold the page's pixels to are checked natively against
// known inputs, the way the pixels are drawn: TestModeMetric for 2D samples
// on 8 Gaussians, TestInkMetric for a grid of generated digits.
package browsertest
