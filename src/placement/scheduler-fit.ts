/**
 * kube-scheduler's half of the plan: for every node where the DaemonSet controller creates daemon pods, whether
 * the scheduler binds them there, planning all daemon pods of a node together with the pods already on it.
 *
 * Modelled (pkg/scheduler/framework/plugins, default profile, in filter order): SchedulingGates, NodePorts, then
 * NodeResourcesFit (pods slots, cpu, memory, ephemeral-storage, hugepages and extended resources), then
 * DefaultPreemption (victims of lower priority, reprieved most important first). NodeName, NodeUnschedulable,
 * TaintToleration and NodeAffinity pass for a daemon pod on a node the controller chose. The queue takes higher
 * priorities first; equal priorities in creation order, which nobody controls: such outcomes are `contested`.
 *
 * Internal module.
 */
import { PlacementOptions } from './feature-gates';
import {
  addContainerRequests, formatHostPort, HostPort, hostPorts, needsFullRequests, podRequests, portsConflict,
  resourceAmount, ResourceVector,
} from './pod-resources';
import { formatResource } from './quantity';

/** Built-in priority classes (always present in a cluster). */
const BUILTIN_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

export const PORTS_REASON = "node(s) didn't have free ports for the requested pod ports";
export const GATED_REASON = 'Scheduling is blocked due to non-empty scheduling gates';

/** One DaemonSet's pod, as the scheduler sees it. */
export interface DaemonPodModel {
  readonly index: number;
  readonly daemonSet: string;
  readonly namespace: string;
  readonly name: string;
  readonly requests: ResourceVector;
  readonly zero: boolean;
  readonly ports: HostPort[];
  readonly priority: number;
  readonly preemptNever: boolean;
  /** Set when the pods cannot even be created or scheduled (unknown PriorityClass, scheduling gates). */
  readonly blocked?: string;
  /** Features of the pod that the planner does not model (named in the details). */
  readonly unmodelled: string[];
}

/** A pod already on the node (what preemption needs is read on first use). */
class ExistingPod {
  public readonly spec: any;
  public readonly priority: number;
  public requests?: ResourceVector;
  public ports?: HostPort[];
  private keyText?: string;
  private startMs?: number;

  constructor(private readonly raw: any) {
    this.spec = raw?.spec ?? {};
    this.priority = typeof this.spec.priority === 'number' ? this.spec.priority : 0;
  }

  /** `namespace/name`. */
  public get key(): string {
    return this.keyText ??= podKey(this.raw);
  }

  /** `status.startTime` in ms; pods without one sort as started now (last). */
  public get start(): number {
    if (this.startMs === undefined) {
      const st = this.raw?.status?.startTime;
      const ms = typeof st === 'string' ? Date.parse(st) : NaN;
      this.startMs = Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
    }
    return this.startMs;
  }
}

interface UsedPort {
  readonly port: HostPort;
  readonly owner: string;
  /** Daemon index, or -1 for an existing pod. */
  readonly daemon: number;
  readonly pod?: ExistingPod;
}

/** A node's resources as the scheduler's NodeInfo keeps them. */
class NodeState {
  public readonly allocatable = new ResourceVector();
  public allowedPods = 0;
  public readonly used = new ResourceVector();
  public count = 0;
  public readonly ports: UsedPort[] = [];
  /** Pods on the node, wrapped for preemption on first use (most nodes never need it). */
  private raw: readonly any[] = [];
  private wrapped: ExistingPod[] | undefined;
  private withPorts: Map<any, ExistingPod> | undefined;

  constructor(node: any) {
    const alloc = node?.status?.allocatable;
    if (alloc != null && typeof alloc === 'object') {
      for (const name in alloc) {
        if (name === 'pods') this.allowedPods = resourceAmount('pods', alloc[name]);
        else this.allocatable.add(name, resourceAmount(name, alloc[name]));
      }
    }
  }

  /** The existing pods still on the node. */
  public get pods(): ExistingPod[] {
    if (this.wrapped === undefined) this.wrapped = this.raw.map((r) => this.withPorts?.get(r) ?? new ExistingPod(r));
    return this.wrapped;
  }

  /** The pods already on the node (the list is kept, not copied). */
  public setExisting(list: readonly any[]): void {
    this.raw = list;
    for (let i = 0; i < list.length; i++) this.addExisting(list[i]);
  }

  private addExisting(raw: any): void {
    this.count++;
    const spec = raw?.spec ?? {};
    if (needsFullRequests(spec)) {
      this.used.addVector(podRequests(spec));
    } else {
      const cs = spec.containers;
      if (Array.isArray(cs)) for (let k = 0; k < cs.length; k++) addContainerRequests(cs[k], this.used);
    }
    if (!mayHaveHostPorts(spec)) return;
    const ports = hostPorts(spec);
    if (ports.length === 0) return;
    const p = new ExistingPod(raw);
    p.ports = ports;
    (this.withPorts ??= new Map()).set(raw, p);
    for (const port of ports) this.ports.push({ port, owner: p.key, daemon: -1, pod: p });
  }

  public remove(p: ExistingPod): void {
    const i = this.pods.indexOf(p);
    if (i >= 0) this.pods.splice(i, 1);
    this.count--;
    this.used.addVector(requestsOf(p), -1);
    for (let k = this.ports.length - 1; k >= 0; k--) if (this.ports[k].pod === p) this.ports.splice(k, 1);
  }

  public removeDaemon(d: DaemonPodModel): void {
    this.count--;
    this.used.addVector(d.requests, -1);
    for (let k = this.ports.length - 1; k >= 0; k--) if (this.ports[k].daemon === d.index) this.ports.splice(k, 1);
  }

  public addDaemon(d: DaemonPodModel): void {
    this.count++;
    this.used.addVector(d.requests);
    for (const port of d.ports) this.ports.push({ port, owner: `a pod of DaemonSet ${d.daemonSet}`, daemon: d.index });
  }
}

/** Cheap pre-check: only pods with container ports (or hostNetwork, or init containers) can hold host ports. */
function mayHaveHostPorts(spec: any): boolean {
  if (spec.hostNetwork === true || (Array.isArray(spec.initContainers) && spec.initContainers.length > 0)) return true;
  const cs = spec.containers;
  if (!Array.isArray(cs)) return false;
  for (let i = 0; i < cs.length; i++) if (Array.isArray(cs[i]?.ports) && cs[i].ports.length > 0) return true;
  return false;
}

function requestsOf(p: ExistingPod): ResourceVector {
  return p.requests ??= podRequests(p.spec);
}

/** The result of the filters for one daemon pod on one node. */
interface FilterResult {
  readonly reasons: string[];
  readonly details: string[];
  /** A request larger than the node's allocatable: preemption cannot help. */
  readonly unresolvable: boolean;
}

/** What happens to one daemon pod on one node. */
export interface FitOutcome {
  readonly fits: boolean;
  readonly reasons: string[];
  readonly details: string[];
  readonly preempts?: string[];
  contested?: boolean;
}

const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];
/** The outcome of a daemon pod that simply fits (shared). */
export const FITS: FitOutcome = Object.freeze({ fits: true, reasons: NO_STRINGS, details: NO_STRINGS });

/** Resolves `priorityClassName` like the Priority admission plugin. */
export class PriorityResolver {
  private readonly classes = new Map<string, { value: number; preemptionPolicy?: string }>();
  private globalDefault?: { name: string; value: number; preemptionPolicy?: string };

  constructor(priorityClasses: readonly any[] | undefined) {
    for (const pc of priorityClasses ?? []) {
      const name = pc?.metadata?.name;
      if (typeof name !== 'string' || typeof pc.value !== 'number') continue;
      const entry = { value: pc.value, preemptionPolicy: typeof pc.preemptionPolicy === 'string' ? pc.preemptionPolicy : undefined };
      this.classes.set(name, entry);
      if (pc.globalDefault === true && (this.globalDefault === undefined || entry.value > this.globalDefault.value)) {
        this.globalDefault = { name, ...entry };
      }
    }
  }

  /** Priority and preemption policy of pods from this template spec, or the admission error. */
  public resolve(spec: any): { priority: number; preemptionPolicy: string; error?: string } {
    const name = typeof spec?.priorityClassName === 'string' ? spec.priorityClassName : '';
    const own = typeof spec?.preemptionPolicy === 'string' ? spec.preemptionPolicy : undefined;
    if (name.length > 0) {
      const builtin: { value: number; preemptionPolicy?: string } | undefined =
        BUILTIN_CLASSES[name] !== undefined ? { value: BUILTIN_CLASSES[name] } : undefined;
      const c = this.classes.get(name) ?? builtin;
      if (c === undefined) {
        return { priority: 0, preemptionPolicy: own ?? 'PreemptLowerPriority', error: `pods are rejected at creation: no PriorityClass with name ${name} was found` };
      }
      return { priority: c.value, preemptionPolicy: own ?? c.preemptionPolicy ?? 'PreemptLowerPriority' };
    }
    if (typeof spec?.priority === 'number') return { priority: spec.priority, preemptionPolicy: own ?? 'PreemptLowerPriority' };
    if (this.globalDefault) return { priority: this.globalDefault.value, preemptionPolicy: own ?? this.globalDefault.preemptionPolicy ?? 'PreemptLowerPriority' };
    return { priority: 0, preemptionPolicy: own ?? 'PreemptLowerPriority' };
  }
}

/** The daemon pod model of a DaemonSet. */
export function daemonPodModel(ds: any, index: number, daemonSetName: string, priorities: PriorityResolver): DaemonPodModel {
  const spec = ds?.spec?.template?.spec ?? {};
  const requests = podRequests(spec);
  const prio = priorities.resolve(spec);
  const unmodelled: string[] = [];
  const aff = spec.affinity ?? {};
  if (aff.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) unmodelled.push('required pod affinity');
  if (aff.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) unmodelled.push('required pod anti-affinity');
  if (Array.isArray(spec.topologySpreadConstraints) && spec.topologySpreadConstraints.some((c: any) => c?.whenUnsatisfiable !== 'ScheduleAnyway')) {
    unmodelled.push('topology spread constraints');
  }
  if (Array.isArray(spec.volumes) && spec.volumes.some((v: any) => v?.persistentVolumeClaim || v?.ephemeral || v?.csi)) unmodelled.push('volumes (PVC/CSI limits and binding)');
  if (Array.isArray(spec.resourceClaims) && spec.resourceClaims.length > 0) unmodelled.push('resource claims (DRA)');
  let blocked = prio.error;
  if (!blocked && Array.isArray(spec.schedulingGates) && spec.schedulingGates.length > 0) blocked = GATED_REASON;
  return {
    index,
    daemonSet: daemonSetName,
    namespace: typeof ds?.metadata?.namespace === 'string' ? ds.metadata.namespace : '',
    name: typeof ds?.metadata?.name === 'string' ? ds.metadata.name : '',
    requests,
    zero: requests.isZero(),
    ports: hostPorts(spec),
    priority: prio.priority,
    preemptNever: prio.preemptionPolicy === 'Never',
    blocked,
    unmodelled,
  };
}

function podKey(pod: any): string {
  const ns = pod?.metadata?.namespace;
  return `${typeof ns === 'string' && ns.length > 0 ? ns : 'default'}/${pod?.metadata?.name ?? ''}`;
}

/**
 * Existing pods by node name: bound (`spec.nodeName`), not finished (the scheduler's informer leaves out
 * `Succeeded`/`Failed` pods), and not owned by one of the DaemonSets being planned.
 */
export function podsByNode(pods: readonly any[] | undefined, daemons: readonly DaemonPodModel[]): Map<string, any[]> {
  const byNode = new Map<string, any[]>();
  if (!pods) return byNode;
  const planned = new Set(daemons.map((d) => `${d.namespace}/${d.name}`));
  const plannedNames = new Set(daemons.filter((d) => d.namespace === '').map((d) => d.name));
  for (const pod of pods) {
    const node = pod?.spec?.nodeName;
    if (typeof node !== 'string' || node.length === 0) continue;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const owners = pod.metadata?.ownerReferences;
    if (Array.isArray(owners) && owners.length > 0 && owners.some((o: any) => o?.kind === 'DaemonSet'
      && (planned.has(`${pod.metadata.namespace ?? ''}/${o.name}`) || plannedNames.has(o.name)))) continue;
    let list = byNode.get(node);
    if (list === undefined) byNode.set(node, list = []);
    list.push(pod);
  }
  return byNode;
}

/** `MoreImportantPod`: higher priority first, then the earlier start. */
function moreImportantFirst(a: ExistingPod, b: ExistingPod): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.start === b.start ? 0 : a.start < b.start ? -1 : 1;
}

/**
 * NodePorts then NodeResourcesFit for daemon pod `d` on a node with `used`/`count`/`ports` (the node's state, or a
 * what-if view of it). Null when the pod fits.
 */
function filter(d: DaemonPodModel, s: NodeState, used: ResourceVector, count: number, ports: readonly UsedPort[],
  skip?: (u: UsedPort) => boolean): FilterResult | null {
  // the common case without allocating: everything fits
  let ok = count + 1 <= s.allowedPods;
  if (ok && !d.zero) {
    const r = d.requests;
    const a = s.allocatable;
    if ((r.cpu > 0 && r.cpu > a.cpu - used.cpu) || (r.memory > 0 && r.memory > a.memory - used.memory)
      || (r.ephemeral > 0 && r.ephemeral > a.ephemeral - used.ephemeral)) ok = false;
    else if (r.scalar) for (const [name, want] of r.scalar) if (want > 0 && want > a.get(name) - used.get(name)) ok = false;
  }
  if (ok && d.ports.length > 0 && ports.length > 0) {
    for (const want of d.ports) for (const u of ports) if (portsConflict(want, u.port) && !(skip && skip(u))) ok = false;
  }
  return ok ? null : filterSlow(d, s, used, count, ports, skip);
}

/** `filter` when something does not fit: the reasons and the numbers. */
function filterSlow(d: DaemonPodModel, s: NodeState, used: ResourceVector, count: number, ports: readonly UsedPort[],
  skip?: (u: UsedPort) => boolean): FilterResult | null {
  if (d.ports.length > 0 && ports.length > 0) {
    const taken: string[] = [];
    for (const want of d.ports) {
      for (const u of ports) {
        if (portsConflict(want, u.port) && !(skip && skip(u))) taken.push(`${formatHostPort(want)} is taken by ${u.owner} (${formatHostPort(u.port)})`);
      }
    }
    if (taken.length > 0) return { reasons: [PORTS_REASON], details: taken.map((t) => `${PORTS_REASON}: ${t}`), unresolvable: false };
  }
  let reasons: string[] | undefined;
  let details: string[] | undefined;
  let unresolvable = false;
  const fail = (reason: string, detail: string, unres: boolean) => {
    (reasons ??= []).push(reason);
    (details ??= []).push(`${reason}: ${detail}`);
    if (unres) unresolvable = true;
  };
  if (count + 1 > s.allowedPods) {
    fail('Too many pods', `${count} of ${s.allowedPods} allocatable pods are on the node`, false);
  }
  if (!d.zero) {
    const r = d.requests;
    const a = s.allocatable;
    const check = (name: string, want: number, alloc: number, inUse: number) => {
      if (want > 0 && want > alloc - inUse) {
        fail(`Insufficient ${name}`, `the pod requests ${formatResource(name, want)}, ${formatResource(name, inUse)} of ${formatResource(name, alloc)} allocatable are requested (${formatResource(name, Math.max(0, alloc - inUse))} free)`, want > alloc);
      }
    };
    check('cpu', r.cpu, a.cpu, used.cpu);
    check('memory', r.memory, a.memory, used.memory);
    check('ephemeral-storage', r.ephemeral, a.ephemeral, used.ephemeral);
    if (r.scalar) {
      for (const name of [...r.scalar.keys()].sort()) check(name, r.scalar.get(name)!, a.get(name), used.get(name));
    }
  }
  return reasons === undefined ? null : { reasons, details: details!, unresolvable };
}

/** The node state without some of its pods (what-if views for preemption and queue order). */
function fitsWithout(d: DaemonPodModel, s: NodeState, pods: readonly ExistingPod[], daemons: readonly DaemonPodModel[]): boolean {
  const used = s.used.clone();
  for (const p of pods) used.addVector(requestsOf(p), -1);
  for (const r of daemons) used.addVector(r.requests, -1);
  const podSet = new Set(pods);
  const dSet = new Set(daemons.map((r) => r.index));
  const skip = (u: UsedPort) => (u.pod !== undefined && podSet.has(u.pod)) || dSet.has(u.daemon);
  return filter(d, s, used, s.count - pods.length - daemons.length, s.ports, skip) === null;
}

/**
 * Schedules daemon pods `order` (already sorted by the queue: priority descending, then input order) on one
 * node; `runs[k]` says whether `order[k]` should run there. Fills `out[k]` for those that should.
 */
export function scheduleNode(node: any, existing: readonly any[] | undefined, order: readonly DaemonPodModel[], runs: readonly boolean[],
  out: (FitOutcome | undefined)[]): NodeState {
  const s = new NodeState(node);
  if (existing) s.setExisting(existing);
  let groupStart = 0;
  let contested: Map<number, Set<string>> | undefined;
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && order[k].priority !== order[k - 1].priority) groupStart = k;
    if (!runs[k]) continue;
    const d = order[k];
    if (d.blocked) {
      out[k] = { fits: false, reasons: [d.blocked], details: [d.blocked] };
      continue;
    }
    const res = filter(d, s, s.used, s.count, s.ports);
    if (res === null) {
      s.addDaemon(d);
      out[k] = FITS;
      continue;
    }
    let outcome = preempt(d, s, res);
    if (outcome.preempts) outcome = afterPreemption(k, d, outcome, s, order, runs, out);
    out[k] = outcome;
    if (!outcome.fits) {
      // contested: would it have fitted had the scheduler taken it before the equal-priority daemons placed here?
      const rivals: DaemonPodModel[] = [];
      const rivalSlots: number[] = [];
      for (let j = groupStart; j < k; j++) {
        const o = out[j];
        if (runs[j] && o !== undefined && o.fits) { rivals.push(order[j]); rivalSlots.push(j); }
      }
      if (rivals.length > 0 && fitsWithout(d, s, [], rivals)) {
        const mark = (slot: number, other: string) => {
          let set = (contested ??= new Map()).get(slot);
          if (set === undefined) contested.set(slot, set = new Set<string>());
          set.add(other);
        };
        for (const j of rivalSlots) {
          mark(k, order[j].daemonSet);
          mark(j, d.daemonSet);
        }
      }
    }
  }
  if (contested !== undefined) {
    for (const [slot, others] of contested) {
      const o = out[slot]!;
      const names = [...others].join(', ');
      const line = o.fits
        ? `contested: ${names} (equal priority ${order[slot].priority}) may take this node's room instead if the scheduler takes it first (its queue orders equal priorities by creation time)`
        : `contested: it fits if the scheduler takes it before ${names} (equal priority ${order[slot].priority}; its queue orders them by creation time)`;
      out[slot] = { ...o, contested: true, details: [...o.details, line] };
    }
  }
  return s;
}

/**
 * The victims of `d`'s preemption are gone, but `d` is only nominated: a daemon pod of higher priority that is
 * Pending on this node is retried on the deletions too, and nominated pods of lower priority hold no room against
 * it. Which of them the scheduler takes first depends on their back-off timers: when such a pod fits in the freed
 * room, both outcomes are possible and both pods are `contested` (the planned one: `d` binds).
 */
function afterPreemption(k: number, d: DaemonPodModel, outcome: FitOutcome, s: NodeState, order: readonly DaemonPodModel[],
  runs: readonly boolean[], out: (FitOutcome | undefined)[]): FitOutcome {
  s.removeDaemon(d);
  const rivals: string[] = [];
  for (let j = 0; j < k; j++) {
    const o = out[j];
    const r = order[j];
    if (!runs[j] || o === undefined || o.fits || r.blocked || r.priority <= d.priority) continue;
    if (filter(r, s, s.used, s.count, s.ports) !== null) continue;
    out[j] = {
      ...o,
      contested: true,
      details: [...o.details, `contested: ${d.daemonSet} (priority ${d.priority}) preempts ${outcome.preempts!.join(', ')}; this pod fits in the freed room and binds instead if the scheduler retries it first (back-off timing decides)`],
    };
    rivals.push(r.daemonSet);
  }
  s.addDaemon(d);
  if (rivals.length === 0) return outcome;
  return {
    ...outcome,
    contested: true,
    details: [...outcome.details, `contested: ${rivals.join(', ')} (higher priority, Pending) may take the room its preemption frees; then this pod stays Pending and its victims are gone anyway`],
  };
}

/** DefaultPreemption on the daemon pod's only candidate node. Places the pod and removes the victims when it works. */
function preempt(d: DaemonPodModel, s: NodeState, res: FilterResult): FitOutcome {
  const pending = (why: string): FitOutcome => ({ fits: false, reasons: res.reasons, details: [...res.details, why] });
  if (res.unresolvable) return pending('preemption cannot help: the pod requests more than the node\'s allocatable');
  if (d.preemptNever) return pending('no preemption: the pod\'s preemptionPolicy is Never');
  const candidates = s.pods.filter((p) => p.priority < d.priority);
  if (candidates.length === 0) {
    const others = s.count;
    return pending(others > 0
      ? `no preemption: none of the ${others} pod(s) on the node has a priority lower than the daemon's ${d.priority}; the pod stays Pending`
      : 'no preemption: no other pods on the node to evict; the pod stays Pending');
  }
  if (!fitsWithout(d, s, candidates, [])) {
    return pending(`no preemption: even without the ${candidates.length} pod(s) of lower priority than ${d.priority} the pod does not fit`);
  }
  const sorted = [...candidates].sort(moreImportantFirst);
  // remove all, then reprieve the most important first (one running view of the node)
  const removed = new Set(sorted);
  const used = s.used.clone();
  for (const p of sorted) used.addVector(requestsOf(p), -1);
  let count = s.count - sorted.length;
  const skip = (u: UsedPort) => u.pod !== undefined && removed.has(u.pod);
  const victims: ExistingPod[] = [];
  for (const p of sorted) {
    removed.delete(p);
    used.addVector(requestsOf(p));
    count++;
    if (filter(d, s, used, count, s.ports, skip) !== null) {
      removed.add(p);
      used.addVector(requestsOf(p), -1);
      count--;
      victims.push(p);
    }
  }
  for (const v of victims) s.remove(v);
  s.addDaemon(d);
  const names = victims.map((v) => v.key);
  return {
    fits: true,
    reasons: NO_STRINGS,
    details: [...res.details, `fits after preemption: the scheduler evicts ${names.join(', ')} (priority lower than ${d.priority})`],
    preempts: names,
  };
}

/** The queue order of daemon pods: priority descending, then input order. */
export function queueOrder(daemons: readonly DaemonPodModel[]): DaemonPodModel[] {
  return [...daemons].sort((a, b) => (b.priority - a.priority) || (a.index - b.index));
}

/** Whether scheduler fit is planned for these options. */
export function fitRequested(options?: PlacementOptions): boolean {
  return options?.schedulerFit === true || (options?.schedulerFit !== false && Array.isArray(options?.existingPods));
}

export { NodeState };
