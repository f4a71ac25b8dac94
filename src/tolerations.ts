import { Duration } from 'cdk8s';

/**
 * The effect of a node taint, and the effect a toleration matches.
 */
export enum TaintEffect {
  /** New pods that do not tolerate the taint are not scheduled onto the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler tries to avoid the node; never blocks a DaemonSet pod. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Pods that do not tolerate the taint are evicted; new ones are not scheduled. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * How a toleration compares its value with the taint's value.
 */
export enum TolerationOperator {
  /** The taint value must equal the toleration value. */
  EQUAL = 'Equal',
  /** Any taint value (or, with no key, any taint) is tolerated. */
  EXISTS = 'Exists',
}

/**
 * One toleration of a node taint.
 */
export interface TolerationOptions {
  /**
   * The taint key to tolerate. Leave empty (with operator `Exists`) to tolerate every taint.
   *
   * @default - every key (requires `operator: Exists`)
   */
  readonly key?: string;

  /**
   * The taint value to match. Only with operator `Equal`.
   *
   * @default - no value
   */
  readonly value?: string;

  /**
   * How the value is compared.
   *
   * @default - `Equal` when a value is given, otherwise `Exists`
   */
  readonly operator?: TolerationOperator;

  /**
   * The taint effect to tolerate.
   *
   * @default - every effect
   */
  readonly effect?: TaintEffect;

  /**
   * How long a pod stays bound after a matching `NoExecute` taint appears. Only valid with
   * `effect: NoExecute`.
   *
   * @default - tolerate forever
   */
  readonly tolerationSeconds?: Duration;
}

/**
 * Well-known taint keys.
 */
export class WellKnownTaints {
  /** The taint kubeadm puts on control-plane nodes (Kubernetes >= 1.24). */
  public static readonly CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
  /** The legacy control-plane taint key (Kubernetes < 1.25 and older installers). */
  public static readonly MASTER = 'node-role.kubernetes.io/master';
  /** The taint the NVIDIA device plugin and most cloud GPU node pools use. */
  public static readonly NVIDIA_GPU = 'nvidia.com/gpu';

  private constructor() {}
}
