// The planner's scheduler fit agrees with the real kube-scheduler on a generated cluster (fixed seed): kwok plays the
// kubelets of Nodes with allocatable cpu, memory, pods and nvidia.com/gpu; pods already bound to them have requests,
// host ports and priorities; DaemonSets with requests, host ports and priority classes then compete for the nodes.
// Every daemon pod's outcome (bound, or PodScheduled=False with the scheduler's reasons) and every preemption victim
// (deleted) must be the one predicted, node by node.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { ControlPlaneEnv, startControlPlane, stopControlPlane } from './control-plane';
import { podNodeName, TestCluster, waitFor } from './kube';
import { prng } from '../../bench/cluster';
import { Placement } from '../../src/placement';

/** Two generated clusters by default (each on a control plane of its own); CDK8S_ND_FIT_SEEDS=1,2,3 for others. */
const SEEDS = (process.env.CDK8S_ND_FIT_SEEDS ?? '20261201,7').split(',').map(Number);
const NODE_COUNT = 40;
const NAMESPACE = 'scheduler-fit';
const START_MS = 15 * 60_000;

export const PRIORITY_CLASSES = [
  { name: 'low', value: 100 },
  { name: 'mid', value: 1000 },
  { name: 'high', value: 10000 },
  { name: 'polite', value: 5000, preemptionPolicy: 'Never' },
  { name: 'agent-critical', value: 100000 },
].map((c) => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name: c.name },
  value: c.value,
  ...(c.preemptionPolicy ? { preemptionPolicy: c.preemptionPolicy } : {}),
}));

export function generate(seed: number): { nodes: any[]; pods: any[] } {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const nodes: any[] = [];
  const pods: any[] = [];
  for (let i = 0; i < NODE_COUNT; i++) {
    const name = `fit-${String(i).padStart(2, '0')}`;
    const type = pick(['small', 'medium', 'large', 'gpu'] as const);
    const cpu = { small: 1000, medium: 2000, large: 4000, gpu: 4000 }[type];
    const memMi = { small: 2048, medium: 4096, large: 8192, gpu: 16384 }[type];
    const gpus = type === 'gpu' ? pick([1, 2]) : 0;
    const slots = 3 + Math.floor(rnd() * 6);
    // canonical quantities: the API server stores them so
    const allocatable: Record<string, string> = { cpu: String(cpu / 1000), memory: `${memMi / 1024}Gi`, pods: String(slots) };
    if (gpus > 0) allocatable['nvidia.com/gpu'] = String(gpus);
    const labels: Record<string, string> = { 'kubernetes.io/hostname': name, 'node.kubernetes.io/instance-type': type };
    if (gpus > 0) labels.gpu = 'true';
    nodes.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels, annotations: { 'kwok.x-k8s.io/node': 'fake' } },
      spec: {},
      status: { allocatable, capacity: allocatable },
    });
    // existing pods: distinct priorities per node (victim order then never depends on start times)
    const priorities = ['', 'low', 'mid', 'high'].sort(() => rnd() - 0.5);
    const count = Math.floor(rnd() * Math.min(4, slots));
    let cpuLeft = cpu, memLeft = memMi, gpuLeft = gpus;
    const taken = new Set<number>();
    for (let p = 0; p < count; p++) {
      const wantCpu = pick([100, 250, 400, 600, 800]);
      const wantMem = pick([128, 256, 512, 1024]);
      if (wantCpu > cpuLeft || wantMem > memLeft) continue;
      cpuLeft -= wantCpu;
      memLeft -= wantMem;
      const requests: Record<string, string> = { cpu: `${wantCpu}m`, memory: `${wantMem}Mi` };
      const limits: Record<string, string> = {};
      if (gpuLeft > 0 && rnd() < 0.6) {
        requests['nvidia.com/gpu'] = '1';
        limits['nvidia.com/gpu'] = '1';
        gpuLeft--;
      }
      // a host port at most once per node (a kubelet rejects a second pod on a taken port)
      const r = rnd();
      const port = r < 0.2 ? 9100 : r < 0.3 ? 53 : 0;
      const ports = port > 0 && !taken.has(port) ? [{ containerPort: port, hostPort: port, protocol: 'TCP' }] : [];
      if (port > 0) taken.add(port);
      const priorityClassName = priorities[p];
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-app-${p}`, namespace: NAMESPACE, labels: { role: 'existing' } },
        spec: {
          nodeName: name,
          ...(priorityClassName ? { priorityClassName } : {}),
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests, ...(Object.keys(limits).length ? { limits } : {}) }, ports }],
        },
      });
    }
  }
  return { nodes, pods };
}

function daemonSet(name: string, podSpec: any): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 0, ...podSpec } },
    },
  };
}
const main = (requests: Record<string, string>, ports: any[] = [], extra: any = {}) =>
  ({ name: 'main', image: 'registry.k8s.io/pause:3.10', resources: { requests, ...(extra.limits ? { limits: extra.limits } : {}) }, ports });

/** Applied in this order, one priority level at a time (the scheduler's queue takes higher priorities first). */
export const DAEMON_SETS = [
  daemonSet('log-agent', { priorityClassName: 'agent-critical', containers: [main({ cpu: '300m', memory: '256Mi' })] }),
  daemonSet('node-exporter-hi', { priorityClassName: 'high', containers: [main({ cpu: '100m', memory: '64Mi' }, [{ containerPort: 9100, hostPort: 9100 }])] }),
  daemonSet('polite-agent', { priorityClassName: 'polite', containers: [main({ cpu: '500m', memory: '128Mi' })] }),
  daemonSet('gpu-agent', {
    priorityClassName: 'mid',
    nodeSelector: { gpu: 'true' },
    containers: [main({ 'cpu': '100m', 'nvidia.com/gpu': '1' }, [], { limits: { 'nvidia.com/gpu': '1' } })],
  }),
  daemonSet('node-exporter', { containers: [main({ cpu: '50m', memory: '32Mi' }, [{ containerPort: 9100, hostPort: 9100 }])] }),
  daemonSet('dns-cache', { containers: [main({ cpu: '50m' }, [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }])] }),
  daemonSet('sidecar-agent', {
    priorityClassName: 'low',
    initContainers: [
      { name: 'setup', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '1200m' } } },
      { name: 'proxy', image: 'registry.k8s.io/pause:3.10', restartPolicy: 'Always', resources: { requests: { cpu: '100m', memory: '64Mi' } } },
    ],
    containers: [main({ cpu: '100m', memory: '64Mi' })],
  }),
];

let env: ControlPlaneEnv | undefined;
let cluster: TestCluster;

describe.each(SEEDS)('generated cluster, seed %i', (SEED) => {
  const { nodes, pods } = generate(SEED);

  beforeAll(async () => {
    env = startControlPlane(process.pid, { scheduler: true, kwok: true });
    cluster = TestCluster.connect(env.KUBECONFIG);
    await cluster.ensureNamespace(NAMESPACE);
    for (const pc of PRIORITY_CLASSES) await cluster.applyOrThrow(pc);
    for (const n of nodes) {
      const r = await cluster.create(n);
      if (!r.ok) throw new Error(`create node ${n.metadata.name}: ${r.message}`);
    }
    for (const p of pods) {
      const r = await cluster.create(p);
      if (!r.ok) throw new Error(`create pod ${p.metadata.name}: ${r.message}`);
    }
    // kwok runs them: every existing pod has a start time (preemption orders victims by it)
    await waitFor(async () => {
      const live = await cluster.list(`/api/v1/namespaces/${NAMESPACE}/pods`, 'v1', 'Pod');
      return live.length === pods.length && live.every((p) => p.status?.phase === 'Running' && p.status?.startTime);
    }, 120_000, () => 'the existing pods did not all start');
  }, START_MS);

  afterAll(() => {
    cluster?.close();
    cluster = undefined as any;
    if (env && process.env.CDK8S_ND_KEEP_LOGS) spawnSync('cp', ['-r', `${env.CLUSTER_DIR}/logs`, process.env.CDK8S_ND_KEEP_LOGS]);
    if (env) stopControlPlane(env.CLUSTER_DIR);
    env = undefined;
  });

  /** No pod terminating (preemption victims gone), no preemption in progress. */
  async function settled(): Promise<void> {
    await waitFor(async () => {
      const live = await cluster.list(`/api/v1/namespaces/${NAMESPACE}/pods`, 'v1', 'Pod');
      return !live.some((p) => p.metadata.deletionTimestamp || p.status?.nominatedNodeName);
    }, 60_000, () => 'pods are still terminating or nominated');
    await new Promise((r) => setTimeout(r, 1500));
  }

  interface Observed {
    readonly bound?: string;
    readonly reasons?: string[];
    readonly message?: string;
  }

  /** The scheduler's reasons for the pod's own node, from `0/N nodes are available: 1 Insufficient cpu, N-1 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: ...`. */
  function nodeReasons(message: string): string[] {
    const m = /nodes are available: (.*?)\.(?: preemption:|$)/.exec(message);
    if (!m) return [message];
    return m[1].split(', ').filter((part) => !part.includes("didn't satisfy plugin(s)")).map((part) => part.replace(/^\d+ /, '')).sort();
  }

  async function observe(name: string): Promise<Map<string, Observed>> {
    const live = await cluster.list(`/api/v1/namespaces/${NAMESPACE}/pods`, 'v1', 'Pod');
    const byNode = new Map<string, Observed>();
    for (const p of live) {
      if (p.metadata.labels?.app !== name || p.metadata.deletionTimestamp) continue;
      const node = podNodeName(p)!;
      if (p.spec.nodeName) {
        byNode.set(node, { bound: p.spec.nodeName });
      } else {
        const cond = (p.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled' && c.status === 'False');
        if (cond && !p.status?.nominatedNodeName) byNode.set(node, { reasons: nodeReasons(String(cond.message)), message: cond.message });
        else byNode.set(node, {});
      }
    }
    return byNode;
  }

  test(`the generated cluster (seed ${SEED}): kwok keeps the nodes' allocatable, the existing pods run`, async () => {
    const live = await cluster.list('/api/v1/nodes', 'v1', 'Node');
    expect(live.length).toBe(NODE_COUNT);
    for (const n of nodes) {
      const l = live.find((x) => x.metadata.name === n.metadata.name);
      expect(l.status.allocatable).toEqual(n.status.allocatable);
    }
    expect(pods.length).toBeGreaterThan(NODE_COUNT);
  });

  test('every daemon pod binds, stays Pending or preempts exactly as planned, node by node', async () => {
    const liveNodes = await cluster.list('/api/v1/nodes', 'v1', 'Node');
    const existing = await cluster.list(`/api/v1/namespaces/${NAMESPACE}/pods`, 'v1', 'Pod');
    const classes = await cluster.list('/apis/scheduling.k8s.io/v1/priorityclasses', 'scheduling.k8s.io/v1', 'PriorityClass');
    const plans = Placement.planAll(DAEMON_SETS, liveNodes, { existingPods: existing, priorityClasses: classes });
    const victims = new Set(plans.flatMap((p) => p.decisions.flatMap((d) => d.preempts ?? [])));
    const pendingTotal = plans.reduce((s, p) => s + (p.pendingNumber ?? 0), 0);
    // the generated cluster must exercise every outcome
    expect(victims.size).toBeGreaterThan(0);
    expect(pendingTotal).toBeGreaterThan(0);
    const allReasons = new Set(plans.flatMap((p) => p.decisions.flatMap((d) => d.schedulingReasons ?? [])));
    expect([...allReasons]).toEqual(expect.arrayContaining(['Insufficient cpu', "node(s) didn't have free ports for the requested pod ports", 'Too many pods']));

    // apply one priority level at a time, highest first, and let the scheduler settle
    const priorityOf = (ds: any) => classes.find((c) => c.metadata.name === ds.spec.template.spec.priorityClassName)?.value ?? 0;
    const levels = [...new Set(DAEMON_SETS.map(priorityOf))].sort((a, b) => b - a);
    for (const level of levels) {
      const batch = DAEMON_SETS.filter((ds) => priorityOf(ds) === level);
      for (const ds of batch) await cluster.applyOrThrow(ds);
      for (const ds of batch) {
        const plan = plans[DAEMON_SETS.indexOf(ds)];
        await waitFor(async () => {
          const seen = await observe(ds.metadata.name);
          return plan.decisions.every((d) => !d.shouldRun || seen.get(d.node)?.bound !== undefined || seen.get(d.node)?.reasons !== undefined);
        }, 120_000, () => `the pods of ${ds.metadata.name} were not all bound or rejected by the scheduler`);
      }
      await settled();
    }
    // victims are gone (kwok lets terminating pods go), and a moment for retries after deletions
    await waitFor(async () => {
      const live = await cluster.list(`/api/v1/namespaces/${NAMESPACE}/pods`, 'v1', 'Pod');
      return !live.some((p) => victims.has(`${NAMESPACE}/${p.metadata.name}`));
    }, 60_000, () => 'preempted pods were not deleted');
    await new Promise((r) => setTimeout(r, 5000));

    const disagreements: string[] = [];
    let compared = 0;
    for (let i = 0; i < DAEMON_SETS.length; i++) {
      const name = DAEMON_SETS[i].metadata.name;
      const seen = await observe(name);
      for (const d of plans[i].decisions) {
        if (!d.shouldRun) continue;
        compared++;
        const o = seen.get(d.node);
        const boundHere = o?.bound === d.node;
        if (d.contested) {
        // either outcome is possible; if it stays Pending, the reasons are the planned ones
          if (!boundHere && o?.reasons === undefined) disagreements.push(`${name} on ${d.node}: contested, but neither bound nor rejected`);
          continue;
        }
        if (d.fits && !boundHere) {
          disagreements.push(`${name} on ${d.node}: planned to bind${d.preempts ? ` after preempting ${d.preempts.join(', ')}` : ''}, scheduler: ${o?.message ?? JSON.stringify(o)}`);
        } else if (!d.fits && boundHere) {
          disagreements.push(`${name} on ${d.node}: planned Pending (${d.schedulingReasons?.join(', ')}), but bound`);
        } else if (!d.fits && JSON.stringify(o?.reasons) !== JSON.stringify([...d.schedulingReasons!].sort())) {
          disagreements.push(`${name} on ${d.node}: planned ${JSON.stringify(d.schedulingReasons)}, scheduler: ${o?.message}`);
        }
      }
    }
    const remaining = new Set((await cluster.list(`/api/v1/namespaces/${NAMESPACE}/pods`, 'v1', 'Pod'))
      .filter((p) => p.metadata.labels?.role === 'existing').map((p) => `${NAMESPACE}/${p.metadata.name}`));
    for (const p of pods) {
      const key = `${NAMESPACE}/${p.metadata.name}`;
      if (!victims.has(key) && !remaining.has(key)) disagreements.push(`${key} was deleted but not planned as a victim`);
    }
    if (disagreements.length > 0 && process.env.CDK8S_ND_KEEP_LOGS) {
      const events = await cluster.list(`/api/v1/namespaces/${NAMESPACE}/events`, 'v1', 'Event');
      fs.writeFileSync(`${process.env.CDK8S_ND_KEEP_LOGS}.events.txt`, events.map((e: any) =>
        `${e.eventTime ?? e.lastTimestamp ?? e.firstTimestamp} ${e.involvedObject?.name} ${e.reason} ${e.note ?? e.message}`).sort().join('\n'));
    }
    expect(disagreements).toEqual([]);
    process.stdout.write(`scheduler and planner agree on ${compared} daemon pods (${pendingTotal} Pending, ${victims.size} victims)\n`);
  }, 15 * 60_000);
});
