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

  /**
   * Also decide, for every node that should run a daemon, whether kube-scheduler binds the pod there (resources,
   * pod slots, host ports, preemption), planning all the DaemonSets given together: fills `fits`,
   * `schedulingReasons`, `preempts` of the decisions and `pendingNumber` of the plans.
   *
   * @default - true when `existingPods` is given, else false
   */
  readonly schedulerFit?: boolean;

  /**
   * The pods already in the cluster (`kubectl get pods -A -o json` items): pods bound to a node (`spec.nodeName`)
   * and not finished take their requests, host ports and pod slot there and may be preempted. Pods of the
   * DaemonSets being planned are left out (the planned pods replace them).
   *
   * @default - no pods: empty nodes
   */
  readonly existingPods?: any[];

  /**
   * `PriorityClass` objects (scheduling.k8s.io/v1), to resolve the daemons' `priorityClassName` (and a
   * `globalDefault` class). `system-node-critical` and `system-cluster-critical` are always known.
   *
   * @default - only the built-in classes
   */
  readonly priorityClasses?: any[];

  /**
   * The node label that groups nodes in the overhead table of `Placement.planCluster`.
   *
   * @default 'node.kubernetes.io/instance-type'
   */
  readonly nodeGroupLabel?: string;
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
