package diffusion

import (
	"fmt"

	"genplay/models"
)

// Retune applies c to the model from its next TrainStep. c may differ from
// the model's configuration only in the fields that can change while the
// model trains: the learning rate. Retune returns an error, and leaves the
// model unchanged, if c is invalid or differs in any other field; such a
// change needs a new model.
func (m *Model) Retune(c Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	frozen := c
	frozen.LearningRate = m.cfg.LearningRate
	if key := models.FirstChange(m.cfg, frozen); key != "" {
		return fmt.Errorf("diffusion: %s cannot change while training; reset the model", key)
	}
	m.cfg = c
	m.opt.LR = c.LearningRate
	return nil
}
