package classifier_test

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"genplay/models/classifier"
	"genplay/models/data"
)

// Train the shipped classifier, save it with its reference statistics,
// load it back and score a set of images at N = 1000 against the floor at
// the same N. (Not run by go test: it trains for minutes.)
func Example() {
	read := func(name string) *data.Images {
		f, err := os.Open(name)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		s, err := data.ReadImages(f)
		if err != nil {
			log.Fatal(err)
		}
		return s
	}
	train, test := read("web/data/mnist.gpim"), read("web/data/mnist-test.gpim")

	c, err := classifier.Pretrain(classifier.Default(), train, classifier.DefaultSeed, nil)
	if err != nil {
		log.Fatal(err)
	}
	var file bytes.Buffer
	if err := classifier.Save(&file, c, map[string]string{"seed": "1"}); err != nil {
		log.Fatal(err)
	}
	c, _, err = classifier.Load(&file)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("test accuracy %.4f\n", c.Accuracy(test))

	generated := make([]float32, 1000*c.Dim()) // a model's samples, pixels in [0, 1]
	rep, err := c.Score(generated, test)
	if err != nil {
		log.Fatal(err)
	}
	floor, err := c.Floor(test, rep.N)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("FD %.1f (real digits: %.1f), class coverage %.2f, precision %.2f, recall %.2f\n",
		rep.FD, floor.FD, rep.ClassCoverage, rep.Precision, rep.Recall)
}
