import { WriteResult } from './kube';
import { ValidationFinding } from '../../src/validation/finding';

/** What the server said, in a line. */
export function serverSays(w: WriteResult): string {
  return w.ok ? 'accepted' : `rejected: ${w.message}`.slice(0, 600);
}

/**
 * How the validator's error findings for an object disagree with the server's answer to its dry-run create: a
 * different verdict, or a field the server names that no finding names; undefined when they agree.
 */
export function disagreement(name: string, errors: readonly ValidationFinding[], w: WriteResult): string | undefined {
  const ours = errors.length === 0;
  if (ours !== w.ok) {
    return `${name}: server ${serverSays(w)}; validator ${ours ? 'accepted' : 'rejected: ' + errors.map((e) => `${e.field} ${e.message} [${e.ruleId}]`).join('; ')}`;
  }
  const fields = new Set(errors.map((e) => e.field));
  const missing = w.causeFields.filter((f) => !fields.has(f) && f !== '<nil>');
  return missing.length > 0 ? `${name}: the server names ${missing.join(', ')}, the validator reported ${[...fields].join(', ')} (${serverSays(w)})` : undefined;
}

/**
 * How the validator's warnings for an object the server accepted differ from the server's `Warning` headers: a
 * warning the server sends that no warning finding carries, or one of the validator's `API-WARNING` findings that the
 * server did not send; undefined when they agree.
 */
export function warningDisagreement(name: string, findings: readonly ValidationFinding[], w: WriteResult): string | undefined {
  const warnings = findings.filter((f) => f.severity === 'warning');
  const missing = w.warnings.filter((s) => !warnings.some((f) => f.message.includes(s)));
  const extra = warnings.filter((f) => f.ruleId === 'API-WARNING' && !w.warnings.some((s) => f.message.includes(s)));
  if (missing.length === 0 && extra.length === 0) return undefined;
  return `${name}: the server warns ${JSON.stringify(w.warnings)}; the validator warns ${JSON.stringify(warnings.map((f) => `${f.field}: ${f.message} [${f.ruleId}]`))}`;
}
