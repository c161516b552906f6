// Command genplay-server is the small file server behind genplay. It serves
// the document root (web/ by default): index.html at /, the CSS and
// JavaScript, the built .wasm files, the pretrained weights under weights/
// (manifest.json and the content-hashed .safetensors files it lists) and
// the data sets under data/, such as mnist.gpim.
//
// # Static files
//
// Responses go through [net/http.ServeContent], so Range, If-Modified-Since,
// If-None-Match and If-Match work. Every file has a strong ETag, the SHA-256
// of the bytes sent. The Content-Type of .wasm is application/wasm (browsers
// require it for WebAssembly.instantiateStreaming), of .json
// application/json, and of the binary .safetensors weights and .gpim data
// application/octet-stream; the types of .html, .css, .js, .csv, .txt and
// .svg are pinned too, so that they do not vary with the host.
//
// # Caching
//
// The weights files the build writes are content-hashed: their names have
// the form weights/<stem>.<16 hex>.safetensors, where stem is a preset
// name ([a-z0-9_-]) and the 16 lowercase hexadecimal digits are the start
// of the file's SHA-256, such as
// weights/gan-8gaussians.3f2a1b9c0d4e5f60.safetensors. Their bytes never
// change under that name, so they are sent with
//
//	Cache-Control: public, max-age=31536000, immutable
//
// No other name is: not weights/manifest.json, not app.wasm (the build
// does not put a hash in its name), not a dated
// name such as report.20250101.csv. Every other file is sent with
// Cache-Control: no-cache: browsers revalidate it with its ETag and get 304
// Not Modified when nothing changed. With -dev, every response says
// no-cache.
//
// # Compression
//
// If the client accepts it and a precompressed sibling exists, app.wasm.br is
// sent with Content-Encoding: br, else app.wasm.gz with Content-Encoding:
// gzip; both keep the Content-Type and the Content-Length of what is sent,
// and Range requests get ranges of the compressed bytes. A sibling older
// than its original is left over from an earlier build and is not served
// (gzip -k gives its output the original's time, so a fresh one is as new).
//
// A file with no sibling is gzipped on the fly when that helps: its type is
// text (HTML, CSS, JavaScript, CSV, plain text), JSON or SVG, it is at least
// 256 bytes long, the client accepts gzip, and the request has no Range
// header. The response then has no Content-Length, and its ETag is the
// identity ETag with -gzip inside the quotes, so that caches keep the two
// apart. The gzip writers are pooled: a writer carries about 800 KB of
// state, which a new one per response would allocate and throw away. WebAssembly, safetensors, images, .gz files and unknown types are
// never compressed on the fly. Every file response says Vary:
// Accept-Encoding.
//
// # Ranges
//
// A Range header is checked before the file is opened: more than 16 ranges,
// a unit other than bytes or two Range fields, and the whole file is sent
// with 200. Once the size is known, ranges that overlap are also answered
// with the whole file, and a set with no satisfiable range (bytes=-0,
// bytes=100- of a 57-byte file, a malformed set) gets 416 Range Not
// Satisfiable with Content-Range: bytes */<size>. An If-Range that does not
// match sends the whole file.
//
// # Security headers
//
// Every response carries X-Content-Type-Options: nosniff, Referrer-Policy:
// same-origin and a Content-Security-Policy. A page (text/html) gets the
// policy the page, its worker and the wasm need: script-src 'self'
// 'wasm-unsafe-eval' 'unsafe-eval' and the SHA-256 of each inline script of
// that file ('unsafe-eval' because Vugu's renderer installs its helper with
// window.eval), style-src 'self' with style-src-attr 'unsafe-inline' for
// the components' style bindings, connect-src 'self' blob: (the page's own
// downloads may be read back), worker-src 'self', base-uri 'self' (the
// demo page's <base href="../">), object-src and form-action closed. The full page may be framed
// only by its own origin (frame-ancestors 'self' and X-Frame-Options:
// SAMEORIGIN); the embed view, a query with embed=1, by the sources of
// -embed-ancestors, any site by default. Every other response gets
// default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src
// 'self'; frame-ancestors 'none', which is what the training worker needs
// and nothing more.
//
// # Limits and timeouts
//
//   - A request target longer than 65 KiB (the page reads at most 64 KiB of
//     query) gets 414; a header block over 81 KiB gets 431.
//   - A client has 5 seconds (-read-header-timeout) to send its headers.
//   - Each write of a file body may wait at most -write-idle (30 s) for the
//     client: the deadline moves forward with every write, so a slow client
//     that keeps reading finishes a download of any length, and one that
//     stops is dropped. Connections ask for a 256 KiB send buffer, so that a
//     write waits for the client's progress rather than for megabytes of
//     kernel buffer to drain; a write still waits for about 256 KiB to
//     drain, so with the default a client slower than about 9 KB/s is
//     dropped.
//   - Files under weights/ larger than 64 MiB, the most the page and the
//     genplay tool accept, are refused with 403 from their size alone.
//   - FIFOs, devices and other files that are not regular are refused
//     (404) before they are opened, and files are opened non-blocking.
//
// # Errors
//
// Error responses have a short plain-text body, "<code> <status>: <reason>",
// such as "400 Bad Request: backslash in path".
//
//   - 400 Bad Request: the path is longer than 512 bytes, or has an element
//     that is empty (a//b), "." or "..", starts with a dot (hidden files such
//     as .git/config), is longer than 255 bytes, or has a character outside
//     [A-Za-z0-9._-] (control characters, NUL, backslashes, ":" and
//     non-ASCII characters among them). Percent-encoded forms are decoded
//     first, so %2e%2e is "..", and an encoded slash (%2F) is refused. These
//     checks apply to every route.
//   - 403 Forbidden: a weights file over 64 MiB.
//   - 404 Not Found: no regular file has that name inside the root, or the
//     path ends in "/" (directories other than / are never listed).
//   - 405 Method Not Allowed: the method is not GET or HEAD; the response has
//     Allow: GET, HEAD.
//   - 414, 416 and 431 as above.
//
// Paths are resolved inside the root with [os.Root], so no request can reach
// a file outside it, not even through a symbolic link that points out.
//
// # Routes
//
// GET /healthz answers 200 "ok" while the server runs. Everything else is a
// static file of the root. Routes are listed in one place, Server.routes.
//
// # Access log
//
// Each request is logged as one JSON object on standard error (log/slog):
// time, method, path, status, bytes of body sent, duration in ms, the
// client's address, and aborted: true when the body was cut short.
// -access-log=false turns it off.
//
// # Usage
//
//	genplay-server [-addr 127.0.0.1:8080] [-root web] [-dev] [-access-log=true]
//	               [-shutdown-timeout 30s] [-write-idle 30s]
//	               [-read-header-timeout 5s] [-embed-ancestors '*']
//
// The flags are:
//
//	-addr                 the address to listen on (default 127.0.0.1:8080);
//	                      port 0 picks a free port, and the chosen address
//	                      is printed
//	-root                 the document root directory (default web)
//	-dev                  send Cache-Control: no-cache on every response,
//	                      errors included
//	-access-log           log every request to standard error (default true)
//	-shutdown-timeout     how long shutdown waits for requests in flight
//	-write-idle           how long one write of a body may wait for the client
//	-read-header-timeout  how long a client may take to send its headers
//	-embed-ancestors      the CSP sources that may frame the embed view
//
// Once listening, the server prints one line to standard output,
//
//	genplay: serving <root> on http://<host:port>
//
// On SIGINT or SIGTERM it stops accepting connections, closes idle ones and
// waits up to -shutdown-timeout for the requests in flight, downloads
// included, then exits with status 0. If some are still running then, it
// cuts them off and exits with status 1. A second signal kills it at once.
package main
