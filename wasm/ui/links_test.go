package ui

import (
	"strings"
	"testing"

	"genplay/wasm/protocol"
)

// TestEmbedAlone opens "?embed=1", a link without v: the default model in
// embed mode, without notices, reset rather than trained.
func TestEmbedAlone(t *testing.T) {
	pg, r, w, _ := newTestPage(t, "?embed=1")
	if !pg.embed || !r.embed || len(pg.linkNotices) != 0 {
		t.Fatalf("embed %v/%v, notices %v; want embed mode and no notices", pg.embed, r.embed, pg.linkNotices)
	}
	if !strings.Contains(pg.appClass(), "app-embed") {
		t.Errorf("class %q lacks app-embed", pg.appClass())
	}
	r.Start()
	if got := ops(w.sent); got != "view,reset" || w.sent[1].Spec.Family != DefaultSpec().Family {
		t.Errorf("sent %s, want view,reset of the default", got)
	}
}

// TestFarStep opens a link to a step the page cannot train to in about a
// minute: it opens at step 0 and asks, offering to train to the bound or
// to load the pretrained model; answering trains to the bound.
func TestFarStep(t *testing.T) {
	pg, r, w, _ := newTestPage(t, "?v=1&f=vae&d=mnist&n=500000")
	if !strings.Contains(pg.linkNotice(), "step 2000") || !strings.Contains(pg.linkNotice(), "pretrained") {
		t.Errorf("notice %q, want one naming step 2000 and the pretrained models", pg.linkNotice())
	}
	r.Start()
	if got := ops(w.sent); got != "view,reset" || !r.asking() || r.askReplayText() != "Train to step 2000" {
		t.Fatalf("sent %s, asking %v (%q), want view,reset and the question", got, r.asking(), r.askReplayText())
	}
	r.ReplayAsked()
	if got := ops(w.sent); got != "view,reset,play" || w.sent[2].Until != 2000 || r.asking() {
		t.Fatalf("sent %s until %d, want view,reset,play until 2000 and no question", got, w.sent[len(w.sent)-1].Until)
	}
	// With a pretrained model named, the step stands: the model is loaded
	// and trained on from its own step.
	_, r, w, _ = newTestPage(t, "?v=1&f=vae&d=mnist&n=500000&m=vae-mnist")
	r.Start()
	if got := ops(w.sent); got != "view,load" || w.sent[1].Op != protocol.KindLoad || w.sent[1].Model != "vae-mnist" || r.until != 500000 {
		t.Errorf("sent %s, until %d; want view,load of vae-mnist until 500000", got, r.until)
	}
}

// TestEmbedCodeSize checks that the Embed button's code asks for the size
// that shows the whole plot and its axes.
func TestEmbedCodeSize(t *testing.T) {
	pg, _, _, _ := newTestPage(t, "?v=1&f=gan")
	pg.Embed()
	if pg.shown != shownEmbed {
		t.Fatalf("shown %q after Embed", pg.shown)
	}
	code := pg.embedCode()
	if !strings.Contains(code, `width="760" height="700"`) || !strings.Contains(code, "embed=1") {
		t.Errorf("embed code %s", code)
	}
}
