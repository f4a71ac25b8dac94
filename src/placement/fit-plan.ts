/**
 * Scheduler fit over the controller's plans: every node, every daemon that should run there, together.
 *
 * Internal module (loaded on first use by `Placement.planAll`/`planCluster`).
 */
import { DecisionCache } from './compiled-placement';
import { PlacementOptions } from './feature-gates';
import { ExistingLoads } from './node-load';
import { ClusterPlan, NodeGroupOverhead, NodeOverhead, PlacementDecision, PlacementPlan } from './placement-decision';
import { resourceAmount } from './pod-resources';
import {
  DaemonPodModel, daemonPodModel, FITS, FitOutcome, namesUnique, NodeState, PriorityResolver, queueOrder, scheduleNode,
} from './scheduler-fit';

const DEFAULT_GROUP_LABEL = 'node.kubernetes.io/instance-type';
const NO_GROUP = '<none>';
/** Nodes per tile of `FitPass.block`. */
const TILE = 64;

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

/**
 * Scheduler fit block by block, right after the controller decided the block (its decisions are still in the
 * CPU cache): `block` for each range of nodes in order, then `finish`.
 */
export class FitPass {
  private readonly order: DaemonPodModel[];
  private readonly uniqueNames: boolean;
  private readonly loads: ExistingLoads | undefined;
  private readonly cache: DecisionCache;
  private readonly groupLabel: string;
  private readonly pending: number[];
  private readonly runs: boolean[];
  private readonly out: (FitOutcome | undefined)[];
  /** Per tile, node-major: whether daemon `k` should run on the tile's node, and its outcome there. */
  private readonly tileRuns: Uint8Array;
  private readonly tileOut: (FitOutcome | undefined)[];
  /** Per tile: the decision already decorated (outcomes other than a plain fit). */
  private readonly tileDecided: (PlacementDecision | undefined)[];
  private readonly overhead: NodeOverhead[] = [];
  /** Reused for every node. */
  private readonly state = new NodeState();
  private readonly placed: Int32Array;
  private readonly groups = new Map<string, GroupSums>();

  constructor(daemonSets: readonly any[], private readonly nodes: readonly any[], options: PlacementOptions,
    private readonly withOverhead: boolean, names: readonly string[]) {
    const priorities = new PriorityResolver(options.priorityClasses);
    const daemons = daemonSets.map((ds, i) => daemonPodModel(ds, i, names[i], priorities));
    this.order = queueOrder(daemons);
    this.uniqueNames = namesUnique(daemons);
    this.loads = Array.isArray(options.existingPods) ? new ExistingLoads(nodes, options.existingPods, daemons) : undefined;
    this.cache = DecisionCache.of(nodes);
    this.groupLabel = options.nodeGroupLabel ?? DEFAULT_GROUP_LABEL;
    this.pending = daemons.map(() => 0);
    this.runs = new Array(this.order.length);
    this.out = new Array(this.order.length);
    this.placed = new Int32Array(this.order.length);
    this.tileRuns = new Uint8Array(TILE * this.order.length);
    this.tileOut = new Array(TILE * this.order.length).fill(undefined);
    this.tileDecided = new Array(TILE * this.order.length).fill(undefined);
  }

  /**
   * Nodes `start` to `end - 1`; `decisions[d]` are DaemonSet `d`'s controller decisions, made for this pass (they
   * are replaced in place).
   */
  public block(decisions: readonly PlacementDecision[][], start: number, end: number): void {
    const queue = this.order.map((o) => decisions[o.index]);
    for (let from = start; from < end; from += TILE) this.tile(queue, from, Math.min(end, from + TILE));
  }

  /**
   * A few dozen nodes: the controller's decisions are read and the fit decisions written DaemonSet by DaemonSet
   * (sequential in each plan's array), the nodes scheduled one by one in between.
   */
  private tile(queue: readonly PlacementDecision[][], from: number, to: number): void {
    const { order, runs, out, tileRuns, tileOut, tileDecided, cache, pending } = this;
    let lastOutcome: FitOutcome | undefined;
    let lastBase: PlacementDecision | undefined;
    let lastUnmodelled: string[] | undefined;
    let lastDecided: PlacementDecision | undefined;
    const width = order.length;
    for (let k = 0; k < width; k++) {
      const decided = queue[k];
      for (let i = from, at = k; i < to; i++, at += width) tileRuns[at] = decided[i].shouldRun ? 1 : 0;
    }
    for (let i = from, row = 0; i < to; i++, row += width) {
      let any = false;
      for (let k = 0; k < width; k++) {
        const r = tileRuns[row + k] === 1;
        runs[k] = r;
        out[k] = undefined;
        if (r) any = true;
      }
      const node = this.nodes[i];
      let cpu = 0, mem = 0, placed = 0, stuck = 0;
      let aCpu = 0, aMem = 0;
      if (any) {
        const state = this.state.reset(node);
        if (this.loads !== undefined) state.setExisting(this.loads, this.loads.slot(node?.metadata?.name));
        scheduleNode(state, order, runs, out, this.uniqueNames, this.placed);
        aCpu = state.allocatable.cpu;
        aMem = state.allocatable.memory;
        for (let k = 0; k < width; k++) {
          const o = out[k];
          if (o === undefined || (o === FITS && order[k].unmodelled.length === 0)) {
            tileOut[row + k] = o;
            tileDecided[row + k] = undefined;
          } else {
            // decorated here, node by node: daemons with the same outcome and decision share the result
            const base = queue[k][i];
            if (o !== lastOutcome || base !== lastBase || !sameList(order[k].unmodelled, lastUnmodelled)) {
              lastOutcome = o;
              lastBase = base;
              lastUnmodelled = order[k].unmodelled;
              lastDecided = decorate(base, o, cache, i, node, order[k].unmodelled);
            }
            tileOut[row + k] = undefined;
            tileDecided[row + k] = lastDecided;
          }
          if (o === undefined) continue;
          const d = order[k];
          if (o.fits) {
            placed++;
            cpu += d.requests.cpu;
            mem += d.requests.memory;
          } else {
            stuck++;
            pending[d.index]++;
          }
        }
      } else {
        for (let k = 0; k < width; k++) {
          tileOut[row + k] = undefined;
          tileDecided[row + k] = undefined;
        }
        if (this.withOverhead) {
          const alloc = node?.status?.allocatable ?? {};
          aCpu = resourceAmount('cpu', alloc.cpu);
          aMem = resourceAmount('memory', alloc.memory);
        }
      }
      if (this.withOverhead) this.addOverhead(node, placed, stuck, cpu, mem, aCpu, aMem);
    }
    const nodes = this.nodes;
    for (let k = 0; k < width; k++) {
      const decided = queue[k];
      const unmodelled = order[k].unmodelled;
      for (let i = from, at = k; i < to; i++, at += width) {
        const o = tileOut[at];
        if (o !== undefined) {decided[i] = decorate(decided[i], o, cache, i, nodes[i], unmodelled);} else {
          const ready = tileDecided[at];
          if (ready !== undefined) decided[i] = ready;
        }
      }
    }
  }

  /** The plans with their fit counts, and the overhead. */
  public finish(plans: readonly PlacementPlan[]): ClusterPlan {
    const nodeGroups: NodeGroupOverhead[] = [...this.groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([group, g]) => ({
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
      plans: plans.map((p, d) => ({ ...p, pendingNumber: this.pending[d] })),
      overhead: this.overhead,
      nodeGroups,
      nodeGroupLabel: this.groupLabel,
    };
  }

  private addOverhead(node: any, placed: number, stuck: number, cpu: number, mem: number, aCpu: number, aMem: number): void {
    const labels = node?.metadata?.labels;
    const group = labels && typeof labels[this.groupLabel] === 'string' ? labels[this.groupLabel] : NO_GROUP;
    this.overhead.push({
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
    let g = this.groups.get(group);
    if (g === undefined) this.groups.set(group, g = { nodes: 0, daemonPods: 0, pending: 0, cpu: 0, mem: 0, aCpu: 0, aMem: 0, maxCpu: 0, maxMem: 0 });
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

/** The same strings in the same order (the daemons' lists of unmodelled features are their own arrays). */
function sameList(a: readonly string[], b: readonly string[] | undefined): boolean {
  if (b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
