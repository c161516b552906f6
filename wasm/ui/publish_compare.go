package ui

import (
	"encoding/json"
	"fmt"

	"genplay/wasm/urlstate"
)

// Publishing the Compare view: every tile pauses and exports its weights;
// each family's file is uploaded as a demo of its own, then the index that
// names them (CompareIndex), whose short link opens the grid.

// publishCompare publishes the Compare view's tiles.
func (p *Page) publishCompare(rq Requester) {
	c, pub := p.cmp, p.pubBox()
	c.Pause()
	tiles := c.tiles
	if len(tiles) == 0 {
		p.publishFailed(fmt.Errorf("the Compare view has no family"))
		return
	}
	files := make([][]byte, len(tiles))
	left, failed := len(tiles), false
	pub.status = fmt.Sprintf("Saving the weights of %d families…", len(tiles))
	for i, t := range tiles {
		t.s.exportTo(func(w []byte, err error) {
			if failed {
				return
			}
			var b []byte
			if err == nil {
				b, err = demoFile(w, t.s.demoView())
			}
			if err != nil {
				failed = true
				p.publishFailed(fmt.Errorf("the weights of the %s could not be saved: %v", t.title(), err))
				return
			}
			files[i] = b
			if left--; left == 0 {
				p.uploadCompare(rq, tiles, files)
			}
		})
	}
}

// uploadCompare uploads the tiles' demo files one after the other, then
// the index naming them. The index's view is the Compare link of the grid
// as the exports left it: every tile has reported its step by then (the
// worker answers an export with its state first).
func (p *Page) uploadCompare(rq Requester, tiles []*tile, files [][]byte) {
	pub := p.pubBox()
	ix := CompareIndex{Format: indexFormat, View: urlstate.Encode(p.cmp.linkState())}
	var next func(i int)
	next = func(i int) {
		if i == len(tiles) {
			b, err := json.Marshal(ix)
			if err != nil {
				p.publishFailed(err)
				return
			}
			pub.status = "Uploading the index…"
			p.upload(rq, b, func(r publishReply, err error) {
				if err != nil {
					p.publishFailed(fmt.Errorf("the index: %v", err))
					return
				}
				p.published(r, fmt.Sprintf("Published the Compare view of %d families at step %d.", len(tiles), p.cmp.commonStep()))
			})
			return
		}
		t := tiles[i]
		pub.status = fmt.Sprintf("Uploading the %s (%d of %d, %s)…", t.title(), i+1, len(tiles), mb(len(files[i])))
		p.upload(rq, files[i], func(r publishReply, err error) {
			if err != nil {
				p.publishFailed(fmt.Errorf("the %s: %v", t.title(), err))
				return
			}
			ix.Demos = append(ix.Demos, IndexEntry{Family: t.family, ID: r.ID})
			next(i + 1)
		})
	}
	next(0)
}
