package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// A storeFixture is one Store implementation under test: open returns the
// store over the same backing data each time (a restart), and corrupt
// overwrites the stored form of id with b behind the store's back.
type storeFixture struct {
	name    string
	open    func(t *testing.T) Store
	corrupt func(t *testing.T, id string, b []byte)
	// raw returns the stored form of id as the backing data holds it.
	raw func(t *testing.T, id string) []byte
}

// diskFixture returns a fixture for a DiskStore in a fresh directory.
func diskFixture(t *testing.T) storeFixture {
	dir := t.TempDir()
	return storeFixture{
		name: "disk",
		open: func(t *testing.T) Store {
			s, err := OpenDiskStore(dir)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		corrupt: func(t *testing.T, id string, b []byte) {
			if err := os.WriteFile(filepath.Join(dir, id+demoSuffix), b, 0o644); err != nil {
				t.Fatal(err)
			}
		},
		raw: func(t *testing.T, id string) []byte {
			b, err := os.ReadFile(filepath.Join(dir, id+demoSuffix))
			if err != nil {
				t.Fatal(err)
			}
			return b
		},
	}
}

// s3Fixture returns a fixture for an S3Store on a gofakes3 server started
// in this process, with its objects in memory, under the prefix "demos/"
// of the bucket "genplay".
func s3Fixture(t *testing.T) storeFixture {
	backend := s3mem.New()
	if err := backend.CreateBucket("genplay"); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(ts.Close)
	return storeFixture{
		name: "s3",
		open: func(t *testing.T) Store {
			s, err := OpenS3Store(context.Background(), S3Config{
				Endpoint: ts.URL, Bucket: "genplay", Prefix: "demos/",
				AccessKey: "test", SecretKey: "test", Client: ts.Client(),
			})
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		corrupt: func(t *testing.T, id string, b []byte) {
			_, err := backend.PutObject("genplay", "demos/"+id+demoSuffix, map[string]string{}, bytes.NewReader(b), int64(len(b)), nil)
			if err != nil {
				t.Fatal(err)
			}
		},
		raw: func(t *testing.T, id string) []byte {
			o, err := backend.GetObject("genplay", "demos/"+id+demoSuffix, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer o.Contents.Close()
			var buf bytes.Buffer
			buf.ReadFrom(o.Contents)
			return buf.Bytes()
		},
	}
}

// forEachStore runs test against every Store implementation.
func forEachStore(t *testing.T, test func(t *testing.T, f storeFixture)) {
	for _, mk := range []func(*testing.T) storeFixture{diskFixture, s3Fixture} {
		f := mk(t)
		t.Run(f.name, func(t *testing.T) { test(t, f) })
	}
}

const (
	testID  = "0123456789ab"
	testID2 = "0123456789abcdef"
)

func TestStoreRoundTrip(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		ctx := context.Background()
		s := f.open(t)
		if u, _ := s.Usage(ctx); u != 0 {
			t.Fatalf("empty store uses %d bytes", u)
		}
		o := NewObject([]byte("the weights"), "secret token")
		if err := s.Create(ctx, testID, o); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, testID)
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Data) != "the weights" || got.Sum != o.Sum || got.TokenHash != o.TokenHash {
			t.Errorf("Get = %q %x %x, want %q %x %x", got.Data, got.Sum, got.TokenHash, "the weights", o.Sum, o.TokenHash)
		}
		if bytes.Contains(f.raw(t, testID), []byte("secret token")) {
			t.Error("the token is stored in the clear")
		}
		want := int64(envelopeLen + len("the weights"))
		if u, _ := s.Usage(ctx); u != want {
			t.Errorf("Usage = %d, want %d", u, want)
		}
		// A restart counts the same bytes and reads the same object.
		s = f.open(t)
		if u, _ := s.Usage(ctx); u != want {
			t.Errorf("Usage after reopening = %d, want %d", u, want)
		}
		if got, err := s.Get(ctx, testID); err != nil || string(got.Data) != "the weights" {
			t.Errorf("Get after reopening = %v, %v", got, err)
		}
	})
}

func TestStoreCreateNeverReplaces(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		ctx := context.Background()
		s := f.open(t)
		if err := s.Create(ctx, testID, NewObject([]byte("first"), "a")); err != nil {
			t.Fatal(err)
		}
		err := s.Create(ctx, testID, NewObject([]byte("second"), "b"))
		if !errors.Is(err, ErrExist) {
			t.Fatalf("second Create: %v, want ErrExist", err)
		}
		if got, err := s.Get(ctx, testID); err != nil || string(got.Data) != "first" {
			t.Errorf("after a refused Create, Get = %v, %v; want the first object", got, err)
		}
		if u, _ := s.Usage(ctx); u != int64(envelopeLen+len("first")) {
			t.Errorf("Usage = %d counts the refused object", u)
		}
	})
}

func TestStoreConcurrentCreate(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		ctx := context.Background()
		s := f.open(t)
		const n = 16
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				errs[i] = s.Create(ctx, testID, NewObject([]byte(fmt.Sprintf("object %d", i)), "t"))
			})
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won >= 0:
				t.Errorf("Create %d and %d both succeeded", won, i)
			case err == nil:
				won = i
			case !errors.Is(err, ErrExist):
				t.Errorf("Create %d: %v", i, err)
			}
		}
		if won < 0 {
			t.Fatal("no Create succeeded")
		}
		got, err := s.Get(ctx, testID)
		if err != nil || string(got.Data) != fmt.Sprintf("object %d", won) {
			t.Errorf("Get = %v, %v; want the winner's object %d", got, err, won)
		}
	})
}

func TestStoreNotFoundAndDelete(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		ctx := context.Background()
		s := f.open(t)
		if _, err := s.Get(ctx, testID); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get of a missing id: %v, want ErrNotFound", err)
		}
		if err := s.Delete(ctx, testID); !errors.Is(err, ErrNotFound) {
			t.Errorf("Delete of a missing id: %v, want ErrNotFound", err)
		}
		for _, id := range []string{testID, testID2} {
			if err := s.Create(ctx, id, NewObject([]byte(id), "t")); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Delete(ctx, testID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, testID); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get after Delete: %v, want ErrNotFound", err)
		}
		if err := s.Delete(ctx, testID); !errors.Is(err, ErrNotFound) {
			t.Errorf("second Delete: %v, want ErrNotFound", err)
		}
		if got, err := s.Get(ctx, testID2); err != nil || string(got.Data) != testID2 {
			t.Errorf("the other object: %v, %v", got, err)
		}
		if u, _ := s.Usage(ctx); u != int64(envelopeLen+len(testID2)) {
			t.Errorf("Usage after Delete = %d, want %d", u, envelopeLen+len(testID2))
		}
		// The id is free again.
		if err := s.Create(ctx, testID, NewObject([]byte("again"), "t")); err != nil {
			t.Errorf("Create after Delete: %v", err)
		}
	})
}

func TestStoreCorruption(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		ctx := context.Background()
		s := f.open(t)
		o := NewObject([]byte("weights that will be damaged"), "t")
		if err := s.Create(ctx, testID, o); err != nil {
			t.Fatal(err)
		}
		good := f.raw(t, testID)
		damage := map[string][]byte{
			"empty":     nil,
			"truncated": good[:len(good)-3],
			"extended":  append(bytes.Clone(good), 'x'),
			"header":    []byte(strings.Replace(string(good), "genplay-demo/1", "genplay-demo/2", 1)),
		}
		for _, i := range []int{len(envelopeMagic) + 10, envelopeLen - 20, envelopeLen - 2, envelopeLen, len(good) - 1} {
			b := bytes.Clone(good)
			b[i] ^= 0x01
			damage[fmt.Sprintf("bit flipped at %d", i)] = b
		}
		for name, b := range damage {
			f.corrupt(t, testID, b)
			got, err := s.Get(ctx, testID)
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s: Get = %v, %v; want ErrCorrupt", name, got, err)
			}
		}
		f.corrupt(t, testID, good)
		if _, err := s.Get(ctx, testID); err != nil {
			t.Errorf("restored: %v", err)
		}
	})
}

func TestStoreRefusesBadIDs(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		ctx := context.Background()
		s := f.open(t)
		for _, id := range []string{"", "..", "../../etc/passwd", "0123456789a", "0123456789AB", "0123456789ab/", "0123456789ab\x00", strings.Repeat("a", 68)} {
			if err := s.Create(ctx, id, NewObject([]byte("x"), "t")); err == nil {
				t.Errorf("Create(%q) succeeded", id)
			}
			if _, err := s.Get(ctx, id); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get(%q): %v, want ErrNotFound", id, err)
			}
		}
		if u, _ := s.Usage(ctx); u != 0 {
			t.Errorf("Usage = %d after refused ids", u)
		}
	})
}

func TestDiskStoreRemovesPartialUploads(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		tempPrefix + "123": "half a demo",
		"note.txt":         "not a demo",
	})
	s, err := OpenDiskStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, tempPrefix+"123")); !os.IsNotExist(err) {
		t.Errorf("the partial upload is still there: %v", err)
	}
	if u, _ := s.Usage(context.Background()); u != 0 {
		t.Errorf("Usage = %d, want 0", u)
	}
	if err := s.Create(context.Background(), testID, NewObject([]byte("x"), "t")); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if want := []string{testID + demoSuffix, "note.txt"}; fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("directory holds %v, want %v", names, want)
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"0123456789ab":            true,
		"0123456789abcdef":        true,
		strings.Repeat("f", 64):   true,
		"0123456789a":             false, // too short
		"0123456789abc":           false, // not a multiple of the step
		"0123456789AB":            false, // upper case
		"0123456789ag":            false,
		strings.Repeat("f", 68):   false,
		"..0123456789":            false,
		"0123456789%2":            false,
		"01234/6789ab":            false,
		"0123456789a\x00":         false,
		"0123456789ab.safetensor": false,
	} {
		if got := validID(id); got != want {
			t.Errorf("validID(%q) = %v, want %v", id, got, want)
		}
	}
}
