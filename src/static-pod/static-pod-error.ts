/** One reason a DaemonSet cannot become a static pod. */
export interface StaticPodProblem {
  /** The object, `DaemonSet/namespace/name` (or a file location given by the caller). */
  readonly resource: string;
  /** Field path in the API server's format, e.g. `spec.template.spec.volumes[0].secret.secretName`. */
  readonly field: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * Thrown when a DaemonSet cannot be converted: the message lists every problem, one per line, as
 * `resource field: message`.
 */
export class StaticPodError extends Error {
  /** `resource field: message` */
  public static format(p: StaticPodProblem): string {
    return `${p.resource}${p.field ? ` ${p.field}` : ''}: ${p.message}`;
  }

  constructor(public readonly problems: StaticPodProblem[]) {
    super(problems.map((p) => StaticPodError.format(p)).join('\n'));
    this.name = 'StaticPodError';
  }
}
