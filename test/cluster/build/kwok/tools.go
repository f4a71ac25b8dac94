//go:build tools

// Package tools records the kwok command built by ../../build.sh, so go.mod and go.sum cover it.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
