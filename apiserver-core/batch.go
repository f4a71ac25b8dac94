package main

import (
	"encoding/json"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
)

// A batch is one object per line (JSON text never holds a raw newline). A line is "H" apiVersion TAB kind TAB
// JSON when the caller read a string apiVersion and kind from the object (free of tabs and newlines), else
// "J" JSON: then the core reads them itself. The caller's head spares the core two passes over every object's
// text (encoding/json checks the whole text before it decodes the two fields).
type item struct {
	data []byte
	head typeHead
	// whether head holds the object's apiVersion and kind (from the caller or decoded)
	known bool
	// whether the object is a CustomResourceDefinition (judged before the rest of the batch)
	crd bool
	// a CustomResourceDefinition as judge decoded and defaulted it
	versioned runtime.Object
}

// readHead decodes the object's apiVersion and kind unless the caller gave them.
func (it *item) readHead() error {
	if it.known {
		return nil
	}
	if err := json.Unmarshal(it.data, &it.head); err != nil {
		return err
	}
	it.known = true
	return nil
}

// (an alias of an unnamed struct, so that a decoding error reads as the server's: `Go struct field .apiVersion`)
type typeHead = struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

func parseBatch(input string) ([]item, error) {
	var items []item
	for len(input) > 0 {
		line := input
		if i := strings.IndexByte(input, '\n'); i >= 0 {
			line, input = input[:i], input[i+1:]
		} else {
			input = ""
		}
		if line == "" {
			continue
		}
		switch line[0] {
		case 'H':
			f := strings.SplitN(line[1:], "\t", 3)
			if len(f) != 3 {
				return nil, errBadFrame
			}
			items = append(items, item{data: []byte(f[2]), head: typeHead{APIVersion: f[0], Kind: f[1]}, known: true})
		case 'J':
			items = append(items, item{data: []byte(line[1:])})
		default:
			return nil, errBadFrame
		}
	}
	return items, nil
}

type frameError struct{}

func (frameError) Error() string {
	return `each line of a batch is "H" apiVersion TAB kind TAB JSON, or "J" JSON`
}

var errBadFrame = frameError{}

// validateBatch judges a batch of objects (parseBatch): a JSON array of Results, in the same order. The
// CustomResourceDefinitions of the batch are judged first; those the server would accept serve their kinds to
// the other objects of the batch (in any order), as they would once applied (all of them, if the core were to
// leave CustomResourceDefinitions unjudged again: see kinds.go).
func validateBatch(input string) string {
	items, err := parseBatch(input)
	if err != nil {
		b, _ := json.Marshal(map[string]string{"error": err.Error()})
		return string(b)
	}
	resetCustomKinds()
	defer resetCustomKinds()
	results := make([]Result, len(items))
	for i := range items {
		it := &items[i]
		if it.readHead() != nil {
			continue // judge reports the decoding error
		}
		if it.crd = isCRD(it.head.APIVersion, it.head.Kind); it.crd {
			results[i] = judge(it)
			if (results[i].Status == "validated" || results[i].Status == "unjudged") && len(results[i].Errors) == 0 {
				registerCRD(it.versioned)
			}
		}
	}
	for i := range items {
		if !items[i].crd {
			results[i] = judge(&items[i])
		}
	}
	b, _ := json.Marshal(results)
	return string(b)
}
