#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler (k8s.io/kubernetes at the version pinned in
# build/go.mod), etcd (go.etcd.io/etcd/server/v3 at the version that k8s.io/kubernetes requires) and kwok
# (sigs.k8s.io/kwok at the version pinned in build/kwok/go.mod, the kubelet simulator) from the Go module proxy
# into a cache directory keyed by version. Skips what is already there.
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
kwok_version="$(awk '$1 == "require" && $2 == "sigs.k8s.io/kwok" { print $3; exit }' "$mod/kwok/go.mod")"
[ -n "$kwok_version" ] || die "cannot read the sigs.k8s.io/kwok version from $mod/kwok/go.mod"
major="${kube_version#v}"; major="${major%%.*}"
minor="${kube_version#v*.}"; minor="${minor%%.*}"

out="${KUBE_BIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-node-daemons/kube-$kube_version-etcd-$etcd_version}"
bins=(kube-apiserver kube-controller-manager kube-scheduler etcd)

kwok_bin="kwok-$kwok_version"

have_all() { for b in "${bins[@]}" "$kwok_bin"; do [ -x "$out/$b" ] || return 1; done; [ -d "$out/$kwok_bin-stages" ]; }

if have_all; then
  echo "build.sh: using cached binaries in $out (kubernetes $kube_version, etcd $etcd_version, kwok $kwok_version)" >&2
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
have_kube() { for b in "${bins[@]}"; do [ -x "$out/$b" ] || return 1; done; }
cd "$mod"
if have_kube; then
  echo "build.sh: kubernetes $kube_version and etcd $etcd_version are cached; building kwok $kwok_version only" >&2
else
if ! go build -p "${BUILD_PARALLEL:-2}" -trimpath -ldflags "$ldflags" -o "$tmp_out/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler; then
  die "go build of kube-apiserver/kube-controller-manager/kube-scheduler $kube_version failed (module $mod)"
fi
if ! go build -p "${BUILD_PARALLEL:-2}" -trimpath -ldflags "-s -w" -o "$tmp_out/etcd" ./etcd; then
  die "go build of etcd $etcd_version failed (module $mod/etcd)"
fi
for b in "${bins[@]}"; do mv "$tmp_out/$b" "$out/$b"; done
fi
if [ ! -x "$out/$kwok_bin" ]; then
  # kwok's own module pins its client libraries; only its version is ours to choose.
  if ! (cd "$mod/kwok" && go build -p "${BUILD_PARALLEL:-2}" -trimpath -ldflags "-s -w" -o "$tmp_out/$kwok_bin" sigs.k8s.io/kwok/cmd/kwok); then
    die "go build of kwok $kwok_version failed (module $mod/kwok)"
  fi
  mv "$tmp_out/$kwok_bin" "$out/$kwok_bin"
fi
# kwok's own stage definitions (node initialization, the pod lifecycle), read from its module at the pinned version.
stages="$out/$kwok_bin-stages"
if [ ! -d "$stages" ]; then
  kwok_src="$(cd "$mod/kwok" && go mod download sigs.k8s.io/kwok && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)" && [ -n "$kwok_src" ] || die "cannot find the sigs.k8s.io/kwok $kwok_version module"
  mkdir -p "$tmp_out/stages"
  cp "$kwok_src/kustomize/stage/node/fast/node-initialize.yaml" "$kwok_src"/kustomize/stage/pod/general/pod-*.yaml "$tmp_out/stages/"
  chmod u+w "$tmp_out"/stages/*.yaml
  mv "$tmp_out/stages" "$stages"
fi

secs=$(( $(date +%s) - start ))
echo "build.sh: built in ${secs}s ($((secs / 60))m$((secs % 60))s)" >&2
"$out/kube-apiserver" --version >&2 || die "built kube-apiserver does not run"
echo "$out"
