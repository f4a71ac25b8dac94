/* eslint-disable no-bitwise */ // packed events (node * 2 + kind) in typed arrays and a 32-bit PRNG
/**
 * The rolling-update model behind `Rollout.simulate`: an event-driven replay of the DaemonSet controller's
 * `rollingUpdate` (pkg/controller/daemon/update.go) and the parts of `manage` it relies on. Internal module;
 * the public types live in rollout.ts.
 *
 * The controller is modelled as reacting at once to every pod change (a sync per event time):
 *
 * - without surge: a node whose old pod was deleted (still terminating) or whose new pod is not yet available
 *   counts against `maxUnavailable`; an old pod that is not available is replaced at once whatever the budget;
 *   the remaining budget deletes old available pods in the controller's node order; the new pod is created
 *   only after the old one is gone (`manage` keeps a node with a terminating pod as it is);
 * - with surge: a node with an old pod and a new pod that is not yet available counts against `maxSurge`; the
 *   remaining budget creates new pods next to old available ones; once a new pod is available its old pod is
 *   deleted, which frees the slot at once; a node counts as updated only when its old pod is gone (the status
 *   counts the oldest pod of a node). A new pod that needs a host port the old pod holds is never scheduled.
 */

/** Node states without surge. */
const OLD = 0;
const OLD_UNAVAILABLE = 1;
const STOPPING = 2;
const NEW_PENDING = 3;
const NEW_AVAILABLE = 4;
/** Node states with surge (OLD and OLD_UNAVAILABLE shared). */
const SURGING = 2;
const OLD_STOPPING = 3;
const DONE = 4;
const NEW_ONLY_PENDING = 5;

/** Event kinds. */
const EV_STOPPED = 0;
const EV_AVAILABLE = 1;

/** One node's inputs. */
export interface NodeProfile {
  /** Seconds from creation until the new pod is Ready. */
  readonly start: Float64Array;
  /** 1 when the node's new pod never becomes ready. */
  readonly failing: Uint8Array;
  /** 1 when the node's old pod is not available when the rollout begins. */
  readonly unavailable: Uint8Array;
}

export interface ModelParams {
  readonly nodes: number;
  readonly maxUnavailable: number;
  readonly maxSurge: number;
  readonly minReadySeconds: number;
  readonly stopSeconds: number;
  /** Surge pods cannot bind the host port the old pod holds. */
  readonly hostPorts: boolean;
  readonly profile: NodeProfile;
}

export interface ModelStep {
  readonly atSeconds: number;
  readonly oldPodsDeleted: number;
  readonly newPodsCreated: number;
  readonly newPodsAvailable: number;
  readonly updatedNodes: number;
  readonly unavailableNodes: number;
}

export interface ModelResult {
  /** Time at which every node runs only an available new pod; undefined when that never happens. */
  readonly durationSeconds?: number;
  /** Time of the last change. */
  readonly settledSeconds: number;
  readonly updatedNodes: number;
  readonly nodesWithoutDaemon: number;
  readonly peakUnavailable: number;
  readonly steps?: ModelStep[];
}

/** A binary min-heap of (time, node, kind) events in parallel arrays. */
class EventHeap {
  private times: Float64Array;
  private payload: Int32Array;
  private n = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(Math.max(16, capacity));
    this.payload = new Int32Array(Math.max(16, capacity));
  }

  public get size(): number {
    return this.n;
  }

  public peekTime(): number {
    return this.times[0];
  }

  public push(time: number, node: number, kind: number): void {
    if (this.n === this.times.length) this.grow();
    let i = this.n++;
    const p = node * 2 + kind;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent] <= time) break;
      this.times[i] = this.times[parent];
      this.payload[i] = this.payload[parent];
      i = parent;
    }
    this.times[i] = time;
    this.payload[i] = p;
  }

  /** Removes the earliest event and returns node * 2 + kind. */
  public pop(): number {
    const top = this.payload[0];
    const last = --this.n;
    if (last > 0) {
      const t = this.times[last];
      const p = this.payload[last];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        if (c + 1 < last && this.times[c + 1] < this.times[c]) c++;
        if (this.times[c] >= t) break;
        this.times[i] = this.times[c];
        this.payload[i] = this.payload[c];
        i = c;
      }
      this.times[i] = t;
      this.payload[i] = p;
    }
    return top;
  }

  private grow(): void {
    const t = new Float64Array(this.times.length * 2);
    t.set(this.times);
    const p = new Int32Array(this.payload.length * 2);
    p.set(this.payload);
    this.times = t;
    this.payload = p;
  }
}

/** Times closer than this are one controller sync (floating-point sums of the same durations). */
const EPSILON = 1e-9;

/**
 * Replays one rollout with the controller walking the old pods in `order` (a permutation of node indexes).
 */
export function runModel(p: ModelParams, order: Int32Array, withSteps: boolean): ModelResult {
  return p.maxSurge > 0 ? runSurge(p, order, withSteps) : runUnavailable(p, order, withSteps);
}

function runUnavailable(p: ModelParams, order: Int32Array, withSteps: boolean): ModelResult {
  const n = p.nodes;
  const { start, failing, unavailable } = p.profile;
  const state = new Uint8Array(n);
  const heap = new EventHeap(n + 1);
  let oldUnavailable = 0;
  for (let i = 0; i < n; i++) {
    if (unavailable[i]) {
      state[i] = OLD_UNAVAILABLE;
      oldUnavailable++;
    }
  }
  let stopping = 0;
  let pending = 0;
  let available = 0;
  let cursor = 0; // next position in `order` to consider
  let peak = oldUnavailable;
  let now = 0;
  let last = 0;
  const steps: ModelStep[] | undefined = withSteps ? [] : undefined;
  for (;;) {
    let created = 0;
    let becameAvailable = 0;
    // the events of this instant
    while (heap.size > 0 && heap.peekTime() <= now + EPSILON) {
      const e = heap.pop();
      const node = e >> 1;
      if ((e & 1) === EV_STOPPED) {
        stopping--;
        state[node] = NEW_PENDING;
        pending++;
        created++;
        if (!failing[node]) heap.push(now + start[node] + p.minReadySeconds, node, EV_AVAILABLE);
      } else {
        pending--;
        state[node] = NEW_AVAILABLE;
        available++;
        becameAvailable++;
      }
    }
    // rollingUpdate: replace unavailable old pods at once, then old available pods within the budget
    let deleted = 0;
    if (oldUnavailable > 0) {
      for (let i = 0; i < n; i++) {
        if (state[i] === OLD_UNAVAILABLE) {
          state[i] = STOPPING;
          heap.push(now + p.stopSeconds, i, EV_STOPPED);
          deleted++;
        }
      }
      stopping += oldUnavailable;
      oldUnavailable = 0;
    }
    let budget = p.maxUnavailable - stopping - pending;
    while (budget > 0 && cursor < n) {
      const node = order[cursor++];
      if (state[node] !== OLD) continue;
      state[node] = STOPPING;
      stopping++;
      heap.push(now + p.stopSeconds, node, EV_STOPPED);
      deleted++;
      budget--;
    }
    const down = stopping + pending;
    if (down > peak) peak = down;
    if (created + becameAvailable + deleted > 0) {
      last = now;
      if (steps) {
        pushStep(steps, {
          atSeconds: round(now),
          oldPodsDeleted: deleted,
          newPodsCreated: created,
          newPodsAvailable: becameAvailable,
          updatedNodes: pending + available,
          unavailableNodes: down,
        });
      }
    }
    if (heap.size === 0) break;
    now = Math.max(now, heap.peekTime());
  }
  return {
    durationSeconds: available === n ? round(last) : undefined,
    settledSeconds: round(last),
    updatedNodes: pending + available,
    nodesWithoutDaemon: stopping + pending,
    peakUnavailable: peak,
    steps,
  };
}

function runSurge(p: ModelParams, order: Int32Array, withSteps: boolean): ModelResult {
  const n = p.nodes;
  const { start, failing, unavailable } = p.profile;
  const state = new Uint8Array(n);
  const heap = new EventHeap(n + 1);
  let oldUnavailable = 0;
  for (let i = 0; i < n; i++) {
    if (unavailable[i]) {
      state[i] = OLD_UNAVAILABLE;
      oldUnavailable++;
    }
  }
  let surging = 0;
  let oldStopping = 0;
  let done = 0;
  let newOnly = 0;
  let cursor = 0;
  let peak = oldUnavailable;
  let now = 0;
  let last = 0;
  const steps: ModelStep[] | undefined = withSteps ? [] : undefined;
  for (;;) {
    let created = 0;
    let becameAvailable = 0;
    let deleted = 0;
    let stopped = 0;
    while (heap.size > 0 && heap.peekTime() <= now + EPSILON) {
      const e = heap.pop();
      const node = e >> 1;
      if ((e & 1) === EV_AVAILABLE) {
        becameAvailable++;
        if (state[node] === SURGING) {
          // the new pod is available: the old one is deleted, which frees the surge slot at once
          surging--;
          state[node] = OLD_STOPPING;
          oldStopping++;
          deleted++;
          heap.push(now + p.stopSeconds, node, EV_STOPPED);
        } else {
          newOnly--;
          state[node] = DONE;
          done++;
        }
      } else {
        oldStopping--;
        state[node] = DONE;
        done++;
        stopped++;
      }
    }
    // old pods that are not available get their new pod at once (and lose the old one, which is not ready)
    if (oldUnavailable > 0) {
      for (let i = 0; i < n; i++) {
        if (state[i] !== OLD_UNAVAILABLE) continue;
        state[i] = NEW_ONLY_PENDING;
        created++;
        deleted++;
        if (!failing[i]) heap.push(now + (p.hostPorts ? p.stopSeconds : 0) + start[i] + p.minReadySeconds, i, EV_AVAILABLE);
      }
      newOnly += oldUnavailable;
      oldUnavailable = 0;
    }
    let budget = p.maxSurge - surging;
    while (budget > 0 && cursor < n) {
      const node = order[cursor++];
      if (state[node] !== OLD) continue;
      state[node] = SURGING;
      surging++;
      created++;
      budget--;
      if (!failing[node] && !p.hostPorts) heap.push(now + start[node] + p.minReadySeconds, node, EV_AVAILABLE);
    }
    if (newOnly > peak) peak = newOnly;
    if (created + becameAvailable + deleted + stopped > 0) {
      last = now;
      if (steps) {
        pushStep(steps, {
          atSeconds: round(now),
          oldPodsDeleted: deleted,
          newPodsCreated: created,
          newPodsAvailable: becameAvailable,
          updatedNodes: done + newOnly,
          unavailableNodes: newOnly,
        });
      }
    }
    if (heap.size === 0) break;
    now = Math.max(now, heap.peekTime());
  }
  return {
    durationSeconds: done === n ? round(last) : undefined,
    settledSeconds: round(last),
    updatedNodes: done + newOnly,
    nodesWithoutDaemon: newOnly,
    peakUnavailable: peak,
    steps,
  };
}

/** Adds a step, merged with the previous one when both happen at the same instant (steps are ours until returned). */
function pushStep(steps: ModelStep[], step: ModelStep): void {
  const prev = steps[steps.length - 1] as Mutable<ModelStep> | undefined;
  if (prev && prev.atSeconds === step.atSeconds) {
    prev.oldPodsDeleted += step.oldPodsDeleted;
    prev.newPodsCreated += step.newPodsCreated;
    prev.newPodsAvailable += step.newPodsAvailable;
    prev.updatedNodes = step.updatedNodes;
    prev.unavailableNodes = step.unavailableNodes;
  } else {
    steps.push(step);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Rounds away floating-point noise (sums of durations given in seconds or tenths). */
function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A seeded PRNG (mulberry32): the same orders on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random permutation of 0..n-1. */
export function shuffledOrder(n: number, random: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Index bits of a packed sort key. */
const INDEX_BITS = 2 ** 21;

/**
 * Nodes sorted by failing (last unless `descending`), then start time (ties by index). Keys are packed into one
 * number (failing, start in milliseconds, index) and sorted natively.
 */
export function sortedOrder(profile: NodeProfile, descending: boolean): Int32Array {
  const n = profile.start.length;
  const order = new Int32Array(n);
  if (n >= INDEX_BITS) {
    const idx = Array.from({ length: n }, (_, i) => i);
    const key = (i: number) => profile.failing[i] * 1e12 + profile.start[i];
    idx.sort((a, b) => (descending ? key(b) - key(a) : key(a) - key(b)) || a - b);
    order.set(idx);
    return order;
  }
  const packed = new Float64Array(n);
  const limit = 2 ** 31 - 1;
  for (let i = 0; i < n; i++) {
    const ms = Math.min(limit, Math.round(profile.start[i] * 1000));
    let key = profile.failing[i] * 2 ** 31 + ms;
    if (descending) key = 2 ** 32 - 1 - key;
    packed[i] = key * INDEX_BITS + i;
  }
  packed.sort();
  for (let i = 0; i < n; i++) order[i] = packed[i] % INDEX_BITS;
  return order;
}
