import { compareNumericValues, findMatchingUntoleratedTaint, toleratesTaint } from './toleration-matching';

/**
 * Lower-level toleration/taint helpers with the upstream Kubernetes semantics, for tools that simulate the
 * scheduler or the taint manager.
 */
export class TaintMatching {
  /**
   * Upstream `Toleration.ToleratesTaint` with the `TaintTolerationComparisonOperators` gate given explicitly.
   *
   * @param toleration a `Toleration` object
   * @param taint a `Taint` object
   * @param comparisonOperators whether numeric `Lt`/`Gt` operators are enabled
   */
  public static toleratesTaint(toleration: any, taint: any, comparisonOperators: boolean): boolean {
    return toleratesTaint(toleration, taint, comparisonOperators);
  }

  /**
   * Upstream numeric comparison for `Lt`/`Gt` tolerations: both values must be canonical decimal int64 (no
   * leading zeros, `+` or spaces); `Gt` is true when taint > toleration, `Lt` when taint < toleration; any other
   * operator gives false.
   */
  public static compareNumericValues(tolerationValue: string, taintValue: string, operator: string): boolean {
    return compareNumericValues(tolerationValue, taintValue, operator);
  }

  /**
   * Upstream `FindMatchingUntoleratedTaint`: the first taint (among those with one of `effects`) that none of the
   * tolerations tolerates.
   *
   * @param taints `Taint` objects
   * @param tolerations `Toleration` objects
   * @param effects only taints with these effects are considered (`[]` considers none; undefined: every taint)
   * @param comparisonOperators whether numeric `Lt`/`Gt` operators are enabled (default false)
   * @returns the untolerated taint, or undefined when all considered taints are tolerated
   */
  public static findUntoleratedTaint(taints: any[], tolerations: any[], effects?: string[], comparisonOperators?: boolean): any {
    const filter = effects === undefined ? undefined : (t: any) => effects.includes(t?.effect);
    return findMatchingUntoleratedTaint(taints, tolerations, filter, comparisonOperators === true);
  }

  private constructor() {}
}
