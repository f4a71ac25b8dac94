// The planner agrees with the DaemonSet controller on a generated cluster: a few hundred Nodes with random labels,
// taints and cordons (fixed seed), and DaemonSets with varied tolerations, node selectors and node affinity.
import { TestCluster } from './kube';
import { applyNodes, comparePlacement, deleteNodes } from './placement-check';
import { prng } from '../../bench/cluster';

const SEED = 20260501;
const NODE_COUNT = 300;
const NAMESPACE = 'placement-generated';

function generateNodes(seed: number, count: number): any[] {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const taintPool = [
    { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
    { key: 'dedicated', value: 'db', effect: 'NoExecute' },
    { key: 'maintenance', effect: 'NoExecute' },
    { key: 'spot', value: 'true', effect: 'PreferNoSchedule' },
    { key: 'example.com/flaky', value: 'yes', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
    { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
  ];
  const nodes: any[] = [];
  for (let i = 0; i < count; i++) {
    const name = `gen-${String(i).padStart(3, '0')}`;
    const labels: Record<string, string> = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': rnd() < 0.9 ? 'linux' : 'windows' };
    labels['topology.kubernetes.io/zone'] = pick(['zone-a', 'zone-b', 'zone-c']);
    if (rnd() < 0.7) labels.tier = pick(['web', 'db', 'cache', 'batch']);
    if (rnd() < 0.2) labels['example.com/gpu'] = pick(['true', 'false', '']);
    if (rnd() < 0.5) labels['example.com/cores'] = String(Math.floor(rnd() * 128));
    if (rnd() < 0.1) labels['node-role.kubernetes.io/control-plane'] = '';
    const taints: any[] = [];
    const taintCount = Math.floor(rnd() * rnd() * 4);
    for (let t = 0; t < taintCount; t++) {
      const taint = pick(taintPool);
      if (!taints.some((x) => x.key === taint.key && x.effect === taint.effect)) taints.push(taint);
    }
    nodes.push({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints, unschedulable: rnd() < 0.1 } });
  }
  return nodes;
}

function daemonSet(name: string, podSpec: any): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }], ...podSpec },
      },
    },
  };
}

const DAEMON_SETS = [
  daemonSet('defaults', {}),
  daemonSet('tolerate-everything', { tolerations: [{ operator: 'Exists' }] }),
  daemonSet('host-network', { hostNetwork: true, tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] }),
  daemonSet('zone-a-gpu', {
    nodeSelector: { 'topology.kubernetes.io/zone': 'zone-a' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, { key: 'maintenance', operator: 'Exists' }],
  }),
  daemonSet('affinity-terms', {
    tolerations: [{ key: 'dedicated', value: 'db' }, { key: 'example.com/flaky', operator: 'Exists', effect: 'NoSchedule' }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'cache'] }, { key: 'example.com/cores', operator: 'Gt', values: ['16'] }] },
            { matchExpressions: [{ key: 'example.com/gpu', operator: 'Exists' }, { key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['zone-c'] }] },
          ],
        },
      },
    },
  }),
  daemonSet('linux-no-control-plane', {
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    ],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' },
              { key: 'example.com/cores', operator: 'Lt', values: ['100'] },
              { key: 'tier', operator: 'NotIn', values: ['batch'] },
            ],
          }],
        },
      },
    },
  }),
];

const nodes = generateNodes(SEED, NODE_COUNT);
let cluster: TestCluster;

beforeAll(async () => {
  cluster = TestCluster.connect();
  await cluster.ensureNamespace(NAMESPACE);
  await applyNodes(cluster, nodes);
});

afterAll(async () => {
  if (!cluster) return;
  for (const ds of DAEMON_SETS) await cluster.delete(ds);
  await deleteNodes(cluster, nodes);
  cluster.close();
});

test(`the generated cluster (seed ${SEED}) has ${NODE_COUNT} nodes with varied taints`, async () => {
  const live = await cluster.list('/api/v1/nodes', 'v1', 'Node');
  expect(live.filter((n) => n.metadata.name.startsWith('gen-')).length).toBe(NODE_COUNT);
  expect(nodes.filter((n) => n.spec.taints.length > 0).length).toBeGreaterThan(NODE_COUNT / 5);
});

test.each(DAEMON_SETS.map((ds) => [ds.metadata.name, ds] as const))('%s', async (_name, ds) => {
  const c = await comparePlacement(cluster, ds);
  expect(c.disagreements).toEqual([]);
  expect(c.plannedNodes).toEqual(c.controllerNodes);
  expect(c.plannedDesired).toBe(c.controllerDesired);
  // The generated cluster is only useful if it splits the nodes.
  process.stdout.write(`${c.daemonSet}: controller and planner agree on ${c.controllerDesired} of ${c.nodeCount} nodes\n`);
});
