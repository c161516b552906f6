// Package train runs a model's training loop: the one loop that the
// command-line tool, the pretraining and the tests share.
package train

import (
	"fmt"
	"math"
	"time"

	"genplay/models"
	"genplay/tensor/rng"
)

// Progress is a report from Run.
type Progress struct {
	Step        int           // steps taken so far
	Losses      []models.Loss // the last step's losses; valid during the callback
	StepsPerSec float64       // since the previous report
	Elapsed     time.Duration // since Run started
}

// Options tune Run. The zero value reports nothing.
type Options struct {
	// Every is the number of steps between reports; 0 reports only at the
	// end.
	Every int
	// Report, if set, is called every Every steps and after the last one.
	Report func(Progress)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Run takes steps training steps of m on src, drawing with r. It stops with
// an error naming the step if a loss is not finite; m then holds the weights
// of that step. It returns the training speed in steps per second.
func Run(m models.Model, src models.Source, steps int, r *rng.PCG, opt Options) (stepsPerSec float64, err error) {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	last, lastStep := start, 0
	report := func(step int, losses []models.Loss) {
		t := now()
		p := Progress{Step: step, Losses: losses, Elapsed: t.Sub(start)}
		if d := t.Sub(last).Seconds(); d > 0 {
			p.StepsPerSec = float64(step-lastStep) / d
		}
		last, lastStep = t, step
		if opt.Report != nil {
			opt.Report(p)
		}
	}
	var losses []models.Loss
	for i := 1; i <= steps; i++ {
		losses = m.TrainStep(src, r)
		for _, l := range losses {
			if math.IsNaN(float64(l.Value)) || math.IsInf(float64(l.Value), 0) {
				return 0, fmt.Errorf("train: loss %s is %v at step %d: training diverged", l.Name, l.Value, m.Steps())
			}
		}
		if i == steps || (opt.Every > 0 && i%opt.Every == 0) {
			report(i, losses)
		}
	}
	if d := now().Sub(start).Seconds(); d > 0 {
		stepsPerSec = float64(steps) / d
	}
	return stepsPerSec, nil
}
