//go:build unix

package main

import "syscall"

// openNonblock is the flag that opens a file without waiting: a FIFO with
// no writer, or a device, cannot hold a request that opens it.
const openNonblock = syscall.O_NONBLOCK
