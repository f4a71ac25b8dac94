import { Severity } from './severity';

/**
 * One problem found in a manifest.
 */
export interface ValidationFinding {
  /** Stable rule ID: `API-…` (API server), `SCHEMA…` (OpenAPI schema), `ND-…` (best practice), `PSS-…` (Pod Security). */
  readonly ruleId: string;
  /** How serious it is (after `warningsAsErrors`). */
  readonly severity: Severity;
  /**
   * The object: `Kind/namespace/name`, or `Kind/name` when `metadata.namespace` is not set (cluster-scoped kinds, or a
   * namespace left to kubectl/cdk8s). `Kind/#<index>` when the object has no name, `#<index>` when it has no kind.
   */
  readonly resource: string;
  /** Field path in the API server's format, e.g. `spec.template.spec.tolerations[0].operator`; empty for the whole object. */
  readonly field: string;
  /** What is wrong and what to change. */
  readonly message: string;
}

/**
 * A finding that a suppression silenced.
 */
export interface SuppressedFinding extends ValidationFinding {
  /** The reason given with the suppression. */
  readonly reason: string;
}

/**
 * Everything `ManifestValidator.run` found.
 */
export interface ValidationReport {
  /** Active findings (not suppressed). */
  readonly findings: ValidationFinding[];
  /** Findings silenced by a suppression, with its reason. */
  readonly suppressed: SuppressedFinding[];
}
