package gan

import (
	"fmt"

	"genplay/models"
	"genplay/tensor/optim"
)

// Retune applies c to the model from its next TrainStep. c may differ from
// the model's configuration only in the fields that can change while the
// model trains: the two learning rates, Adam's β₁ and β₂, k (DSteps) and λ
// (Penalty). Retune returns an error, and leaves the model unchanged, if c
// is invalid or differs in any other field; such a change needs a new
// model. Adam's bias corrections go on multiplying the β of each step, so
// they stay those of the βs actually used.
func (m *Model) Retune(c Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	frozen := c
	frozen.LRG = m.cfg.LRG
	frozen.LRD = m.cfg.LRD
	frozen.DSteps = m.cfg.DSteps
	frozen.Penalty = m.cfg.Penalty
	frozen.Beta1, frozen.Beta2 = m.cfg.Beta1, m.cfg.Beta2
	if key := models.FirstChange(m.cfg, frozen); key != "" {
		return fmt.Errorf("gan: %s cannot change while training; reset the model", key)
	}
	m.cfg = c
	m.optG.LR, m.optD.LR = c.LRG, c.LRD
	for _, o := range []*optim.Adam{m.optG, m.optD} {
		o.Beta1, o.Beta2 = c.Beta1, c.Beta2
	}
	return nil
}
