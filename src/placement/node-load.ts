/**
 * The pods already on the nodes, read once per plan: for every node, the pod count and the summed effective
 * requests (what kube-scheduler's NodeInfo keeps as `Requested`), the host ports in use, and the pods themselves
 * for preemption, which needs them on only a few nodes. One pass over the pod list, no array per node.
 *
 * Internal module.
 */
import { HostPort, hostPorts, needsFullRequests, podRequests, resourceAmount, ResourceVector } from './pod-resources';

/** A pod already on the node (what preemption needs is read on first use). */
export class ExistingPod {
  public readonly spec: any;
  public readonly priority: number;
  public requests?: ResourceVector;
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

/** A host port in use on a node, and who holds it. */
export interface UsedPort {
  readonly port: HostPort;
  readonly owner: string;
  /** Daemon index, or -1 for an existing pod. */
  readonly daemon: number;
  readonly pod?: ExistingPod;
}

/** The effective requests of an existing pod (computed once). */
export function requestsOf(p: ExistingPod): ResourceVector {
  return p.requests ??= podRequests(p.spec);
}

/** The DaemonSets being planned, as far as recognising their own pods goes. */
export interface PlannedDaemonSet {
  readonly namespace: string;
  readonly name: string;
}

/**
 * Existing pods by node: bound (`spec.nodeName` of one of the nodes), not finished (the scheduler's informer
 * leaves out `Succeeded`/`Failed` pods), and not owned by one of the DaemonSets being planned. Nodes are told
 * apart by name (two nodes of the same name share their pods).
 */
export class ExistingLoads {
  private readonly slotOf = new Map<string, number>();
  private readonly count: Int32Array;
  private readonly cpu: Float64Array;
  private readonly memory: Float64Array;
  private readonly ephemeral: Float64Array;
  /** The lowest priority of the slot's pods (+Infinity without pods). */
  private readonly lowest: Float64Array;
  private readonly scalar: (Map<string, number> | undefined)[];
  private readonly ports: (UsedPort[] | undefined)[];
  /** The pods of a slot as a linked list of pod positions, in input order (-1 ends it). */
  private readonly first: Int32Array;
  private readonly last: Int32Array;
  private readonly next: Int32Array;
  /** The pods holding host ports (by position), and those wrapped so far: their `UsedPort`s name the wrapper. */
  private readonly holdsPorts: Uint8Array;
  private readonly wrapped = new Map<number, ExistingPod>();

  constructor(nodes: readonly any[], private readonly pods: readonly any[], planned: readonly PlannedDaemonSet[]) {
    for (let i = 0; i < nodes.length; i++) {
      const name = nodes[i]?.metadata?.name;
      if (typeof name === 'string' && !this.slotOf.has(name)) this.slotOf.set(name, this.slotOf.size);
    }
    const slots = this.slotOf.size;
    this.count = new Int32Array(slots);
    this.cpu = new Float64Array(slots);
    this.memory = new Float64Array(slots);
    this.ephemeral = new Float64Array(slots);
    this.lowest = new Float64Array(slots).fill(Number.POSITIVE_INFINITY);
    this.scalar = new Array(slots);
    this.ports = new Array(slots);
    this.first = new Int32Array(slots).fill(-1);
    this.last = new Int32Array(slots).fill(-1);
    this.next = new Int32Array(pods.length).fill(-1);
    this.holdsPorts = new Uint8Array(pods.length);
    const keys = new Set(planned.map((d) => `${d.namespace}/${d.name}`));
    const bare = new Set(planned.filter((d) => d.namespace === '').map((d) => d.name));
    const scratch = new ResourceVector();
    for (let p = 0; p < pods.length; p++) {
      const pod = pods[p];
      const spec = pod?.spec;
      const nodeName = spec?.nodeName;
      if (typeof nodeName !== 'string' || nodeName.length === 0) continue;
      const slot = this.slotOf.get(nodeName);
      if (slot === undefined) continue;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const owners = pod.metadata?.ownerReferences;
      if (Array.isArray(owners) && owners.length > 0 && owners.some((o: any) => o?.kind === 'DaemonSet'
        && (keys.has(`${pod.metadata.namespace ?? ''}/${o.name}`) || bare.has(o.name)))) continue;
      if (this.last[slot] < 0) this.first[slot] = p;
      else this.next[this.last[slot]] = p;
      this.last[slot] = p;
      this.count[slot]++;
      const priority = typeof spec.priority === 'number' ? spec.priority : 0;
      if (priority < this.lowest[slot]) this.lowest[slot] = priority;
      this.addRequests(slot, spec, scratch);
      if (!mayHaveHostPorts(spec)) continue;
      const held = hostPorts(spec);
      if (held.length === 0) continue;
      this.holdsPorts[p] = 1;
      const list = this.ports[slot] ??= [];
      for (let k = 0; k < held.length; k++) list.push(new ExistingPort(held[k], this, p));
    }
  }

  /** The slot of the node with this name, or -1 when no pod is on it. */
  public slot(nodeName: unknown): number {
    if (typeof nodeName !== 'string') return -1;
    const slot = this.slotOf.get(nodeName);
    return slot === undefined || this.first[slot] < 0 ? -1 : slot;
  }

  /** Pod count of a slot. */
  public podCount(slot: number): number {
    return this.count[slot];
  }

  /** The lowest priority among the slot's pods, as `ExistingPod.priority` reads it (+Infinity without pods). */
  public lowestPriority(slot: number): number {
    return this.lowest[slot];
  }

  /** Add the slot's summed requests to `into`. */
  public addRequestsTo(slot: number, into: ResourceVector): void {
    into.cpu += this.cpu[slot];
    into.memory += this.memory[slot];
    into.ephemeral += this.ephemeral[slot];
    const s = this.scalar[slot];
    if (s !== undefined) for (const [name, v] of s) into.add(name, v);
  }

  /** Host ports held on the slot's node, in pod order (shared: copy before changing). */
  public portsOf(slot: number): readonly UsedPort[] | undefined {
    return this.ports[slot];
  }

  /** The slot's pods, wrapped (the port holders as the same wrappers their `UsedPort`s name). */
  public podsOf(slot: number): ExistingPod[] {
    const out: ExistingPod[] = [];
    for (let p = this.first[slot]; p >= 0; p = this.next[p]) out.push(this.holdsPorts[p] === 1 ? this.wrapperOf(p) : new ExistingPod(this.pods[p]));
    return out;
  }

  /** The one wrapper of the port-holding pod at position `p`. */
  public wrapperOf(p: number): ExistingPod {
    let w = this.wrapped.get(p);
    if (w === undefined) this.wrapped.set(p, w = new ExistingPod(this.pods[p]));
    return w;
  }

  private addRequests(slot: number, spec: any, scratch: ResourceVector): void {
    if (!needsFullRequests(spec)) {
      // the containers' requests summed straight into the node's totals (the common case)
      const cs = spec.containers;
      if (!Array.isArray(cs)) return;
      for (let k = 0; k < cs.length; k++) {
        const res = cs[k]?.resources;
        if (res == null) continue;
        const requests = res.requests;
        const limits = res.limits;
        if (requests != null && typeof requests === 'object') {
          for (const name in requests) this.addAmount(slot, name, requests[name], scratch);
        }
        if (limits != null && typeof limits === 'object') {
          for (const name in limits) {
            if ((requests != null && requests[name] !== undefined) || name === 'pods') continue;
            this.addAmount(slot, name, limits[name], scratch);
          }
        }
      }
      return;
    }
    const v = podRequests(spec);
    this.cpu[slot] += v.cpu;
    this.memory[slot] += v.memory;
    this.ephemeral[slot] += v.ephemeral;
    if (v.scalar !== undefined) for (const [name, amount] of v.scalar) this.addScalar(slot, name, amount);
  }

  /** `ResourceVector.add` of one quantity into the slot's totals (`scratch` for the rare extended resource). */
  private addAmount(slot: number, name: string, quantity: unknown, scratch: ResourceVector): void {
    if (name === 'cpu') {this.cpu[slot] += resourceAmount('cpu', quantity);} else if (name === 'memory') {this.memory[slot] += resourceAmount('memory', quantity);} else if (name === 'ephemeral-storage') {this.ephemeral[slot] += resourceAmount(name, quantity);} else {
      scratch.scalar = undefined;
      scratch.add(name, resourceAmount(name, quantity));
      if (scratch.scalar !== undefined) for (const [n, amount] of scratch.scalar as Map<string, number>) this.addScalar(slot, n, amount);
    }
  }

  private addScalar(slot: number, name: string, amount: number): void {
    const s = this.scalar[slot] ??= new Map();
    s.set(name, (s.get(name) ?? 0) + amount);
  }
}

/** A host port held by an existing pod (the pod is wrapped when first asked for). */
class ExistingPort implements UsedPort {
  public readonly daemon = -1;

  constructor(public readonly port: HostPort, private readonly loads: ExistingLoads, private readonly position: number) {}

  public get pod(): ExistingPod {
    return this.loads.wrapperOf(this.position);
  }

  public get owner(): string {
    return this.pod.key;
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

function podKey(pod: any): string {
  const ns = pod?.metadata?.namespace;
  return `${typeof ns === 'string' && ns.length > 0 ? ns : 'default'}/${pod?.metadata?.name ?? ''}`;
}
