package main

import (
	"context"
	"flag"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"genplay/models/data"
	"genplay/models/registry"
)

// demoFlags are the command-line flags of the demo store.
type demoFlags struct {
	dir        string
	maxBytes   int64
	quota      int64
	perMinute  float64
	burst      int
	s3Endpoint string
	s3Bucket   string
	s3Prefix   string
	s3Region   string
}

// addDemoFlags defines the demo flags on fs.
func addDemoFlags(fs *flag.FlagSet) *demoFlags {
	f := &demoFlags{}
	fs.StringVar(&f.dir, "data", ".data/demos", "keep shared demos in `dir` (created on the first upload)")
	fs.Int64Var(&f.maxBytes, "demo-max-bytes", DefaultDemoMaxBytes, "refuse a demo over `n` bytes (413)")
	fs.Int64Var(&f.quota, "demo-quota", 1<<30, "store at most `n` bytes of demos (507 past it); 0 means no limit")
	fs.Float64Var(&f.perMinute, "demo-rate", DefaultDemoRate*60, "let one client address publish `n` demos a minute (429 past it); 0 means no limit")
	fs.IntVar(&f.burst, "demo-burst", DefaultDemoBurst, "let one client address publish `n` demos at once")
	fs.StringVar(&f.s3Endpoint, "s3-endpoint", "", "keep demos in an S3-compatible store at `URL` (path-style) instead of -data; "+
		"credentials from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY")
	fs.StringVar(&f.s3Bucket, "s3-bucket", "", "the S3 `bucket` of the demos (must exist)")
	fs.StringVar(&f.s3Prefix, "s3-prefix", "demos/", "put `prefix` before every S3 key")
	fs.StringVar(&f.s3Region, "s3-region", "us-east-1", "sign S3 requests for `region`")
	return f
}

// open returns the demo handler the flags describe. root is the document
// root: the image data sets under root/data are loaded, if present, so
// that demos trained on them can be checked.
func (f *demoFlags) open(root string, logger *log.Logger) (*Demos, error) {
	var st Store
	if f.s3Endpoint != "" || f.s3Bucket != "" {
		s, err := OpenS3Store(context.Background(), S3Config{
			Endpoint: f.s3Endpoint, Bucket: f.s3Bucket, Prefix: f.s3Prefix, Region: f.s3Region,
			AccessKey: os.Getenv("AWS_ACCESS_KEY_ID"), SecretKey: os.Getenv("AWS_SECRET_ACCESS_KEY"),
			Client: &http.Client{Timeout: 60 * time.Second},
		})
		if err != nil {
			return nil, err
		}
		st = s
	} else {
		s, err := OpenDiskStore(f.dir)
		if err != nil {
			return nil, err
		}
		st = s
	}
	var images registry.Images
	for _, name := range registry.ImageSets {
		if s := loadImageSet(filepath.Join(root, "data", name+".gpim"), logger); s != nil {
			images = append(images, s)
		}
	}
	return NewDemos(DemoConfig{
		Store: st, MaxBytes: f.maxBytes, Quota: f.quota, Images: images,
		Rate: f.perMinute / 60, Burst: f.burst, Log: logger,
	})
}

// loadImageSet reads the image asset at name if it exists, or returns nil;
// demos on a set that is not loaded are refused with a message saying so.
func loadImageSet(name string, logger *log.Logger) *data.Images {
	fh, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer fh.Close()
	s, err := data.ReadImages(fh)
	if err != nil {
		logger.Printf("%s: %v", name, err)
		return nil
	}
	return s
}
