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
import { ExistingLoads, ExistingPod, requestsOf, UsedPort } from './node-load';
import { formatHostPort, HostPort, hostPorts, podRequests, portsConflict, resourceAmount, ResourceVector } from './pod-resources';
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
  /** `ports` as a node's entries, held by a pod of this DaemonSet. */
  readonly usedPorts: UsedPort[];
  readonly priority: number;
  readonly preemptNever: boolean;
  /** Set when the pods cannot even be created or scheduled (unknown PriorityClass, scheduling gates). */
  readonly blocked?: string;
  /** Features of the pod that the planner does not model (named in the details). */
  readonly unmodelled: string[];
}

/** A node's resources as the scheduler's NodeInfo keeps them (one object, `reset` for each node). */
class NodeState {
  public readonly allocatable = new ResourceVector();
  public allowedPods = 0;
  public readonly used = new ResourceVector();
  public count = 0;
  /** Host ports of the existing pods, in pod order; shared with the loads until one is removed. */
  public existingPorts: readonly UsedPort[] = NO_PORTS;
  /**
   * Host ports of the daemon pods placed, in placing order (after the existing pods' in the scheduler's view):
   * the first `daemonPortCount` entries (the array is kept from node to node).
   */
  private readonly daemonPorts: UsedPort[] = [];
  private daemonPortCount = 0;
  /** The existing pods, wrapped for preemption on first use (most nodes never need it). */
  private loads: ExistingLoads | undefined;
  private slot = -1;
  private wrapped: ExistingPod[] | undefined;

  constructor(node?: any) {
    if (node !== undefined) this.reset(node);
  }

  /** Empty the state and take node `node`'s allocatable. */
  public reset(node: any): this {
    clear(this.allocatable);
    clear(this.used);
    this.allowedPods = 0;
    this.count = 0;
    this.existingPorts = NO_PORTS;
    this.daemonPortCount = 0;
    this.loads = undefined;
    this.slot = -1;
    this.wrapped = undefined;
    const alloc = node?.status?.allocatable;
    if (alloc != null && typeof alloc === 'object') {
      for (const name in alloc) {
        if (name === 'pods') this.allowedPods = resourceAmount('pods', alloc[name]);
        else this.allocatable.add(name, resourceAmount(name, alloc[name]));
      }
    }
    return this;
  }

  /** The existing pods still on the node. */
  public get pods(): ExistingPod[] {
    if (this.wrapped === undefined) this.wrapped = this.loads !== undefined && this.slot >= 0 ? this.loads.podsOf(this.slot) : [];
    return this.wrapped;
  }

  /** False when no existing pod on the node has a priority below `priority` (true: there may be one). */
  public mayHavePodBelow(priority: number): boolean {
    return this.loads !== undefined && this.slot >= 0 && this.loads.lowestPriority(this.slot) < priority;
  }

  /** The pods already on the node: slot `slot` of `loads` (-1: none). */
  public setExisting(loads: ExistingLoads, slot: number): void {
    if (slot < 0) return;
    this.loads = loads;
    this.slot = slot;
    this.count += loads.podCount(slot);
    loads.addRequestsTo(slot, this.used);
    const ports = loads.portsOf(slot);
    if (ports !== undefined) this.existingPorts = ports;
  }

  public remove(p: ExistingPod): void {
    const i = this.pods.indexOf(p);
    if (i >= 0) this.pods.splice(i, 1);
    this.count--;
    this.used.addVector(requestsOf(p), -1);
    if (this.existingPorts.some((u) => u.pod === p)) this.existingPorts = this.existingPorts.filter((u) => u.pod !== p);
  }

  public removeDaemon(d: DaemonPodModel): void {
    this.count--;
    this.used.addVector(d.requests, -1);
    if (d.usedPorts.length === 0) return;
    const ports = this.daemonPorts;
    let n = 0;
    for (let k = 0; k < this.daemonPortCount; k++) if (ports[k].daemon !== d.index) ports[n++] = ports[k];
    this.daemonPortCount = n;
  }

  public addDaemon(d: DaemonPodModel): void {
    this.count++;
    this.used.addVector(d.requests);
    const held = d.usedPorts;
    for (let k = 0; k < held.length; k++) this.daemonPorts[this.daemonPortCount++] = held[k];
  }

  /** Every host port in use, in the scheduler's order. */
  public get ports(): UsedPort[] {
    return [...this.existingPorts, ...this.daemonPorts.slice(0, this.daemonPortCount)];
  }

  /** Whether host port `want` conflicts with one in use (`skip`: in use by a pod thought away). */
  public portTaken(want: HostPort, skip?: (u: UsedPort) => boolean): boolean {
    const e = this.existingPorts;
    for (let i = 0; i < e.length; i++) if (portsConflict(want, e[i].port) && !(skip && skip(e[i]))) return true;
    const o = this.daemonPorts;
    for (let i = 0; i < this.daemonPortCount; i++) if (portsConflict(want, o[i].port) && !(skip && skip(o[i]))) return true;
    return false;
  }
}

function clear(v: ResourceVector): void {
  v.cpu = 0;
  v.memory = 0;
  v.ephemeral = 0;
  v.scalar = undefined;
}

/** The ports of a node where none are in use (shared: replaced, never changed). */
const NO_PORTS: readonly UsedPort[] = Object.freeze([]);

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
  const ports = hostPorts(spec);
  let blocked = prio.error;
  if (!blocked && Array.isArray(spec.schedulingGates) && spec.schedulingGates.length > 0) blocked = GATED_REASON;
  return {
    index,
    daemonSet: daemonSetName,
    namespace: typeof ds?.metadata?.namespace === 'string' ? ds.metadata.namespace : '',
    name: typeof ds?.metadata?.name === 'string' ? ds.metadata.name : '',
    requests,
    zero: requests.isZero(),
    ports,
    usedPorts: ports.map((port) => ({ port, owner: `a pod of DaemonSet ${daemonSetName}`, daemon: index })),
    priority: prio.priority,
    preemptNever: prio.preemptionPolicy === 'Never',
    blocked,
    unmodelled,
  };
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
function filter(d: DaemonPodModel, s: NodeState, used: ResourceVector, count: number,
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
  if (ok) {
    const wanted = d.ports;
    for (let i = 0; i < wanted.length; i++) if (s.portTaken(wanted[i], skip)) ok = false;
  }
  return ok ? null : filterSlow(d, s, used, count, skip);
}

/** `filter` when something does not fit: the reasons and the numbers. */
function filterSlow(d: DaemonPodModel, s: NodeState, used: ResourceVector, count: number,
  skip?: (u: UsedPort) => boolean): FilterResult | null {
  const ports = d.ports.length > 0 ? s.ports : NO_PORTS;
  if (ports.length > 0) {
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
  return filter(d, s, used, s.count - pods.length - daemons.length, skip) === null;
}

/**
 * Whether the node would fit `d` without the equal-priority daemons placed before it (`rivalRequests` summed,
 * `rivals` their indexes).
 */
function fitsWithoutRivals(d: DaemonPodModel, s: NodeState, rivalRequests: ResourceVector, rivals: ReadonlySet<number>): boolean {
  const used = s.used.clone();
  used.addVector(rivalRequests, -1);
  return filter(d, s, used, s.count - rivals.size, (u) => rivals.has(u.daemon)) === null;
}

/**
 * Schedules daemon pods `order` (already sorted by the queue: priority descending, then input order) on node
 * state `s`; `runs[k]` says whether `order[k]` should run there. Fills `out[k]` for those that should.
 * `uniqueNames`: no two daemons share a name (see `namesUnique`); `placed`: scratch of `order.length` entries.
 */
export function scheduleNode(s: NodeState, order: readonly DaemonPodModel[], runs: readonly boolean[],
  out: (FitOutcome | undefined)[], uniqueNames = true, placed: Int32Array = new Int32Array(order.length)): NodeState {
  // the daemons placed so far (queue slots: the first `placedCount`), and where the current priority group starts
  let placedCount = 0;
  let groupFrom = 0;
  let groupRequests: ResourceVector | undefined;
  let groupRivals: Set<number> | undefined;
  // Pending daemons that would have fitted before their equal-priority rivals: slot, and rivals placed[from, to)
  let contested: number[] | undefined;
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && order[k].priority !== order[k - 1].priority) {
      groupFrom = placedCount;
      groupRequests = undefined;
      groupRivals = undefined;
    }
    if (!runs[k]) continue;
    const d = order[k];
    if (d.blocked) {
      out[k] = { fits: false, reasons: [d.blocked], details: [d.blocked] };
      continue;
    }
    const res = filter(d, s, s.used, s.count);
    let outcome: FitOutcome;
    if (res === null) {
      s.addDaemon(d);
      outcome = FITS;
    } else {
      outcome = preempt(d, s, res);
      if (outcome.preempts) outcome = afterPreemption(k, d, outcome, s, order, runs, out);
    }
    out[k] = outcome;
    if (outcome.fits) {
      placed[placedCount++] = k;
      continue;
    }
    // contested: would it have fitted had the scheduler taken it before the equal-priority daemons placed here?
    if (placedCount === groupFrom) continue;
    if (groupRivals === undefined || groupRequests === undefined) {
      groupRequests = new ResourceVector();
      groupRivals = new Set();
    }
    for (let m = groupFrom + groupRivals.size; m < placedCount; m++) {
      groupRequests.addVector(order[placed[m]].requests);
      groupRivals.add(order[placed[m]].index);
    }
    if (fitsWithoutRivals(d, s, groupRequests, groupRivals)) (contested ??= []).push(k, groupFrom, placedCount);
  }
  if (contested !== undefined) markContested(order, out, placed, contested, uniqueNames);
  return s;
}

/**
 * The `contested` notes: each pending daemon in `contested` (slot, from, to) names its rivals `placed[from, to)`;
 * each of those rivals names the pending daemons it competed with. Names are joined incrementally (rivals as a
 * growing prefix, pending daemons as a suffix), so a crowded node costs one string per daemon, not per pair.
 */
function markContested(order: readonly DaemonPodModel[], out: (FitOutcome | undefined)[], placed: Int32Array,
  contested: readonly number[], uniqueNames: boolean): void {
  // one line per distinct list of names (rivals of one group share most of theirs)
  let lastNames: string | undefined;
  let lastFits = false;
  let lastPriority = 0;
  let lastLine = '';
  const note = (slot: number, names: string) => {
    const o = out[slot]!;
    if (names !== lastNames || o.fits !== lastFits || order[slot].priority !== lastPriority) {
      lastNames = names;
      lastFits = o.fits;
      lastPriority = order[slot].priority;
      lastLine = o.fits
        ? `contested: ${names} (equal priority ${order[slot].priority}) may take this node's room instead if the scheduler takes it first (its queue orders equal priorities by creation time)`
        : `contested: it fits if the scheduler takes it before ${names} (equal priority ${order[slot].priority}; its queue orders them by creation time)`;
    }
    // daemons that bind with the same note share one outcome (most rivals of a crowded node)
    if (o !== noted || lastLine !== notedLine || notedOut === undefined) {
      noted = o;
      notedLine = lastLine;
      notedOut = { ...o, contested: true, details: [...o.details, lastLine] };
    }
    out[slot] = notedOut;
  };
  let noted: FitOutcome | undefined;
  let notedLine = '';
  let notedOut: FitOutcome | undefined;
  if (!uniqueNames) {
    // daemons of the same name are named once, as a set
    const others = new Map<number, Set<string>>();
    const mark = (slot: number, other: string) => {
      let set = others.get(slot);
      if (set === undefined) others.set(slot, set = new Set<string>());
      set.add(other);
    };
    for (let r = 0; r < contested.length; r += 3) {
      const k = contested[r];
      for (let m = contested[r + 1]; m < contested[r + 2]; m++) {
        mark(k, order[placed[m]].daemonSet);
        mark(placed[m], order[k].daemonSet);
      }
    }
    for (const [slot, set] of others) note(slot, [...set].join(', '));
    return;
  }
  // records of one priority group are consecutive, with `to` growing
  for (let g = 0; g < contested.length;) {
    const from = contested[g + 1];
    let end = g;
    while (end < contested.length && contested[end + 1] === from) end += 3;
    // pending daemons: their rivals, a prefix of the group's placed daemons
    let prefix = '';
    let prefixTo = from;
    for (let r = g; r < end; r += 3) {
      for (; prefixTo < contested[r + 2]; prefixTo++) {
        const name = order[placed[prefixTo]].daemonSet;
        prefix = prefixTo === from ? name : `${prefix}, ${name}`;
      }
      note(contested[r], prefix);
    }
    // placed daemons: the pending daemons whose rivals they were, a suffix of the group's records
    const suffix: string[] = new Array((end - g) / 3);
    for (let r = end - 3, q = suffix.length - 1; r >= g; r -= 3, q--) {
      const name = order[contested[r]].daemonSet;
      suffix[q] = q === suffix.length - 1 ? name : `${name}, ${suffix[q + 1]}`;
    }
    let q = 0;
    for (let m = from; m < prefixTo; m++) {
      while (contested[g + 3 * q + 2] <= m) q++;
      note(placed[m], suffix[q]);
    }
    g = end;
  }
}

/** Whether no two daemons share a name (then contested notes are joined without a set). */
export function namesUnique(daemons: readonly DaemonPodModel[]): boolean {
  return new Set(daemons.map((d) => d.daemonSet)).size === daemons.length;
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
    if (filter(r, s, s.used, s.count) !== null) continue;
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
  const candidates = s.mayHavePodBelow(d.priority) ? s.pods.filter((p) => p.priority < d.priority) : [];
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
    if (filter(d, s, used, count, skip) !== null) {
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
