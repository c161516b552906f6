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
// A file whose last path element has the form <stem>.<hash>.<ext>, where
// stem and ext are not empty, ext has no dot, and hash is 8 to 64 lowercase
// hexadecimal digits, is content-hashed: its bytes never change under that
// name, so it is sent with
//
//	Cache-Control: public, max-age=31536000, immutable
//
// wherever it lies under the root, such as
// weights/gan-8gaussians.3f2a1b9c0d4e5f60.safetensors. Every other file,
// such as weights/manifest.json, index.html or app.wasm, is sent with
// Cache-Control: no-cache: browsers revalidate it with its ETag and get 304
// Not Modified when nothing changed. With -dev, every response says
// no-cache.
//
// # Compression
//
// If the client accepts it and a precompressed sibling exists, app.wasm.br is
// sent with Content-Encoding: br, else app.wasm.gz with Content-Encoding:
// gzip; both keep the Content-Type and the Content-Length of what is sent,
// and Range requests get ranges of the compressed bytes.
//
// A file with no sibling is gzipped on the fly when that helps: its type is
// text (HTML, CSS, JavaScript, CSV, plain text), JSON or SVG, it is at least
// 256 bytes long, the client accepts gzip, and the request has no Range
// header. The response then has no Content-Length, and its ETag is the
// identity ETag with -gzip inside the quotes, so that caches keep the two
// apart. WebAssembly, safetensors, images, .gz files and unknown types are
// never compressed on the fly. Every file response says Vary:
// Accept-Encoding.
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
//     first, so %2e%2e is "..".
//   - 404 Not Found: no regular file has that name inside the root, or the
//     path ends in "/" (directories other than / are never listed).
//   - 405 Method Not Allowed: the method is not GET or HEAD; the response has
//     Allow: GET, HEAD.
//
// Paths are resolved inside the root with [os.Root], so no request can reach
// a file outside it, not even through a symbolic link that points out.
//
// # Usage
//
//	genplay-server [-addr 127.0.0.1:8080] [-root web] [-dev]
//
// The flags are:
//
//	-addr  the address to listen on (default 127.0.0.1:8080); port 0 picks a
//	       free port, and the chosen address is printed
//	-root  the document root directory (default web)
//	-dev   send Cache-Control: no-cache on every response, errors included
//
// Once listening, the server prints one line to standard output,
//
//	genplay: serving <root> on http://<host:port>
//
// and it shuts down gracefully on SIGINT or SIGTERM, waiting up to 10 seconds
// for requests in flight, then exits with status 0.
package main
