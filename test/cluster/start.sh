#!/usr/bin/env bash
# Starts a local Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver (RBAC on) and
# kube-controller-manager (DaemonSet controller and what it needs). Builds the binaries first if they are not
# cached (build.sh).
#
# Usage: start.sh [--owner-pid PID] [--scheduler] [--kwok]
#   --owner-pid PID   also start a watchdog that stops the control plane when process PID ends
#                     (a test runner killed hard leaves no process or data behind)
#   --scheduler       also start kube-scheduler (pods are bound to nodes, preemption happens)
#   --kwok            also start kwok, playing the kubelet of every Node annotated kwok.x-k8s.io/node=fake:
#                     such nodes become Ready, their pods run, become Ready and terminate. The stages are
#                     kwok's own (node initialization, the general pod lifecycle) unless KWOK_STAGES names a
#                     directory of Stage YAML files to use instead.
#
# On success prints shell assignments on stdout (last lines), e.g.
#   CLUSTER_DIR=/tmp/cdk8s-nd-cluster.abc123
#   KUBECONFIG=/tmp/cdk8s-nd-cluster.abc123/admin.kubeconfig
#   KUBE_APISERVER=https://127.0.0.1:40123
# and writes the same to $CLUSTER_DIR/env. Stop with: stop.sh $CLUSTER_DIR
#
# On failure prints which binary failed, on which port, and the last lines of its log to stderr, stops what it
# started, removes its directory and exits non-zero.
#
# Environment: KUBE_BIN_DIR (use binaries from there), START_TIMEOUT (seconds per component, default 120).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
owner_pid=""
with_scheduler=0
with_kwok=0
while [ $# -gt 0 ]; do
  case "$1" in
    --owner-pid) owner_pid="$2"; shift 2 ;;
    --scheduler) with_scheduler=1; shift ;;
    --kwok) with_kwok=1; shift ;;
    *) echo "start.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
timeout_s="${START_TIMEOUT:-120}"

for tool in openssl curl node; do
  command -v "$tool" >/dev/null || { echo "start.sh: $tool is required but not installed" >&2; exit 1; }
done

bin_dir="$("$here/build.sh" | tail -n 1)" || { echo "start.sh: building the control plane failed (see build.sh output above)" >&2; exit 1; }

dir="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-nd-cluster.XXXXXX")"
mkdir -p "$dir/pki" "$dir/pids" "$dir/logs" "$dir/etcd"
started_ok=0
cleanup_on_failure() {
  if [ "$started_ok" != 1 ]; then
    "$here/stop.sh" "$dir" >/dev/null 2>&1 || true
  fi
}
trap cleanup_on_failure EXIT
trap 'exit 130' INT TERM

fail() { # component port message
  local component="$1" port="$2"; shift 2
  {
    echo "start.sh: $component failed on 127.0.0.1:$port: $*"
    echo "start.sh: binary $bin_dir/$component; last lines of $component.log:"
    tail -n 25 "$dir/logs/$component.log" 2>/dev/null | sed 's/^/    /'
  } >&2
  exit 1
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# ---------------------------------------------------------------- certificates and keys
pki="$dir/pki"
ssl() { openssl "$@" >>"$dir/logs/openssl.log" 2>&1 || { echo "start.sh: openssl $1 failed:" >&2; tail -n 20 "$dir/logs/openssl.log" >&2; exit 1; }; }
ssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -out "$pki/ca.crt" -days 2 -subj "/CN=cdk8s-node-daemons-test-ca"
sign() { # name subject [extfile-content]
  local name="$1" subj="$2" ext="$3"
  ssl req -newkey rsa:2048 -nodes -keyout "$pki/$name.key" -out "$pki/$name.csr" -subj "$subj"
  printf '%s\n' "$ext" >"$pki/$name.ext"
  ssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 2 \
    -extfile "$pki/$name.ext" -out "$pki/$name.crt"
}
sign apiserver "/CN=kube-apiserver" \
  "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth
keyUsage=digitalSignature,keyEncipherment"
sign admin "/O=system:masters/CN=cdk8s-node-daemons-admin" "extendedKeyUsage=clientAuth
keyUsage=digitalSignature,keyEncipherment"
# The controller manager runs every controller under its own identity (--use-service-account-credentials=false),
# so it needs the rights of all of them: system:masters keeps this test control plane simple.
sign controller-manager "/O=system:masters/CN=system:kube-controller-manager" "extendedKeyUsage=clientAuth
keyUsage=digitalSignature,keyEncipherment"
sign scheduler "/O=system:masters/CN=system:kube-scheduler" "extendedKeyUsage=clientAuth
keyUsage=digitalSignature,keyEncipherment"
sign kwok "/O=system:masters/CN=kwok-controller" "extendedKeyUsage=clientAuth
keyUsage=digitalSignature,keyEncipherment"
ssl genrsa -out "$pki/sa.key" 2048
ssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub"

etcd_port="$(free_port)"; etcd_peer_port="$(free_port)"; api_port="$(free_port)"; kcm_port="$(free_port)"
sched_port="$(free_port)"; kwok_port="$(free_port)"
server="https://127.0.0.1:$api_port"

kubeconfig() { # file user
  b64() { base64 -w0 <"$1"; }
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: $server
    certificate-authority-data: $(b64 "$pki/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(b64 "$pki/$2.crt")
    client-key-data: $(b64 "$pki/$2.key")
contexts:
- name: $2@local
  context:
    cluster: local
    user: $2
current-context: $2@local
EOF
}
kubeconfig "$dir/admin.kubeconfig" admin
kubeconfig "$dir/controller-manager.kubeconfig" controller-manager
kubeconfig "$dir/scheduler.kubeconfig" scheduler
kubeconfig "$dir/kwok.kubeconfig" kwok

# ---------------------------------------------------------------- processes
launch() { # component args...
  local component="$1"; shift
  # A session of its own: the stop script signals exactly this process; stdio goes to a log so callers that
  # wait for our stdout (spawnSync) are not held open by the daemon.
  setsid "$bin_dir/$component" "$@" </dev/null >"$dir/logs/$component.log" 2>&1 &
  echo $! >"$dir/pids/$component.pid"
}

wait_ready() { # component port url [curl args...]
  local component="$1" port="$2" url="$3"; shift 3
  local deadline=$(( $(date +%s) + timeout_s )) pid
  pid="$(cat "$dir/pids/$component.pid")"
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then fail "$component" "$port" "process $pid exited during start-up"; fi
    if curl -fsS --max-time 5 "$@" "$url" >/dev/null 2>&1; then return 0; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then fail "$component" "$port" "not ready at $url after ${timeout_s}s"; fi
    sleep 0.5
  done
}

launch etcd \
  --name default --data-dir "$dir/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster "default=http://127.0.0.1:$etcd_peer_port" \
  --unsafe-no-fsync --log-level warn
wait_ready etcd "$etcd_port" "http://127.0.0.1:$etcd_port/health"

launch kube-apiserver \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --etcd-servers "http://127.0.0.1:$etcd_port" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --service-account-issuer https://kubernetes.default.svc \
  --service-cluster-ip-range 10.0.0.0/24 \
  --authorization-mode RBAC \
  --allow-privileged=true \
  --disable-admission-plugins TaintNodesByCondition \
  --endpoint-reconciler-type none \
  --profiling=false
curl_admin=(--cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key")
wait_ready kube-apiserver "$api_port" "$server/readyz" "${curl_admin[@]}"

launch kube-controller-manager \
  --kubeconfig "$dir/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$dir/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$dir/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$kcm_port" \
  --controllers daemonset,serviceaccount,garbagecollector \
  --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
  --use-service-account-credentials=false --leader-elect=false \
  --kube-api-qps 200 --kube-api-burst 400 --concurrent-daemonset-syncs 4 \
  --profiling=false
wait_ready kube-controller-manager "$kcm_port" "https://127.0.0.1:$kcm_port/healthz" -k

# The serviceaccount controller creates each namespace's `default` ServiceAccount; pods need it.
deadline=$(( $(date +%s) + timeout_s ))
until curl -fsS --max-time 5 "${curl_admin[@]}" "$server/api/v1/namespaces/default/serviceaccounts/default" >/dev/null 2>&1; do
  [ "$(date +%s)" -lt "$deadline" ] || fail kube-controller-manager "$kcm_port" "no default ServiceAccount after ${timeout_s}s"
  sleep 0.5
done

if [ "$with_scheduler" = 1 ]; then
  launch kube-scheduler \
    --kubeconfig "$dir/scheduler.kubeconfig" \
    --authentication-kubeconfig "$dir/scheduler.kubeconfig" \
    --authorization-kubeconfig "$dir/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$sched_port" \
    --leader-elect=false --profiling=false
  wait_ready kube-scheduler "$sched_port" "https://127.0.0.1:$sched_port/healthz" -k
fi

if [ "$with_kwok" = 1 ]; then
  kwok_bin="$(ls "$bin_dir"/kwok-v* 2>/dev/null | grep -v -- '-stages$' | head -n 1)"
  [ -n "$kwok_bin" ] || fail kwok "$kwok_port" "no kwok binary in $bin_dir (run build.sh)"
  stages_dir="${KWOK_STAGES:-$kwok_bin-stages}"
  kwok_config=()
  for f in "$stages_dir"/*.yaml; do kwok_config+=(--config "$f"); done
  [ "${#kwok_config[@]}" -gt 0 ] || fail kwok "$kwok_port" "no Stage files in $stages_dir"
  setsid "$kwok_bin" "${kwok_config[@]}" \
    --kubeconfig "$dir/kwok.kubeconfig" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --cidr 10.244.0.0/16 --node-ip 10.0.0.2 --server-address "127.0.0.1:$kwok_port" \
    </dev/null >"$dir/logs/kwok.log" 2>&1 &
  echo $! >"$dir/pids/kwok.pid"
  wait_ready kwok "$kwok_port" "http://127.0.0.1:$kwok_port/healthz"
fi

if [ -n "$owner_pid" ]; then
  # Watchdog: when the owner (the test runner) is gone, stop everything and remove the directory.
  setsid bash -c 'while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 2; done; exec "$3" "$2"' \
    watchdog "$owner_pid" "$dir" "$here/stop.sh" </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/pids/watchdog.pid"
fi

cat >"$dir/env" <<EOF
CLUSTER_DIR=$dir
KUBECONFIG=$dir/admin.kubeconfig
KUBE_APISERVER=$server
KUBE_BIN_DIR=$bin_dir
EOF
started_ok=1
echo "start.sh: control plane up: kube-apiserver $server, etcd 127.0.0.1:$etcd_port, kube-controller-manager 127.0.0.1:$kcm_port ($("$bin_dir/kube-apiserver" --version))" >&2
cat "$dir/env"
