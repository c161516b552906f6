package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// A Store keeps shared demos by id. Implementations are safe for concurrent
// use. Two exist: DiskStore (files under a directory, the default) and
// S3Store (an S3-compatible object store); store_test.go runs one suite
// against both.
//
// A Store does not choose ids: the caller derives them from the content
// (see demoID) and Create refuses an id that is taken, so an object is
// written once and never replaced.
type Store interface {
	// Create stores o under id. It returns an error wrapping ErrExist if
	// an object already has that id, whatever its content; on any error
	// nothing is stored under id. When Create returns nil, the object is
	// durable: a crash after that loses nothing.
	Create(ctx context.Context, id string, o *Object) error
	// Get returns the object stored under id, after checking its SHA-256:
	// an error wrapping ErrNotFound if there is none, ErrCorrupt if its
	// bytes do not match their checksums.
	Get(ctx context.Context, id string) (*Object, error)
	// Delete removes the object under id, or returns an error wrapping
	// ErrNotFound.
	Delete(ctx context.Context, id string) error
	// Usage returns the bytes the store holds, as counted by Create and
	// Delete from the total found when the store was opened.
	Usage(ctx context.Context) (int64, error)
}

// Errors a Store wraps.
var (
	ErrNotFound = errors.New("no such demo")
	ErrExist    = errors.New("demo id already taken")
	ErrCorrupt  = errors.New("stored demo is corrupt (its SHA-256 does not match)")
)

// An Object is one stored demo: the safetensors file as uploaded, its
// SHA-256, and the SHA-256 of its deletion token (the token itself is
// never stored).
type Object struct {
	Data      []byte
	Sum       [sha256.Size]byte
	TokenHash [sha256.Size]byte
}

// NewObject returns the Object for data and the deletion token tok.
func NewObject(data []byte, tok string) *Object {
	return &Object{Data: data, Sum: sha256.Sum256(data), TokenHash: sha256.Sum256([]byte(tok))}
}

// The stored form of an Object, the same in every Store, is a short text
// header followed by the data:
//
//	genplay-demo/1\n
//	sha256 <64 hex digits: SHA-256 of the data>\n
//	token <64 hex digits: SHA-256 of the deletion token>\n
//	check <64 hex digits: SHA-256 of the three lines above>\n
//	<the data>
//
// The check line covers the header, so a damaged token hash is caught too,
// and the sha256 line the data; both are verified on every read.
const (
	envelopeMagic = "genplay-demo/1\n"
	envelopeLen   = len(envelopeMagic) + 3*(6+1+64+1) // sha256, token and check lines all have 6-letter keys
)

// marshalObject returns the stored form of o.
func marshalObject(o *Object) []byte {
	b := make([]byte, 0, envelopeLen+len(o.Data))
	b = append(b, envelopeMagic...)
	b = appendLine(b, "sha256", o.Sum[:])
	b = appendLine(b, "token ", o.TokenHash[:])
	check := sha256.Sum256(b)
	b = appendLine(b, "check ", check[:])
	return append(b, o.Data...)
}

// appendLine appends "<key> <hex of sum>\n" to b.
func appendLine(b []byte, key string, sum []byte) []byte {
	b = append(b, key...)
	b = append(b, ' ')
	b = hex.AppendEncode(b, sum)
	return append(b, '\n')
}

// unmarshalObject parses the stored form b and verifies both checksums. It
// returns an error wrapping ErrCorrupt if b is damaged in any way. The
// returned Data aliases b.
func unmarshalObject(b []byte) (*Object, error) {
	if len(b) < envelopeLen || !bytes.HasPrefix(b, []byte(envelopeMagic)) {
		return nil, fmt.Errorf("%w: bad header", ErrCorrupt)
	}
	var o Object
	var check [sha256.Size]byte
	p := len(envelopeMagic)
	for _, f := range []struct {
		key string
		dst []byte
	}{{"sha256", o.Sum[:]}, {"token ", o.TokenHash[:]}, {"check ", check[:]}} {
		line := b[p : p+6+1+64+1]
		if string(line[:7]) != f.key+" " || line[len(line)-1] != '\n' {
			return nil, fmt.Errorf("%w: bad header line", ErrCorrupt)
		}
		if _, err := hex.Decode(f.dst, line[7:7+64]); err != nil {
			return nil, fmt.Errorf("%w: bad header line", ErrCorrupt)
		}
		p += len(line)
	}
	if sha256.Sum256(b[:p-(6+1+64+1)]) != check {
		return nil, fmt.Errorf("%w: header checksum", ErrCorrupt)
	}
	o.Data = b[p:]
	if sha256.Sum256(o.Data) != o.Sum {
		return nil, ErrCorrupt
	}
	return &o, nil
}

// Limits on demo ids: lowercase hexadecimal digits, a prefix of the
// SHA-256 of the file. minIDLen (48 bits) keeps links short; longer ids
// are given only when a shorter one is taken by another file.
const (
	minIDLen  = 12
	idLenStep = 4
	maxIDLen  = 2 * sha256.Size
)

// validID reports whether id has the form of a demo id: minIDLen to
// maxIDLen lowercase hexadecimal digits, a multiple of idLenStep long.
// Anything else (dots, slashes, NUL, upper case, overlong ids) is refused
// before it reaches a Store.
func validID(id string) bool {
	if len(id) < minIDLen || len(id) > maxIDLen || (len(id)-minIDLen)%idLenStep != 0 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
