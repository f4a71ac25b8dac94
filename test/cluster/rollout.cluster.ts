// Rollout.simulate against the real DaemonSet controller: kube-controller-manager and kube-scheduler of the pinned
// release, kwok playing the kubelet of 20 fake nodes with the stages in rollout-stages/ (pod start and stop delays
// from pod annotations, per node, and pods that never become ready). Each scenario applies version 1 of a
// DaemonSet, waits until it is available everywhere, applies version 2 and compares what the controller did with
// the simulation: the duration within 10% (or 2 s), stalls and nodes left without the daemon inside the predicted
// ranges. The canary pair of StagedRollout places exactly one pod per node before and after a node is relabelled.
import * as path from 'path';
import { Testing } from 'cdk8s';
import { startControlPlane, stopControlPlane } from './control-plane';
import { TestCluster, waitFor } from './kube';
import { NodeDaemon, StagedRollout } from '../../src';
import { Rollout, RolloutSimulation, RolloutSimulationOptions } from '../../src/placement';

const NODE_COUNT = 20;
const NODES = Array.from({ length: NODE_COUNT }, (_, i) => `rollout-${String(i + 1).padStart(2, '0')}`);
const NS = 'default';
const STAGES = path.join(__dirname, 'rollout-stages');

let clusterDir = '';
let cluster: TestCluster;

beforeAll(async () => {
  const env = startControlPlane(process.pid, { scheduler: true, kwok: true, kwokStages: STAGES });
  clusterDir = env.CLUSTER_DIR;
  cluster = TestCluster.connectTo(env.KUBECONFIG);
  await cluster.ensureNamespace(NS);
  for (const name of NODES) {
    await cluster.applyOrThrow({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, annotations: { 'kwok.x-k8s.io/node': 'fake' }, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    });
  }
  await waitFor(async () => {
    const nodes = await cluster.list('/api/v1/nodes', 'v1', 'Node');
    return nodes.filter((n) => (n.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')).length === NODE_COUNT;
  }, 60_000, () => 'kwok did not make the fake nodes Ready');
}, 600_000);

afterAll(() => {
  cluster?.close();
  stopControlPlane(clusterDir);
});

interface Version {
  /** Pod start delay (Go duration) of this version. */
  readonly start: string;
  /** Pod stop delay (Go duration) of this version's pods. */
  readonly stop?: string;
  /** Per-node start delays ("never": the pod never becomes ready). */
  readonly perNode?: Record<string, string>;
}

interface Scenario {
  readonly name: string;
  readonly updateStrategy: any;
  readonly minReadySeconds?: number;
  readonly hostPort?: number;
  readonly v1: Version;
  readonly v2: Version;
}

function daemonSet(s: Scenario, version: 1 | 2): any {
  const v = version === 1 ? s.v1 : s.v2;
  const annotations: Record<string, string> = { 'rollout.test/start': v.start };
  if (v.stop) annotations['rollout.test/stop'] = v.stop;
  for (const [node, delay] of Object.entries(v.perNode ?? {})) annotations[`rollout.test/start.${node}`] = delay;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: s.name, namespace: NS },
    spec: {
      selector: { matchLabels: { app: s.name } },
      updateStrategy: s.updateStrategy,
      minReadySeconds: s.minReadySeconds,
      template: {
        metadata: { labels: { app: s.name }, annotations },
        spec: {
          terminationGracePeriodSeconds: 30,
          containers: [{
            name: 'agent',
            image: `example.com/agent:${version}`,
            ports: s.hostPort ? [{ containerPort: s.hostPort, hostPort: s.hostPort }] : undefined,
          }],
        },
      },
    },
  };
}

function seconds(goDuration: string): number {
  const m = /^([0-9.]+)(ms|s)$/.exec(goDuration);
  if (!m) throw new Error(`unsupported duration ${goDuration}`);
  return m[2] === 'ms' ? Number(m[1]) / 1000 : Number(m[1]);
}

/** The simulation of a scenario's update: version 2's start times, version 1's stop time. */
function simulate(s: Scenario, extra: RolloutSimulationOptions = {}): RolloutSimulation {
  const start = seconds(s.v2.start);
  const perNode = s.v2.perNode ?? {};
  const nodeStart = NODES.map((n) => (perNode[n] && perNode[n] !== 'never' ? seconds(perNode[n]) : start));
  const failing = NODES.filter((n) => perNode[n] === 'never').length;
  const varied = new Set(nodeStart).size > 1;
  return Rollout.simulate(daemonSet(s, 2), NODE_COUNT, {
    podStartSeconds: start,
    podStopSeconds: s.v1.stop ? seconds(s.v1.stop) : 0,
    nodeStartSeconds: varied ? nodeStart : undefined,
    failingNodes: failing,
    ...extra,
  });
}

interface Observed {
  readonly ds: any;
  readonly pods: any[];
}

async function observe(name: string): Promise<Observed> {
  const ds = await cluster.get(`/apis/apps/v1/namespaces/${NS}/daemonsets/${name}`);
  const pods = (await cluster.list(`/api/v1/namespaces/${NS}/pods`, 'v1', 'Pod'))
    .filter((p) => (p.metadata.ownerReferences ?? []).some((o: any) => o.uid === ds.metadata.uid && o.controller));
  return { ds, pods };
}

/** Every node runs one available pod of the current template and nothing else is left. */
function rolledOut(o: Observed): boolean {
  const st = o.ds.status ?? {};
  return (st.observedGeneration ?? 0) >= o.ds.metadata.generation
    && st.desiredNumberScheduled === NODE_COUNT
    && st.updatedNumberScheduled === NODE_COUNT
    && st.numberAvailable === NODE_COUNT
    && o.pods.length === NODE_COUNT;
}

const statusLine = (o: Observed) => JSON.stringify({ status: o.ds.status, pods: o.pods.length });

/** Apply version 1 and wait until it is available on every node. */
async function installVersion1(s: Scenario): Promise<void> {
  await cluster.applyOrThrow(daemonSet(s, 1));
  let last: Observed | undefined;
  await waitFor(async () => rolledOut(last = await observe(s.name)), 90_000, () => `version 1 of ${s.name} not available: ${last && statusLine(last)}`, 200);
}

/** Apply version 2 and measure the seconds until it is rolled out. */
async function measureUpdate(s: Scenario, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  await cluster.applyOrThrow(daemonSet(s, 2));
  let last: Observed | undefined;
  await waitFor(async () => rolledOut(last = await observe(s.name)), timeoutMs, () => `version 2 of ${s.name} not rolled out: ${last && statusLine(last)}`, 100);
  return (Date.now() - t0) / 1000;
}

/** Apply version 2 and wait until the status has not changed for `quietMs`: what the controller leaves behind. */
async function settleUpdate(s: Scenario, quietMs: number, timeoutMs: number): Promise<Observed> {
  await cluster.applyOrThrow(daemonSet(s, 2));
  let key = '';
  let since = Date.now();
  let last: Observed | undefined;
  return waitFor(async () => {
    last = await observe(s.name);
    const st = last.ds.status ?? {};
    if ((st.observedGeneration ?? 0) < last.ds.metadata.generation) return undefined;
    const k = JSON.stringify([st.updatedNumberScheduled, st.numberAvailable, st.numberUnavailable, last.pods.length,
      last.pods.map((p) => `${p.metadata.name}:${p.status?.phase}:${!!p.metadata.deletionTimestamp}`).sort()]);
    if (k !== key) {
      key = k;
      since = Date.now();
      return undefined;
    }
    return Date.now() - since >= quietMs ? last : undefined;
  }, timeoutMs, () => `${s.name} did not settle: ${last && statusLine(last)}`, 200);
}

async function remove(name: string): Promise<void> {
  await cluster.delete({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: NS } });
}

function expectDuration(measured: number, sim: RolloutSimulation, label: string): void {
  expect(sim.stalled).toBe(false);
  const range = sim.durationRange!;
  const low = Math.min(range.min * 0.9, range.min - 2);
  const high = Math.max(range.max * 1.1, range.max + 2);
  // one line per scenario in the test log: what the controller did against what the model says
  process.stderr.write(`rollout ${label}: measured ${measured.toFixed(2)} s, simulated ${range.min}-${range.max} s\n`);
  expect(measured).toBeGreaterThanOrEqual(low);
  expect(measured).toBeLessThanOrEqual(high);
}

const spread: Record<string, string> = Object.fromEntries(NODES.map((n, i) => [n, `${1000 + (i % 6) * 1000}ms`]));

const timed: Scenario[] = [
  { name: 'uniform', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 4 } }, v1: { start: '200ms' }, v2: { start: '2s' } },
  { name: 'percentage', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%' } }, v1: { start: '200ms' }, v2: { start: '2s' } },
  { name: 'surge', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 5 } }, v1: { start: '200ms', stop: '1s' }, v2: { start: '2s', stop: '1s' } },
  { name: 'min-ready', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 5 } }, minReadySeconds: 2, v1: { start: '200ms' }, v2: { start: '1s' } },
  { name: 'pod-stop', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 5 } }, v1: { start: '200ms', stop: '2s' }, v2: { start: '1s', stop: '2s' } },
  { name: 'spread', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 4 } }, v1: { start: '200ms' }, v2: { start: '1s', perNode: spread } },
];

describe('Rollout.simulate agrees with the DaemonSet controller (20 kwok nodes)', () => {
  test.each(timed.map((s) => [s.name, s] as const))('%s: measured duration within 10%% (or 2 s) of the simulation', async (_name, s) => {
    const sim = simulate(s);
    await installVersion1(s);
    const measured = await measureUpdate(s, 120_000);
    expectDuration(measured, sim, s.name);
    await remove(s.name);
  }, 240_000);

  test.each([
    ['maxUnavailable 3, 2 broken nodes: completes at reduced speed, 2 nodes left without the daemon', 3],
    ['maxUnavailable 2, 2 broken nodes: freezes part-way', 2],
  ] as const)('%s', async (_title, maxUnavailable) => {
    const s: Scenario = {
      name: `broken-${maxUnavailable}`,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable } },
      v1: { start: '200ms' },
      v2: { start: '1s', perNode: { [NODES[2]]: 'never', [NODES[11]]: 'never' } },
    };
    const sim = simulate(s);
    expect(sim.stalled).toBe(true);
    await installVersion1(s);
    const o = await settleUpdate(s, 5_000, 120_000);
    const st = o.ds.status;
    const withoutDaemon = NODE_COUNT - st.numberAvailable;
    process.stderr.write(`rollout ${s.name}: updated ${st.updatedNumberScheduled}, without daemon ${withoutDaemon}; `
      + `simulated ${JSON.stringify(sim.updatedNodesRange)}, ${JSON.stringify(sim.nodesWithoutDaemonRange)}\n`);
    expect(st.updatedNumberScheduled).toBeGreaterThanOrEqual(sim.updatedNodesRange.min);
    expect(st.updatedNumberScheduled).toBeLessThanOrEqual(sim.updatedNodesRange.max);
    expect(withoutDaemon).toBeGreaterThanOrEqual(sim.nodesWithoutDaemonRange.min);
    expect(withoutDaemon).toBeLessThanOrEqual(sim.nodesWithoutDaemonRange.max);
    await remove(s.name);
  }, 240_000);

  test('surge with a host port freezes at once: no node updated, every old pod kept', async () => {
    const s: Scenario = {
      name: 'surge-host-port',
      hostPort: 9100,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 2 } },
      v1: { start: '200ms' },
      v2: { start: '1s' },
    };
    const sim = simulate(s);
    expect(sim).toMatchObject({ hostPortFreeze: true, stalled: true, updatedNodes: 0, nodesWithoutDaemon: 0 });
    await installVersion1(s);
    const o = await settleUpdate(s, 5_000, 60_000);
    expect(o.ds.status.updatedNumberScheduled ?? 0).toBe(sim.updatedNodes); // a zero is left out of the status
    expect(o.ds.status.numberAvailable).toBe(NODE_COUNT - sim.nodesWithoutDaemon);
    const pending = o.pods.filter((p) => p.spec.containers[0].image.endsWith(':2'));
    expect(pending).toHaveLength(2); // the two surge pods, never scheduled
    expect(pending.every((p) => !p.spec.nodeName)).toBe(true);
    await remove(s.name);
  }, 240_000);

  test('OnDelete: nothing changes until a pod is deleted', async () => {
    const s: Scenario = { name: 'on-delete', updateStrategy: { type: 'OnDelete' }, v1: { start: '200ms' }, v2: { start: '500ms' } };
    const sim = simulate(s);
    expect(sim).toMatchObject({ manual: true, updatedNodes: 0 });
    await installVersion1(s);
    const o = await settleUpdate(s, 4_000, 60_000);
    expect(o.ds.status.updatedNumberScheduled ?? 0).toBe(sim.updatedNodes); // a zero is left out of the status
    expect(o.pods).toHaveLength(NODE_COUNT);
    for (const p of o.pods.slice(0, 3)) {
      await cluster.api.request('DELETE', `/api/v1/namespaces/${NS}/pods/${p.metadata.name}`);
    }
    let last: Observed | undefined;
    await waitFor(async () => {
      last = await observe(s.name);
      return last.ds.status?.updatedNumberScheduled === 3 && last.ds.status?.numberAvailable === NODE_COUNT;
    }, 60_000, () => `the deleted pods were not replaced by new ones: ${last && statusLine(last)}`);
    await remove(s.name);
  }, 240_000);
});

describe('StagedRollout on the real controller: exactly one pod per node', () => {
  test('before and after a node is relabelled (host port handed over)', async () => {
    const label = 'rollout.test/canary';
    const chart = Testing.chart();
    const agent = (id: string, version: string) => {
      const d = new NodeDaemon(chart, id, { metadata: { name: id, namespace: NS } });
      const c = d.addContainer({ name: 'agent', image: `example.com/agent:${version}` });
      d.addHostPort(c, 9200);
      d.podMetadata.addAnnotation('rollout.test/start', '500ms');
      d.podMetadata.addAnnotation('rollout.test/stop', '1s');
      return d;
    };
    const rollout = new StagedRollout(chart, 'pair', { stable: agent('pair-stable', '1'), canary: agent('pair-canary', '2'), canaryLabel: label });
    const labelNode = async (name: string, value: string | null) => cluster.api.request('PATCH', `/api/v1/nodes/${name}`,
      { metadata: { labels: { [label]: value } } }, { contentType: 'application/merge-patch+json' });
    await labelNode(NODES[0], 'true');
    await labelNode(NODES[1], 'true');

    const nodes = async () => cluster.list('/api/v1/nodes', 'v1', 'Node');
    const check = rollout.checkPlacement(await nodes());
    expect(check).toMatchObject({ canaryNodes: [NODES[0], NODES[1]], bothNodes: [], uncoveredNodes: [], ok: true });

    for (const o of Testing.synth(chart).filter((m: any) => m.kind === 'DaemonSet')) await cluster.applyOrThrow(o);
    const podsPerNode = async () => {
      const pods = (await cluster.list(`/api/v1/namespaces/${NS}/pods`, 'v1', 'Pod'))
        .filter((p) => /^pair-(stable|canary)-/.test(p.metadata.name));
      const perNode = new Map<string, string[]>();
      for (const p of pods) {
        const node = p.spec.nodeName ?? '(unscheduled)';
        perNode.set(node, [...(perNode.get(node) ?? []), `${p.metadata.name.startsWith('pair-canary') ? 'canary' : 'stable'}:${p.status?.phase}${p.metadata.deletionTimestamp ? ':terminating' : ''}`]);
      }
      return perNode;
    };
    const exactlyOne = (perNode: Map<string, string[]>, canaries: string[]) => NODES.every((n) => {
      const pods = perNode.get(n) ?? [];
      return pods.length === 1 && pods[0] === `${canaries.includes(n) ? 'canary' : 'stable'}:Running`;
    }) && !perNode.has('(unscheduled)');
    let last: Map<string, string[]> | undefined;
    await waitFor(async () => exactlyOne(last = await podsPerNode(), [NODES[0], NODES[1]]), 90_000,
      () => `not one pod per node: ${JSON.stringify([...(last ?? new Map()).entries()])}`);

    // move a node to the canary: the stable pod goes, then the canary pod binds the host port
    await labelNode(NODES[2], 'true');
    expect(rollout.checkPlacement(await nodes())).toMatchObject({ canaryNodes: [NODES[0], NODES[1], NODES[2]], ok: true });
    await waitFor(async () => exactlyOne(last = await podsPerNode(), [NODES[0], NODES[1], NODES[2]]), 90_000,
      () => `not one pod per node after relabelling: ${JSON.stringify([...(last ?? new Map()).entries()])}`);
    // and back (rollback of one node)
    await labelNode(NODES[0], null);
    await waitFor(async () => exactlyOne(last = await podsPerNode(), [NODES[1], NODES[2]]), 90_000,
      () => `not one pod per node after removing the label: ${JSON.stringify([...(last ?? new Map()).entries()])}`);
  }, 300_000);
});
