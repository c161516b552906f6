package urlstate_test

import (
	"encoding/json"
	"fmt"

	"genplay/wasm/urlstate"
)

func ExampleEncode() {
	s := urlstate.Default()
	s.Spec.Family = "gan"
	s.Spec.Steps = 1200
	s.Spec.Config = json.RawMessage(`{"lr_g":0.0005,"d_steps":3}`)
	s.View.Psi = 0.7
	fmt.Println(urlstate.Encode(s))
	// Output:
	// v=1&f=gan&n=1200&c.lr_g=0.0005&c.d_steps=3&psi=0.7
}

func ExampleDecode() {
	s, notices := urlstate.Decode("#v=1&f=gan&n=1200&c.d_steps=30&psi=0.7&zoom=2")
	fmt.Println(s.Spec.Family, s.Spec.Steps, string(s.Spec.Config), s.View.Psi)
	for _, n := range notices {
		fmt.Println(n)
	}
	// Output:
	// gan 1200 {"d_steps":10} 0.7
	// c.d_steps=30 was outside [1, 10]; using 10.
	// The link's key "zoom" is unknown; it was ignored.
}
