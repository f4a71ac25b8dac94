import { PodSecurityLevel } from './pod-security-level';

/**
 * Silences one rule, optionally for one resource only. A reason is required (like cdk-nag).
 */
export interface RuleSuppression {
  /** The rule ID, e.g. `ND-006`. */
  readonly ruleId: string;
  /** Why the rule does not apply. A suppression without a reason is itself reported as an error. */
  readonly reason: string;
  /**
   * Only for this resource, in the finding's form (`Kind/namespace/name` or `Kind/name`).
   * @default - every resource
   */
  readonly resource?: string;
}

/**
 * Options for `ManifestValidator.validate`.
 */
export interface ValidateOptions {
  /**
   * Rules to silence. Suppressed findings are not returned by `validate()`; `ManifestValidator.run()` lists them.
   * Objects can also carry their own suppressions: the annotation `suppress.node-daemons.dev/<RULE-ID>: <reason>`
   * in the object's metadata silences that rule for that object.
   * @default - none
   */
  readonly suppressions?: RuleSuppression[];
  /**
   * Report warnings with severity `error`.
   * @default false
   */
  readonly warningsAsErrors?: boolean;
  /**
   * Check every object against the official Kubernetes OpenAPI schema (kubernetes-models), and report fields its
   * built-in kind does not declare (`SCHEMA-UNKNOWN-FIELD`, what strict field validation rejects).
   * @default true
   */
  readonly schema?: boolean;
  /**
   * Run the API-server rules (`API-…`) on DaemonSets.
   * @default true
   */
  readonly apiServer?: boolean;
  /**
   * Run the best-practice rule pack (`ND-…`).
   * @default true
   */
  readonly bestPractices?: boolean;
  /**
   * Run the Pod Security Standards checks (`PSS-…`).
   * @default true
   */
  readonly podSecurity?: boolean;
  /**
   * Report the Pod Security level each pod template needs as an info finding (`PSS-001`).
   * @default true
   */
  readonly reportPodSecurityLevel?: boolean;
  /**
   * The objects currently in the cluster (e.g. the items of `kubectl get daemonsets -A -o json`). A manifest that
   * would replace one of them (same kind, namespace and name; no namespace means `default`) is also checked against
   * the API server's update-only rules, such as the immutable DaemonSet selector (`API-SELECTOR-IMMUTABLE`).
   * @default - no live objects: only the rules of a create are checked
   */
  readonly live?: any[];
  /**
   * CustomResourceDefinitions the cluster has (e.g. the files of an operator's CRDs), for context: a custom
   * resource of the input whose kind one of them (or a CustomResourceDefinition of the input itself) defines is
   * judged against its schema as the API server judges a create (unknown fields, OpenAPI schema, defaults,
   * x-kubernetes-validations rules, metadata, served versions). The definitions themselves are not reported on,
   * except one the API server would reject (`SCHEMA-CRD`, a warning: its custom resources stay unchecked).
   * @default - only the CustomResourceDefinitions of the input
   */
  readonly customResourceDefinitions?: any[];
  /**
   * Fail (error `PSS-004`) pod templates that need more than this level, whatever their namespace says.
   * @default - no limit
   */
  readonly maxPodSecurityLevel?: PodSecurityLevel;
}
