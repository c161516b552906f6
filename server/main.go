package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen on `address` (port 0 picks a free port)")
	root := flag.String("root", "web", "serve the document root `dir`")
	dev := flag.Bool("dev", false, "send Cache-Control: no-cache on every response")
	demoFlags := addDemoFlags(flag.CommandLine)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("genplay: ")
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	demos, err := demoFlags.open(*root, log.Default())
	if err != nil {
		log.Fatal(err)
	}
	if err := run(*addr, Config{Root: *root, Dev: *dev, Demos: demos}); err != nil {
		log.Fatal(err)
	}
}

// run serves cfg on addr until SIGINT or SIGTERM, then shuts down gracefully.
func run(addr string, cfg Config) error {
	h, err := NewServer(cfg)
	if err != nil {
		return err
	}
	defer h.Close()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second, // room for a large .wasm on a slow link
		IdleTimeout:       120 * time.Second,
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

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
