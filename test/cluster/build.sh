#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager (k8s.io/kubernetes at the version pinned in build/go.mod)
# and etcd (go.etcd.io/etcd/server/v3 at the version that k8s.io/kubernetes requires) from the Go module proxy
# into a cache directory keyed by version. Skips the build when all three binaries are already there.
#
# Prints the directory holding the binaries on its last line of stdout.
# Environment:
#   KUBE_BIN_DIR     use this directory instead of the cache (binaries must exist there, or are built there)
#   XDG_CACHE_HOME   cache root (default ~/.cache)
#   BUILD_PARALLEL   go build -p (default 2)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mod="$here/build"

die() { echo "build.sh: $*" >&2; exit 1; }
command -v go >/dev/null || die "Go is not installed (need Go >= 1.26 for k8s.io/kubernetes v1.37)."

kube_version="$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" { print $3; exit } $1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "$mod/go.mod")"
[ -n "$kube_version" ] || die "cannot read the k8s.io/kubernetes version from $mod/go.mod"
etcd_version="$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2 }' "$mod/go.mod")"
major="${kube_version#v}"; major="${major%%.*}"
minor="${kube_version#v*.}"; minor="${minor%%.*}"

out="${KUBE_BIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-node-daemons/kube-$kube_version-etcd-$etcd_version}"
bins=(kube-apiserver kube-controller-manager kube-scheduler etcd)

have_all() { for b in "${bins[@]}"; do [ -x "$out/$b" ] || return 1; done; }

if have_all; then
  echo "build.sh: using cached binaries in $out (kubernetes $kube_version, etcd $etcd_version)" >&2
  echo "$out"
  exit 0
fi

mkdir -p "$out"
start=$(date +%s)
echo "build.sh: building kubernetes $kube_version and etcd $etcd_version into $out (cold builds take tens of minutes on 2 cores)" >&2

# Reproducible, memory-bounded build: modules resolved from go.mod/go.sum, no local paths in the binaries.
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
export GOMAXPROCS="${GOMAXPROCS:-2}"
build_date="$(date -u -d "@$(stat -c %Y "$mod/go.mod")" +%Y-%m-%dT%H:%M:%SZ)"
vpkg=k8s.io/component-base/version
ldflags="-s -w \
 -X $vpkg.gitVersion=$kube_version -X $vpkg.gitMajor=$major -X $vpkg.gitMinor=$minor \
 -X $vpkg.gitTreeState=clean -X $vpkg.buildDate=$build_date \
 -X k8s.io/client-go/pkg/version.gitVersion=$kube_version -X k8s.io/client-go/pkg/version.gitMajor=$major \
 -X k8s.io/client-go/pkg/version.gitMinor=$minor"

tmp_out="$(mktemp -d "$out/.build.XXXXXX")"
trap 'rm -rf "$tmp_out"' EXIT
cd "$mod"
if ! go build -p "${BUILD_PARALLEL:-2}" -trimpath -ldflags "$ldflags" -o "$tmp_out/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler; then
  die "go build of kube-apiserver/kube-controller-manager/kube-scheduler $kube_version failed (module $mod)"
fi
if ! go build -p "${BUILD_PARALLEL:-2}" -trimpath -ldflags "-s -w" -o "$tmp_out/etcd" ./etcd; then
  die "go build of etcd $etcd_version failed (module $mod/etcd)"
fi
for b in "${bins[@]}"; do mv "$tmp_out/$b" "$out/$b"; done

secs=$(( $(date +%s) - start ))
echo "build.sh: built in ${secs}s ($((secs / 60))m$((secs % 60))s)" >&2
"$out/kube-apiserver" --version >&2 || die "built kube-apiserver does not run"
echo "$out"
