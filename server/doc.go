// Command genplay-server is the small file server behind genplay. It serves
// the document root (web/ by default): index.html at /, the CSS and
// JavaScript, and the built .wasm files, with the right MIME types.
//
// # Static files
//
// Only GET and HEAD are allowed; other methods get 405 with an Allow header.
// Paths are resolved inside the root with [os.Root], so no request can reach
// a file outside it: "..", its encoded forms, absolute paths and symbolic
// links that point outside the root all get 400 or 404, never the file.
// Directories other than / are never listed, and dotfiles are never served.
//
// Responses go through [net/http.ServeContent], so Range, If-Modified-Since
// and If-None-Match work. Every file has a strong ETag, the SHA-256 of the
// bytes sent, and Cache-Control: no-cache, because the built files are not
// content-hashed yet: browsers revalidate and get 304 when nothing changed.
//
// If the client accepts it and a precompressed sibling exists, app.wasm.br is
// sent with Content-Encoding: br, else app.wasm.gz with Content-Encoding:
// gzip; both keep the Content-Type of app.wasm (application/wasm).
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
