package classifier

import (
	"sync"
	"testing"

	"genplay/models/data"
	"genplay/models/modeltest"
)

// shortConfig is the configuration of the classifier most tests share: the
// default network and schedule compressed into shortSteps steps of 64
// digits, a twentieth of the shipped run's digits.
func shortConfig() Config {
	cfg := Default()
	cfg.Steps, cfg.Batch = shortSteps, 64
	return cfg
}

// shortSteps is the length of shortConfig's run: 1 to 7 minutes natively,
// by the machine's load.
const shortSteps = 300

// trained returns the MNIST sets and a classifier trained with shortConfig
// from DefaultSeed, with its reference statistics, built once per test
// binary. It skips in -short mode.
func trained(t *testing.T) (c *Classifier, train, test *data.Images) {
	t.Helper()
	if testing.Short() {
		t.Skip("trains a classifier on MNIST for minutes")
	}
	train, test = modeltest.MNIST(t)
	trainOnce.Do(func() { shared, sharedErr = Pretrain(shortConfig(), train, DefaultSeed, nil) })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared, train, test
}

var (
	trainOnce sync.Once
	shared    *Classifier
	sharedErr error
)
