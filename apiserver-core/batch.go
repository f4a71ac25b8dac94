package main

import "encoding/json"

// validateBatch judges a JSON array of objects: a JSON array of Results, in the same order. The
// CustomResourceDefinitions of the batch are judged first; those the server would accept serve their kinds to
// the other objects of the batch (in any order), as they would once applied (all of them, if the core were to
// leave CustomResourceDefinitions unjudged again: see kinds.go).
func validateBatch(input string) string {
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(input), &items); err != nil {
		b, _ := json.Marshal(map[string]string{"error": err.Error()})
		return string(b)
	}
	resetCustomKinds()
	defer resetCustomKinds()
	results := make([]Result, len(items))
	crd := make([]bool, len(items))
	for i, it := range items {
		var head struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
		}
		if json.Unmarshal(it, &head) == nil && isCRD(head.APIVersion, head.Kind) {
			crd[i] = true
			results[i] = judge(it)
			if (results[i].Status == "validated" || results[i].Status == "unjudged") && len(results[i].Errors) == 0 {
				registerCRD(it)
			}
		}
	}
	for i, it := range items {
		if !crd[i] {
			results[i] = judge(it)
		}
	}
	b, _ := json.Marshal(results)
	return string(b)
}
