import { arr, obj } from '../json-shape';
import { PodTemplateRef } from '../pod-template';
import { Severity } from '../severity';

/**
 * What a best-practice rule sees: one workload object and its pod template. Internal.
 */
export interface RuleContext {
  /** The whole object. */
  readonly manifest: any;
  /** Its kind. */
  readonly kind: string;
  /** Its pod template. */
  readonly pod: PodTemplateRef;
  /** True for DaemonSets. */
  readonly isDaemonSet: boolean;
  /** True for Jobs and CronJobs (run to completion). */
  readonly isBatch: boolean;
}

/** Report callback: field path and message. */
export type Report = (field: string, message: string) => void;

/**
 * A best-practice rule. Internal: the public catalog is `RuleCatalog`.
 */
export interface BestPracticeRule {
  /** Stable ID, `ND-0xx`. */
  readonly id: string;
  /** Default severity. */
  readonly severity: Severity;
  /** The one documented sentence. */
  readonly description: string;
  /** Only for DaemonSets (otherwise every workload kind with a pod template). */
  readonly daemonSetOnly: boolean;
  /** Run the rule; call `report` for each problem. */
  check(ctx: RuleContext, report: Report): void;
}

export { arr, obj };
/** Name of a container for messages. */
export function cname(c: any): string {
  return JSON.stringify(obj(c).name ?? '');
}
/** Calls fn for containers (and init containers when `withInit`), with the field path of each. */
export function forEachContainer(ctx: RuleContext, withInit: boolean, fn: (c: any, path: string) => void): void {
  const spec = ctx.pod.spec;
  const base = ctx.pod.specPath;
  if (withInit) {
    const ic = arr(spec.initContainers);
    for (let i = 0; i < ic.length; i++) fn(obj(ic[i]), `${base}.initContainers[${i}]`);
  }
  const cs = arr(spec.containers);
  for (let i = 0; i < cs.length; i++) fn(obj(cs[i]), `${base}.containers[${i}]`);
}
