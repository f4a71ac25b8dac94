//go:build js && wasm

package main

import (
	"bufio"
	"crypto/rand"
	"runtime"
	"runtime/debug"
	"syscall/js"

	"github.com/go-logr/logr"
	"github.com/google/uuid"
	"k8s.io/klog/v2"
	"sigs.k8s.io/yaml"
)

const gcPercent = 400

// The functions the library calls, on globalThis[name] (name: the first argument, given by the loader).
func main() {
	// the server's log lines (e.g. from declarative validation) are not findings: keep them out of the output
	klog.SetLogger(logr.Discard())
	// the registry gives every created object a UID (FillObjectMetaSystemFields): read the random bytes for 256 of
	// them at once instead of crossing to JavaScript's crypto for each (the UIDs are never reported)
	uuid.SetRand(bufio.NewReaderSize(rand.Reader, 4096))
	// garbage-collect when the heap has grown by gcPercent percent since the last collection (Go's default is 100)
	debug.SetGCPercent(gcPercent)
	name := "cdk8sNodeDaemonsCore"
	api := js.Global().Get("Object").New()
	// validate(batch: string): string — one object per line (batch.go) in, a JSON array of Results out
	api.Set("validate", js.FuncOf(func(this js.Value, args []js.Value) any {
		return validateBatch(args[0].String())
	}))
	// yamlToJson(yaml: string): string — one YAML document to JSON, as kubectl reads it (sigs.k8s.io/yaml)
	api.Set("yamlToJson", js.FuncOf(func(this js.Value, args []js.Value) any {
		out, err := yaml.YAMLToJSON([]byte(args[0].String()))
		if err != nil {
			return map[string]any{"error": err.Error()}
		}
		return map[string]any{"json": string(out)}
	}))
	// kinds(): string — the (apiVersion, kind) pairs this build judges, a JSON array of pairs (kinds.go)
	api.Set("kinds", js.FuncOf(func(this js.Value, args []js.Value) any {
		return judgedKinds()
	}))
	// reserve(megabytes): grows the heap by that much and frees it again, so that later calls find memory without
	// growing the module's memory (each growth costs the JavaScript side a garbage collection). The build calls it
	// before taking the snapshot: the memory stays zero, and the snapshot leaves trailing zeros out.
	api.Set("reserve", js.FuncOf(func(this js.Value, args []js.Value) any {
		b := make([]byte, args[0].Int()<<20)
		runtime.KeepAlive(b)
		b = nil
		runtime.GC()
		return nil
	}))
	js.Global().Set(name, api)
	select {}
}
