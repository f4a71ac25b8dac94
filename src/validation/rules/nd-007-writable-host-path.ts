import { BestPracticeRule, forEachContainer, obj, arr, cname, RuleContext } from './rule';
import { isObj } from '../json-shape';
import { Severity } from '../severity';

/**
 * Host directories a node agent writes by its nature: kubelet plugin registration and CSI/device-plugin sockets,
 * CNI configuration and binaries, runtime state (`/run`), devices, the BPF filesystem.
 */
const MUST_WRITE_TREES = [
  '/dev',
  '/run',
  '/var/run',
  '/var/lib/kubelet/plugins',
  '/var/lib/kubelet/plugins_registry',
  '/var/lib/kubelet/device-plugins',
  '/etc/cni',
  '/opt/cni',
  '/var/lib/cni',
  '/sys/fs/bpf',
];

/** Files written through a lock or by design (iptables takes xtables.lock with a write open). */
const MUST_WRITE_FILES = new Set(['xtables.lock']);

/** Directories shared with other software whose own subdirectories are not the agent's (e.g. /var/lib/kubelet). */
const SHARED_DIRS = new Set(['kubelet', 'docker', 'containerd', 'containers', 'pods', 'crio', 'cri-o', 'log', 'lib', 'bin', 'sbin', 'share', 'local', 'modules']);

/** Name parts that say nothing about which agent a directory belongs to. */
const GENERIC_TOKENS = new Set([
  'agent', 'node', 'nodes', 'csi', 'driver', 'plugin', 'plugins', 'daemon', 'daemonset', 'ds', 'kube', 'k8s', 'kubernetes', 'exporter', 'system',
  'operator', 'controller', 'provisioner', 'server', 'worker', 'manager', 'registrar', 'sidecar', 'init', 'install', 'installer', 'cni', 'main',
  'latest', 'io', 'com', 'org', 'dev', 'docker', 'registry', 'gcr', 'quay', 'ghcr', 'k8s.gcr.io', 'ecr', 'public', 'images', 'image', 'lib', 'var',
  'etc', 'run', 'log', 'logs', 'data', 'host', 'root', 'home', 'bin', 'opt', 'usr', 'mnt', 'sys', 'proc', 'tmp', 'amd64', 'arm64', 'linux', 'windows',
]);

/** `/a//b/` → `/a/b` */
function normalize(p: string): string {
  const s = p.replace(/\/+/g, '/');
  return s.length > 1 && s.endsWith('/') ? s.slice(0, -1) : s;
}

function under(path: string, tree: string): boolean {
  return path === tree || path.startsWith(tree + '/');
}

function isSocket(path: string, type: unknown): boolean {
  // connecting to a socket works through a read-only mount, so a socket is never a reason to mount writable
  return type === 'Socket' || path.endsWith('.sock');
}

/** Distinctive words of the workload's identity: its name, its containers' names and image repositories. */
function identityTokens(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  const add = (s: unknown) => {
    if (typeof s !== 'string') return;
    for (const t of s.toLowerCase().split(/[^a-z0-9]+/)) if (t.length >= 3 && !GENERIC_TOKENS.has(t) && !/^[0-9]/.test(t)) out.add(t);
  };
  add(obj(ctx.manifest.metadata).name);
  for (const r of [...ctx.initContainers, ...ctx.containers]) {
    add(r.container.name);
    if (typeof r.container.image === 'string') {
      const repo = r.container.image.split('@')[0].replace(/:[^/:]*$/, '');
      // registry host left out: only the repository path names the software
      add(repo.includes('/') && /[.:]|^localhost$/.test(repo.split('/')[0]) ? repo.slice(repo.indexOf('/') + 1) : repo);
    }
  }
  return out;
}

/**
 * The agent's own directory: below the top level, a path component that is not a shared directory and starts with
 * a distinctive word of the agent's identity (`/var/lib/calico` for calico-node, `/var/log/antrea` for antrea-agent).
 */
function isOwnDir(path: string, tokens: Set<string>): boolean {
  const parts = path.split('/').filter((x) => x !== '');
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i].toLowerCase();
    if (SHARED_DIRS.has(part)) continue;
    for (const t of part.split(/[^a-z0-9]+/)) {
      if (t.length < 3 || GENERIC_TOKENS.has(t)) continue;
      // `/var/lib/calico-data` for calico; `/var/log/ceph` for the cephcsi image
      for (const tok of tokens) if (t.startsWith(tok) || (t.length >= 4 && tok.startsWith(t))) return true;
    }
  }
  return false;
}

/** Whether the pod is a CSI node plugin or device plugin (registers with the kubelet). */
function isKubeletPlugin(hostPaths: Iterable<any>): boolean {
  for (const hp of hostPaths) {
    const p = normalize(String(hp.path));
    if (under(p, '/var/lib/kubelet/plugins_registry') || under(p, '/var/lib/kubelet/plugins') || under(p, '/var/lib/kubelet/device-plugins')) return true;
  }
  return false;
}

/** Why the agent must be able to write this host path, or undefined when readOnly is the right advice. */
export function mustWrite(
  hostPath: string, hostPathType: unknown, mount: any, tokens: Set<string>, kubeletPlugin: boolean = false,
): string | undefined {
  if (mount.mountPropagation === 'Bidirectional') return 'Bidirectional propagation';
  const p = normalize(hostPath);
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (MUST_WRITE_FILES.has(base)) return 'lock file';
  if (isSocket(p, hostPathType)) return undefined;
  if (MUST_WRITE_TREES.some((t) => under(p, t))) return 'node agent directory';
  // filesystems mounted below /mnt/<dir> are managed (formatted, cleaned) by the storage agent that mounts them
  if (p.startsWith('/mnt/')) return 'managed mounts';
  // attaching a volume writes sysfs (SCSI rescan, rbd map, udev trigger)
  if (kubeletPlugin && under(p, '/sys')) return 'device attach';
  if (isOwnDir(p, tokens)) return 'the agent\'s own directory';
  return undefined;
}

/** ND-007: hostPath volumes are mounted read-only. */
export const ND007: BestPracticeRule = {
  id: 'ND-007',
  severity: Severity.WARNING,
  description: 'Every hostPath volume is mounted with readOnly: true unless the agent must write to the node (suppress with a reason then). '
    + 'Not reported for paths an agent writes by nature: Bidirectional mounts, kubelet plugin and device-plugin directories, CNI directories, '
    + '/run and /var/run (except other daemons\' sockets, which work read-only), /dev, /sys/fs/bpf, xtables.lock, and the agent\'s own directories '
    + '(named after the agent, e.g. /var/lib/calico for calico-node).',
  daemonSetOnly: false,
  check(ctx, report) {
    const volumes = arr(ctx.pod.spec.volumes);
    if (!hasHostPath(volumes)) return;
    const hostPaths = new Map<string, any>();
    for (const v of volumes) {
      const vol = obj(v);
      if (typeof vol.name === 'string' && typeof obj(vol.hostPath).path === 'string') hostPaths.set(vol.name, vol.hostPath);
    }
    let tokens: Set<string> | undefined;
    let plugin: boolean | undefined;
    forEachContainer(ctx, true, (c, path) => {
      arr(c.volumeMounts).forEach((m: any, j: number) => {
        const mount = obj(m);
        const hp = hostPaths.get(mount.name);
        if (hp === undefined || mount.readOnly === true) return;
        tokens ??= identityTokens(ctx);
        plugin ??= isKubeletPlugin(hostPaths.values());
        if (mustWrite(hp.path, hp.type, mount, tokens, plugin) !== undefined) return;
        report(`${path}.volumeMounts[${j}].readOnly`,
          `container ${cname(c)} mounts host path ${JSON.stringify(hp.path)} writable at ${JSON.stringify(mount.mountPath ?? '')}; set readOnly: true${hint(normalize(hp.path))}`);
      });
    });
  },
};

/** What to do first so that readOnly is safe to follow. */
function hint(p: string): string {
  if (under(p, '/var/log')) return ' (a log agent keeps its position or buffer files in a directory of its own, e.g. /var/lib/<agent>, mounted writable)';
  const below = MUST_WRITE_TREES.filter((t) => t !== p && under(t, p === '/' ? '' : p) && t.startsWith(p === '/' ? '/' : p + '/'));
  if (below.length > 0) return `; if the agent writes below it (e.g. ${below.slice(0, 2).join(', ')}), mount only that directory writable`;
  return '';
}

function hasHostPath(volumes: any[]): boolean {
  for (const v of volumes) if (isObj(obj(v).hostPath)) return true;
  return false;
}
