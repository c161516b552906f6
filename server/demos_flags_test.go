package main

import (
	"context"
	"flag"
	"io"
	"log"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func TestDemoFlags(t *testing.T) {
	quiet := log.New(io.Discard, "", 0)
	parse := func(args ...string) *demoFlags {
		fs := flag.NewFlagSet("genplay-server", flag.ContinueOnError)
		f := addDemoFlags(fs)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return f
	}

	// The defaults: a disk store at .data/demos, 8 MB, 1 GiB, 10 a minute.
	f := parse()
	if f.dir != ".data/demos" || f.maxBytes != 8<<20 || f.quota != 1<<30 || f.perMinute != 10 || f.burst != 10 {
		t.Errorf("defaults %+v", *f)
	}

	dir := filepath.Join(t.TempDir(), "store")
	d, err := parse("-data", dir, "-demo-max-bytes", "1000", "-demo-quota", "5000", "-demo-rate", "30", "-demo-burst", "3").open(demoRoot, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.cfg.Store.(*DiskStore); !ok || d.cfg.MaxBytes != 1000 || d.cfg.Quota != 5000 || d.cfg.Rate != 0.5 || d.cfg.Burst != 3 {
		t.Errorf("config %+v", d.cfg)
	}
	if _, err := parse("-data", dir, "-demo-max-bytes", "0").open(demoRoot, quiet); err == nil {
		t.Error("-demo-max-bytes 0 accepted")
	}

	backend := s3mem.New()
	if err := backend.CreateBucket("b"); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(gofakes3.New(backend).Server())
	defer ts.Close()
	d, err = parse("-s3-endpoint", ts.URL, "-s3-bucket", "b").open(demoRoot, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.cfg.Store.(*S3Store); !ok {
		t.Errorf("store %T, want *S3Store", d.cfg.Store)
	}
	if _, err := parse("-s3-endpoint", ts.URL, "-s3-bucket", "missing").open(demoRoot, quiet); err == nil {
		t.Error("a missing bucket is accepted")
	}
	if _, err := OpenS3Store(context.Background(), S3Config{Endpoint: "ftp://x", Bucket: "b"}); err == nil {
		t.Error("an ftp endpoint is accepted")
	}
}
