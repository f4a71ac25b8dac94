//go:build !(js && wasm)

package main

import (
	"fmt"
	"io"
	"os"

	"github.com/go-logr/logr"
	"k8s.io/klog/v2"
)

// The native build reads a JSON array of objects on stdin and prints the results: for debugging the core and
// for measuring its package initialization (GODEBUG=inittrace=1).
func main() {
	klog.SetLogger(logr.Discard())
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println(validateBatch(string(in)))
}
