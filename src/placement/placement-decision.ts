/**
 * Where the DaemonSet controller would (not) run a daemon pod: the decision for one node.
 */
export interface PlacementDecision {
  /** The node's `metadata.name` (empty when the node has no name). */
  readonly node: string;

  /** Whether the controller creates a daemon pod on this node (counts in `desiredNumberScheduled`). */
  readonly shouldRun: boolean;

  /**
   * Whether an already-running daemon pod stays. False for a nodeName or node selection mismatch and for an
   * untolerated `NoExecute` taint; an untolerated `NoSchedule` taint keeps running pods.
   */
  readonly shouldContinueRunning: boolean;

  /**
   * Why the daemon does not run on this node, one reason per failed rule, e.g.
   * `untolerated taint dedicated=gpu:NoSchedule`, `nodeSelector ssd=true not matched`,
   * `required node affinity not matched: kubernetes.io/os In [linux]`, `nodeName mismatch (...)`.
   * Empty when `shouldRun` is true.
   */
  readonly reasons: string[];

  /**
   * Noteworthy facts about a node that does run the daemon (cordoned, tolerated taints). Only filled with
   * `PlacementOptions.explainScheduled`.
   *
   * @default - no notes
   */
  readonly notes?: string[];
}

/**
 * The decisions for every node of a cluster, for one DaemonSet.
 */
export interface PlacementPlan {
  /** The DaemonSet, as `namespace/name` (or `name` without a namespace). */
  readonly daemonSet: string;

  /** One decision per node, in the order the nodes were given. */
  readonly decisions: PlacementDecision[];

  /** Nodes that should run the daemon (what `kubectl get ds` shows as DESIRED). */
  readonly desiredNumberScheduled: number;

  /** Number of nodes considered. */
  readonly nodeCount: number;
}
