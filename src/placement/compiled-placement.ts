/**
 * `NodeShouldRunDaemonPod` (pkg/controller/daemon/daemon_controller.go) for one pod template spec, compiled once
 * and evaluated for many nodes.
 *
 * Internal module.
 */
import { daemonPodTolerations } from './daemon-tolerations';
import { PlacementFeatureGates, PlacementOptions } from './feature-gates';
import { reasonList, singleReason, untoleratedTaintReason } from './interning';
import { CompiledNodeSelection } from './node-affinity';
import { PlacementDecision } from './placement-decision';
import { CompiledTolerations, formatTaint } from './toleration-matching';

/**
 * Shared, frozen `reasons` of every node that runs the daemon: one allocation less per node. Copy before
 * modifying.
 */
const NO_REASONS: string[] = Object.freeze([]) as unknown as string[];

const RUNS = 0;
const EXCLUDED_KEEP = 1;
const EXCLUDED_EVICT = 2;

const NO_SCHEDULE = 'NoSchedule';

/** End of a path in `CompiledPlacement.explained`. */
const LEAF = Symbol('reasons');
/** Most distinct outcomes remembered per DaemonSet. */
const MAX_EXPLAINED = 10_000;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
const NO_EXECUTE = 'NoExecute';

/** A pod template spec prepared for fast per-node decisions. */
export class CompiledPlacement {
  private readonly nodeName: string;
  private readonly selection: CompiledNodeSelection;
  private readonly tolerations: CompiledTolerations;
  private readonly explainScheduled: boolean;
  /** Reused buffer for `explain` (copied out unless it holds a single shared reason). */
  private readonly scratch: string[] = [];
  private readonly nodeNameReason: string;
  /** Reasons by outcome: failure code, then each untolerated taint's reason, then LEAF. */
  private readonly explained = new Map<number, Map<unknown, any>>();
  private explainedCount = 0;

  constructor(podSpec: any, options?: PlacementOptions) {
    this.nodeName = typeof podSpec?.nodeName === 'string' ? podSpec.nodeName : '';
    this.nodeNameReason = `nodeName mismatch: the pod template is pinned to node ${JSON.stringify(this.nodeName)}`;
    this.selection = new CompiledNodeSelection(podSpec);
    this.tolerations = new CompiledTolerations(daemonPodTolerations(podSpec),
      PlacementFeatureGates.comparisonOperatorsEnabled(options));
    this.explainScheduled = options?.explainScheduled === true;
  }

  /** Whether the node satisfies nodeSelector AND required node affinity. */
  public matchesNode(node: any): boolean {
    return this.selection.matches(node);
  }

  /** The decisions for a list of nodes, shared through `cache` with the plans of other DaemonSets. */
  public decideAll(nodes: readonly any[], cache: DecisionCache): { decisions: PlacementDecision[]; desired: number } {
    const decisions: PlacementDecision[] = new Array(nodes.length);
    const desired = this.decideRange(nodes, 0, nodes.length, cache, decisions);
    return { decisions, desired };
  }

  /**
   * Decide nodes `start` to `end - 1` into `decisions` (same positions); returns how many run the daemon.
   */
  public decideRange(nodes: readonly any[], start: number, end: number, cache: DecisionCache, decisions: PlacementDecision[]): number {
    let desired = 0;
    const plain = !this.explainScheduled;
    for (let i = start; i < end; i++) {
      const node = nodes[i];
      // one evaluation of the node selection serves the decision and, when excluded, its explanation
      const code = this.selection.failureCode(node);
      const status = code < 0 ? this.status(node) : this.statusWith(node, this.selection.matchesCode(code));
      if (status === RUNS) {
        desired++;
        decisions[i] = plain ? cache.runs(i, node) : this.toDecision(node, status);
      } else {
        const name = nodeName(node);
        decisions[i] = cache.excluded(i, node, name, status === EXCLUDED_KEEP, this.explainCode(node, name, code));
      }
    }
    return desired;
  }

  /** The controller's decision for one node. */
  public decide(node: any): PlacementDecision {
    return this.toDecision(node, this.status(node));
  }

  /**
   * `NodeShouldRunDaemonPod` without allocating: RUNS, EXCLUDED_KEEP (untolerated NoSchedule only) or
   * EXCLUDED_EVICT (nodeName, node selection, or an untolerated NoExecute taint).
   */
  public status(node: any): number {
    return this.statusWith(node, this.selection.matches(node));
  }

  /** `status`, given whether the node satisfies the node selection. */
  private statusWith(node: any, selected: boolean): number {
    const meta = node?.metadata;
    if (this.nodeName.length > 0 && this.nodeName !== meta?.name) return EXCLUDED_EVICT;
    if (!selected) return EXCLUDED_EVICT;
    const taints = node.spec?.taints;
    if (taints === undefined || taints === null || taints.length === 0) return RUNS;
    let status = RUNS;
    for (let i = 0; i < taints.length; i++) {
      const taint = taints[i];
      if (taint == null) continue;
      const effect = taint.effect;
      if (effect !== NO_SCHEDULE && effect !== NO_EXECUTE) continue;
      if (!this.tolerations.tolerates(taint)) {
        if (effect === NO_EXECUTE) return EXCLUDED_EVICT;
        status = EXCLUDED_KEEP;
      }
    }
    return status;
  }

  private toDecision(node: any, status: number): PlacementDecision {
    const name = nodeName(node);
    if (status !== RUNS) {
      return { node: name, shouldRun: false, shouldContinueRunning: status === EXCLUDED_KEEP, reasons: this.explain(node, name) };
    }
    if (this.explainScheduled) {
      const notes = this.notes(node);
      if (notes.length > 0) return { node: name, shouldRun: true, shouldContinueRunning: true, reasons: NO_REASONS, notes };
    }
    return { node: name, shouldRun: true, shouldContinueRunning: true, reasons: NO_REASONS };
  }

  /**
   * Every reason the daemon does not run on the node. Reason strings are shared, and so are the (frozen) arrays:
   * the same reasons give the same array.
   *
   * The reasons depend only on which requirements fail and which taints are not tolerated, so they are looked up
   * by that outcome (a small tree of maps keyed by a bit mask and the interned taint reasons) instead of being
   * assembled for every node.
   */
  public explain(node: any, name: string): string[] {
    return this.explainCode(node, name, this.selection.failureCode(node));
  }

  /** `explain`, given the node's `failureCode`. */
  private explainCode(node: any, name: string, code: number): string[] {
    if (code < 0) return this.explainFresh(node, name);
    // a nodeName mismatch is one more reason: negative keys
    const key = this.nodeName.length > 0 && this.nodeName !== name ? -1 - code : code;
    let level = this.explained.get(key);
    if (level === undefined) {
      if (this.explainedCount >= MAX_EXPLAINED) return this.explainFresh(node, name);
      level = new Map();
      this.explained.set(key, level);
    }
    const taints = node?.spec?.taints;
    if (Array.isArray(taints)) {
      for (let i = 0; i < taints.length; i++) {
        const reason = this.taintReason(taints[i]);
        if (reason === undefined) continue;
        let next: Map<unknown, any> | undefined = level.get(reason);
        if (next === undefined) {
          if (this.explainedCount >= MAX_EXPLAINED) return this.explainFresh(node, name);
          next = new Map();
          level.set(reason, next);
        }
        level = next;
      }
    }
    let reasons: string[] | undefined = level.get(LEAF);
    if (reasons === undefined) {
      reasons = this.explainFresh(node, name);
      level.set(LEAF, reasons);
      this.explainedCount++;
    }
    return reasons;
  }

  /** `explain` without the lookup. */
  private explainFresh(node: any, name: string): string[] {
    const reasons = this.scratch;
    reasons.length = 0;
    if (this.nodeName.length > 0 && this.nodeName !== name) reasons.push(this.nodeNameReason);
    this.selection.explainInto(node, reasons);
    const taints = node?.spec?.taints;
    if (Array.isArray(taints)) {
      for (let i = 0; i < taints.length; i++) {
        const reason = this.taintReason(taints[i]);
        if (reason !== undefined) reasons.push(reason);
      }
    }
    return reasons.length === 1 ? singleReason(reasons[0]) : reasonList(reasons);
  }

  /** The reason for an untolerated NoSchedule/NoExecute taint (a shared string), or undefined. */
  private taintReason(taint: any): string | undefined {
    if (taint == null || (taint.effect !== NO_SCHEDULE && taint.effect !== NO_EXECUTE)) return undefined;
    if (this.tolerations.tolerates(taint)) return undefined;
    const reason = untoleratedTaintReason(str(taint.key), str(taint.value), taint.effect);
    const problem = this.tolerations.numericParseProblem(taint);
    return problem ? `${reason} (${problem})` : reason;
  }

  /** Noteworthy facts for a node that runs the daemon. */
  private notes(node: any): string[] {
    const notes: string[] = [];
    if (node?.spec?.unschedulable === true) notes.push('node is cordoned (unschedulable); daemon pods still run there');
    const taints = node?.spec?.taints;
    if (Array.isArray(taints)) {
      for (const taint of taints) {
        if (taint == null || (taint.effect !== NO_SCHEDULE && taint.effect !== NO_EXECUTE)) continue;
        if (taint.key === 'node.kubernetes.io/unschedulable' && node?.spec?.unschedulable === true) continue;
        notes.push(`tolerates taint ${formatTaint(taint)}`);
      }
    }
    return notes;
  }
}

function nodeName(node: any): string {
  const name = node?.metadata?.name;
  return typeof name === 'string' ? name : '';
}

/** Most distinct "excluded" outcomes kept per node (DaemonSets with other outcomes get fresh decisions). */
const MAX_OUTCOMES_PER_NODE = 8;

/**
 * Decisions shared by the plans of many DaemonSets over the same nodes array. A decision depends only on the
 * node's name, whether the daemon runs, may keep running, and the (shared) reasons, so 100 DaemonSets x 100,000
 * nodes need one frozen object per node and outcome instead of one per plan and node: far less garbage, and
 * planning time that grows with the number of nodes, not faster. Keyed by the nodes array; every entry is
 * re-checked against the node object and its name, so a changed array or node never gets a stale decision.
 */
export class DecisionCache {
  /** The cache for this nodes array. */
  public static of(nodes: readonly any[]): DecisionCache {
    let cache = DecisionCache.byArray.get(nodes);
    if (cache === undefined) {
      cache = new DecisionCache();
      DecisionCache.byArray.set(nodes, cache);
    }
    return cache;
  }

  private static readonly byArray = new WeakMap<readonly any[], DecisionCache>();
  // Parallel arrays by node position (no object per node): the node and name the entries were made for, the
  // "runs here" decision, the first "does not run" decision and any others.
  private readonly nodes: any[] = [];
  private readonly names: string[] = [];
  private readonly runDecisions: (PlacementDecision | undefined)[] = [];
  private readonly fitDecisions: (PlacementDecision | undefined)[] = [];
  private readonly firstExcluded: (PlacementDecision | undefined)[] = [];
  private readonly moreExcluded: (PlacementDecision[] | undefined)[] = [];

  /** The shared "runs here" decision for node `i` of the array. */
  public runs(i: number, node: any): PlacementDecision {
    const name = nodeName(node);
    this.check(i, node, name);
    return this.runDecisions[i] ??= Object.freeze({ node: name, shouldRun: true, shouldContinueRunning: true, reasons: NO_REASONS });
  }

  /** The "runs and binds" decision of node `i` when `base` is that node's shared "runs here" decision, else undefined. */
  public fitsFor(i: number, base: PlacementDecision): PlacementDecision | undefined {
    if (this.runDecisions[i] !== base) return undefined;
    return this.fitDecisions[i] ??= Object.freeze({ ...base, fits: true, schedulingReasons: NO_REASONS, schedulingDetails: NO_REASONS });
  }

  /** The shared "runs here and the scheduler binds it" decision for node `i` (`base` is its "runs here" decision). */
  public runsAndFits(i: number, node: any, base: PlacementDecision): PlacementDecision {
    this.check(i, node, base.node);
    return this.fitDecisions[i] ??= Object.freeze({ ...base, fits: true, schedulingReasons: NO_REASONS, schedulingDetails: NO_REASONS });
  }

  /**
   * The shared "does not run" decision for node `i` with these reasons (frozen arrays from the interning
   * module: equal reasons are the same array).
   */
  public excluded(i: number, node: any, name: string, keepRunning: boolean, reasons: string[]): PlacementDecision {
    this.check(i, node, name);
    const first = this.firstExcluded[i];
    if (first !== undefined && first.reasons === reasons && first.shouldContinueRunning === keepRunning) return first;
    const more = this.moreExcluded[i];
    if (more !== undefined) {
      for (let k = 0; k < more.length; k++) {
        const d = more[k];
        if (d.reasons === reasons && d.shouldContinueRunning === keepRunning) return d;
      }
    }
    const fresh: PlacementDecision = Object.freeze({ node: name, shouldRun: false, shouldContinueRunning: keepRunning, reasons });
    if (!Object.isFrozen(reasons)) return fresh; // not shared: nothing to key on
    if (first === undefined) this.firstExcluded[i] = fresh;
    else if (more === undefined) this.moreExcluded[i] = [fresh];
    else if (more.length < MAX_OUTCOMES_PER_NODE) more.push(fresh);
    return fresh;
  }

  /** Empty slot `i` unless its entries were made for this very node with this name. */
  private check(i: number, node: any, name: string): void {
    if (this.nodes[i] === node && this.names[i] === name) return;
    while (this.nodes.length <= i) {
      this.nodes.push(undefined);
      this.names.push('');
      this.runDecisions.push(undefined);
      this.fitDecisions.push(undefined);
      this.firstExcluded.push(undefined);
      this.moreExcluded.push(undefined);
    }
    this.nodes[i] = node;
    this.names[i] = name;
    this.runDecisions[i] = undefined;
    this.fitDecisions[i] = undefined;
    this.firstExcluded[i] = undefined;
    this.moreExcluded[i] = undefined;
  }
}
