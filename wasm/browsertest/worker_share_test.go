//go:build !(js && wasm)

package browsertest

import (
	"testing"
	"time"
)

// TestMNISTScoresWhileTraining trains the VAE on MNIST from scratch and,
// without pressing Score samples, waits for the classifier's metrics to
// fill in by themselves: the Fréchet distance, class coverage, precision
// and recall show numbers within a minute of play, and the Fréchet
// distance changes again later, as the worker scores a fresh sample every
// few seconds while it trains.
func TestMNISTScoresWhileTraining(t *testing.T) {
	needWeights(t) // the classifier is one of the served assets
	p := openLink(t, testEnv.baseURL+"?v=1&f=vae&d=mnist")
	p.waitStatus("ready", 2*time.Minute)
	for _, m := range []string{"fd", "class_coverage"} {
		if v, ok := p.metric(m); ok {
			t.Fatalf("metric %s reads %v before training, want –", m, v)
		}
	}
	p.play()
	start := time.Now()
	p.poll("a Fréchet distance without Score samples",
		`/^[0-9]/.test((document.getElementById("metric-fd") || {}).textContent || "")`, time.Minute)
	fd, _ := p.metric("fd")
	t.Logf("fd %.1f after %v of training, at step %d", fd, time.Since(start).Round(time.Millisecond), p.step())
	for _, m := range []string{"class_coverage", "precision", "recall"} {
		if _, ok := p.metric(m); !ok {
			t.Errorf("metric %s reads %q beside fd %.1f, want a number", m, p.text("#metric-"+m), fd)
		}
	}
	p.shot("mnist-scored-while-training")
	deadline := time.Now().Add(time.Minute)
	for {
		if v, ok := p.metric("fd"); ok && v != fd {
			t.Logf("fd %.1f → %.1f after %v more, at step %d", fd, v, time.Since(deadline.Add(-time.Minute)).Round(time.Millisecond), p.step())
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("fd stayed %.1f for a minute of training (step %d, status %q)", fd, p.step(), p.status())
		}
		time.Sleep(250 * time.Millisecond)
	}
	if !p.running() {
		t.Error("the page stopped training")
	}
}
