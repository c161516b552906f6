package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSignV4 checks signV4 against the worked examples of the S3 API
// reference ("Examples of Signature Calculations": GET Object, GET Bucket
// Lifecycle and GET Bucket, list objects), which use the documentation's
// example credentials on 24 May 2013 in us-east-1.
func TestSignV4(t *testing.T) {
	const (
		akid   = "AKIAIOSFODNN7EXAMPLE"
		secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
		empty  = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	)
	when := time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, url string
		headers   []string
		signed    string
		want      string
	}{
		{"GET Object", "https://examplebucket.s3.amazonaws.com/test.txt", []string{"Range", "bytes=0-9"},
			"host;range;x-amz-content-sha256;x-amz-date", "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"},
		{"GET Bucket Lifecycle", "https://examplebucket.s3.amazonaws.com/?lifecycle", nil,
			"host;x-amz-content-sha256;x-amz-date", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"},
		{"GET Bucket", "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J", nil,
			"host;x-amz-content-sha256;x-amz-date", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"},
	} {
		r, err := http.NewRequest("GET", c.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(c.headers); i += 2 {
			r.Header.Set(c.headers[i], c.headers[i+1])
		}
		signV4(r, akid, secret, "us-east-1", empty, when)
		want := "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=" +
			c.signed + ", Signature=" + c.want
		if got := r.Header.Get("Authorization"); got != want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, want)
		}
	}
}

func TestURIEncode(t *testing.T) {
	for _, c := range []struct{ in, path, query string }{
		{"test$file.text", "test%24file.text", "test%24file.text"},
		{"a/b c~", "a/b%20c~", "a%2Fb%20c~"},
	} {
		if got := uriEncode(c.in, false); got != c.path {
			t.Errorf("uriEncode(%q, false) = %q, want %q", c.in, got, c.path)
		}
		if got := uriEncode(c.in, true); got != c.query {
			t.Errorf("uriEncode(%q, true) = %q, want %q", c.in, got, c.query)
		}
	}
	if got := s3EscapePath("/a%20b/c$"); !strings.HasSuffix(got, "c%24") || !strings.HasPrefix(got, "/a%20b/") {
		t.Errorf("s3EscapePath = %q", got)
	}
}
