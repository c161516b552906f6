package main

import (
	"math"
	"sync"
	"time"
)

// rateLimiter is a token bucket per client: each client may spend up to
// burst tokens at once, and gets rate tokens back per second. It forgets a
// client whose bucket has refilled, so its memory stays bounded by the
// number of clients active within burst/rate seconds, and it never tracks
// more than maxClients: past that, new clients share one bucket.
//
//	tokens(t) = min(burst, tokens(t₀) + rate·(t − t₀))
//	allow:    tokens ≥ 1 → tokens −= 1; else wait (1 − tokens)/rate
type rateLimiter struct {
	rate  float64 // tokens per second, > 0
	burst float64 // bucket size, ≥ 1

	mu      sync.Mutex
	buckets map[string]*bucket
}

// bucket is one client's tokens at the time last.
type bucket struct {
	tokens float64
	last   time.Time
}

// maxClients bounds the clients a rateLimiter tracks apart.
const maxClients = 10_000

// overflowKey is the shared bucket of clients past maxClients.
const overflowKey = "\x00overflow"

// newRateLimiter returns a limiter of rate tokens per second and a bucket of
// burst tokens (at least 1).
func newRateLimiter(rate float64, burst int) *rateLimiter {
	return &rateLimiter{rate: rate, burst: max(float64(burst), 1), buckets: make(map[string]*bucket)}
}

// allow spends a token of client at time now. It reports whether there was
// one, and if not, how long until there is (rounded up to whole seconds,
// as Retry-After wants).
func (l *rateLimiter) allow(client string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[client]
	if b == nil {
		if len(l.buckets) >= maxClients {
			l.forget(now)
		}
		if len(l.buckets) >= maxClients {
			client = overflowKey
			b = l.buckets[client]
		}
		if b == nil {
			b = &bucket{tokens: l.burst, last: now}
			l.buckets[client] = b
		}
	}
	if dt := now.Sub(b.last).Seconds(); dt > 0 {
		b.tokens = min(l.burst, b.tokens+l.rate*dt)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := math.Ceil((1 - b.tokens) / l.rate)
	return false, time.Duration(wait) * time.Second
}

// forget drops the buckets that have refilled by now.
func (l *rateLimiter) forget(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+l.rate*now.Sub(b.last).Seconds() >= l.burst {
			delete(l.buckets, k)
		}
	}
}
