// Comparing Placement.plan with what the real DaemonSet controller did.
import { describeObject, podNodeName, TestCluster, waitFor } from './kube';
import { Placement } from '../../src/placement';

/** What the controller did for one DaemonSet, and what the planner predicted. */
export interface PlacementComparison {
  readonly daemonSet: string;
  /** `status.desiredNumberScheduled` set by the controller. */
  readonly controllerDesired: number;
  /** Nodes the controller created a daemon pod for (sorted). */
  readonly controllerNodes: string[];
  /** `desiredNumberScheduled` of `Placement.plan`. */
  readonly plannedDesired: number;
  /** Nodes with `shouldRun` in `Placement.plan` (sorted). */
  readonly plannedNodes: string[];
  /** Per disagreeing node: the node's labels/taints and the planner's reasons. */
  readonly disagreements: string[];
  /** Number of nodes in the cluster. */
  readonly nodeCount: number;
}

/**
 * Apply `daemonSet` for real, wait (bounded) until the controller has observed it, set
 * `status.desiredNumberScheduled` and created that many pods, then compare node by node with `Placement.plan`
 * over the cluster's live Node objects.
 */
export async function comparePlacement(cluster: TestCluster, daemonSet: any, timeoutMs = 180_000): Promise<PlacementComparison> {
  const applied = await cluster.applyOrThrow(daemonSet);
  const ns = applied.metadata.namespace;
  const dsPath = await cluster.objectPath(applied);
  // The daemon pods: owned by this DaemonSet (controller reference), not being deleted.
  const ownedPods = async (uid: string) =>
    (await cluster.list(`/api/v1/namespaces/${ns}/pods`, 'v1', 'Pod'))
      .filter((p) => (p.metadata.ownerReferences ?? []).some((o: any) => o.uid === uid && o.controller) && !p.metadata.deletionTimestamp);

  let last: { ds: any; pods: any[] } | undefined;
  let stableSince = 0;
  const settled = await waitFor(async () => {
    const ds = await cluster.get(dsPath);
    const pods = await ownedPods(ds.metadata.uid);
    last = { ds, pods };
    const st = ds.status ?? {};
    const done = (st.observedGeneration ?? 0) >= ds.metadata.generation
      && typeof st.desiredNumberScheduled === 'number'
      && pods.length === st.desiredNumberScheduled
      && (st.currentNumberScheduled ?? 0) === st.desiredNumberScheduled
      && (st.numberMisscheduled ?? 0) === 0;
    if (!done) {
      stableSince = 0;
      return undefined;
    }
    // The same answer a second later: the controller had seen every node, not an informer cache still filling.
    if (stableSince === 0) {
      stableSince = Date.now();
      return undefined;
    }
    return Date.now() - stableSince >= 1000 ? last : undefined;
  }, timeoutMs, async () => {
    const events = (await cluster.list(`/api/v1/namespaces/${ns}/events`, 'v1', 'Event'))
      .filter((e) => e.involvedObject?.name === applied.metadata.name && e.type === 'Warning')
      .slice(-5).map((e) => `${e.reason}: ${e.message}`);
    return `${describeObject(applied)} did not settle: status ${JSON.stringify(last?.ds?.status)}, ${last?.pods.length} pods; warning events: ${events.join(' | ') || 'none'}`;
  }, 500);

  const nodes = await cluster.list('/api/v1/nodes', 'v1', 'Node');
  const plan = Placement.plan(settled.ds, nodes);
  const controllerNodes = settled.pods.map((p) => podNodeName(p) ?? `<unpinned pod ${p.metadata.name}>`).sort();
  const plannedNodes = plan.decisions.filter((d) => d.shouldRun).map((d) => d.node).sort();
  const ctl = new Set(controllerNodes);
  const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
  const disagreements = plan.decisions
    .filter((d) => d.shouldRun !== ctl.has(d.node))
    .map((d) => {
      const n = byName.get(d.node);
      return `${d.node}: controller ${ctl.has(d.node) ? 'runs' : 'does not run'} a pod, planner shouldRun=${d.shouldRun} `
        + `(${d.reasons.join('; ')}); labels ${JSON.stringify(n?.metadata?.labels ?? {})}, taints ${JSON.stringify(n?.spec?.taints ?? [])}`;
    });
  return {
    daemonSet: describeObject(applied),
    controllerDesired: settled.ds.status.desiredNumberScheduled,
    controllerNodes,
    plannedDesired: plan.desiredNumberScheduled,
    plannedNodes,
    disagreements,
    nodeCount: nodes.length,
  };
}

/** Create (or update) Node objects; no kubelet runs, the DaemonSet controller only needs the objects. */
export async function applyNodes(cluster: TestCluster, nodes: any[]): Promise<void> {
  const queue = [...nodes];
  const worker = async () => {
    for (let n = queue.shift(); n; n = queue.shift()) {
      const { name, labels, annotations } = n.metadata;
      await cluster.applyOrThrow({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels, annotations }, spec: n.spec ?? {} });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/** Delete Node objects (best effort, for the next test file). */
export async function deleteNodes(cluster: TestCluster, nodes: any[]): Promise<void> {
  for (const n of nodes) await cluster.delete({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.metadata.name } });
  // Gone from the API, and a moment for the controller's informer, so the next test file sees only its own nodes.
  const names = new Set(nodes.map((n) => n.metadata.name));
  await waitFor(async () => !(await cluster.list('/api/v1/nodes', 'v1', 'Node')).some((n) => names.has(n.metadata.name)),
    30_000, () => 'deleted Nodes are still listed');
  await new Promise((r) => setTimeout(r, 1000));
}
