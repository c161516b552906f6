package worker

import (
	"bytes"
	"slices"
	"testing"

	"genplay/models/registry"
	"genplay/wasm/protocol"
	"genplay/wasm/ui"
)

// TestPagePaintsEveryFigure trains a small model of every family on a 2D
// set and on a 4×4 image set, and for every panel that the panel table
// gives the capabilities the worker reports, checks that the worker's
// figure holds the arrays and stats of the panel's row and no array the
// row does not list, and that the page's session paints it: the plot
// changes and the page reads no array that the row does not list. So a
// name typed wrong on either side, or a row that does not say what its
// figure holds, fails here.
func TestPagePaintsEveryFigure(t *testing.T) {
	for _, images := range []bool{false, true} {
		for _, f := range registry.Families() {
			name := f.Name + map[bool]string{false: " 2D", true: " images"}[images]
			t.Run(name, func(t *testing.T) {
				tr, clk, srv := realTrainer()
				spec := small(f.Name, "8gaussians", 1)
				if images {
					srv.addData("mnist", tinyImages("mnist", 40, 4))
					spec.Data = "mnist"
				}
				msgs := tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: spec, Until: 3}, clk.tick)
				msgs = append(msgs, idle(t, tr, clk)...)
				ps := progresses(msgs)
				if len(ps) == 0 {
					t.Fatal("no progress")
				}
				caps := ps[len(ps)-1].Caps
				panels := protocol.PanelsFor(caps, images)
				if len(panels) == 0 {
					t.Fatalf("no panels for the capabilities %v", caps)
				}
				s := ui.NewPage(nil, "").AddSession(ui.SessionConfig{})
				for _, m := range msgs {
					s.Apply(m)
				}
				var names []string
				for _, p := range panels {
					names = append(names, p.Name)
				}
				if got := s.Panels(); !slices.Equal(got, names) {
					t.Fatalf("the page shows the panels %v, the table gives %v", got, names)
				}
				for _, p := range panels {
					fig := figure(t, tr, clk, view(p.Name))
					if fig.Note != "" && !bytes.HasPrefix([]byte(fig.Note), []byte(protocol.FieldNotePrefix)) {
						t.Errorf("%s: the worker says %q", p.Name, fig.Note)
					}
					for _, a := range p.Arrays {
						if len(fig.Get(a)) == 0 {
							t.Errorf("%s: the figure lacks array %q", p.Name, a)
						}
					}
					for _, a := range fig.Arrays {
						if !p.Reads(a.Name) {
							t.Errorf("%s: the figure holds array %q, which the row does not list", p.Name, a.Name)
						}
					}
					for _, st := range p.Stats {
						if _, ok := fig.Stat(st); !ok {
							t.Errorf("%s: the figure lacks stat %q", p.Name, st)
						}
					}
					s.SetPanel(p.Name)
					before := slices.Clone(s.MainImage().Pix)
					s.Apply(fig)
					if slices.Equal(before, s.MainImage().Pix) {
						t.Errorf("%s: painting the figure changed nothing", p.Name)
					}
				}
				if pr := s.Problems(); len(pr) != 0 {
					t.Errorf("painting: %v", pr)
				}
			})
		}
	}
}
