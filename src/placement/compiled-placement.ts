/**
 * `NodeShouldRunDaemonPod` (pkg/controller/daemon/daemon_controller.go) for one pod template spec, compiled once
 * and evaluated for many nodes.
 *
 * Internal module.
 */
import { daemonPodTolerations } from './daemon-tolerations';
import { PlacementFeatureGates, PlacementOptions } from './feature-gates';
import { CompiledNodeSelection } from './node-affinity';
import { PlacementDecision } from './placement-decision';
import { CompiledTolerations, formatTaint } from './toleration-matching';

const NO_SCHEDULE = 'NoSchedule';
const NO_EXECUTE = 'NoExecute';

/** A pod template spec prepared for fast per-node decisions. */
export class CompiledPlacement {
  private readonly nodeName: string;
  private readonly selection: CompiledNodeSelection;
  private readonly tolerations: CompiledTolerations;
  private readonly explainScheduled: boolean;

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

  /** The controller's decision for one node. */
  public decide(node: any): PlacementDecision {
    const meta = node?.metadata;
    const name: string = typeof meta?.name === 'string' ? meta.name : '';
    if ((this.nodeName.length > 0 && this.nodeName !== name) || !this.selection.matches(node)) {
      return { node: name, shouldRun: false, shouldContinueRunning: false, reasons: this.explain(node, name) };
    }
    const taints = node.spec?.taints;
    if (Array.isArray(taints) && taints.length > 0) {
      let fits = true;
      let keep = true;
      for (let i = 0; i < taints.length; i++) {
        const taint = taints[i];
        if (taint == null) continue;
        const effect = taint.effect;
        if (effect !== NO_SCHEDULE && effect !== NO_EXECUTE) continue;
        if (!this.tolerations.tolerates(taint)) {
          fits = false;
          if (effect === NO_EXECUTE) {
            keep = false;
            break;
          }
        }
      }
      if (!fits) return { node: name, shouldRun: false, shouldContinueRunning: keep, reasons: this.explain(node, name) };
    }
    if (this.explainScheduled) {
      const notes = this.notes(node);
      if (notes.length > 0) return { node: name, shouldRun: true, shouldContinueRunning: true, reasons: [], notes };
    }
    return { node: name, shouldRun: true, shouldContinueRunning: true, reasons: [] };
  }

  /** Every reason the daemon does not run on the node. */
  public explain(node: any, name: string): string[] {
    const reasons: string[] = [];
    if (this.nodeName.length > 0 && this.nodeName !== name) {
      reasons.push(`nodeName mismatch: the pod template is pinned to node ${JSON.stringify(this.nodeName)}`);
    }
    reasons.push(...this.selection.explain(node));
    const taints = node?.spec?.taints;
    if (Array.isArray(taints)) {
      for (const taint of taints) {
        if (taint == null || (taint.effect !== NO_SCHEDULE && taint.effect !== NO_EXECUTE)) continue;
        if (this.tolerations.tolerates(taint)) continue;
        const problem = this.tolerations.numericParseProblem(taint);
        reasons.push(`untolerated taint ${formatTaint(taint)}${problem ? ` (${problem})` : ''}`);
      }
    }
    return reasons;
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
