/**
 * Operators of a node selector requirement.
 */
export enum NodeSelectorOperator {
  /** The label value is one of the values. */
  IN = 'In',
  /** The label is absent or its value is none of the values. */
  NOT_IN = 'NotIn',
  /** The label is present, with any value. */
  EXISTS = 'Exists',
  /** The label is absent. */
  DOES_NOT_EXIST = 'DoesNotExist',
  /** The label value, read as an integer, is greater than the single value. */
  GT = 'Gt',
  /** The label value, read as an integer, is less than the single value. */
  LT = 'Lt',
}

/**
 * One requirement of a node affinity term: a label expression (`matchExpressions`) or a
 * node field expression (`matchFields`, only `metadata.name`).
 *
 * Create with the static factories, e.g. `NodeRequirement.labelIn('disktype', 'ssd')`.
 */
export class NodeRequirement {
  /** The node label value is one of `values`. */
  public static labelIn(key: string, ...values: string[]): NodeRequirement {
    return new NodeRequirement(key, NodeSelectorOperator.IN, values, false);
  }

  /** The node label is absent or its value is none of `values`. */
  public static labelNotIn(key: string, ...values: string[]): NodeRequirement {
    return new NodeRequirement(key, NodeSelectorOperator.NOT_IN, values, false);
  }

  /** The node has the label, with any value. */
  public static labelExists(key: string): NodeRequirement {
    return new NodeRequirement(key, NodeSelectorOperator.EXISTS, [], false);
  }

  /** The node does not have the label. */
  public static labelDoesNotExist(key: string): NodeRequirement {
    return new NodeRequirement(key, NodeSelectorOperator.DOES_NOT_EXIST, [], false);
  }

  /** The node label, read as an integer, is greater than `value`. */
  public static labelGt(key: string, value: number): NodeRequirement {
    return new NodeRequirement(key, NodeSelectorOperator.GT, [String(value)], false);
  }

  /** The node label, read as an integer, is less than `value`. */
  public static labelLt(key: string, value: number): NodeRequirement {
    return new NodeRequirement(key, NodeSelectorOperator.LT, [String(value)], false);
  }

  /**
   * The node's `metadata.name` is `name` (a `matchFields` requirement; the API allows exactly one
   * value, so several names need several terms: see `NodeDaemon.restrictToNodes`).
   */
  public static nameIs(name: string): NodeRequirement {
    return new NodeRequirement('metadata.name', NodeSelectorOperator.IN, [name], true);
  }

  /** The node's `metadata.name` is not `name` (a `matchFields` requirement). */
  public static nameIsNot(name: string): NodeRequirement {
    return new NodeRequirement('metadata.name', NodeSelectorOperator.NOT_IN, [name], true);
  }

  /**
   * Any requirement, exactly as written (for operators and values the typed factories do not
   * cover). Checked at synth time like the others.
   *
   * @param isField true for a `matchFields` requirement, false for a label requirement
   */
  public static of(key: string, operator: NodeSelectorOperator, values: string[], isField?: boolean): NodeRequirement {
    return new NodeRequirement(key, operator, values, isField ?? false);
  }

  private constructor(
    /** The label key, or `metadata.name` for a field requirement. */
    public readonly key: string,
    /** The operator. */
    public readonly operator: NodeSelectorOperator,
    /** The values (empty for Exists/DoesNotExist). */
    public readonly values: string[],
    /** Whether this is a `matchFields` (node field) requirement rather than a label requirement. */
    public readonly isField: boolean,
  ) {}

  /**
   * The Kubernetes JSON of this requirement.
   */
  public toJson(): any {
    return this.values.length > 0
      ? { key: this.key, operator: this.operator, values: [...this.values] }
      : { key: this.key, operator: this.operator };
  }
}

/**
 * Well-known node labels used for node selection.
 */
export class WellKnownNodeLabels {
  /** `kubernetes.io/os`: `linux` or `windows`. */
  public static readonly OS = 'kubernetes.io/os';
  /** `kubernetes.io/arch`: `amd64`, `arm64`, ... */
  public static readonly ARCH = 'kubernetes.io/arch';
  /** `kubernetes.io/hostname`. */
  public static readonly HOSTNAME = 'kubernetes.io/hostname';
  /** `node.kubernetes.io/instance-type`. */
  public static readonly INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
  /** `eks.amazonaws.com/compute-type`: `fargate` on EKS Fargate virtual nodes. */
  public static readonly EKS_COMPUTE_TYPE = 'eks.amazonaws.com/compute-type';
  /** `type`: `virtual-kubelet` on virtual-kubelet nodes (Azure ACI, ...). */
  public static readonly VIRTUAL_KUBELET_TYPE = 'type';

  private constructor() {}
}
