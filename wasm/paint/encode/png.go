package encode

// A small PNG encoder (PNG 1.2, W3C 2003; zlib, RFC 1950; DEFLATE, RFC
// 1951) for the page's plots, so that the page's binary links neither
// image/png nor compress/flate (together about 500 KB of wasm). Plots are
// mostly flat colour, which a run-length coder compresses nearly as well as
// a general one:
//
//  1. Every scanline gets filter type 1, Sub (PNG §9.2): each byte minus the
//     byte one pixel to its left, so flat runs become runs of zeros.
//  2. The filtered bytes go into one DEFLATE block with Huffman codes made
//     for them (RFC 1951 §3.2.7). At each byte the coder looks for a match
//     at distance 1 (a run of one byte) and at one scanline's distance (the
//     same bytes as the row above), takes the longer if it has at least 3
//     bytes (at most 258), and else writes a literal.
//  3. zlib wraps the block (header 0x78 0x01, Adler-32 trailer) in one IDAT
//     chunk; every chunk ends with its CRC-32.
//
// Notation (code ↔ RFC 1951): lit = a literal byte 0…255, 256 = end of
// block; lenCode = the length symbol 257…285 with lenBase and lenExtra;
// distCode = the distance symbol 0…29 with distBase and distExtra.
//
// The image is written as 8-bit RGBA (colour type 6), un-premultiplied as
// color.NRGBAModel does, so that image/png decodes the exact pixels back.

import (
	"encoding/binary"
	"hash/adler32"
	"hash/crc32"
	"image"
	"image/color"
	"slices"
)

// maxDist is DEFLATE's window: a match may reach at most this far back.
const maxDist = 32768

var (
	lenBase   = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lenExtra  = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase  = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// pngRGBA returns img as a PNG file.
func pngRGBA(img *image.RGBA) []byte {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	// Step 1: the filtered scanlines, a filter byte and 4·w bytes each.
	stride := 1 + 4*w
	raw := make([]byte, stride*h)
	for y := range h {
		row := raw[y*stride : (y+1)*stride]
		row[0] = 1 // Sub
		src := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y):][:4*w]
		px := row[1:]
		for x := 0; x < 4*w; x += 4 {
			r, g, bl, a := src[x], src[x+1], src[x+2], src[x+3]
			if a != 0xff {
				c := color.NRGBAModel.Convert(color.RGBA{r, g, bl, a}).(color.NRGBA)
				r, g, bl = c.R, c.G, c.B
			}
			px[x], px[x+1], px[x+2], px[x+3] = r, g, bl, a
		}
		for x := 4*w - 1; x >= 4; x-- {
			px[x] -= px[x-4]
		}
	}
	var out []byte
	out = append(out, "\x89PNG\r\n\x1a\n"...)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 6 // 8 bits per channel, RGBA; compression, filter and interlace 0
	out = chunk(out, "IHDR", ihdr[:])

	// Steps 2 and 3.
	z := []byte{0x78, 0x01}
	z = deflateRuns(z, raw, stride)
	z = binary.BigEndian.AppendUint32(z, adler32.Checksum(raw))
	out = chunk(out, "IDAT", z)
	return chunk(out, "IEND", nil)
}

// chunk appends a PNG chunk: length, type, data, CRC-32 of type and data.
func chunk(out []byte, kind string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	start := len(out)
	out = append(out, kind...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}

// bitWriter appends bits to a byte slice, least significant bit first, as
// DEFLATE packs them.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (bw *bitWriter) bits(v uint32, n uint) {
	bw.acc |= uint64(v) << bw.nacc
	bw.nacc += n
	for bw.nacc >= 8 {
		bw.out = append(bw.out, byte(bw.acc))
		bw.acc >>= 8
		bw.nacc -= 8
	}
}

// lenSym returns the length symbol index (0…28, for 257…285) of a match
// length 3…258; distSym the distance symbol 0…29 of a distance 1…32768.
func lenSym(length int) int {
	c := len(lenBase) - 1
	for int(lenBase[c]) > length {
		c--
	}
	return c
}

func distSym(dist int) int {
	c := len(distBase) - 1
	for int(distBase[c]) > dist {
		c--
	}
	return c
}

// A token is a literal byte (< 256) or a match, matchFlag | length<<16 | dist.
const matchFlag = 1 << 31

// deflateRuns appends src to out as one final DEFLATE block with Huffman
// codes of its own (RFC 1951 §3.2.7), with matches at distance 1 and at
// distance row (when it is within the window) only.
func deflateRuns(out, src []byte, row int) []byte {
	// Step 2a: the tokens and their symbols' frequencies.
	var tokens []uint32
	var litFreq [286]int
	var distFreq [30]int
	matchLen := func(i, dist int) int {
		n := 0
		for i+n < len(src) && n < 258 && src[i+n] == src[i+n-dist] {
			n++
		}
		return n
	}
	for i := 0; i < len(src); {
		best, dist := 0, 0
		if i >= 1 {
			best, dist = matchLen(i, 1), 1
		}
		if i >= row && row <= maxDist {
			if n := matchLen(i, row); n > best {
				best, dist = n, row
			}
		}
		if best >= 3 {
			tokens = append(tokens, matchFlag|uint32(best)<<16|uint32(dist))
			litFreq[257+lenSym(best)]++
			distFreq[distSym(dist)]++
			i += best
			continue
		}
		tokens = append(tokens, uint32(src[i]))
		litFreq[src[i]]++
		i++
	}
	litFreq[256] = 1
	// Two distance codes at least, so that the code is complete.
	distFreq[0], distFreq[1] = max(distFreq[0], 1), max(distFreq[1], 1)

	// Step 2b: the codes, and the header that describes them.
	litLen := huffLengths(litFreq[:], 15)
	distLen := huffLengths(distFreq[:], 15)
	nlit, ndist := len(litLen), len(distLen)
	for litLen[nlit-1] == 0 {
		nlit--
	}
	for distLen[ndist-1] == 0 {
		ndist--
	}
	// The code lengths, run-length coded: 16 repeats the previous length
	// 3–6 times, 17 writes 3–10 zeros, 18 writes 11–138 zeros.
	lens := append(slices.Clone(litLen[:nlit]), distLen[:ndist]...)
	type clTok struct{ sym, extra, bits int }
	var cls []clTok
	var clFreq [19]int
	for i := 0; i < len(lens); {
		l := lens[i]
		n := 1
		for i+n < len(lens) && lens[i+n] == l {
			n++
		}
		switch {
		case l == 0 && n >= 11:
			n = min(n, 138)
			cls = append(cls, clTok{18, n - 11, 7})
		case l == 0 && n >= 3:
			cls = append(cls, clTok{17, n - 3, 3})
		case l != 0 && n >= 4:
			n = min(n, 7)
			cls = append(cls, clTok{int(l), 0, 0}, clTok{16, n - 4, 2})
		default:
			n = 1
			cls = append(cls, clTok{int(l), 0, 0})
		}
		i += n
	}
	for _, c := range cls {
		clFreq[c.sym]++
	}
	clFreq[0], clFreq[18] = max(clFreq[0], 1), max(clFreq[18], 1) // a complete code
	clLen := huffLengths(clFreq[:], 7)
	clOrder := [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	ncl := 19
	for clLen[clOrder[ncl-1]] == 0 {
		ncl--
	}

	bw := bitWriter{out: out}
	bw.bits(1, 1) // BFINAL
	bw.bits(2, 2) // BTYPE 10: Huffman codes of its own
	bw.bits(uint32(nlit-257), 5)
	bw.bits(uint32(ndist-1), 5)
	bw.bits(uint32(ncl-4), 4)
	for _, s := range clOrder[:ncl] {
		bw.bits(uint32(clLen[s]), 3)
	}
	clCode := canonical(clLen)
	for _, c := range cls {
		bw.bits(clCode[c.sym], uint(clLen[c.sym]))
		bw.bits(uint32(c.extra), uint(c.bits))
	}

	// Step 2c: the tokens.
	litCode, distCode := canonical(litLen), canonical(distLen)
	for _, t := range tokens {
		if t&matchFlag == 0 {
			bw.bits(litCode[t], uint(litLen[t]))
			continue
		}
		length, dist := int(t>>16&0x1ff), int(t&0xffff)
		if dist == 0 {
			dist = maxDist // 32768 does not fit in 16 bits
		}
		lc := lenSym(length)
		bw.bits(litCode[257+lc], uint(litLen[257+lc]))
		bw.bits(uint32(length-int(lenBase[lc])), uint(lenExtra[lc]))
		dc := distSym(dist)
		bw.bits(distCode[dc], uint(distLen[dc]))
		bw.bits(uint32(dist-int(distBase[dc])), uint(distExtra[dc]))
	}
	bw.bits(litCode[256], uint(litLen[256]))
	if bw.nacc > 0 {
		bw.bits(0, 8-bw.nacc)
	}
	return bw.out
}

// huffLengths returns the Huffman code lengths of the symbols with these
// frequencies (0 for an unused symbol), at most limit bits: when the
// optimal code is deeper, the frequencies are halved (rounding up, so
// that no used symbol drops out) until it is not.
func huffLengths(freq []int, limit int) []uint8 {
	f := slices.Clone(freq)
	lens := make([]uint8, len(f))
	for {
		// Huffman's merging over the used symbols; parent[] links the
		// nodes, leaves first.
		type node struct{ w, parent int }
		var nodes []node
		var leaf []int // symbol of each leaf node
		for s, w := range f {
			if w > 0 {
				nodes = append(nodes, node{w, -1})
				leaf = append(leaf, s)
			}
		}
		if len(nodes) == 1 {
			lens[leaf[0]] = 1
			return lens
		}
		active := make([]int, len(nodes))
		for i := range active {
			active[i] = i
		}
		for len(active) > 1 {
			// The two lightest active nodes, the first found on ties.
			a, b := -1, -1
			for k, n := range active {
				switch {
				case a < 0 || nodes[n].w < nodes[active[a]].w:
					a, b = k, a
				case b < 0 || nodes[n].w < nodes[active[b]].w:
					b = k
				}
			}
			na, nb := active[a], active[b]
			nodes = append(nodes, node{nodes[na].w + nodes[nb].w, -1})
			nodes[na].parent, nodes[nb].parent = len(nodes)-1, len(nodes)-1
			active[a] = len(nodes) - 1
			active = slices.Delete(active, b, b+1)
		}
		deepest := 0
		for i, s := range leaf {
			d := 0
			for n := i; nodes[n].parent >= 0; n = nodes[n].parent {
				d++
			}
			lens[s] = uint8(d)
			deepest = max(deepest, d)
		}
		if deepest <= limit {
			return lens
		}
		for s := range f {
			if f[s] > 0 {
				f[s] = (f[s] + 1) / 2
			}
		}
	}
}

// canonical returns the canonical Huffman codes of these code lengths
// (RFC 1951 §3.2.2), bit-reversed: DEFLATE packs a Huffman code most
// significant bit first, and bitWriter writes least significant first.
func canonical(lens []uint8) []uint32 {
	var count [16]uint32
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	var next [16]uint32
	var code uint32
	for bits := 1; bits < 16; bits++ {
		code = (code + count[bits-1]) << 1
		next[bits] = code
	}
	codes := make([]uint32, len(lens))
	for s, l := range lens {
		if l != 0 {
			c := next[l]
			next[l]++
			for range l {
				codes[s] = codes[s]<<1 | c&1
				c >>= 1
			}
		}
	}
	return codes
}
