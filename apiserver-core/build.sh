#!/usr/bin/env bash
# Builds the API-server core (this Go module) for GOOS=js GOARCH=wasm into lib/core/ of the package:
#   lib/core/kube-core.wasm      the module (its globals exported, its data segments in the snapshot)
#   lib/core/kube-core.snapshot  its state after Go's initialization (snapshot.js), which the loader starts from
#   lib/core/kube-core-small.wasm, kube-core-small.snapshot
#                                the same sources built with the tag "small": the common kinds only (kinds.go),
#                                without CustomResourceDefinitions and the admission and aggregator registries,
#                                about half the size; the loader uses it when every object is of those kinds
#   lib/core/wasm_exec.js        the Go toolchain's JavaScript support for it (from the same Go that built it)
#   lib/core/BUILD               the build key (inputs and Go version)
# Cached by the hash of the inputs under ${XDG_CACHE_HOME:-~/.cache}/cdk8s-node-daemons/apiserver-core-<key>/, so
# a second build (or a second clone on the same machine) copies instead of compiling.
#
# The registry packages the core calls import storage code that GOOS=js cannot compile and that the core never
# runs; the build compiles copies of k8s.io/apiserver and k8s.io/apiextensions-apiserver without the three files
# that reach it (below), through a build-only go.mod (-modfile); the committed go.mod and go.sum stay upstream's.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$root/lib/core"
die() { echo "apiserver-core/build.sh: $*" >&2; exit 1; }

command -v go >/dev/null || die "Go is not installed. Building cdk8s-node-daemons needs Go >= 1.26 (https://go.dev/dl/) to compile the embedded API-server core to WebAssembly; install it and run the build again."
gover="$(go env GOVERSION)"
case "$gover" in
  go1.2[6-9]*|go1.[3-9]*) ;;
  *) die "Go $gover is too old: the pinned Kubernetes release needs Go >= 1.26 (https://go.dev/dl/)." ;;
esac

key="$(cd "$here" && cat go.mod go.sum *.go build.sh snapshot.js | sha256sum | cut -c1-16)-$gover"
variants="kube-core kube-core-small"
built() { for v in $variants; do [ -f "$1/$v.wasm" ] && [ -f "$1/$v.snapshot" ] || return 1; done; [ -f "$1/wasm_exec.js" ]; }
if built "$out" && [ "$(cat "$out/BUILD" 2>/dev/null)" = "$key" ]; then
  exit 0
fi

# For the small build, the copy of k8s.io/apiserver/pkg/registry/rest also leaves out the three functions that turn
# an admission plugin into a validation function (the core runs no admission plugin): they are its only link to
# k8s.io/apiserver/pkg/admission, and through it to CEL, kube-openapi and antlr, which the small core then does not
# carry (8 of its 50 MB of code, 8 MB of its snapshot).
trim_admission() {
  local dir="$1" f fn
  for f in create:AdmissionToValidateObjectFunc update:AdmissionToValidateObjectUpdateFunc delete:AdmissionToValidateObjectDeleteFunc; do
    fn="${f#*:}"; f="$dir/${f%%:*}.go"
    grep -q "^func $fn(" "$f" || die "$f has no func $fn: review trim_admission in apiserver-core/build.sh for this version"
    sed -i -e "/^func $fn(/,/^}/d" -e '\|^	"k8s.io/apiserver/pkg/admission"$|d' "$f"
  done
  for f in "$dir"/*.go; do
    case "$f" in *_test.go) continue ;; esac
    ! grep -q '"k8s.io/apiserver/pkg/admission"' "$f" || die "$f still imports k8s.io/apiserver/pkg/admission: review trim_admission in apiserver-core/build.sh"
  done
}

cache="${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-node-daemons/apiserver-core-$key"
if ! built "$cache"; then
  start=$(date +%s)
  echo "apiserver-core/build.sh: compiling the API-server core to WebAssembly with $gover (a cold build takes several minutes)" >&2
  export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0 GOMAXPROCS="${GOMAXPROCS:-2}"
  work="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-nd-core.XXXXXX")"
  [ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
  cd "$here"
  cp go.mod "$work/go.mod"; cp go.sum "$work/go.sum"
  # the modules copied below must be in the module cache first (`go list -m` names no directory otherwise)
  go mod download k8s.io/apiserver k8s.io/apiextensions-apiserver golang.org/x/net || die "cannot download k8s.io/apiserver, k8s.io/apiextensions-apiserver and golang.org/x/net from the Go module proxy ($(go env GOPROXY))"
  # k8s.io/apiserver/pkg/registry/generic: the strategies use its field-set helpers (matcher.go); its storage
  # options and decorators (options.go, storage_decorator.go) lead to etcd, which GOOS=js cannot compile and the
  # core never runs: the build-only copy of the module leaves these two files out.
  dir="$(go list -m -f '{{.Dir}}' k8s.io/apiserver)" && [ -n "$dir" ] || die "cannot find module k8s.io/apiserver in the module cache"
  cp -r "$dir" "$work/apiserver"; chmod -R u+w "$work/apiserver"
  for f in options.go storage_decorator.go; do
    [ -f "$work/apiserver/pkg/registry/generic/$f" ] || die "k8s.io/apiserver/pkg/registry/generic/$f is gone: review apiserver-core/build.sh for this version"
    rm "$work/apiserver/pkg/registry/generic/$f"
  done
  go mod edit -modfile="$work/go.mod" -dropreplace k8s.io/apiserver -replace "k8s.io/apiserver=$work/apiserver"
  # k8s.io/apiextensions-apiserver/pkg/registry/customresourcedefinition: the CustomResourceDefinition strategy the
  # full core runs (crd.go); its etcd storage (etcd.go) is left out of the build-only copy in the same way.
  dir="$(go list -m -f '{{.Dir}}' k8s.io/apiextensions-apiserver)" && [ -n "$dir" ] || die "cannot find module k8s.io/apiextensions-apiserver in the module cache"
  cp -r "$dir" "$work/apiextensions-apiserver"; chmod -R u+w "$work/apiextensions-apiserver"
  f="$work/apiextensions-apiserver/pkg/registry/customresourcedefinition/etcd.go"
  [ -f "$f" ] || die "k8s.io/apiextensions-apiserver/pkg/registry/customresourcedefinition/etcd.go is gone: review apiserver-core/build.sh for this version"
  rm "$f"
  go mod edit -modfile="$work/go.mod" -dropreplace k8s.io/apiextensions-apiserver -replace "k8s.io/apiextensions-apiserver=$work/apiextensions-apiserver"
  # golang.org/x/net/trace (gRPC's request tracing, reached through the Pod registry's kubelet client and the
  # tracing of k8s.io/component-base; the core never traces) registers two HTTP handlers on net/http's default mux
  # in an init function. Those handlers render HTML templates, and text/template looks methods up by name through
  # reflection: once that is reachable, Go's linker must keep every exported method of every type in the program.
  # The build-only copy of golang.org/x/net leaves that init function out (the core serves no HTTP), so the linker
  # drops the methods nothing calls: the small module before the snapshot is 50 MB instead of 74.
  dir="$(go list -m -f '{{.Dir}}' golang.org/x/net)" && [ -n "$dir" ] || die "cannot find module golang.org/x/net in the module cache"
  cp -r "$dir" "$work/xnet"; chmod -R u+w "$work/xnet"
  f="$work/xnet/trace/trace.go"
  grep -q '^func init() {$' "$f" && grep -q '^	http.HandleFunc(debugRequestsPath, Traces)$' "$f" && grep -q '^	"net/url"$' "$f" \
    || die "golang.org/x/net/trace/trace.go no longer registers its handlers in init as expected: review apiserver-core/build.sh for this version"
  # the init function goes, and with it the only use of net/url in the file (a blank import keeps it compiling)
  sed -i -e '/^func init() {$/,/^}$/d' -e 's#^	"net/url"$#	_ "net/url"#' "$f"
  ! grep -q 'http.HandleFunc(debug' "$f" || die "golang.org/x/net/trace/trace.go still registers its handlers: review apiserver-core/build.sh"
  go mod edit -modfile="$work/go.mod" -replace "golang.org/x/net=$work/xnet"
  mkdir -p "$cache.tmp"
  cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$cache.tmp/wasm_exec.js"
  # the small build second: every package it compiles is in Go's build cache from the first
  for v in $variants; do
    t=$(date +%s)
    tags=""; [ "$v" = kube-core-small ] && tags=small
    [ "$v" = kube-core-small ] && trim_admission "$work/apiserver/pkg/registry/rest"
    GOOS=js GOARCH=wasm go build -modfile="$work/go.mod" -tags "$tags" -p "${BUILD_PARALLEL:-2}" -trimpath -ldflags "-s -w" \
      -o "$work/$v.wasm" . || die "go build of the API-server core ($v) failed"
    node "$here/snapshot.js" "$work/$v.wasm" "$cache.tmp/wasm_exec.js" "$cache.tmp" "$v" || die "the snapshot of the initialized core ($v) failed"
    echo "apiserver-core/build.sh: $v built in $(( $(date +%s) - t ))s" >&2
  done
  rm -rf "$cache"; mv "$cache.tmp" "$cache"
  echo "apiserver-core/build.sh: built in $(( $(date +%s) - start ))s" >&2
fi
mkdir -p "$out"
for v in $variants; do cp "$cache/$v.wasm" "$cache/$v.snapshot" "$out/"; done
cp "$cache/wasm_exec.js" "$out/"
echo "$key" >"$out/BUILD"
