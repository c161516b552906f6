//go:build !unix

package main

// openNonblock is 0 where files cannot be opened non-blocking; openFile's
// Stat before opening still refuses what is not a regular file.
const openNonblock = 0
