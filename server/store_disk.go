package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// DiskStore is a Store that keeps each demo as one file, <id>.demo, in a
// directory. A file is written to a temporary name in the same directory,
// synced, renamed into place and the directory synced, so a crash at any
// point leaves either no file under the id or the whole file; temporary
// files left by a crash are removed when the store is opened.
type DiskStore struct {
	dir string

	mu   sync.Mutex // held while an id is checked and renamed into place
	used int64      // bytes of the .demo files; guarded by mu
}

// Names in a DiskStore directory.
const (
	demoSuffix = ".demo"
	tempPrefix = ".tmp-"
)

// OpenDiskStore opens the store in dir. It removes the temporary files an
// interrupted Create left and counts the bytes of the demos. A missing dir
// is an empty store, created with its parents by the first Create.
func OpenDiskStore(dir string) (*DiskStore, error) {
	s := &DiskStore{dir: dir}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("demo store: %w", err)
	}
	for _, e := range ents {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, tempPrefix):
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return nil, fmt.Errorf("demo store: removing a partial upload: %w", err)
			}
		case strings.HasSuffix(name, demoSuffix) && e.Type().IsRegular():
			fi, err := e.Info()
			if err != nil {
				return nil, fmt.Errorf("demo store: %w", err)
			}
			s.used += fi.Size()
		}
	}
	return s, nil
}

// mkdir creates the store's directory and its parents if they are missing,
// syncing the parent of the directory it creates.
func (s *DiskStore) mkdir() error {
	if _, err := os.Stat(s.dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(s.dir, 0o750); err != nil {
		return fmt.Errorf("demo store: %w", err)
	}
	return syncDir(filepath.Dir(s.dir))
}

// path returns the file name of id, which must be valid.
func (s *DiskStore) path(id string) string {
	return filepath.Join(s.dir, id+demoSuffix)
}

// Create implements Store.
func (s *DiskStore) Create(ctx context.Context, id string, o *Object) error {
	if !validID(id) {
		return fmt.Errorf("demo store: invalid id %q", id)
	}
	b := marshalObject(o)
	if err := s.mkdir(); err != nil {
		return err
	}
	f, err := os.CreateTemp(s.dir, tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("demo store: %w", err)
	}
	tmp := f.Name()
	committed := false
	defer func() {
		if !committed {
			os.Remove(tmp)
		}
	}()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("demo store: writing %s: %w", id, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	s.mu.Lock()
	if _, err := os.Lstat(s.path(id)); err == nil {
		s.mu.Unlock()
		return fmt.Errorf("demo %s: %w", id, ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		s.mu.Unlock()
		return fmt.Errorf("demo store: %w", err)
	}
	if err := os.Rename(tmp, s.path(id)); err != nil {
		s.mu.Unlock()
		return fmt.Errorf("demo store: %w", err)
	}
	committed = true
	s.used += int64(len(b))
	s.mu.Unlock()
	return s.syncDir()
}

// syncDir syncs the store's directory, so that a rename or a removal in it
// survives a crash.
func (s *DiskStore) syncDir() error { return syncDir(s.dir) }

// syncDir syncs the directory dir.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("demo store: %w", err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("demo store: syncing %s: %w", dir, err)
	}
	return nil
}

// Get implements Store. It reads at most maxStoredBytes; a longer file is
// reported as corrupt.
func (s *DiskStore) Get(ctx context.Context, id string) (*Object, error) {
	if !validID(id) {
		return nil, fmt.Errorf("demo %s: %w", id, ErrNotFound)
	}
	f, err := os.Open(s.path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("demo %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("demo store: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(maxStoredBytes)+1))
	if err != nil {
		return nil, fmt.Errorf("demo store: reading %s: %w", id, err)
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

// Delete implements Store.
func (s *DiskStore) Delete(ctx context.Context, id string) error {
	if !validID(id) {
		return fmt.Errorf("demo %s: %w", id, ErrNotFound)
	}
	s.mu.Lock()
	fi, err := os.Lstat(s.path(id))
	if err == nil {
		err = os.Remove(s.path(id))
	}
	if err == nil {
		s.used -= fi.Size()
	}
	s.mu.Unlock()
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("demo %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("demo store: %w", err)
	}
	return s.syncDir()
}

// Usage implements Store.
func (s *DiskStore) Usage(ctx context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.used, nil
}
