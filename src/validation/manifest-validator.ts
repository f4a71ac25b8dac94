import { ApiFieldError } from './api-field-error';
import { ApiServerRules } from './api-server-rules';
import { CorePodSecurity, CoreResult, JudgeOptions, KubeCore } from './core/kube-core';
import { CoreBatch, judgeAll, RefusedDefinition, reportCore, shapeProblem } from './core-findings';
import { SuppressedFinding, ValidationFinding, ValidationReport } from './finding';
import { RuleSuppression, ValidateOptions } from './options';
import { PodSecurity } from './pod-security';
import { PodSecurityLevel } from './pod-security-level';
import { BATCH_KINDS, podTemplateOf } from './pod-template';
import { RULE_PACK } from './rules';
import { containerRefs, RuleContext } from './rules/rule';
import { Severity } from './severity';
import { Suppressions } from './suppressions';

const PSS_ENFORCE = 'pod-security.kubernetes.io/enforce';
const PSS_WARN = 'pod-security.kubernetes.io/warn';

/**
 * Validates plain Kubernetes manifests (any kinds): the API server's DaemonSet rules, the official OpenAPI schema,
 * the `ND-…` best-practice pack and the Pod Security Standards.
 *
 * Each object is judged as the API server would after apps/v1 defaulting (a missing updateStrategy, restartPolicy or
 * dnsPolicy is fine).
 */
export class ManifestValidator {
  /**
   * Validate manifests and return the active findings (suppressed findings left out; see `run` to list them).
   *
   * @param manifests plain Kubernetes objects, e.g. what the `yaml` package parses or `cdk8s` synthesizes
   * @param options what to check and what to suppress
   */
  public static validate(manifests: any[], options: ValidateOptions = {}): ValidationFinding[] {
    return ManifestValidator.run(manifests, options).findings;
  }

  /**
   * Validate manifests and return both the active and the suppressed findings.
   *
   * @param manifests plain Kubernetes objects
   * @param options what to check and what to suppress
   */
  public static run(manifests: any[], options: ValidateOptions = {}): ValidationReport {
    return ManifestValidator._run(manifests, options);
  }

  /**
   * Judge in the core, in one call, the manifests `make` returns, for `_run` calls that each validate some of them
   * with `options` (see CoreBatch). With about `count` objects like `sample` to come, a batch large enough to be
   * shared starts the core's worker threads before `make` runs, so that they load their core meanwhile.
   * @internal
   */
  public static _judgeAhead(sample: any, count: number, make: () => any[], options: ValidateOptions): CoreBatch {
    KubeCore.willJudge([sample], JSON.stringify(sample).length * count);
    const manifests = make();
    return CoreBatch.judge(manifests, judgingOptions(options, collectNamespaces(manifests)));
  }

  /**
   * `run`, with the core's verdicts taken from `batch` when it holds every object of `manifests` (judged with the
   * options these need); otherwise judged here.
   * @internal
   */
  public static _run(manifests: any[], options: ValidateOptions, batch?: CoreBatch): ValidationReport {
    const findings: ValidationFinding[] = [];
    const suppressed: SuppressedFinding[] = [];
    const globalSuppressions: RuleSuppression[] = [];
    for (const s of options.suppressions ?? []) {
      if (typeof s?.reason !== 'string' || s.reason.trim() === '') {
        findings.push({
          ruleId: 'SUPPRESSION',
          severity: Severity.ERROR,
          resource: s?.resource ?? '',
          field: '',
          message: `suppression of ${s?.ruleId} has no reason; give a reason (why the rule does not apply) or remove the suppression`,
        });
      } else {
        globalSuppressions.push(s);
      }
    }
    if (!Array.isArray(manifests)) {
      findings.push(finding('MANIFEST', Severity.ERROR, '', '', `validate() takes an array of Kubernetes objects, not ${describe(manifests)}; pass [manifest] for one object`));
      return { findings, suppressed };
    }
    const list = manifests;
    const namespaces = collectNamespaces(list);
    const shapes = list.map(shapeProblem);
    const useCore = options.schema !== false || options.apiServer !== false || options.podSecurity !== false;
    const refused: RefusedDefinition[] = [];
    const judging = judgingOptions(options, namespaces);
    const core = !useCore ? []
      : ((options.customResourceDefinitions ?? []).length === 0 && batch?.resultsFor(list, shapes, judging))
        || judgeAll(list, shapes, options.customResourceDefinitions, refused, judging);
    for (const r of refused) {
      findings.push(finding('SCHEMA-CRD', Severity.WARNING, `CustomResourceDefinition/${r.name}`, '',
        `the CustomResourceDefinition given for context is one the API server rejects (${r.reason}); its custom resources are not checked against it`));
    }
    const live = indexLive(options.live);
    const warningsAsErrors = options.warningsAsErrors === true;

    for (let i = 0; i < list.length; i++) {
      const m = list[i];
      if (typeof m !== 'object' || m === null || Array.isArray(m)) {
        findings.push(finding('MANIFEST', Severity.ERROR, `#${i}`, '', `manifest #${i} is ${Array.isArray(m) ? 'a list' : m === null ? 'null' : `a ${typeof m}`}, not a Kubernetes object`));
        continue;
      }
      const kind = typeof m.kind === 'string' && m.kind !== '' ? m.kind : undefined;
      const apiVersion = typeof m.apiVersion === 'string' && m.apiVersion !== '' ? m.apiVersion : undefined;
      const resource = ManifestValidator.resourceId(m, i);
      if (shapes[i] !== undefined) {
        findings.push(finding('MANIFEST', Severity.ERROR, resource, '', shapes[i]!));
        continue;
      }
      // suppress.node-daemons.dev/<RULE-ID> annotations; a malformed one is an error that nothing suppresses
      const local = Suppressions.fromObject(m, resource, findings);
      // with nothing to suppress or promote, findings go straight to the result
      const direct = local.length === 0 && globalSuppressions.length === 0 && !warningsAsErrors;
      const raw: ValidationFinding[] = direct ? findings : [];
      if (!kind || !apiVersion) {
        raw.push(finding('MANIFEST', Severity.ERROR, resource, kind ? 'apiVersion' : 'kind',
          `object has no ${!kind && !apiVersion ? 'apiVersion and no kind' : kind ? 'apiVersion' : 'kind'}; add e.g. "apiVersion: apps/v1" and "kind: DaemonSet"`));
      } else {
        ManifestValidator.checkObject(m, apiVersion, kind, resource, options, namespaces, live, core[i], raw);
      }
      if (direct) continue;
      for (const f of raw) {
        const promoted = warningsAsErrors && f.severity === Severity.WARNING ? { ...f, severity: Severity.ERROR } : f;
        const sup = local.find((s) => s.ruleId === f.ruleId)
          ?? globalSuppressions.find((s) => s.ruleId === f.ruleId && (s.resource === undefined || s.resource === resource));
        if (sup) suppressed.push({ ...promoted, reason: sup.reason });
        else findings.push(promoted);
      }
    }
    return { findings, suppressed };
  }

  /**
   * The `resource` of a finding: `Kind/namespace/name`, or `Kind/name` without `metadata.namespace`;
   * `Kind/#index` when unnamed.
   *
   * @param manifest the object
   * @param index its position in the input, for unnamed objects
   * @default index 0
   */
  public static resourceId(manifest: any, index: number = 0): string {
    const kind = typeof manifest?.kind === 'string' && manifest.kind !== '' ? manifest.kind : '';
    const meta = manifest?.metadata;
    const name = typeof meta?.name === 'string' && meta.name !== '' ? meta.name : `#${index}`;
    const ns = typeof meta?.namespace === 'string' && meta.namespace !== '' ? `${meta.namespace}/` : '';
    return kind === '' ? `#${index}` : `${kind}/${ns}${name}`;
  }

  /**
   * Render an API-server error as a finding message: upstream's `<Type>: <bad value>: <detail>` plus the fix.
   */
  public static apiErrorMessage(error: ApiFieldError): string {
    const parts = [error.type];
    if (error.badValue !== undefined) parts.push(error.badValue);
    if (error.detail !== '') parts.push(error.detail);
    return `${parts.join(': ')} (fix: ${error.fix})`;
  }

  private static checkObject(
    m: any, apiVersion: string, kind: string, resource: string, options: ValidateOptions,
    namespaces: Map<string, any>, live: Map<string, any>, core: CoreResult | undefined, out: ValidationFinding[],
  ): void {
    if (core !== undefined) {
      reportCore(m, apiVersion, kind, resource, options, core, out);
    }
    if (kind === 'DaemonSet' && apiVersion === 'apps/v1' && options.apiServer !== false) {
      const current = live.get(liveKey(m));
      if (current !== undefined) {
        for (const e of ApiServerRules.validateDaemonSetUpdate(m, current)) {
          out.push(finding(e.ruleId, Severity.ERROR, resource, e.field, ManifestValidator.apiErrorMessage(e)));
        }
      }
    }
    const pod = podTemplateOf(m);
    if (!pod) return;
    if (options.bestPractices !== false) {
      const ctx: RuleContext = {
        manifest: m,
        kind,
        pod,
        isDaemonSet: kind === 'DaemonSet',
        isBatch: BATCH_KINDS.has(kind),
        containers: containerRefs(pod.spec, pod.specPath, 'containers'),
        initContainers: containerRefs(pod.spec, pod.specPath, 'initContainers'),
      };
      let rule = RULE_PACK[0];
      const report = (field: string, message: string) => out.push(finding(rule.id, rule.severity, resource, field, message));
      for (let i = 0; i < RULE_PACK.length; i++) {
        rule = RULE_PACK[i];
        if (rule.daemonSetOnly && !ctx.isDaemonSet) continue;
        rule.check(ctx, report);
      }
    }
    if (options.podSecurity !== false && core?.podSecurity !== undefined) {
      checkPodSecurity(m, pod.specPath, resource, options, namespaces, core.podSecurity, out);
    }
  }
}

function finding(ruleId: string, severity: Severity, resource: string, field: string, message: string): ValidationFinding {
  return { ruleId, severity, resource, field, message };
}

/** How the core judges an input validated with `options` (`namespaces`: the input's Namespaces). */
function judgingOptions(options: ValidateOptions, namespaces: ReadonlyMap<string, unknown>): JudgeOptions {
  // the Pod Security levels are evaluated only when a finding can report them: PSS-001, PSS-004 (a maximum level),
  // or a Namespace of the input whose labels the pods must meet (PSS-002, PSS-003)
  return {
    podSecurity: options.podSecurity !== false
      && (options.reportPodSecurityLevel !== false || options.maxPodSecurityLevel !== undefined || namespaces.size > 0),
  };
}

/** Live objects by `group/Kind/namespace/name` (the API version within a group does not matter: same object). */
function indexLive(objects: any[] | undefined): Map<string, any> {
  const out = new Map<string, any>();
  for (const o of Array.isArray(objects) ? objects : []) {
    if (o && typeof o === 'object' && typeof o.kind === 'string' && typeof o.metadata?.name === 'string') out.set(liveKey(o), o);
  }
  return out;
}

function liveKey(o: any): string {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const ns = typeof o.metadata?.namespace === 'string' && o.metadata.namespace !== '' ? o.metadata.namespace : 'default';
  return `${group}/${o.kind}/${ns}/${o.metadata?.name}`;
}

function collectNamespaces(list: any[]): Map<string, any> {
  const out = new Map<string, any>();
  for (const m of list) {
    if (m && m.kind === 'Namespace' && m.apiVersion === 'v1' && typeof m.metadata?.name === 'string') out.set(m.metadata.name, m);
  }
  return out;
}

function checkPodSecurity(
  m: any, specPath: string, resource: string, options: ValidateOptions, namespaces: Map<string, any>,
  pss: CorePodSecurity, out: ValidationFinding[],
): void {
  const level = PodSecurity.parseLevel(pss.level);
  if (options.reportPodSecurityLevel !== false) {
    out.push(finding('PSS-001', Severity.INFO, resource, specPath, level === PodSecurityLevel.RESTRICTED
      ? `pods need the Pod Security level "${level}"`
      : ['pods need the Pod Security level "', level, '": ', summarize(pss, stricter(level))].join('')));
  }
  const ns = typeof m.metadata?.namespace === 'string' ? namespaces.get(m.metadata.namespace) : undefined;
  if (ns) {
    const labels = ns.metadata?.labels ?? {};
    const enforce = labels[PSS_ENFORCE];
    if (enforce !== undefined) {
      const enforced = PodSecurity.parseLevel(String(enforce));
      if (!PodSecurity.admits(enforced, level)) {
        out.push(finding('PSS-002', Severity.ERROR, resource, specPath,
          `namespace ${JSON.stringify(ns.metadata.name)} enforces Pod Security "${enforced}" but the pods need "${level}", so they will be rejected: ` +
          `${summarize(pss, enforced)}; change these fields or label the namespace ${PSS_ENFORCE}=${level}`));
      }
    }
    const warn = labels[PSS_WARN];
    if (warn !== undefined) {
      const warned = PodSecurity.parseLevel(String(warn));
      if (!PodSecurity.admits(warned, level)) {
        out.push(finding('PSS-003', Severity.WARNING, resource, specPath,
          `namespace ${JSON.stringify(ns.metadata.name)} warns above Pod Security "${warned}" and the pods need "${level}": ${summarize(pss, warned)}`));
      }
    }
  }
  if (options.maxPodSecurityLevel !== undefined && !PodSecurity.admits(options.maxPodSecurityLevel, level)) {
    out.push(finding('PSS-004', Severity.ERROR, resource, specPath,
      `pods need Pod Security "${level}", more than the allowed "${options.maxPodSecurityLevel}": ${summarize(pss, options.maxPodSecurityLevel)}`));
  }
}

/** The next stricter level (what a pod needing `level` fails). */
function stricter(level: PodSecurityLevel): PodSecurityLevel {
  return level === PodSecurityLevel.PRIVILEGED ? PodSecurityLevel.BASELINE : PodSecurityLevel.RESTRICTED;
}

/** What a namespace at level `allowed` rejects, in the official checks' words (`reason (detail)`), at most 5. */
function summarize(pss: CorePodSecurity, allowed: PodSecurityLevel): string {
  const baseline = pss.baseline ?? [];
  const restricted = allowed === PodSecurityLevel.RESTRICTED ? [...baseline, ...(pss.restricted ?? [])] : [];
  const v = allowed === PodSecurityLevel.BASELINE ? baseline : restricted;
  const parts = v.slice(0, 5).map((x) => (x.detail ? `${x.reason} (${x.detail})` : x.reason));
  if (v.length > 5) parts.push(`and ${v.length - 5} more`);
  return parts.join(', ');
}

function describe(v: unknown): string {
  return v === null ? 'null' : v === undefined ? 'undefined' : typeof v === 'object' ? 'a single object' : `a ${typeof v}`;
}
