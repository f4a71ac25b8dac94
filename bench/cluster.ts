/**
 * Deterministic synthetic clusters and DaemonSets for the planning benchmark: realistic node labels
 * (os, arch, zone, instance type, pools) and taints (control plane, GPU, dedicated pools, NoExecute).
 */

/** A small seeded PRNG (mulberry32) so every run plans the same cluster. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const TYPES = ['m5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.large', 't2.large', 'p3.2xlarge'];

export function generateNodes(n: number, seed = 42): any[] {
  const rnd = prng(seed);
  const nodes: any[] = [];
  for (let i = 0; i < n; i++) {
    const name = `ip-10-${(i >> 16) & 255}-${(i >> 8) & 255}-${i & 255}.ec2.internal`;
    const type = TYPES[Math.floor(rnd() * TYPES.length)];
    const labels: Record<string, string> = {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': rnd() < 0.03 ? 'windows' : 'linux',
      'kubernetes.io/arch': rnd() < 0.2 ? 'arm64' : 'amd64',
      'topology.kubernetes.io/zone': ZONES[i % ZONES.length],
      'node.kubernetes.io/instance-type': type,
      'cores': String(2 ** (1 + Math.floor(rnd() * 5))),
    };
    const taints: any[] = [];
    const r = rnd();
    if (i < 3) {
      labels['node-role.kubernetes.io/control-plane'] = '';
      taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
    } else if (type === 'p3.2xlarge') {
      labels['nvidia.com/gpu.present'] = 'true';
      taints.push({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
    } else if (r < 0.1) {
      labels.pool = 'platform-tools';
      labels.type = 'platform-tools';
      taints.push({ key: 'dedicated', value: 'platform', effect: 'NoSchedule' });
    } else if (r < 0.12) {
      taints.push({ key: 'maintenance', value: 'true', effect: 'NoExecute' });
    } else if (r < 0.14) {
      labels['eks.amazonaws.com/compute-type'] = 'fargate';
      taints.push({ key: 'eks.amazonaws.com/compute-type', value: 'fargate', effect: 'NoSchedule' });
    } else if (r < 0.2) {
      labels.ssd = 'true';
      taints.push({ key: 'spot', value: 'true', effect: 'PreferNoSchedule' });
    }
    nodes.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels },
      spec: { taints: taints.length > 0 ? taints : undefined, unschedulable: rnd() < 0.01 ? true : undefined },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
  }
  return nodes;
}

/** 100 (or n) DaemonSets with varied tolerations, node selectors and affinities. */
export function generateDaemonSets(n: number, seed = 7): any[] {
  const rnd = prng(seed);
  const out: any[] = [];
  for (let i = 0; i < n; i++) {
    const spec: any = { containers: [{ name: 'agent', image: `example.com/agent-${i}:1.0.0` }] };
    switch (i % 5) {
      case 0:
        spec.tolerations = [{ operator: 'Exists' }];
        spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [
          { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
          { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
        ] }] } } };
        break;
      case 1:
        spec.nodeSelector = { 'kubernetes.io/os': 'linux', 'ssd': 'true' };
        break;
      case 2:
        spec.tolerations = [
          { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        ];
        spec.hostNetwork = true;
        break;
      case 3:
        spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'platform', effect: 'NoSchedule' }];
        spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
          { matchExpressions: [{ key: 'type', operator: 'In', values: ['platform-tools'] }] },
          { matchExpressions: [{ key: 'cores', operator: 'Gt', values: [String(Math.floor(rnd() * 16))] }, { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] },
        ] } } };
        break;
      default:
        spec.tolerations = [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
        spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
          { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['us-east-1c'] }] },
        ] } } };
    }
    out.push({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: `agent-${i}`, namespace: 'bench' },
      spec: {
        selector: { matchLabels: { app: `agent-${i}` } },
        template: { metadata: { labels: { app: `agent-${i}` } }, spec },
      },
    });
  }
  return out;
}

const ALLOCATABLE: Record<string, { cpu: string; memory: string; pods: string; gpu?: string }> = {
  'm5.large': { cpu: '1930m', memory: '7094Mi', pods: '110' },
  'm5.xlarge': { cpu: '3920m', memory: '14603Mi', pods: '110' },
  'c5.2xlarge': { cpu: '7910m', memory: '14603Mi', pods: '110' },
  'r5.large': { cpu: '1930m', memory: '15155Mi', pods: '110' },
  't2.large': { cpu: '1930m', memory: '7216Mi', pods: '110' },
  'p3.2xlarge': { cpu: '7910m', memory: '58872Mi', pods: '110', gpu: '1' },
};

/** The nodes with `status.allocatable` of their instance type (for scheduler fit). Changes the nodes in place. */
export function addAllocatable(nodes: any[]): any[] {
  for (const n of nodes) {
    const a = ALLOCATABLE[n.metadata.labels['node.kubernetes.io/instance-type']] ?? ALLOCATABLE['m5.large'];
    const allocatable: Record<string, string> = { 'cpu': a.cpu, 'memory': a.memory, 'pods': a.pods, 'ephemeral-storage': '95491281146' };
    if (a.gpu) allocatable['nvidia.com/gpu'] = a.gpu;
    n.status = { ...n.status, allocatable, capacity: allocatable };
  }
  return nodes;
}

/**
 * `perNode` pods bound to every node (as `kubectl get pods -A -o json` prints them: one object each), with
 * requests, a few host ports and priorities.
 */
export function generateExistingPods(nodes: any[], perNode: number, seed = 11): any[] {
  const rnd = prng(seed);
  const pods: any[] = [];
  const cpus = ['5m', '10m', '25m', '50m'];
  const mems = ['16Mi', '32Mi', '64Mi', '128Mi'];
  for (const n of nodes) {
    for (let p = 0; p < perNode; p++) {
      pods.push({
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: `app-${pods.length}`, namespace: 'apps' },
        spec: {
          nodeName: n.metadata.name,
          priority: rnd() < 0.2 ? 1000 : 0,
          containers: [{
            name: 'app', image: 'example.com/app:1',
            resources: { requests: { cpu: cpus[Math.floor(rnd() * 4)], memory: mems[Math.floor(rnd() * 4)] } },
            ports: rnd() < 0.05 ? [{ containerPort: 8080, hostPort: 8080 }] : undefined,
          }],
        },
        status: { phase: 'Running', startTime: '2026-01-01T00:00:00Z' },
      });
    }
  }
  return pods;
}

/** The DaemonSets with requests, some host ports and priority classes (copies). */
export function withRequests(daemonSets: any[]): any[] {
  return daemonSets.map((ds, i) => {
    const spec = ds.spec.template.spec;
    const containers = spec.containers.map((c: any) => ({
      ...c,
      resources: { requests: { cpu: `${2 + (i % 5) * 2}m`, memory: `${8 + (i % 4) * 8}Mi` } },
      ports: i % 10 === 0 ? [{ containerPort: 9100 + i, hostPort: 9100 + i }] : undefined,
    }));
    const priorityClassName = i % 7 === 0 ? 'system-node-critical' : undefined;
    return { ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { ...spec, containers, priorityClassName } } } };
  });
}
