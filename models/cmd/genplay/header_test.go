package main

import (
	"testing"

	"genplay/models/metrics/vocab"
)

// TestHeader checks that the tables' headers read the vocabulary's labels.
func TestHeader(t *testing.T) {
	got := header("model", vocab.HighQuality+" %", vocab.NLL, vocab.FD+" ↓", "evals / image")
	want := "| model | Near a mode % | NLL (nats) | Fréchet distance (conv features) ↓ | evals / image |"
	if got != want {
		t.Errorf("header = %q, want %q", got, want)
	}
}
