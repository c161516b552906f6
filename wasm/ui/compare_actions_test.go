package ui

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"genplay/models/claims"
	"genplay/wasm/protocol"
	"genplay/wasm/urlstate"
)

// A worker that fails shows its error in its tile; Restart replaces that
// worker alone, which trains on to the budget while the others train.
func TestCompareTileFailure(t *testing.T) {
	p, workers, _ := newComparePage(t, "v=1&view=compare&fams=gan,diffusion")
	p.cmp.SetAmount("300")
	p.cmp.Play()
	gan, dif := p.cmp.tiles[0], p.cmp.tiles[1]
	if gan.failure() != "" {
		t.Fatalf("a fresh tile shows %q", gan.failure())
	}
	gan.s.Fail(errors.New("worker error: test crash"))
	if !strings.Contains(gan.failure(), "test crash") {
		t.Errorf("the crashed tile shows %q", gan.failure())
	}
	// A panic in the worker's program arrives as an error that stops
	// training, before the program ends.
	dif.s.Apply(protocol.Error{Stopped: true, Message: "The worker failed: boom. Press restart."})
	if !strings.Contains(dif.failure(), "boom") {
		t.Errorf("the tile whose worker panicked shows %q", dif.failure())
	}
	sentDif := len(workers["diffusion"].sent)
	p.cmp.RestartTile(gan)
	w := workers["gan"]
	if w.restarts != 1 || gan.failure() != "" {
		t.Fatalf("restart: %d restarts, failure %q", w.restarts, gan.failure())
	}
	if last := w.sent[len(w.sent)-1]; last.Op != protocol.KindPlay || last.Until != 300 {
		t.Errorf("the restarted GAN was sent %+v last, want play to 300", last)
	}
	if workers["diffusion"].restarts != 0 || len(workers["diffusion"].sent) != sentDif {
		t.Errorf("restarting the GAN touched diffusion's worker")
	}
	// Paused before any tile trained, a restart rebuilds the model and
	// leaves it at step 0.
	p.cmp.Pause()
	p.cmp.RestartTile(dif)
	if last := workers["diffusion"].sent[len(workers["diffusion"].sent)-1]; last.Op != protocol.KindReset {
		t.Errorf("the restarted paused tile was sent %+v last, want reset", last)
	}
}

// A tile restarted after the others trained to a link's step trains to
// that step too.
func TestCompareRestartAfterLink(t *testing.T) {
	p, workers, _ := newComparePage(t, "v=1&view=compare&fams=gan,diffusion&n=40")
	gan, dif := p.cmp.tiles[0], p.cmp.tiles[1]
	dif.s.Apply(protocol.Progress{Seq: dif.s.seq, Spec: dif.s.spec, Dim: 2, Step: 40})
	gan.s.Fail(errors.New("test crash"))
	p.cmp.RestartTile(gan)
	w := workers["gan"]
	if last := w.sent[len(w.sent)-1]; last.Op != protocol.KindPlay || last.Until != 40 {
		t.Errorf("the restarted GAN was sent %+v last, want play to 40", last)
	}
}

// Every claim names a panel of the protocol's table and a family of the
// registry; its link opens the subject's tile in the single view at that
// panel, with the session intact.
func TestCompareClaimOpens(t *testing.T) {
	p, workers, _ := newComparePage(t, "v=1&view=compare")
	for _, cl := range claims.Table {
		found := false
		for _, row := range protocol.PanelTable {
			found = found || row.Name == cl.Panel
		}
		if !found {
			t.Errorf("claim %s names panel %q, which the protocol lacks", cl.ID, cl.Panel)
		}
		if p.cmp.claimTile(cl) == nil {
			t.Errorf("claim %s's subject %q has no tile", cl.ID, cl.Subject)
		}
	}
	flow := p.cmp.claimTile(claims.Table[3])
	flow.s.Apply(protocol.Progress{Spec: registrySpec("flow"), Dim: 2, Step: 7, Caps: capsFlow})
	p.cmp.OpenClaim(claims.Table[3]) // the flow's exact likelihood: the latent panel
	if p.comparing() || p.Main() != flow.s || flow.s.view.Panel != protocol.PanelLatent || flow.s.step != 7 {
		t.Errorf("the claim opened comparing %v, session %p (flow %p), panel %q, step %d",
			p.comparing(), p.Main(), flow.s, flow.s.view.Panel, flow.s.step)
	}
	w := workers["flow"]
	if last := w.sent[len(w.sent)-1]; last.Op != protocol.KindView || last.View.Panel != protocol.PanelLatent {
		t.Errorf("the flow's worker was sent %+v last, want the latent panel's view", last)
	}
	if title := p.cmp.claimLinkTitle(claims.Table[3]); !strings.Contains(title, "Normalizing flow") {
		t.Errorf("the link's title %q does not name the family", title)
	}
	// A model that has not reported its panels opens at the claim's
	// panel once it does.
	p.ToggleCompare()
	ae := p.cmp.claimTile(claims.Table[2])
	p.cmp.OpenClaim(claims.Table[2])
	ae.s.Apply(protocol.Progress{Spec: registrySpec("ae"), Dim: 2, Step: 1, Caps: capsAE})
	if ae.s.view.Panel != protocol.PanelPrior || p.Main() != ae.s {
		t.Errorf("the AE opened at %q, want prior", ae.s.view.Panel)
	}
}

// The grid's PNG holds every tile's plot in rows of three, under labels
// drawn in the 5×7 font.
func TestCompareGridPNG(t *testing.T) {
	p, _, h := newComparePage(t, "v=1&view=compare&fams=ae,gan,flow,diffusion")
	colours := []color.RGBA{{200, 0, 0, 255}, {0, 200, 0, 255}, {0, 0, 200, 255}, {200, 200, 0, 255}}
	for i, tl := range p.cmp.tiles {
		img := image.NewRGBA(image.Rect(0, 0, plotSize, plotSize))
		for j := 0; j < len(img.Pix); j += 4 {
			copy(img.Pix[j:j+4], []uint8{colours[i].R, colours[i].G, colours[i].B, 255})
		}
		tl.s.mainImg = img
	}
	p.cmp.ExportPNG()
	if len(h.downloads) != 1 || h.downloads[0].mime != "image/png" || !strings.HasSuffix(h.downloads[0].name, ".png") {
		t.Fatalf("downloads %+v", h.downloads)
	}
	img, err := png.Decode(bytes.NewReader(h.downloads[0].b))
	if err != nil {
		t.Fatal(err)
	}
	wantW, wantH := pngGap+3*(plotSize+pngGap), pngGap+2*(pngLabel+plotSize+pngGap)
	if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
		t.Fatalf("PNG %v, want %d×%d", b, wantW, wantH)
	}
	for i := range p.cmp.tiles {
		x := pngGap + (i%3)*(plotSize+pngGap)
		y := pngGap + (i/3)*(pngLabel+plotSize+pngGap)
		if got := color.RGBAModel.Convert(img.At(x+plotSize/2, y+pngLabel+plotSize/2)).(color.RGBA); got != colours[i] {
			t.Errorf("tile %d's plot is %v, want %v", i, got, colours[i])
		}
		ink := 0
		for yy := y; yy < y+pngLine; yy++ {
			for xx := x; xx < x+plotSize; xx++ {
				if color.RGBAModel.Convert(img.At(xx, yy)).(color.RGBA) == pngInk {
					ink++
				}
			}
		}
		if ink < 50 {
			t.Errorf("tile %d's label has %d pixels of ink", i, ink)
		}
	}
	// The empty cell of the second row stays background.
	x, y := pngGap+2*(plotSize+pngGap), pngGap+pngLabel+plotSize+pngGap+pngLabel+plotSize/2
	if got := color.RGBAModel.Convert(img.At(x+plotSize/2, y)).(color.RGBA); got != pngBackground {
		t.Errorf("the empty cell is %v", got)
	}
}

// drawText draws each glyph's pixels, scaled, and nothing else.
func TestDrawText(t *testing.T) {
	dst := image.NewRGBA(image.Rect(0, 0, 40, 20))
	ink := color.RGBA{1, 2, 3, 255}
	drawText(dst, 1, 2, "a7", ink)
	for i, r := range "A7" {
		g := glyph(r)
		x0 := 1 + i*(glyphW+1)*pngScale
		for y := range dst.Rect.Dy() {
			for x := x0; x < x0+glyphW*pngScale; x++ {
				row, col := (y-2)/pngScale, (x-x0)/pngScale
				want := y >= 2 && row < glyphH && g[row]&(1<<(glyphW-1-col)) != 0
				if got := dst.RGBAAt(x, y) == ink; got != want {
					t.Fatalf("%c at (%d, %d): ink %v, want %v", r, x, y, got, want)
				}
			}
		}
	}
	if g := glyph('%'); g != ([glyphH]uint8{}) {
		t.Errorf("a character the font lacks draws %v", g)
	}
}

// A Compare link in embed mode shows the grid and the claims board: the
// view's class drops the controls, a tile does not leave the grid, and
// the Embed button's code is the Compare view's.
func TestCompareEmbed(t *testing.T) {
	p, _, _ := newComparePage(t, "v=1&view=compare&embed=1&n=40")
	if !p.comparing() || !strings.Contains(p.cmp.rootClass(), "compare-embed") {
		t.Fatalf("comparing %v, class %q", p.comparing(), p.cmp.rootClass())
	}
	p.cmp.Open(p.cmp.tiles[0])
	if !p.comparing() {
		t.Errorf("a tile left the grid in embed mode")
	}
	if link := p.cmp.openLink(); strings.Contains(link, "embed") || !strings.Contains(link, "view=compare") {
		t.Errorf("open link %q", link)
	}
	full, _, _ := newComparePage(t, "v=1&view=compare&n=40&d=moons")
	code := full.embedCode()
	if !strings.Contains(code, "view=compare") || !strings.Contains(code, "embed=1") || !strings.Contains(code, "d=moons") ||
		!strings.Contains(code, `width="980"`) {
		t.Errorf("embed code %s", code)
	}
	src := code[strings.Index(code, "#")+1 : strings.Index(code, `" width`)]
	st, notices := urlstate.Decode(strings.ReplaceAll(src, "&amp;", "&"))
	if len(notices) > 0 || !st.Compare.On || !st.Embed || st.Spec.Steps != 40 {
		t.Errorf("the embed code's state %+v, notices %v", st, notices)
	}
	full.ToggleCompare()
	if code := full.embedCode(); strings.Contains(code, "view=compare") {
		t.Errorf("the single view's embed code %s", code)
	}
}
