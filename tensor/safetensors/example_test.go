package safetensors_test

import (
	"bytes"
	"fmt"
	"log"
	"slices"

	"genplay/tensor/safetensors"
)

// Write a file with two tensors and metadata, and read it back.
func Example() {
	f := &safetensors.File{
		Tensors: []safetensors.Tensor{
			{Name: "net.0.weight", Shape: []int{2, 3}, Data: []float32{0.5, -1.25, 3, 0.001, -7.5, 2}},
			// Stored as F16, so 0.1 reads back as the nearest binary16.
			{Name: "net.0.bias", Shape: []int{2}, Data: []float32{1, 0.1}, Dtype: safetensors.F16},
		},
		Metadata: map[string]string{"family": "vae", "seed": "7"},
	}
	var buf bytes.Buffer
	if err := safetensors.Write(&buf, f); err != nil {
		log.Fatal(err)
	}

	g, err := safetensors.Read(&buf)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range g.Tensors {
		fmt.Println(t.Name, t.Dtype, t.Shape, t.Data)
	}
	keys := make([]string, 0, len(g.Metadata))
	for k := range g.Metadata {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Printf("%s=%s\n", k, g.Metadata[k])
	}
	// Output:
	// net.0.bias F16 [2] [1 0.099975586]
	// net.0.weight F32 [2 3] [0.5 -1.25 3 0.001 -7.5 2]
	// family=vae
	// seed=7
}
