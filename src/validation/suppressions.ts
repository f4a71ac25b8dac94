import { ValidationFinding } from './finding';
import { RuleSuppression } from './options';
import { RuleCatalog } from './rule-catalog';
import { Severity } from './severity';

/**
 * Suppressions that travel with the manifest: the annotation `suppress.node-daemons.dev/<RULE-ID>: <reason>` on an
 * object silences that rule for that object wherever the object is validated (synth, the cdk8s plugin, the CLI,
 * `ManifestValidator`), the way kube-linter's `ignore-check.kube-linter.io/<check>` does.
 *
 * The annotation belongs on the object's own metadata (for a DaemonSet: `metadata.annotations`, not the pod
 * template's, whose changes would restart every pod). An empty reason, or a rule ID that names no rule, is itself
 * an error finding (`SUPPRESSION`), which nothing suppresses.
 */
export class Suppressions {
  /** Annotation key prefix; the rest of the key is the rule ID. */
  public static readonly ANNOTATION_PREFIX = 'suppress.node-daemons.dev/';

  /** The annotation key that suppresses `ruleId`. */
  public static annotationKey(ruleId: string): string {
    return Suppressions.ANNOTATION_PREFIX + ruleId;
  }

  /**
   * Problems with a rule ID used in a suppression annotation key (empty when fine): the ID must name a rule and be
   * a valid annotation name (at most 63 characters, alphanumeric, `-`, `_`, `.`).
   */
  public static ruleIdProblem(ruleId: string): string | undefined {
    if (!QUALIFIED_NAME.test(ruleId) || ruleId.length > 63) return `${JSON.stringify(ruleId)} is not a valid annotation name (e.g. ND-007)`;
    if (!isKnownRule(ruleId)) return `${JSON.stringify(ruleId)} names no rule (see docs/validation.md for the rule IDs)`;
    return undefined;
  }

  /**
   * The suppressions an object carries in its annotations. Malformed ones (empty reason, unknown rule) are pushed
   * to `out` as `SUPPRESSION` errors and left out of the result.
   *
   * @param manifest the object
   * @param resource its resource ID (as in findings)
   * @param out where problems with the annotations are reported
   */
  public static fromObject(manifest: any, resource: string, out: ValidationFinding[]): RuleSuppression[] {
    const annotations = manifest?.metadata?.annotations;
    if (typeof annotations !== 'object' || annotations === null) return NONE;
    let result: RuleSuppression[] | undefined;
    for (const key in annotations) {
      if (!key.startsWith(Suppressions.ANNOTATION_PREFIX)) continue;
      const ruleId = key.slice(Suppressions.ANNOTATION_PREFIX.length);
      const reason = annotations[key];
      const field = `metadata.annotations[${key}]`;
      const problem = Suppressions.ruleIdProblem(ruleId);
      if (problem !== undefined) {
        out.push({ ruleId: 'SUPPRESSION', severity: Severity.ERROR, resource, field, message: `suppression annotation: ${problem}; fix the rule ID or remove the annotation` });
      } else if (typeof reason !== 'string' || reason.trim() === '') {
        out.push({
          ruleId: 'SUPPRESSION',
          severity: Severity.ERROR,
          resource,
          field,
          message: `suppression of ${ruleId} has no reason; give the reason as the annotation value (why the rule does not apply here) or remove the annotation`,
        });
      } else {
        (result ??= []).push({ ruleId, reason, resource });
      }
    }
    return result ?? NONE;
  }
}

const NONE: RuleSuppression[] = Object.freeze([]) as unknown as RuleSuppression[];
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
let known: Set<string> | undefined;

function isKnownRule(ruleId: string): boolean {
  known ??= new Set(RuleCatalog.all().map((r) => r.ruleId));
  return known.has(ruleId);
}
