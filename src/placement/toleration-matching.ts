/**
 * Toleration versus taint matching, as upstream `Toleration.ToleratesTaint` (k8s.io/api core/v1) and
 * `FindMatchingUntoleratedTaint` (k8s.io/component-helpers scheduling/corev1), on plain Kubernetes JSON.
 *
 * Internal module: the public entry points are `Placement.tolerates` and the `TaintMatching` statics.
 */
import { DECIMAL_INTEGER_ERROR, parseCanonicalInt64 } from './int64';

const OP_EQUAL = 0;
const OP_EXISTS = 1;
const OP_LT = 2;
const OP_GT = 3;
const OP_NEVER = 4;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * Upstream `compareNumericValues(tolerationVal, taintVal, op)`: both values must be canonical decimal int64
 * (`content.IsDecimalInteger`); `Gt` tolerates when taint > toleration, `Lt` when taint < toleration; any other
 * operator gives false.
 */
export function compareNumericValues(tolerationValue: string, taintValue: string, operator: string): boolean {
  if (operator !== 'Lt' && operator !== 'Gt') return false;
  const tol = parseCanonicalInt64(tolerationValue);
  if (tol === undefined) return false;
  const taint = parseCanonicalInt64(taintValue);
  if (taint === undefined) return false;
  return operator === 'Gt' ? taint > tol : taint < tol;
}

/**
 * Upstream `Toleration.ToleratesTaint(taint, enableComparisonOperators)`.
 */
export function toleratesTaint(toleration: any, taint: any, comparisonOperators: boolean): boolean {
  if (toleration == null || taint == null) return false;
  const effect = str(toleration.effect);
  if (effect.length > 0 && effect !== str(taint.effect)) return false;
  const key = str(toleration.key);
  if (key.length > 0 && key !== str(taint.key)) return false;
  switch (str(toleration.operator)) {
    case '':
    case 'Equal':
      return str(toleration.value) === str(taint.value);
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt':
      if (!comparisonOperators) return false;
      return compareNumericValues(str(toleration.value), str(taint.value), toleration.operator);
    default:
      return false;
  }
}

/** One toleration, parsed once. */
interface CompiledToleration {
  readonly effect: string;
  readonly op: number;
  readonly value: string;
  /** For Lt/Gt: the parsed toleration value (undefined when it is not a canonical int64). */
  readonly num?: bigint;
}

/** Which taints are considered by `CompiledTolerations.firstUntolerated`. */
export type TaintFilter = (taint: any) => boolean;

/** The effects that keep a DaemonSet pod off a node. */
export function isBlockingEffect(effect: unknown): boolean {
  return effect === 'NoSchedule' || effect === 'NoExecute';
}

/**
 * A pod's tolerations, parsed once and indexed by key, for matching many taints fast.
 */
export class CompiledTolerations {
  private readonly byKey = new Map<string, CompiledToleration[]>();
  private readonly anyKey: CompiledToleration[] = [];
  /** Lt/Gt tolerations (gate on), by key ('' = any key): used to explain numeric parse failures. */
  private readonly numeric: Array<{ key: string; effect: string }> = [];

  constructor(tolerations: readonly any[] | undefined, private readonly comparisonOperators: boolean) {
    for (const t of tolerations ?? []) {
      if (t == null || typeof t !== 'object') continue;
      const operator = str(t.operator);
      let op: number;
      let num: bigint | undefined;
      switch (operator) {
        case '':
        case 'Equal':
          op = OP_EQUAL;
          break;
        case 'Exists':
          op = OP_EXISTS;
          break;
        case 'Lt':
        case 'Gt':
          op = comparisonOperators ? (operator === 'Lt' ? OP_LT : OP_GT) : OP_NEVER;
          if (op !== OP_NEVER) {
            num = parseCanonicalInt64(str(t.value));
            this.numeric.push({ key: str(t.key), effect: str(t.effect) });
            if (num === undefined) op = OP_NEVER;
          }
          break;
        default:
          op = OP_NEVER;
      }
      if (op === OP_NEVER) continue; // tolerates nothing
      const compiled: CompiledToleration = { effect: str(t.effect), op, value: str(t.value), num };
      const key = str(t.key);
      if (key.length === 0) {
        this.anyKey.push(compiled);
      } else {
        const list = this.byKey.get(key);
        if (list) list.push(compiled); else this.byKey.set(key, [compiled]);
      }
    }
  }

  /** Whether any toleration tolerates this taint (`TolerationsTolerateTaint`). */
  public tolerates(taint: any): boolean {
    const effect = str(taint.effect);
    const value = str(taint.value);
    const list = this.byKey.get(str(taint.key));
    if (list !== undefined && matchAny(list, effect, value)) return true;
    return this.anyKey.length > 0 && matchAny(this.anyKey, effect, value);
  }

  /**
   * Upstream `FindMatchingUntoleratedTaint`: the first taint accepted by the filter (every taint without one)
   * that no toleration tolerates.
   */
  public firstUntolerated(taints: readonly any[] | undefined, filter?: TaintFilter): any | undefined {
    if (!taints) return undefined;
    for (const taint of taints) {
      if (taint == null) continue;
      if (filter && !filter(taint)) continue;
      if (!this.tolerates(taint)) return taint;
    }
    return undefined;
  }

  /**
   * Why a numeric (`Lt`/`Gt`) toleration could not tolerate this taint, when the taint value is not a canonical
   * integer: the kube-scheduler message, or undefined.
   */
  public numericParseProblem(taint: any): string | undefined {
    if (!this.comparisonOperators || this.numeric.length === 0) return undefined;
    const key = str(taint.key);
    const effect = str(taint.effect);
    const relevant = this.numeric.some((n) => (n.key === '' || n.key === key) && (n.effect === '' || n.effect === effect));
    if (!relevant) return undefined;
    const value = str(taint.value);
    if (parseCanonicalInt64(value) !== undefined) return undefined;
    return `failed to parse taint value ${JSON.stringify(value)} as int64: ${DECIMAL_INTEGER_ERROR}`;
  }
}

function matchAny(list: readonly CompiledToleration[], effect: string, value: string): boolean {
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (t.effect.length > 0 && t.effect !== effect) continue;
    switch (t.op) {
      case OP_EXISTS:
        return true;
      case OP_EQUAL:
        if (t.value === value) return true;
        break;
      default: {
        const taintNum = parseCanonicalInt64(value);
        if (taintNum === undefined) break;
        if (t.op === OP_GT ? taintNum > t.num! : taintNum < t.num!) return true;
      }
    }
  }
  return false;
}

/**
 * Upstream `FindMatchingUntoleratedTaint(logger, taints, tolerations, inclusionFilter, enableComparisonOperators)`
 * on plain JSON.
 *
 * @returns the first untolerated taint accepted by the filter, or undefined when every such taint is tolerated
 */
export function findMatchingUntoleratedTaint(
  taints: readonly any[] | undefined,
  tolerations: readonly any[] | undefined,
  filter: TaintFilter | undefined,
  comparisonOperators: boolean,
): any | undefined {
  return new CompiledTolerations(tolerations, comparisonOperators).firstUntolerated(taints, filter);
}

/** Human form of a taint: `key=value:Effect` (or `key:Effect` without a value). */
export function formatTaint(taint: any): string {
  const value = str(taint?.value);
  return `${str(taint?.key)}${value.length > 0 ? '=' + value : ''}:${str(taint?.effect)}`;
}
