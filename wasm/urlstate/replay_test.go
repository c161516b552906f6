package urlstate

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"genplay/models/data"
)

// TestReplayBound opens links whose step the page cannot train to in about
// a minute: they open at step 0 with the link's step in Asked and one notice
// that offers MaxReplay of their data set and the pretrained models, and the
// link of the result opens at step 0 without asking.
func TestReplayBound(t *testing.T) {
	drawn, err := data.EncodeDrawn(make([]float32, 2*data.MinDrawn))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		link  string
		steps int
		clamp bool
	}{
		{"v=1&n=20000", 20000, false},
		{"v=1&n=20001", 20000, true},
		{"v=1&f=gan&d=moons&n=100000000", 20000, true},
		{"v=1&d=" + drawn + "&n=50000", 20000, true},
		{"v=1&f=vae&d=mnist&n=2000", 2000, false},
		{"v=1&f=vae&d=mnist&n=2001", 2000, true},
		{"f=ae&d=mnist&n=60000", 2000, true}, // without v
		{"v=1&d=mnist&n=1e12", 2000, true},   // also over MaxSteps: one notice
		{"v=1&n=25000.5", 20000, true},       // also not whole: one notice
		{"v=1&d=mnist&n=2500&view=compare", 2000, true},
		// A pretrained model is loaded and trained on from its own step.
		{"v=1&d=mnist&n=60000&m=vae-mnist", 60000, false},
		{"v=1&n=1e12&m=gan-8gaussians", MaxSteps, false},
	}
	for _, tt := range tests {
		s, notices := Decode(tt.link)
		switch {
		case tt.clamp && (s.Spec.Steps != 0 || s.Asked <= tt.steps):
			t.Errorf("Decode(%.60s) step %d asked %d, want 0 and more than %d", tt.link, s.Spec.Steps, s.Asked, tt.steps)
		case !tt.clamp && (s.Spec.Steps != tt.steps || s.Asked != 0):
			t.Errorf("Decode(%.60s) step %d asked %d, want %d and 0", tt.link, s.Spec.Steps, s.Asked, tt.steps)
		}
		var replay []Notice
		for _, n := range notices {
			if n.Key == "n" {
				replay = append(replay, n)
			}
		}
		switch {
		case tt.clamp && (len(notices) != 1 || len(replay) != 1):
			t.Errorf("Decode(%.60s) notices %v, want one about n", tt.link, notices)
		case tt.clamp && (!strings.Contains(replay[0].Message, "about a minute") || !strings.Contains(replay[0].Message, "pretrained") ||
			!strings.Contains(replay[0].Message, "step "+strconv.Itoa(tt.steps))):
			t.Errorf("Decode(%.60s) notice %q does not name the minute, the step and the pretrained models", tt.link, replay[0].Message)
		case !tt.clamp && strings.Contains(fmtNotices(notices), "about a minute"):
			t.Errorf("Decode(%.60s) notices %v, want none about the step's time", tt.link, notices)
		case !tt.clamp && !strings.Contains(tt.link, "e12") && len(notices) != 0:
			t.Errorf("Decode(%.60s) notices %v, want none", tt.link, notices)
		}
		again, notices := Decode(Encode(s))
		s.Asked = 0
		if len(notices) != 0 || !reflect.DeepEqual(again, s) {
			t.Errorf("the link of Decode(%.60s) reopens as %+v with %v", tt.link, again, notices)
		}
	}
	want := "n=20001 is more steps than the page can train in about a minute, so it opens at step 0 and asks: " +
		"train to step 20000, or load a pretrained model, trained further."
	if _, notices := Decode("v=1&n=20001"); len(notices) != 1 || notices[0].Message != want {
		t.Errorf("notice %v, want %q", notices, want)
	}
	if MaxReplay("mnist") != MaxReplayImages || MaxReplay("8gaussians") != MaxReplay2D || MaxReplay(drawn) != MaxReplay2D {
		t.Error("MaxReplay does not tell image sets from 2D sets")
	}
}

// TestWithoutVersion checks that a link without v means what the same link
// with v=1 means, notices and all.
func TestWithoutVersion(t *testing.T) {
	for _, q := range []string{
		"embed=1", "embed", "f=ae&d=moons&s=7&n=3000&c.lr=0.01&p=recon",
		"f=gan&n=1200&c.lr_g=0.0005&psi=0.7&embed=1", "psi=0.5&zoom=1", "psi=7&k=3",
		"f=vae&d=mnist&n=5000", "d=swissroll&view=compare&fams=gan,flow&budget=time&secs=20",
	} {
		got, gotN := Decode("?" + q)
		want, wantN := Decode("?v=1&" + q)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotN, wantN) {
			t.Errorf("Decode(%s) = %+v, %v\nwith v=1: %+v, %v", q, got, gotN, want, wantN)
		}
		if reflect.DeepEqual(got, Default()) {
			t.Errorf("Decode(%s) gave the defaults", q)
		}
	}
	if s, notices := Decode("?embed=1"); !s.Embed || len(notices) != 0 || !reflect.DeepEqual(s, Embed(Default())) {
		t.Errorf("Decode(?embed=1) = %+v, %v; want the defaults in embed mode", s, notices)
	}
}

func fmtNotices(ns []Notice) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString(n.Message)
	}
	return b.String()
}
