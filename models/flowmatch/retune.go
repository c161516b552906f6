package flowmatch

import (
	"fmt"

	"genplay/models"
)

// Retune applies c to the model from its next TrainStep or Sample. c may
// differ from the model's configuration only in the fields that can change
// while the model trains: the learning rate, and the sampler and its steps,
// which training never reads. Retune returns an error, and leaves the model
// unchanged, if c is invalid or differs in any other field; such a change
// needs a new model.
func (m *Model) Retune(c Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	frozen := c
	frozen.LearningRate = m.cfg.LearningRate
	frozen.Sampler, frozen.SampleSteps = m.cfg.Sampler, m.cfg.SampleSteps
	if key := models.FirstChange(m.cfg, frozen); key != "" {
		return fmt.Errorf("flowmatch: %s cannot change while training; reset the model", key)
	}
	m.cfg = c
	m.opt.LR = c.LearningRate
	return nil
}
