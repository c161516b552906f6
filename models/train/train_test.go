package train

import (
	"math"
	"strings"
	"testing"
	"time"

	"genplay/models"
	"genplay/tensor/rng"
)

// fakeModel has a loss that falls as 1/step, or turns NaN at a given step.
type fakeModel struct {
	steps, nanAt int
	losses       []models.Loss
}

func (f *fakeModel) TrainStep(models.Source, *rng.PCG) []models.Loss {
	f.steps++
	v := 1 / float32(f.steps)
	if f.steps == f.nanAt {
		v = float32(math.NaN())
	}
	f.losses = append(f.losses[:0], models.Loss{Name: "total", Value: v})
	return f.losses
}
func (f *fakeModel) Sample([]float32, *rng.PCG) {}
func (f *fakeModel) Steps() int                 { return f.steps }
func (f *fakeModel) Weights() []models.Weight   { return nil }

// tick is a clock that advances 10 ms per reading.
func tick() func() time.Time {
	t := time.Unix(0, 0)
	return func() time.Time { t = t.Add(10 * time.Millisecond); return t }
}

func TestRunReports(t *testing.T) {
	var got []Progress
	m := &fakeModel{}
	sps, err := Run(m, nil, 10, rng.New(1), Options{Every: 4, Now: tick(), Report: func(p Progress) {
		got = append(got, Progress{Step: p.Step, StepsPerSec: p.StepsPerSec, Losses: append([]models.Loss(nil), p.Losses...)})
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Step != 4 || got[1].Step != 8 || got[2].Step != 10 {
		t.Fatalf("reports at %+v, want steps 4, 8, 10", got)
	}
	// Each report reads the clock once: 4 steps in 10 ms.
	if got[1].StepsPerSec != 400 || got[2].Losses[0].Value != 0.1 {
		t.Errorf("report %+v", got[1:])
	}
	if m.Steps() != 10 || sps <= 0 {
		t.Errorf("%d steps at %v steps/s", m.Steps(), sps)
	}
}

func TestRunStopsOnNaN(t *testing.T) {
	m := &fakeModel{nanAt: 7}
	_, err := Run(m, nil, 100, rng.New(1), Options{})
	if err == nil || !strings.Contains(err.Error(), "step 7") || m.Steps() != 7 {
		t.Fatalf("error %v after %d steps, want a divergence at step 7", err, m.Steps())
	}
}
