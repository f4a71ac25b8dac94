/**
 * Options for placement decisions.
 */
export interface PlacementOptions {
  /**
   * Kubernetes feature gates to assume, by name. Only `TaintTolerationComparisonOperators` (alpha in 1.35) changes
   * placement: with it on, tolerations with operator `Lt`/`Gt` compare the taint value numerically; with it off they
   * never tolerate anything.
   *
   * @default - every gate at its default (off for `TaintTolerationComparisonOperators`)
   */
  readonly featureGates?: { [gate: string]: boolean };

  /**
   * Also explain nodes that DO run the daemon, in `PlacementDecision.notes`, where something is noteworthy
   * (a cordoned node, a tolerated NoSchedule/NoExecute taint). Costs a little time per tainted node.
   *
   * @default false
   */
  readonly explainScheduled?: boolean;
}

/** Feature gate names that change placement. */
export class PlacementFeatureGates {
  /** Numeric `Lt`/`Gt` toleration operators (alpha in Kubernetes 1.35, default off). */
  public static readonly TAINT_TOLERATION_COMPARISON_OPERATORS = 'TaintTolerationComparisonOperators';

  /**
   * Whether numeric toleration operators are enabled by these options.
   */
  public static comparisonOperatorsEnabled(options?: PlacementOptions): boolean {
    return options?.featureGates?.[PlacementFeatureGates.TAINT_TOLERATION_COMPARISON_OPERATORS] === true;
  }

  private constructor() {}
}
