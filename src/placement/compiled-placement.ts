/**
 * `NodeShouldRunDaemonPod` (pkg/controller/daemon/daemon_controller.go) for one pod template spec, compiled once
 * and evaluated for many nodes.
 *
 * Internal module.
 */
import { daemonPodTolerations } from './daemon-tolerations';
import { PlacementFeatureGates, PlacementOptions } from './feature-gates';
import { singleReason, untoleratedTaintReason } from './interning';
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

  constructor(podSpec: any, options?: PlacementOptions) {
    this.nodeName = typeof podSpec?.nodeName === 'string' ? podSpec.nodeName : '';
    this.selection = new CompiledNodeSelection(podSpec);
    this.tolerations = new CompiledTolerations(daemonPodTolerations(podSpec),
      PlacementFeatureGates.comparisonOperatorsEnabled(options));
    this.explainScheduled = options?.explainScheduled === true;
  }

  /** Whether the node satisfies nodeSelector AND required node affinity. */
  public matchesNode(node: any): boolean {
    return this.selection.matches(node);
  }

  /** The decisions for a list of nodes, reusing the shared "runs here" decisions of `cache`. */
  public decideAll(nodes: readonly any[], cache: RunDecisionCache): { decisions: PlacementDecision[]; desired: number } {
    const decisions: PlacementDecision[] = new Array(nodes.length);
    let desired = 0;
    const plain = !this.explainScheduled;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const status = this.status(node);
      if (status === RUNS && plain) {
        desired++;
        decisions[i] = cache.runs(i, node);
      } else {
        if (status === RUNS) desired++;
        decisions[i] = this.toDecision(node, status);
      }
    }
    return { decisions, desired };
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
    const meta = node?.metadata;
    if (this.nodeName.length > 0 && this.nodeName !== meta?.name) return EXCLUDED_EVICT;
    if (!this.selection.matches(node)) return EXCLUDED_EVICT;
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
    const meta = node?.metadata;
    const name: string = typeof meta?.name === 'string' ? meta.name : '';
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
   * Every reason the daemon does not run on the node. Reason strings are shared, and a single reason comes in a
   * shared frozen array (most excluded nodes have exactly one reason).
   */
  public explain(node: any, name: string): string[] {
    const reasons = this.scratch;
    reasons.length = 0;
    if (this.nodeName.length > 0 && this.nodeName !== name) {
      reasons.push(`nodeName mismatch: the pod template is pinned to node ${JSON.stringify(this.nodeName)}`);
    }
    this.selection.explainInto(node, reasons);
    const taints = node?.spec?.taints;
    if (Array.isArray(taints)) {
      for (let i = 0; i < taints.length; i++) {
        const taint = taints[i];
        if (taint == null || (taint.effect !== NO_SCHEDULE && taint.effect !== NO_EXECUTE)) continue;
        if (this.tolerations.tolerates(taint)) continue;
        const problem = this.tolerations.numericParseProblem(taint);
        const reason = untoleratedTaintReason(str(taint.key), str(taint.value), taint.effect);
        reasons.push(problem ? `${reason} (${problem})` : reason);
      }
    }
    return reasons.length === 1 ? singleReason(reasons[0]) : reasons.slice();
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

/**
 * The "runs here, no notes" decision depends only on the node's name, so plans of many DaemonSets over the same
 * node array share one frozen decision object per node instead of allocating one per plan (far less garbage for
 * 100 DaemonSets x 100,000 nodes). Keyed by the nodes array; each entry is re-checked against the node object and
 * its name, so a changed array or node never gets a stale decision.
 */
export class RunDecisionCache {
  /** The cache for this nodes array. */
  public static of(nodes: readonly any[]): RunDecisionCache {
    let cache = RunDecisionCache.byArray.get(nodes);
    if (cache === undefined) {
      cache = new RunDecisionCache();
      RunDecisionCache.byArray.set(nodes, cache);
    }
    return cache;
  }

  private static readonly byArray = new WeakMap<readonly any[], RunDecisionCache>();
  private readonly nodes: any[] = [];
  private readonly decisions: PlacementDecision[] = [];

  /** The shared "runs here" decision for node `i` of the array. */
  public runs(i: number, node: any): PlacementDecision {
    const meta = node?.metadata;
    const name: string = typeof meta?.name === 'string' ? meta.name : '';
    const cached = this.decisions[i];
    if (cached !== undefined && this.nodes[i] === node && cached.node === name) return cached;
    while (this.nodes.length < i) {
      this.nodes.push(undefined);
      this.decisions.push(undefined as any);
    }
    const fresh: PlacementDecision = Object.freeze({ node: name, shouldRun: true, shouldContinueRunning: true, reasons: NO_REASONS });
    this.nodes[i] = node;
    this.decisions[i] = fresh;
    return fresh;
  }
}
