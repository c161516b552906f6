package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strings"
	"time"
)

// signV4 signs r for Amazon S3 with AWS Signature Version 4, header form:
// it sets X-Amz-Date and X-Amz-Content-Sha256 (payloadHash, the hex SHA-256
// of the body) and Authorization. Every header already set on r, and Host,
// is signed. The algorithm and its test vectors are those of the S3 API
// reference, "Signature Calculations for the Authorization Header".
//
// Notation:
//
//	CR   = method \n URI \n query \n headers \n signed-header-names \n payloadHash
//	STS  = "AWS4-HMAC-SHA256" \n time \n scope \n hex(SHA-256(CR))
//	scope = date/region/s3/aws4_request
//	key  = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), "s3"), "aws4_request")
//	signature = hex(HMAC(key, STS))
func signV4(r *http.Request, accessKey, secretKey, region, payloadHash string, t time.Time) {
	t = t.UTC()
	amzDate := t.Format("20060102T150405Z")
	date := amzDate[:8]
	r.Header.Set("X-Amz-Date", amzDate)
	r.Header.Set("X-Amz-Content-Sha256", payloadHash)

	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	names := []string{"host"}
	vals := map[string]string{"host": host}
	for k, v := range r.Header {
		lk := strings.ToLower(k)
		if lk == "authorization" || lk == "user-agent" {
			continue
		}
		names = append(names, lk)
		vals[lk] = strings.Join(trimAll(v), ",")
	}
	sort.Strings(names)
	var ch strings.Builder
	for _, n := range names {
		ch.WriteString(n + ":" + vals[n] + "\n")
	}
	signed := strings.Join(names, ";")

	cr := strings.Join([]string{
		r.Method,
		s3EscapePath(r.URL.EscapedPath()),
		canonicalQuery(r.URL.Query()),
		ch.String(),
		signed,
		payloadHash,
	}, "\n")
	scope := date + "/" + region + "/s3/aws4_request"
	crHash := sha256.Sum256([]byte(cr))
	sts := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(crHash[:])

	key := hmacSHA256([]byte("AWS4"+secretKey), date)
	key = hmacSHA256(key, region)
	key = hmacSHA256(key, "s3")
	key = hmacSHA256(key, "aws4_request")
	sig := hex.EncodeToString(hmacSHA256(key, sts))
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+accessKey+"/"+scope+
		", SignedHeaders="+signed+", Signature="+sig)
}

// hmacSHA256 returns HMAC-SHA256(key, msg).
func hmacSHA256(key []byte, msg string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(msg))
	return h.Sum(nil)
}

// trimAll returns the values with surrounding spaces removed and inner runs
// of spaces collapsed to one, as the canonical headers want.
func trimAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strings.Join(strings.Fields(v), " ")
	}
	return out
}

// s3EscapePath returns the canonical URI of an escaped path: every byte
// other than the unreserved characters A-Z a-z 0-9 - . _ ~ and "/"
// percent-encoded with upper-case hex digits. S3 does not normalise
// paths, so the path is encoded once, as sent.
func s3EscapePath(escaped string) string {
	if escaped == "" {
		return "/"
	}
	// Undo Go's escaping, then apply the SigV4 one, which differs for
	// characters such as '$' that Go leaves alone in paths.
	var b strings.Builder
	for i := 0; i < len(escaped); i++ {
		c := escaped[i]
		if c == '%' && i+2 < len(escaped) {
			if v, err := hex.DecodeString(escaped[i+1 : i+3]); err == nil {
				b.WriteString(uriEncode(string(v), false))
				i += 2
				continue
			}
		}
		b.WriteString(uriEncode(string(c), false))
	}
	return b.String()
}

// uriEncode percent-encodes every byte of s other than A-Z a-z 0-9 - . _ ~,
// and "/" unless slash is true.
func uriEncode(s string, slash bool) string {
	const hexUpper = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		case c == '/' && !slash:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexUpper[c>>4])
			b.WriteByte(hexUpper[c&15])
		}
	}
	return b.String()
}

// canonicalQuery returns the query's parameters sorted by name, each name
// and value URI-encoded, joined by "&".
func canonicalQuery(q map[string][]string) string {
	var parts []string
	for k, vs := range q {
		for _, v := range vs {
			parts = append(parts, uriEncode(k, true)+"="+uriEncode(v, true))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, "&")
}
