//go:build !(js && wasm)

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-logr/logr"
	"k8s.io/klog/v2"
)

// The native build reads a batch on stdin (lines, as validateBatch reads them, or a JSON array of objects) and
// prints the results: for debugging the core and for measuring its package initialization (GODEBUG=inittrace=1).
func main() {
	klog.SetLogger(logr.Discard())
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	input := string(in)
	if strings.HasPrefix(strings.TrimSpace(input), "[") {
		var objects []json.RawMessage
		if err := json.Unmarshal(in, &objects); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		var b strings.Builder
		for _, o := range objects {
			var c bytes.Buffer
			_ = json.Compact(&c, o)
			b.WriteString("J")
			b.Write(c.Bytes())
			b.WriteString("\n")
		}
		input = b.String()
	}
	fmt.Println(validateBatch(input))
}
