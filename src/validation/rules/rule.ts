import { FieldPaths } from '../field-paths';
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
  /** The pod's containers with their field paths (computed once for all rules). */
  readonly containers: ContainerRef[];
  /** The pod's init containers with their field paths. */
  readonly initContainers: ContainerRef[];
}

/** A container of the pod template and its field path. */
export interface ContainerRef {
  readonly container: any;
  readonly path: string;
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
const PLAIN_NAME = /^[-a-z0-9.]*$/;

/** Name of a container for messages, quoted. */
export function cname(c: any): string {
  const name = obj(c).name ?? '';
  return typeof name === 'string' && PLAIN_NAME.test(name) ? `"${name}"` : JSON.stringify(name);
}
/** Calls fn for containers (and init containers when `withInit`), with the field path of each. */
export function forEachContainer(ctx: RuleContext, withInit: boolean, fn: (c: any, path: string) => void): void {
  if (withInit) for (const r of ctx.initContainers) fn(r.container, r.path);
  for (const r of ctx.containers) fn(r.container, r.path);
}

/** The containers (or init containers) of a pod spec with their field paths. */
export function containerRefs(spec: any, specPath: string, field: 'containers' | 'initContainers'): ContainerRef[] {
  const list = arr(spec[field]);
  const out: ContainerRef[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = { container: obj(list[i]), path: FieldPaths.container(specPath, field, i).container };
  return out;
}
