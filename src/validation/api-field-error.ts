/**
 * One error the Kubernetes API server would return for an object, in its own terms.
 */
export interface ApiFieldError {
  /** Stable rule ID of this library, e.g. `API-SELECTOR-MATCH`. */
  readonly ruleId: string;
  /** Field path in the API server's format, e.g. `spec.template.spec.tolerations[0].operator`. */
  readonly field: string;
  /**
   * The `field.Error` type string: `Required value`, `Invalid value`, `Unsupported value`, `Forbidden`,
   * `Duplicate value` or `Too long`.
   */
  readonly type: string;
  /** The exact upstream detail text (may be empty, as upstream). */
  readonly detail: string;
  /** The offending value as upstream prints it (quoted strings, plain numbers), when upstream prints one. */
  readonly badValue?: string;
  /** What to change to make the API server accept the object. */
  readonly fix: string;
}
