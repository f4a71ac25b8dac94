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

  /**
   * Whether kube-scheduler binds the daemon pod to this node (after preemption when `preempts` is set). Only on
   * nodes that should run the daemon, and only when scheduler fit is planned (`PlacementOptions.schedulerFit` or
   * `existingPods`); false means the pod is created and stays Pending.
   *
   * @default - not evaluated
   */
  readonly fits?: boolean;

  /**
   * Why the daemon pod stays Pending on this node, in kube-scheduler's own words (`Insufficient cpu`,
   * `Too many pods`, `node(s) didn't have free ports for the requested pod ports`, ...): the reasons of the first
   * filter plugin that rejects the node, as in the pod's `PodScheduled=False` message. Empty when it fits.
   *
   * @default - not evaluated
   */
  readonly schedulingReasons?: string[];

  /**
   * The numbers behind `schedulingReasons` and the preemption verdict, e.g.
   * `Insufficient cpu: the pod requests 500m, 1800m of 2 allocatable are requested (200m free)`.
   *
   * @default - not evaluated
   */
  readonly schedulingDetails?: string[];

  /**
   * The pods kube-scheduler evicts (preempts) for this daemon pod, as `namespace/name`, in the scheduler's order
   * (most important first); the pod then fits. When a Pending daemon pod of higher priority fits in the freed
   * room too, it may take it first (both are `contested`): the victims are gone either way.
   *
   * @default - no preemption
   */
  readonly preempts?: string[];

  /**
   * True when the outcome on this node depends on the order in which kube-scheduler takes the daemon pods: pods of
   * equal priority (its queue orders them by creation time), or a Pending pod of higher priority retried when a
   * lower one's preemption frees room. `fits` is one possible outcome; the other one is possible too.
   *
   * @default false
   */
  readonly contested?: boolean;
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

  /**
   * Nodes that should run the daemon where its pod stays Pending (does not fit, even after preemption). Only
   * when scheduler fit is planned.
   *
   * @default - not evaluated
   */
  readonly pendingNumber?: number;
}

/**
 * What the daemons cost one node: the sum of the effective requests of the daemon pods that kube-scheduler binds
 * there, against the node's allocatable.
 */
export interface NodeOverhead {
  /** The node's `metadata.name`. */
  readonly node: string;
  /** The node's group: the value of the grouping label (`<none>` without it). */
  readonly group: string;
  /** Daemon pods bound to the node. */
  readonly daemonPods: number;
  /** Daemon pods that should run on the node but stay Pending. */
  readonly pendingDaemonPods: number;
  /** cpu requested by those daemon pods, in millicores. */
  readonly cpuMillis: number;
  /** memory requested by those daemon pods, in bytes. */
  readonly memoryBytes: number;
  /** The node's allocatable cpu (`status.allocatable.cpu`), in millicores (0 when not reported). */
  readonly allocatableCpuMillis: number;
  /** The node's allocatable memory, in bytes (0 when not reported). */
  readonly allocatableMemoryBytes: number;
  /** `cpuMillis / allocatableCpuMillis` (0 when nothing is allocatable). */
  readonly cpuShare: number;
  /** `memoryBytes / allocatableMemoryBytes` (0 when nothing is allocatable). */
  readonly memoryShare: number;
  /** cpu left for workloads after the daemons, in millicores (other pods not subtracted). */
  readonly cpuLeftMillis: number;
  /** memory left for workloads after the daemons, in bytes (other pods not subtracted). */
  readonly memoryLeftBytes: number;
}

/** The daemons' overhead summed over a group of nodes (a node pool: instance type or a label you name). */
export interface NodeGroupOverhead {
  /** The label value (`<none>` for nodes without the label). */
  readonly group: string;
  /** Nodes in the group. */
  readonly nodes: number;
  /** Daemon pods bound in the group. */
  readonly daemonPods: number;
  /** Daemon pods that stay Pending in the group. */
  readonly pendingDaemonPods: number;
  /** cpu requested by the daemons over the group, in millicores. */
  readonly cpuMillis: number;
  /** memory requested by the daemons over the group, in bytes. */
  readonly memoryBytes: number;
  /** Allocatable cpu over the group, in millicores. */
  readonly allocatableCpuMillis: number;
  /** Allocatable memory over the group, in bytes. */
  readonly allocatableMemoryBytes: number;
  /** `cpuMillis / allocatableCpuMillis` (0 when nothing is allocatable). */
  readonly cpuShare: number;
  /** `memoryBytes / allocatableMemoryBytes` (0 when nothing is allocatable). */
  readonly memoryShare: number;
  /** The largest per-node daemon cpu in the group, in millicores. */
  readonly maxNodeCpuMillis: number;
  /** The largest per-node daemon memory in the group, in bytes. */
  readonly maxNodeMemoryBytes: number;
}

/** Plans of many DaemonSets with scheduler fit, and what the daemons cost each node and node group. */
export interface ClusterPlan {
  /** One plan per DaemonSet, in input order, with `fits`/`schedulingReasons`/`preempts` and `pendingNumber`. */
  readonly plans: PlacementPlan[];
  /** One entry per node, in node order. */
  readonly overhead: NodeOverhead[];
  /** One entry per node group, by group name. */
  readonly nodeGroups: NodeGroupOverhead[];
  /** The label the nodes were grouped by. */
  readonly nodeGroupLabel: string;
}
