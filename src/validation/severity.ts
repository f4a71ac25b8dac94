/**
 * How serious a validation finding is.
 */
export enum Severity {
  /** The API server would reject the object, or it cannot work as written. Fails synth and the CLI. */
  ERROR = 'error',
  /** Works, but against a best practice. Reported; fails only with `warningsAsErrors`. */
  WARNING = 'warning',
  /** Information, e.g. the Pod Security level a template needs, or a kind without a known schema. */
  INFO = 'info',
}
