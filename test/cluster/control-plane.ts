// Starting and stopping the test control plane (start.sh / stop.sh) from the jest global setup and teardown.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const HERE = __dirname;
/** Generous: a cold build of kube-apiserver, kube-controller-manager and etcd takes long on 2 cores. */
const START_TIMEOUT_MS = 80 * 60_000;

/** Environment of a running control plane, as written by start.sh. */
export interface ControlPlaneEnv {
  readonly CLUSTER_DIR: string;
  readonly KUBECONFIG: string;
  readonly KUBE_APISERVER: string;
  readonly KUBE_BIN_DIR: string;
}

function parseEnv(text: string): Partial<ControlPlaneEnv> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}

/** What to run besides etcd, kube-apiserver and kube-controller-manager. */
export interface ControlPlaneOptions {
  /** Also run kube-scheduler (pods get bound, preemption happens). */
  readonly scheduler?: boolean;
  /** Also run kwok as the kubelet of every Node annotated `kwok.x-k8s.io/node: fake` (see start.sh). */
  readonly kwok?: boolean;
  /** A directory of kwok Stage YAML files replacing kwok's own stages (start.sh's KWOK_STAGES). */
  readonly kwokStages?: string;
}

/** Start a control plane (building it first when needed); it is stopped by `stopControlPlane` or when `ownerPid` ends. */
export function startControlPlane(ownerPid: number, options: ControlPlaneOptions = {}): ControlPlaneEnv {
  const args = [path.join(HERE, 'start.sh'), '--owner-pid', String(ownerPid)];
  if (options.scheduler) args.push('--scheduler');
  if (options.kwok) args.push('--kwok');
  const childEnv = options.kwokStages ? { ...process.env, KWOK_STAGES: options.kwokStages } : process.env;
  const res = spawnSync('bash', args, {
    env: childEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: START_TIMEOUT_MS,
    killSignal: 'SIGTERM',
  });
  if (res.error || res.status !== 0) {
    const why = res.error ? res.error.message : `exit code ${res.status}${res.signal ? ', signal ' + res.signal : ''}`;
    throw new Error(`test/cluster/start.sh failed (${why}); its messages are above. stdout:\n${res.stdout ?? ''}`);
  }
  const env = parseEnv(res.stdout);
  if (!env.CLUSTER_DIR || !env.KUBECONFIG || !env.KUBE_APISERVER || !env.KUBE_BIN_DIR) {
    throw new Error(`test/cluster/start.sh printed no environment:\n${res.stdout}`);
  }
  return env as ControlPlaneEnv;
}

/** Stop a control plane started by `startControlPlane` and remove its directory (synchronous: safe in exit handlers). */
export function stopControlPlane(clusterDir: string): void {
  if (!clusterDir || !fs.existsSync(clusterDir)) return;
  const res = spawnSync('bash', [path.join(HERE, 'stop.sh'), clusterDir], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'], timeout: 60_000 });
  if (res.status !== 0) process.stderr.write(`test/cluster/stop.sh ${clusterDir} failed (exit ${res.status})\n`);
}
