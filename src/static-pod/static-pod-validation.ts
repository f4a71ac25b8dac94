import { ApiReferences, referenceMessage } from './api-references';
import { StaticPodProblem } from './static-pod-error';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Checks of a produced static pod: the static-pod restrictions (no references to API objects, no ServiceAccount
 * token, a valid name) and the Kubernetes OpenAPI schema. Internal.
 */
export class StaticPodValidation {
  /** Every problem of `pod`; `resource` names it in the problems. */
  public static validate(pod: any, resource: string, schema: boolean): StaticPodProblem[] {
    const problems: StaticPodProblem[] = [];
    const add = (field: string, message: string) => problems.push({ resource, field, message });
    const name = pod?.metadata?.name;
    if (typeof name !== 'string' || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
      add('metadata.name', `"${name}" is not a valid pod name: lower-case letters, digits, '-' and '.', at most 253 characters. Fix: pass a valid \`name\` or \`nameSuffix\`.`);
    }
    for (const ref of ApiReferences.find(pod?.spec, 'spec')) add(ref.field, referenceMessage(ref));
    if (pod?.spec?.automountServiceAccountToken !== false) {
      add('spec.automountServiceAccountToken', 'must be false for a static pod (there is no ServiceAccount token to mount). Fix: set it to false.');
    }
    if (Array.isArray(pod?.spec?.ephemeralContainers) && pod.spec.ephemeralContainers.length > 0) {
      add('spec.ephemeralContainers', 'static pods do not support ephemeral containers. Fix: remove them.');
    }
    if (schema) {
      for (const p of StaticPodValidation.schemaProblems(pod)) add(p.field, `${p.message} (Kubernetes OpenAPI schema)`);
    }
    return problems;
  }

  /**
   * Schema problems of a `v1 Pod`.
   *
   * HOOK(validation): uses `ManifestValidator.validate([pod], { schema: true, ... })` from `src/validation` when that
   * module exports it (errors only, best-practice and Pod Security packs off); until then the `kubernetes-models`
   * Pod schema directly.
   */
  public static schemaProblems(pod: any): { field: string; message: string }[] {
    const validator = loadManifestValidator();
    if (validator) {
      const findings: any[] = validator.validate([pod], {
        schema: true,
        apiServer: false,
        bestPractices: false,
        podSecurity: false,
        reportPodSecurityLevel: false,
      });
      return findings.filter((f) => f?.severity === 'error').map((f) => ({ field: String(f.field ?? ''), message: `${f.message}${f.ruleId ? ` [${f.ruleId}]` : ''}` }));
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Pod } = require('kubernetes-models/v1/Pod');
    try {
      new Pod(pod).validate();
      return [];
    } catch (e: any) {
      const errors: any[] = Array.isArray(e?.errors) ? e.errors : [];
      if (errors.length === 0) return [{ field: '', message: String(e?.message ?? e) }];
      return errors.map((err) => ({ field: fieldPath(String(err.instancePath ?? '')), message: String(err.message ?? 'is invalid') }));
    }
  }
}

function loadManifestValidator(): { validate(manifests: any[], options?: any): any[] } | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('../validation');
    const v = mod?.ManifestValidator;
    return v && typeof v.validate === 'function' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** `/spec/containers/0/name` → `spec.containers[0].name` */
function fieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^[0-9]+$/.test(seg)) out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
