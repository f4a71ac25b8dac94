/**
 * Scheduler fit over the controller's plans: every node, every daemon that should run there, together.
 *
 * Internal module (loaded on first use by `Placement.planAll`/`planCluster`).
 */
import { DecisionCache } from './compiled-placement';
import { PlacementOptions } from './feature-gates';
import { ClusterPlan, NodeGroupOverhead, NodeOverhead, PlacementDecision, PlacementPlan } from './placement-decision';
import { daemonPodModel, FITS, FitOutcome, podsByNode, PriorityResolver, queueOrder, scheduleNode } from './scheduler-fit';

const DEFAULT_GROUP_LABEL = 'node.kubernetes.io/instance-type';
const NO_GROUP = '<none>';

interface GroupSums {
  nodes: number;
  daemonPods: number;
  pending: number;
  cpu: number;
  mem: number;
  aCpu: number;
  aMem: number;
  maxCpu: number;
  maxMem: number;
}

export function planFit(daemonSets: any[], nodes: any[], plans: PlacementPlan[], options: PlacementOptions,
  withOverhead: boolean, names: string[]): ClusterPlan {
  const priorities = new PriorityResolver(options.priorityClasses);
  const daemons = daemonSets.map((ds, i) => daemonPodModel(ds, i, names[i], priorities));
  const order = queueOrder(daemons);
  const byNode = podsByNode(options.existingPods, daemons);
  const cache = DecisionCache.of(nodes);
  const groupLabel = options.nodeGroupLabel ?? DEFAULT_GROUP_LABEL;

  // the controller plans were made for this call: their decision arrays are ours to fill in
  const decisions: PlacementDecision[][] = plans.map((p) => p.decisions);
  const pending: number[] = plans.map(() => 0);
  const runs: boolean[] = new Array(order.length);
  const out: (FitOutcome | undefined)[] = new Array(order.length);
  const overhead: NodeOverhead[] = [];
  const groups = new Map<string, GroupSums>();

  const inQueue = order.map((o) => plans[o.index].decisions);
  const outQueue = order.map((o) => decisions[o.index]);
  for (let i = 0; i < nodes.length; i++) {
    let any = false;
    for (let k = 0; k < order.length; k++) {
      const r = inQueue[k][i].shouldRun;
      runs[k] = r;
      out[k] = undefined;
      if (r) any = true;
    }
    const node = nodes[i];
    let cpu = 0, mem = 0, placed = 0, stuck = 0;
    let aCpu = 0, aMem = 0;
    if (any) {
      const name = node?.metadata?.name;
      const state = scheduleNode(node, typeof name === 'string' ? byNode.get(name) : undefined, order, runs, out);
      aCpu = state.allocatable.cpu;
      aMem = state.allocatable.memory;
      for (let k = 0; k < order.length; k++) {
        const o = out[k];
        if (o === undefined) continue;
        const d = order[k].index;
        const base = inQueue[k][i];
        if (o.fits) {
          placed++;
          cpu += order[k].requests.cpu;
          mem += order[k].requests.memory;
        } else {
          stuck++;
          pending[d]++;
        }
        outQueue[k][i] = decorate(base, o, cache, i, node, order[k].unmodelled);
      }
    } else if (withOverhead) {
      const alloc = node?.status?.allocatable ?? {};
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { resourceAmount } = require('./pod-resources') as typeof import('./pod-resources');
      aCpu = resourceAmount('cpu', alloc.cpu);
      aMem = resourceAmount('memory', alloc.memory);
    }
    if (withOverhead) {
      const labels = node?.metadata?.labels;
      const group = labels && typeof labels[groupLabel] === 'string' ? labels[groupLabel] : NO_GROUP;
      overhead.push({
        node: typeof node?.metadata?.name === 'string' ? node.metadata.name : '',
        group,
        daemonPods: placed,
        pendingDaemonPods: stuck,
        cpuMillis: cpu,
        memoryBytes: mem,
        allocatableCpuMillis: aCpu,
        allocatableMemoryBytes: aMem,
        cpuShare: share(cpu, aCpu),
        memoryShare: share(mem, aMem),
        cpuLeftMillis: aCpu - cpu,
        memoryLeftBytes: aMem - mem,
      });
      let g = groups.get(group);
      if (g === undefined) groups.set(group, g = { nodes: 0, daemonPods: 0, pending: 0, cpu: 0, mem: 0, aCpu: 0, aMem: 0, maxCpu: 0, maxMem: 0 });
      g.nodes++;
      g.daemonPods += placed;
      g.pending += stuck;
      g.cpu += cpu;
      g.mem += mem;
      g.aCpu += aCpu;
      g.aMem += aMem;
      g.maxCpu = Math.max(g.maxCpu, cpu);
      g.maxMem = Math.max(g.maxMem, mem);
    }
  }
  const nodeGroups: NodeGroupOverhead[] = [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([group, g]) => ({
    group,
    nodes: g.nodes,
    daemonPods: g.daemonPods,
    pendingDaemonPods: g.pending,
    cpuMillis: g.cpu,
    memoryBytes: g.mem,
    allocatableCpuMillis: g.aCpu,
    allocatableMemoryBytes: g.aMem,
    cpuShare: share(g.cpu, g.aCpu),
    memoryShare: share(g.mem, g.aMem),
    maxNodeCpuMillis: g.maxCpu,
    maxNodeMemoryBytes: g.maxMem,
  }));
  return {
    plans: plans.map((p, d) => ({ ...p, decisions: decisions[d], pendingNumber: pending[d] })),
    overhead,
    nodeGroups,
    nodeGroupLabel: groupLabel,
  };
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function decorate(base: PlacementDecision, o: FitOutcome, cache: DecisionCache, i: number, node: any, unmodelled: string[]): PlacementDecision {
  if (o === FITS && unmodelled.length === 0) {
    const shared = cache.fitsFor(i, base);
    if (shared !== undefined) return shared;
    if (base.notes === undefined && Object.isFrozen(base)) return cache.runsAndFits(i, node, base);
  }
  const details = unmodelled.length > 0
    ? [...o.details, `not modelled here: ${unmodelled.join(', ')} (kube-scheduler checks them too)`]
    : o.details;
  const d: any = { ...base, fits: o.fits, schedulingReasons: o.reasons, schedulingDetails: details };
  if (o.preempts) d.preempts = o.preempts;
  if (o.contested) d.contested = true;
  return Object.freeze(d);
}
