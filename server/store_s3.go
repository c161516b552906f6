package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// S3Config says where an S3Store keeps its objects.
type S3Config struct {
	// Endpoint is the object store's base URL, such as
	// https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000.
	// Requests use path-style addressing: <Endpoint>/<Bucket>/<key>.
	Endpoint string
	// Bucket must exist.
	Bucket string
	// Prefix is put before every key, such as "demos/".
	Prefix string
	// Region signs the requests; "us-east-1" if empty.
	Region string
	// AccessKey and SecretKey sign the requests.
	AccessKey, SecretKey string
	// Client sends the requests; http.DefaultClient if nil.
	Client *http.Client
	// Now gives the time requests are signed at; time.Now if nil.
	Now func() time.Time
}

// S3Store is a Store on an S3-compatible object store, spoken to with
// plain signed HTTP requests (see signV4): one object per demo, named
// <Prefix><id>.demo, holding the same stored form as a DiskStore's file.
// Create sends If-None-Match: *, so the object store itself refuses to
// replace an object: it must support conditional writes, as Amazon S3,
// MinIO and gofakes3 do.
//
// Usage is counted from a listing made by OpenS3Store; several servers
// sharing a bucket each count their own uploads and deletions only.
type S3Store struct {
	cfg  S3Config
	base *url.URL

	mu   sync.Mutex // held while an object is deleted, and to count bytes
	used int64      // guarded by mu
}

// OpenS3Store returns a store for cfg after listing the objects under the
// prefix to count their bytes; it fails if the bucket cannot be listed.
func OpenS3Store(ctx context.Context, cfg S3Config) (*S3Store, error) {
	if cfg.Bucket == "" || strings.ContainsAny(cfg.Bucket, "/?#") {
		return nil, fmt.Errorf("s3 store: bad bucket name %q", cfg.Bucket)
	}
	base, err := url.Parse(strings.TrimSuffix(cfg.Endpoint, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("s3 store: endpoint %q is not an http(s) URL", cfg.Endpoint)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.Client == nil {
		cfg.Client = http.DefaultClient
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &S3Store{cfg: cfg, base: base}
	used, err := s.list(ctx)
	if err != nil {
		return nil, err
	}
	s.used = used
	return s, nil
}

// emptySHA256 is the hex SHA-256 of no bytes, the payload hash of requests
// without a body.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// do sends a signed request for key (the bucket itself if key is "") with
// the query q, the headers hdr (name, value, ...) and body, and returns the
// response; the caller closes its body.
func (s *S3Store) do(ctx context.Context, method, key string, q url.Values, body []byte, hdr ...string) (*http.Response, error) {
	u := *s.base
	u.Path = s.base.Path + "/" + s.cfg.Bucket + "/" + key
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	var rd io.Reader
	payload := emptySHA256
	if body != nil {
		rd = bytes.NewReader(body)
		sum := sha256.Sum256(body)
		payload = hex.EncodeToString(sum[:])
	}
	r, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("s3 store: %w", err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	signV4(r, s.cfg.AccessKey, s.cfg.SecretKey, s.cfg.Region, payload, s.cfg.Now())
	resp, err := s.cfg.Client.Do(r)
	if err != nil {
		return nil, fmt.Errorf("s3 store: %w", err)
	}
	return resp, nil
}

// s3Error returns an error for an unexpected response, with the start of
// its body (S3 explains errors in a short XML document).
func s3Error(op string, resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	return fmt.Errorf("s3 store: %s: %s: %s", op, resp.Status, bytes.TrimSpace(b))
}

// key returns the object key of id.
func (s *S3Store) key(id string) string { return s.cfg.Prefix + id + demoSuffix }

// list returns the total size of the objects under the prefix, reading
// every page of ListObjectsV2.
func (s *S3Store) list(ctx context.Context) (int64, error) {
	var total int64
	token := ""
	for {
		q := url.Values{"list-type": {"2"}, "prefix": {s.cfg.Prefix}}
		if token != "" {
			q.Set("continuation-token", token)
		}
		resp, err := s.do(ctx, "GET", "", q, nil)
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			err := s3Error("listing "+s.cfg.Bucket, resp)
			resp.Body.Close()
			return 0, err
		}
		var page struct {
			Contents []struct {
				Key  string
				Size int64
			}
			IsTruncated           bool
			NextContinuationToken string
		}
		err = xml.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&page)
		resp.Body.Close()
		if err != nil {
			return 0, fmt.Errorf("s3 store: listing %s: %w", s.cfg.Bucket, err)
		}
		for _, c := range page.Contents {
			if strings.HasSuffix(c.Key, demoSuffix) {
				total += c.Size
			}
		}
		if !page.IsTruncated || page.NextContinuationToken == "" {
			return total, nil
		}
		token = page.NextContinuationToken
	}
}

// exists reports whether an object has the key of id, and its size.
func (s *S3Store) exists(ctx context.Context, id string) (bool, int64, error) {
	resp, err := s.do(ctx, "HEAD", s.key(id), nil, nil)
	if err != nil {
		return false, 0, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		return true, resp.ContentLength, nil
	case http.StatusNotFound:
		return false, 0, nil
	}
	return false, 0, s3Error("HEAD "+id, resp)
}

// Create implements Store.
func (s *S3Store) Create(ctx context.Context, id string, o *Object) error {
	if !validID(id) {
		return fmt.Errorf("s3 store: invalid id %q", id)
	}
	b := marshalObject(o)
	resp, err := s.do(ctx, "PUT", s.key(id), nil, b,
		"Content-Type", "application/octet-stream", "If-None-Match", "*")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		s.mu.Lock()
		s.used += int64(len(b))
		s.mu.Unlock()
		return nil
	case http.StatusPreconditionFailed, http.StatusConflict:
		return fmt.Errorf("demo %s: %w", id, ErrExist)
	}
	return s3Error("PUT "+id, resp)
}

// Get implements Store.
func (s *S3Store) Get(ctx context.Context, id string) (*Object, error) {
	if !validID(id) {
		return nil, fmt.Errorf("demo %s: %w", id, ErrNotFound)
	}
	resp, err := s.do(ctx, "GET", s.key(id), nil, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil, fmt.Errorf("demo %s: %w", id, ErrNotFound)
	default:
		return nil, s3Error("GET "+id, resp)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, int64(maxStoredBytes)+1))
	if err != nil {
		return nil, fmt.Errorf("s3 store: reading %s: %w", id, err)
	}
	if len(b) > maxStoredBytes {
		return nil, fmt.Errorf("demo %s: %w: longer than any demo", id, ErrCorrupt)
	}
	o, err := unmarshalObject(b)
	if err != nil {
		return nil, fmt.Errorf("demo %s: %w", id, err)
	}
	return o, nil
}

// Delete implements Store. S3 answers a DELETE of a missing key with
// success, so the object is looked up first.
func (s *S3Store) Delete(ctx context.Context, id string) error {
	if !validID(id) {
		return fmt.Errorf("demo %s: %w", id, ErrNotFound)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ok, size, err := s.exists(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("demo %s: %w", id, ErrNotFound)
	}
	resp, err := s.do(ctx, "DELETE", s.key(id), nil, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusOK {
		return s3Error("DELETE "+id, resp)
	}
	s.used -= size
	return nil
}

// Usage implements Store.
func (s *S3Store) Usage(ctx context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.used, nil
}
