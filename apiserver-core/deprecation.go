package main

import (
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/endpoints/deprecation"
	"k8s.io/component-base/version"
)

// The release the core is built from (the server's version.Get() is stamped at link time; the core's is not).
var releaseMajor, releaseMinor = func() (int, int) {
	major, minor, _ := strings.Cut(version.DefaultKubeBinaryVersion, ".")
	a, _ := strconv.Atoi(major)
	b, _ := strconv.Atoi(minor)
	return a, b
}()

// deprecatedKind is what a type deprecated in its release answers (prerelease-lifecycle-gen).
type deprecatedKind interface {
	APILifecycleDeprecated() (int, int)
}

// kindWarnings: the deprecation warning of each kind judged so far ("" for none), computed once per kind as the
// server's handler is (at install time, not per request).
var kindWarnings = map[schema.GroupVersionKind]string{}

// kindDeprecationWarning is the warning the server's handler for a deprecated kind adds to every request
// (endpoints/installer.go: "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"), or "".
func kindDeprecationWarning(versioned runtime.Object, gvk schema.GroupVersionKind) string {
	if _, ok := versioned.(deprecatedKind); !ok {
		return ""
	}
	w, known := kindWarnings[gvk]
	if !known {
		obj := versioned.DeepCopyObject()
		obj.GetObjectKind().SetGroupVersionKind(gvk)
		if deprecation.IsDeprecated(obj, releaseMajor, releaseMinor) {
			w = deprecation.WarningMessage(obj)
		}
		kindWarnings[gvk] = w
	}
	return w
}
