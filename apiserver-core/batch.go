package main

import "encoding/json"

// validateBatch judges a JSON array of objects: a JSON array of Results, in the same order.
func validateBatch(input string) string {
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(input), &items); err != nil {
		b, _ := json.Marshal(map[string]string{"error": err.Error()})
		return string(b)
	}
	results := make([]Result, len(items))
	for i, it := range items {
		results[i] = judge(it)
	}
	b, _ := json.Marshal(results)
	return string(b)
}
