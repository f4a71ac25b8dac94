//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/go-logr/logr"
	"k8s.io/klog/v2"
	"sigs.k8s.io/yaml"
)

// The functions the library calls, on globalThis[name] (name: the first argument, given by the loader).
func main() {
	// the server's log lines (e.g. from declarative validation) are not findings: keep them out of the output
	klog.SetLogger(logr.Discard())
	name := "cdk8sNodeDaemonsCore"
	api := js.Global().Get("Object").New()
	// validate(json: string): string — a JSON array of objects in, a JSON array of Results out
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
	js.Global().Set(name, api)
	select {}
}
