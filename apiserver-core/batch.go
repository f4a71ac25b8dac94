package main

import (
	"encoding/json"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// A batch is one object per line (JSON text never holds a raw newline). A line is "H" apiVersion TAB kind TAB
// JSON when the caller read a string apiVersion and kind from the object (free of tabs and newlines), else
// "J" JSON: then the core reads them itself. The caller's head spares the core two passes over every object's text
// (encoding/json checks the whole text before it decodes the two fields). A first line "O" JSON gives the batch's
// options (batchOptions).
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

// batchOptions: what a batch asks for beyond the server's answer.
type batchOptions struct {
	// PodSecurity: evaluate the Pod Security levels of the objects' pods (default true)
	PodSecurity *bool `json:"podSecurity"`
}

func (o batchOptions) podSecurity() bool { return o.PodSecurity == nil || *o.PodSecurity }

func parseBatch(input string) ([]item, batchOptions, error) {
	var items []item
	var opts batchOptions
	if strings.HasPrefix(input, "O") {
		line := input[1:]
		input = ""
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line, input = line[:i], line[i+1:]
		}
		if err := json.Unmarshal([]byte(line), &opts); err != nil {
			return nil, opts, errBadOptions
		}
	}
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
				return nil, opts, errBadFrame
			}
			items = append(items, item{data: []byte(f[2]), head: typeHead{APIVersion: f[0], Kind: f[1]}, known: true})
		case 'J':
			items = append(items, item{data: []byte(line[1:])})
		default:
			return nil, opts, errBadFrame
		}
	}
	return items, opts, nil
}

type frameError struct{}

func (frameError) Error() string {
	return `each line of a batch is "H" apiVersion TAB kind TAB JSON, or "J" JSON`
}

var errBadFrame = frameError{}

type optionsError struct{}

func (optionsError) Error() string {
	return `the first line of a batch may be "O" and a JSON object of options, such as {"podSecurity":false}`
}

var errBadOptions = optionsError{}

// validateBatch judges a batch of objects (parseBatch): a JSON array of Results, in the same order. The
// CustomResourceDefinitions of the batch are judged first; those the server would accept serve their kinds to
// the other objects of the batch (in any order), as they would once applied (all of them, if the core were to
// leave CustomResourceDefinitions unjudged again: see kinds.go).
func validateBatch(input string) string {
	items, opts, err := parseBatch(input)
	if err != nil {
		b, _ := json.Marshal(map[string]string{"error": err.Error()})
		return string(b)
	}
	resetCustomKinds()
	defer resetCustomKinds()
	// the registry fills in every object's creation time (FillObjectMetaSystemFields): one reading of the clock
	// for the batch (each costs a call to JavaScript)
	now := metav1.Now()
	results := make([]Result, len(items))
	for i := range items {
		it := &items[i]
		if it.readHead() != nil {
			continue // judge reports the decoding error
		}
		if it.crd = isCRD(it.head.APIVersion, it.head.Kind); it.crd {
			results[i] = judge(it, opts, now)
			if (results[i].Status == "validated" || results[i].Status == "unjudged") && len(results[i].Errors) == 0 {
				registerCRD(it.versioned)
			}
		}
	}
	for i := range items {
		if !items[i].crd {
			results[i] = judge(&items[i], opts, now)
		}
	}
	b, _ := json.Marshal(results)
	return string(b)
}
