package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// options are the command line's settings besides the handler's Config.
type options struct {
	addr              string
	shutdownTimeout   time.Duration // how long shutdown waits for requests in flight
	readHeaderTimeout time.Duration // how long a client may take to send its headers
}

// sendBuffer is the socket send buffer asked for on every connection
// (Linux doubles it). A write waits until the buffer has room, and Linux
// wakes a writer only once half of what is queued has drained: with the
// buffer left to grow to its 4 MiB maximum, a client at 100 KB/s would
// keep one write waiting 20 s, which a write deadline cannot tell from a
// stalled client. With 256 KiB the wait is about 2.5 s at 100 KB/s, so
// Config.WriteIdle measures the client's progress; the cost is a ceiling
// of about 5 MB/s per connection on a link with a 100 ms round trip.
const sendBuffer = 256 << 10

// sendBufferListener sets the send buffer of the TCP connections it
// accepts to sendBuffer.
type sendBufferListener struct{ net.Listener }

// Accept accepts a connection and sets its send buffer.
func (l sendBufferListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok && err == nil {
		if err := tc.SetWriteBuffer(sendBuffer); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, err
}

// maxHeaderBytes bounds a request's header block, request line included.
// The request line may carry maxURILen bytes of target, for the page's
// links; the rest is room for ordinary headers.
const maxHeaderBytes = maxURILen + 16<<10

func main() {
	var opt options
	var cfg Config
	var accessLog bool
	flag.StringVar(&opt.addr, "addr", "127.0.0.1:8080", "listen on `address` (port 0 picks a free port)")
	flag.StringVar(&cfg.Root, "root", "web", "serve the document root `dir`")
	flag.BoolVar(&cfg.Dev, "dev", false, "send Cache-Control: no-cache on every response")
	flag.BoolVar(&accessLog, "access-log", true, "log every request as JSON to standard error")
	flag.DurationVar(&opt.shutdownTimeout, "shutdown-timeout", 30*time.Second, "on SIGINT or SIGTERM, wait up to `duration` for requests in flight")
	flag.DurationVar(&cfg.WriteIdle, "write-idle", defaultWriteIdle, "drop a client that takes no bytes of a response for `duration`")
	flag.DurationVar(&opt.readHeaderTimeout, "read-header-timeout", 5*time.Second, "drop a client that has not sent its request headers within `duration`")
	flag.StringVar(&cfg.EmbedAncestors, "embed-ancestors", "*", "the `sources` (CSP frame-ancestors) that may frame the page's embed view")
	demoFlags := addDemoFlags(flag.CommandLine)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("genplay: ")
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	demos, err := demoFlags.open(cfg.Root, log.Default())
	if err != nil {
		log.Fatal(err)
	}
	cfg.Demos = demos
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if accessLog {
		cfg.AccessLog = logger
	}
	if err := run(opt, cfg, logger); err != nil {
		log.Fatal(err)
	}
}

// run serves cfg on opt.addr until SIGINT or SIGTERM, then shuts down
// gracefully: it stops accepting connections, closes idle ones, and waits up
// to opt.shutdownTimeout for the requests in flight to finish. It returns
// nil when they all finished, and an error when some had to be cut off.
// The http.Server's own errors (such as a failed Accept) go to logger at
// level WARN.
func run(opt options, cfg Config, logger *slog.Logger) error {
	h, err := NewServer(cfg)
	if err != nil {
		return err
	}
	defer h.Close()

	ln, err := net.Listen("tcp", opt.addr)
	if err != nil {
		return err
	}
	ln = sendBufferListener{ln}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: opt.readHeaderTimeout,
		ReadTimeout:       opt.readHeaderTimeout + 10*time.Second,
		// The deadline of responses that are not files; file bodies move it
		// forward with every write (Config.WriteIdle).
		WriteTimeout:   h.cfg.WriteIdle,
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: maxHeaderBytes,
		ErrorLog:       slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Tests parse this line to learn the port: keep its format.
	fmt.Printf("genplay: serving %s on http://%s\n", cfg.Root, ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stop() // a second signal kills the process at once

	sctx, cancel := context.WithTimeout(context.Background(), opt.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: requests still running after %v were cut off: %w", opt.shutdownTimeout, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
