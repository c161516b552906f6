//go:build js && wasm

package bridge

import (
	"fmt"
	"syscall/js"
	"unsafe"

	"genplay/wasm/protocol"
)

// ToJS returns p as a new JavaScript object, and the ArrayBuffers of its
// Float32Arrays, to be transferred by postMessage. It copies every []float32
// into a new Float32Array; it panics on a value that is not plain.
func ToJS(p protocol.Plain) (obj js.Value, transfer []any) {
	obj = js.Global().Get("Object").New()
	for k, v := range p {
		switch v := v.(type) {
		case string, float64, bool:
			obj.Set(k, v)
		case []float32:
			arr := Float32sToJS(v)
			obj.Set(k, arr)
			transfer = append(transfer, arr.Get("buffer"))
		case []byte:
			arr := BytesToJS(v)
			obj.Set(k, arr)
			transfer = append(transfer, arr.Get("buffer"))
		default:
			panic(fmt.Sprintf("bridge: %q holds a %T, which is not plain", k, v))
		}
	}
	return obj, transfer
}

// FromJS returns the plain form of the JavaScript object v: strings, numbers,
// booleans and Float32Arrays, the last copied into Go. It returns an error
// for any other value.
func FromJS(v js.Value) (protocol.Plain, error) {
	if v.Type() != js.TypeObject {
		return nil, fmt.Errorf("bridge: message is a %s, not an object", v.Type())
	}
	keys := js.Global().Get("Object").Call("keys", v)
	f32 := js.Global().Get("Float32Array")
	u8 := js.Global().Get("Uint8Array")
	p := make(protocol.Plain, keys.Length())
	for i := range keys.Length() {
		k := keys.Index(i).String()
		x := v.Get(k)
		switch x.Type() {
		case js.TypeString:
			p[k] = x.String()
		case js.TypeNumber:
			p[k] = x.Float()
		case js.TypeBoolean:
			p[k] = x.Bool()
		default:
			switch {
			case x.InstanceOf(f32):
				p[k] = Float32sFromJS(x)
			case x.InstanceOf(u8):
				p[k] = BytesFromJS(x)
			default:
				return nil, fmt.Errorf("bridge: message key %q holds a %s that is neither a Float32Array nor a Uint8Array", k, x.Type())
			}
		}
	}
	return p, nil
}

// Float32sToJS returns a new Float32Array holding a copy of f.
func Float32sToJS(f []float32) js.Value {
	arr := js.Global().Get("Float32Array").New(len(f))
	if len(f) > 0 {
		u8 := js.Global().Get("Uint8Array").New(arr.Get("buffer"))
		js.CopyBytesToJS(u8, bytesOf(f))
	}
	return arr
}

// Float32sFromJS returns a copy of the Float32Array arr, which may be a view
// into part of a larger buffer.
func Float32sFromJS(arr js.Value) []float32 {
	f := make([]float32, arr.Get("length").Int())
	if len(f) > 0 {
		u8 := js.Global().Get("Uint8Array").New(arr.Get("buffer"), arr.Get("byteOffset"), arr.Get("byteLength"))
		js.CopyBytesToGo(bytesOf(f), u8)
	}
	return f
}

// bytesOf views f as its bytes; wasm and JavaScript typed arrays are both
// little-endian.
func bytesOf(f []float32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(f))), len(f)*4)
}

// BytesToJS returns a new Uint8Array holding a copy of b.
func BytesToJS(b []byte) js.Value {
	arr := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(arr, b)
	return arr
}

// BytesFromJS returns a copy of the Uint8Array arr.
func BytesFromJS(arr js.Value) []byte {
	b := make([]byte, arr.Get("length").Int())
	js.CopyBytesToGo(b, arr)
	return b
}
