import { RolloutOptions } from './rollout';

/**
 * Options for `Rollout.simulate`: those of `Rollout.estimate` plus how the nodes differ.
 */
export interface RolloutSimulationOptions extends RolloutOptions {
  /**
   * Spread of the pod start times: node i's new pod takes `podStartSeconds + podStartSpreadSeconds * i / (n - 1)`
   * seconds to become Ready (evenly spread from the fastest to the slowest node).
   *
   * @default 0 (every node takes `podStartSeconds`)
   */
  readonly podStartSpreadSeconds?: number;

  /**
   * Seconds each node's new pod takes to become Ready, one entry per node (replaces `podStartSeconds` and
   * `podStartSpreadSeconds`).
   *
   * @default - from `podStartSeconds` and `podStartSpreadSeconds`
   */
  readonly nodeStartSeconds?: number[];

  /**
   * How many nodes' new pod never becomes Ready (a bad version on some nodes, a broken node). Use the node
   * count to see what a bad version does everywhere.
   *
   * @default 0
   */
  readonly failingNodes?: number;

  /**
   * How many nodes have no available daemon pod when the rollout begins (crash-looping, not ready). The
   * controller replaces their pods at once, and they count against `maxUnavailable` from the start.
   *
   * @default 0
   */
  readonly unavailableNodes?: number;

  /**
   * Random node orders to replay, besides the best and the worst order, when the outcome depends on the order
   * (failing nodes, different start times).
   *
   * @default 8 (2 above 1,000 nodes, where random orders differ little)
   */
  readonly orderSamples?: number;

  /**
   * Seed of the random node orders (the same seed gives the same figures).
   *
   * @default 1
   */
  readonly seed?: number;
}

/**
 * The smallest and the largest value over the node orders replayed.
 */
export interface RolloutRange {
  /** Smallest value. */
  readonly min: number;
  /** Largest value. */
  readonly max: number;
}

/**
 * What happened at one instant of a simulated rollout.
 */
export interface RolloutStep {
  /** Seconds since the update began. */
  readonly atSeconds: number;
  /** Old pods deleted at this instant. */
  readonly oldPodsDeleted: number;
  /** New pods created at this instant. */
  readonly newPodsCreated: number;
  /** New pods that became available (Ready for `minReadySeconds`) at this instant. */
  readonly newPodsAvailable: number;
  /** Nodes running the new template after this instant (`updatedNumberScheduled`). */
  readonly updatedNodes: number;
  /** Nodes without an available daemon pod after this instant. */
  readonly unavailableNodes: number;
}

/**
 * A DaemonSet update as the controller runs it, from `Rollout.simulate`.
 */
export interface RolloutSimulation {
  /** `RollingUpdate` or `OnDelete` (the apps/v1 default is `RollingUpdate`). */
  readonly strategy: string;

  /** Nodes the rollout covers (the desired number scheduled). */
  readonly nodes: number;

  /** Resolved `maxUnavailable`. */
  readonly maxUnavailable: number;

  /** Resolved `maxSurge`. */
  readonly maxSurge: number;

  /** True for `OnDelete`: nothing changes until someone deletes the pods. */
  readonly manual: boolean;

  /**
   * Seconds until every node runs an available new pod and no old pod is left (first random node order).
   *
   * @default - none when the rollout never completes (stalled) or is manual
   */
  readonly durationSeconds?: number;

  /**
   * Shortest and longest duration over the node orders replayed.
   *
   * @default - none when the rollout never completes (stalled) or is manual
   */
  readonly durationRange?: RolloutRange;

  /** True when the rollout never completes: some node never gets an available new pod. */
  readonly stalled: boolean;

  /** True for surge with host ports: no surge pod can bind its port, so the rollout freezes at once. */
  readonly hostPortFreeze: boolean;

  /** True when the outcome depends on the order in which the controller walks the nodes (the ranges differ). */
  readonly orderDependent: boolean;

  /** Seconds until the last change (the point where a stalled rollout stops moving). */
  readonly settledSeconds: number;

  /** Nodes running the new template at the end, ready or not (`updatedNumberScheduled`). */
  readonly updatedNodes: number;

  /** `updatedNodes` over the node orders replayed. */
  readonly updatedNodesRange: RolloutRange;

  /** Nodes left without an available daemon pod at the end. */
  readonly nodesWithoutDaemon: number;

  /** `nodesWithoutDaemon` over the node orders replayed. */
  readonly nodesWithoutDaemonRange: RolloutRange;

  /** The most nodes without an available daemon pod at any one time. */
  readonly peakUnavailable: number;

  /** `peakUnavailable` over the node orders replayed. */
  readonly peakUnavailableRange: RolloutRange;

  /** Every instant at which something changed (first random node order). */
  readonly timeline: RolloutStep[];

  /** One-line human summary. */
  readonly summary: string;

  /** Problems worth a look (those of `Rollout.estimate`). */
  readonly warnings: string[];
}
