#!/usr/bin/env bash
# Stops the control plane started by start.sh: ends exactly the processes whose pid files it wrote (after checking
# that each pid still runs the binary it started), then removes its directory.
# Usage: stop.sh CLUSTER_DIR      (CLUSTER_DIR as printed by start.sh; defaults to $CLUSTER_DIR)
set -uo pipefail

dir="${1:-${CLUSTER_DIR:-}}"
[ -n "$dir" ] || { echo "stop.sh: usage: stop.sh CLUSTER_DIR" >&2; exit 2; }
case "$(basename "$dir")" in
  cdk8s-nd-cluster.*) ;;
  *) echo "stop.sh: $dir is not a directory made by start.sh; refusing to touch it" >&2; exit 2 ;;
esac
[ -d "$dir" ] || exit 0

# Is pid still the process we started? (pids can be reused once a process is gone)
ours() { # pid name
  local cmd
  cmd="$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" || return 1
  case "$2" in
    watchdog) [[ "$cmd" == *"$dir"* ]] ;;
    kwok) [[ "$cmd" == *"/kwok-v"* && "$cmd" == *"$dir"* ]] ;;
    *) [[ "$cmd" == *"/$2 "* && "$cmd" == *"$dir"* ]] ;;
  esac
}

stop_one() { # name
  local name="$1" f="$dir/pids/$1.pid" pid i
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  if [ -n "$pid" ] && [ "$pid" != "$$" ] && [ "$pid" != "$PPID" ] && ours "$pid" "$name"; then
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 1 100); do ours "$pid" "$name" || break; sleep 0.1; done
    if ours "$pid" "$name"; then kill -KILL "$pid" 2>/dev/null; sleep 0.2; fi
  fi
  rm -f "$f"
}

# Controllers first, then the API server, then its storage; the watchdog last (it may be the caller).
for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd watchdog; do stop_one "$name"; done
rm -rf "$dir"
