import { ApiFieldError } from './api-field-error';
import { arr, isObj, obj } from './json-shape';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from '../k8s/names';

/**
 * The DaemonSet validation of kube-apiserver (apps `ValidateDaemonSet` and the core pod-template checks it calls),
 * applied to plain apps/v1 JSON **after** apps/v1 defaulting, as the API server does on create.
 *
 * Every check, its field path and its exact upstream detail text are listed in the project's
 * `validation_rules.md`. Not applied: update-only rules (immutable selector, templateGeneration bookkeeping,
 * status counters: status is reset on create) and `metadata.namespace` being required (kubectl and cdk8s fill it
 * in from the context; a namespace that is set must still be a DNS-1123 label).
 */
export class ApiServerRules {
  /**
   * Validate one apps/v1 DaemonSet as the API server would on create.
   *
   * Never throws: fields of the wrong JSON type are skipped here (the schema check reports them).
   *
   * @param daemonSet plain JSON of an apps/v1 DaemonSet
   * @returns the errors, in upstream evaluation order; empty when the API server would accept it
   */
  public static validateDaemonSet(daemonSet: any): ApiFieldError[] {
    const errs: ApiFieldError[] = [];
    const ds = obj(daemonSet);
    validateObjectMeta(obj(ds.metadata), 'metadata', errs);
    validateDaemonSetSpec(obj(ds.spec), 'spec', errs);
    return errs;
  }

  /**
   * The update-only rules of an apps/v1 DaemonSet (`daemonSetStrategy.ValidateUpdate`), for a manifest that would
   * replace `live`: the selector is immutable (`ValidateImmutableField`: compared like `Semantic.DeepEqual`, where
   * a missing list or map equals an empty one). The create rules apply to updates too: see `validateDaemonSet`.
   *
   * @param daemonSet plain JSON of the new apps/v1 DaemonSet
   * @param live plain JSON of the DaemonSet in the cluster (same namespace and name)
   * @returns the errors; empty when the update is allowed by these rules
   */
  public static validateDaemonSetUpdate(daemonSet: any, live: any): ApiFieldError[] {
    const errs: ApiFieldError[] = [];
    const selector = obj(obj(daemonSet).spec).selector;
    const liveSelector = obj(obj(live).spec).selector;
    if (!semanticEqual(selector, liveSelector)) {
      push(errs, 'API-SELECTOR-IMMUTABLE', 'spec.selector', 'Invalid value', 'field is immutable',
        `keep the selector of the DaemonSet in the cluster (${show(liveSelector ?? null)}), or delete the DaemonSet and create it again (its pods are replaced)`,
        selector ?? null);
    }
    return errs;
  }

  /**
   * Validate the tolerations of a pod spec (core `ValidateTolerations`).
   *
   * @param tolerations the `tolerations` array
   * @param path field path of the array, e.g. `spec.template.spec.tolerations`
   * @default path 'spec.template.spec.tolerations'
   */
  public static validateTolerations(tolerations: any, path: string = 'spec.template.spec.tolerations'): ApiFieldError[] {
    const errs: ApiFieldError[] = [];
    validateTolerations(tolerations, path, errs);
    return errs;
  }

  /**
   * Validate a DaemonSet update strategy after apps/v1 defaulting (apps `ValidateDaemonSetUpdateStrategy`).
   *
   * @param updateStrategy the `spec.updateStrategy` object (undefined means "defaulted")
   * @param path field path of the strategy
   * @default path 'spec.updateStrategy'
   */
  public static validateUpdateStrategy(updateStrategy: any, path: string = 'spec.updateStrategy'): ApiFieldError[] {
    const errs: ApiFieldError[] = [];
    validateUpdateStrategy(updateStrategy, path, errs);
    return errs;
  }

  /**
   * The apps/v1 defaulted update strategy (`SetDefaults_DaemonSet`): type `RollingUpdate`, `maxUnavailable: 1`,
   * `maxSurge: 0` where unset. A copy; the input is not modified.
   *
   * @param updateStrategy the `spec.updateStrategy` object, may be undefined
   */
  public static defaultUpdateStrategy(updateStrategy: any): any {
    const s = isObj(updateStrategy) ? { ...updateStrategy } : {};
    if (s.type === undefined || s.type === null || s.type === '') s.type = 'RollingUpdate';
    if (s.type === 'RollingUpdate') {
      const ru = isObj(s.rollingUpdate) ? { ...s.rollingUpdate } : {};
      if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = 1;
      if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = 0;
      s.rollingUpdate = ru;
    }
    return s;
  }

  /**
   * Format an error the way kubectl prints it (`<field>: <Type>: <bad value>: <detail>`).
   */
  public static format(error: ApiFieldError): string {
    const parts = [error.field, error.type];
    if (error.badValue !== undefined) parts.push(error.badValue);
    if (error.detail !== '') parts.push(error.detail);
    return parts.join(': ');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// helpers

function str(v: any): string {
  return typeof v === 'string' ? v : '';
}

/** Upstream-style printing of a bad value. */
function show(v: any): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

function supported(values: string[]): string {
  return 'supported values: ' + values.map((v) => JSON.stringify(v)).join(', ');
}

function push(errs: ApiFieldError[], ruleId: string, field: string, type: string, detail: string, fix: string, badValue?: any, hasBad = true): void {
  const e: any = { ruleId, field, type, detail, fix };
  if (hasBad && type !== 'Required value' && type !== 'Forbidden' && type !== 'Too long') e.badValue = show(badValue);
  errs.push(e as ApiFieldError);
}

const NONNEG = 'must be greater than or equal to 0';

// ---------------------------------------------------------------------------------------------------------------
// §1 ObjectMeta

const TOTAL_ANNOTATION_SIZE_LIMIT = 262144;

function validateObjectMeta(meta: any, path: string, errs: ApiFieldError[]): void {
  const name = str(meta.name);
  const generateName = str(meta.generateName);
  if (name === '' && generateName === '') {
    push(errs, 'API-META-NAME', `${path}.name`, 'Required value', 'name or generateName is required',
      'set metadata.name to a lowercase DNS-1123 subdomain, e.g. "node-exporter"');
  } else if (name !== '') {
    for (const m of dns1123SubdomainErrors(name)) {
      push(errs, 'API-META-NAME', `${path}.name`, 'Invalid value', m,
        'use lowercase letters, digits, "-" and "." only, starting and ending with a letter or digit', name);
    }
  } else {
    // generateName: the prefix is validated with a trailing '-' tolerated (maskTrailingDash)
    const masked = generateName.length > 1 && generateName.endsWith('-') ? generateName.slice(0, -1) : generateName;
    for (const m of dns1123SubdomainErrors(masked)) {
      push(errs, 'API-META-NAME', `${path}.generateName`, 'Invalid value', m,
        'use lowercase letters, digits, "-" and "." only in generateName', generateName);
    }
  }
  if (typeof meta.namespace === 'string' && meta.namespace !== '') {
    for (const m of dns1123LabelErrors(meta.namespace)) {
      push(errs, 'API-META-NAMESPACE', `${path}.namespace`, 'Invalid value', m,
        'use a lowercase DNS-1123 label (letters, digits, "-") of at most 63 characters', meta.namespace);
    }
  }
  validateLabels(meta.labels, `${path}.labels`, 'API-META-LABELS', errs);
  validateAnnotations(meta.annotations, `${path}.annotations`, 'API-META-ANNOTATIONS', errs);
}

function validateLabelName(key: string, path: string, ruleId: string, errs: ApiFieldError[], what = 'label key'): void {
  const found = qualifiedNameErrors(key);
  if (found.length === 0) return;
  for (const m of found) {
    push(errs, ruleId, path, 'Invalid value', m,
      `fix the ${what} ${JSON.stringify(key)}: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit`, key);
  }
}

function validateLabelValue(value: string, path: string, ruleId: string, errs: ApiFieldError[], what = 'label value'): void {
  const found = labelValueErrors(value);
  if (found.length === 0) return;
  for (const m of found) {
    push(errs, ruleId, path, 'Invalid value', m,
      `fix the ${what} ${JSON.stringify(value)}: empty, or at most 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit`, value);
  }
}

function validateLabels(labels: any, path: string, ruleId: string, errs: ApiFieldError[]): void {
  if (!isObj(labels)) return;
  for (const k in labels) {
    if (!Object.prototype.hasOwnProperty.call(labels, k)) continue;
    validateLabelName(k, path, ruleId, errs);
    if (typeof labels[k] === 'string') validateLabelValue(labels[k], path, ruleId, errs);
  }
}

function validateAnnotations(annotations: any, path: string, ruleId: string, errs: ApiFieldError[]): void {
  if (!isObj(annotations)) return;
  let total = 0;
  for (const k of Object.keys(annotations)) {
    validateLabelName(k.toLowerCase(), path, ruleId, errs, 'annotation key');
    total += k.length + (typeof annotations[k] === 'string' ? annotations[k].length : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    push(errs, ruleId, path, 'Too long', `may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`,
      'keep all annotation keys and values together under 256 KiB; move large data to a ConfigMap');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// §2 DaemonSetSpec

function validateDaemonSetSpec(spec: any, path: string, errs: ApiFieldError[]): void {
  const selector = spec.selector;
  const template = obj(spec.template);
  const tmeta = obj(template.metadata);
  const podSpec = obj(template.spec);

  // 2.1 - 2.5
  if (isObj(selector)) validateLabelSelector(selector, `${path}.selector`, errs);

  // 2.6
  if (selectorMatches(selector, obj(tmeta.labels)) === false) {
    push(errs, 'API-SELECTOR-MATCH', `${path}.template.metadata.labels`, 'Invalid value',
      '`selector` does not match template `labels`',
      isObj(selector)
        ? 'add every spec.selector.matchLabels entry (and satisfy each matchExpression) to spec.template.metadata.labels'
        : 'set spec.selector.matchLabels to (a subset of) spec.template.metadata.labels; apps/v1 requires a selector',
      tmeta.labels ?? {});
  }

  // 2.7
  if (isObj(selector) && Object.keys(obj(selector.matchLabels)).length + arr(selector.matchExpressions).length === 0) {
    push(errs, 'API-SELECTOR-EMPTY', `${path}.selector`, 'Invalid value', 'empty selector is invalid for daemonset',
      'give spec.selector at least one matchLabels entry that also appears in spec.template.metadata.labels', selector);
  }

  // 2.8 template metadata + pod spec; 2.9 ephemeral containers
  const tpath = `${path}.template`;
  validateLabels(tmeta.labels, `${tpath}.labels`, 'API-TEMPLATE-METADATA', errs);
  validateAnnotations(tmeta.annotations, `${tpath}.annotations`, 'API-TEMPLATE-METADATA', errs);
  validatePodSpec(podSpec, `${tpath}.spec`, errs);
  if (arr(podSpec.ephemeralContainers).length > 0) {
    push(errs, 'API-EPHEMERAL-CONTAINERS', `${tpath}.spec.ephemeralContainers`, 'Forbidden',
      'ephemeral containers not allowed in pod template',
      'remove spec.template.spec.ephemeralContainers; add debug containers to running pods with `kubectl debug` instead');
  }

  // 2.10 restartPolicy (after defaulting to Always)
  const rp = podSpec.restartPolicy === undefined || podSpec.restartPolicy === null || podSpec.restartPolicy === '' ? 'Always' : podSpec.restartPolicy;
  if (rp !== 'Always') {
    push(errs, 'API-RESTART-POLICY', `${tpath}.spec.restartPolicy`, 'Unsupported value', supported(['Always']),
      'set spec.template.spec.restartPolicy to Always (or remove it): DaemonSet pods always restart', rp);
  }
  // 2.11
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    push(errs, 'API-ACTIVE-DEADLINE', `${tpath}.spec.activeDeadlineSeconds`, 'Forbidden',
      'activeDeadlineSeconds in DaemonSet is not Supported', 'remove spec.template.spec.activeDeadlineSeconds');
  }
  // 2.12
  if (typeof spec.minReadySeconds === 'number' && spec.minReadySeconds < 0) {
    push(errs, 'API-MIN-READY-SECONDS', `${path}.minReadySeconds`, 'Invalid value', NONNEG,
      'set spec.minReadySeconds to 0 or more', spec.minReadySeconds);
  }
  // 2.14 / §3
  validateUpdateStrategy(spec.updateStrategy, `${path}.updateStrategy`, errs);
  // 2.15
  if (typeof spec.revisionHistoryLimit === 'number' && spec.revisionHistoryLimit < 0) {
    push(errs, 'API-REVISION-HISTORY-LIMIT', `${path}.revisionHistoryLimit`, 'Invalid value', NONNEG,
      'set spec.revisionHistoryLimit to 0 or more (default 10)', spec.revisionHistoryLimit);
  }
}


function validateLabelSelector(selector: any, path: string, errs: ApiFieldError[]): void {
  validateLabels(selector.matchLabels, `${path}.matchLabels`, 'API-SELECTOR', errs);
  arr(selector.matchExpressions).forEach((raw: any, i: number) => {
    const req = obj(raw);
    const p = `${path}.matchExpressions[${i}]`;
    const values = arr(req.values);
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          push(errs, 'API-SELECTOR', `${p}.values`, 'Required value', "must be specified when `operator` is 'In' or 'NotIn'",
            'list at least one value, or use operator Exists/DoesNotExist');
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          push(errs, 'API-SELECTOR', `${p}.values`, 'Forbidden', "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            'remove values, or use operator In/NotIn');
        }
        break;
      default:
        push(errs, 'API-SELECTOR', `${p}.operator`, 'Invalid value', 'not a valid selector operator',
          'use one of In, NotIn, Exists, DoesNotExist', req.operator ?? '');
    }
    validateLabelName(str(req.key), `${p}.key`, 'API-SELECTOR', errs);
    values.forEach((v: any, j: number) => {
      if (typeof v === 'string') validateLabelValue(v, `${p}.values[${j}]`, 'API-SELECTOR', errs);
    });
  });
}

/**
 * `metav1.LabelSelectorAsSelector` then `Matches` on `labels`; 'error' when the conversion fails (the check is
 * skipped upstream). A missing selector is `labels.Nothing()`.
 */
function selectorMatches(selector: any, labels: any): boolean | 'error' {
  if (selector === undefined || selector === null) return false;
  if (!isObj(selector)) return 'error';
  const ml = obj(selector.matchLabels);
  let matches = true;
  for (const k of Object.keys(ml)) {
    const v = ml[k];
    if (typeof v !== 'string' || qualifiedNameErrors(k).length > 0 || labelValueErrors(v).length > 0) return 'error';
    if (labels[k] !== v) matches = false;
  }
  for (const raw of arr(selector.matchExpressions)) {
    const e = obj(raw);
    const key = str(e.key);
    const values = arr(e.values);
    if (qualifiedNameErrors(key).length > 0) return 'error';
    for (const v of values) if (typeof v !== 'string' || labelValueErrors(v).length > 0) return 'error';
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (e.operator) {
      case 'In':
        if (values.length === 0) return 'error';
        if (!has || !values.includes(labels[key])) matches = false;
        break;
      case 'NotIn':
        if (values.length === 0) return 'error';
        if (has && values.includes(labels[key])) matches = false;
        break;
      case 'Exists':
        if (values.length > 0) return 'error';
        if (!has) matches = false;
        break;
      case 'DoesNotExist':
        if (values.length > 0) return 'error';
        if (has) matches = false;
        break;
      default:
        return 'error';
    }
  }
  return matches;
}

// ---------------------------------------------------------------------------------------------------------------
// §3 update strategy

const PERCENT_RE = /^[0-9]+%$/;
const INT_RE = /^[+-]?[0-9]+$/;
const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

function validateUpdateStrategy(raw: any, path: string, errs: ApiFieldError[]): void {
  const s = ApiServerRules.defaultUpdateStrategy(raw);
  if (s.type !== 'RollingUpdate' && s.type !== 'OnDelete') {
    push(errs, 'API-UPDATE-STRATEGY', path, 'Unsupported value', supported(['RollingUpdate', 'OnDelete']),
      'set spec.updateStrategy.type to RollingUpdate (default) or OnDelete', raw);
    return;
  }
  if (s.type !== 'RollingUpdate') return;
  const ru = s.rollingUpdate;
  const rpath = `${path}.rollingUpdate`;
  const mu = ru.maxUnavailable;
  const ms = ru.maxSurge;
  validatePositiveIntOrPercent(mu, `${rpath}.maxUnavailable`, errs);
  validatePositiveIntOrPercent(ms, `${rpath}.maxSurge`, errs);
  notMoreThan100Percent(mu, `${rpath}.maxUnavailable`, errs);
  notMoreThan100Percent(ms, `${rpath}.maxSurge`, errs);
  const hasUnavailable = intOrPercentValue(mu) !== 0;
  const hasSurge = intOrPercentValue(ms) !== 0;
  if (hasUnavailable && hasSurge) {
    push(errs, 'API-ROLLING-UPDATE', `${rpath}.maxSurge`, 'Invalid value', 'may not be set when maxUnavailable is non-zero',
      'to surge, set maxUnavailable to 0 explicitly (it defaults to 1); otherwise set maxSurge to 0', ms);
  } else if (!hasUnavailable && !hasSurge) {
    push(errs, 'API-ROLLING-UPDATE', `${rpath}.maxUnavailable`, 'Required value', 'cannot be 0 when maxSurge is 0',
      'set maxUnavailable to at least 1 (or a non-zero percent), or set maxSurge above 0 to surge instead');
  }
}

function validatePositiveIntOrPercent(v: any, path: string, errs: ApiFieldError[]): void {
  if (typeof v === 'string') {
    if (!PERCENT_RE.test(v)) {
      push(errs, 'API-ROLLING-UPDATE', path, 'Invalid value', PERCENT_MSG,
        'use a whole number (e.g. 1) or a percent string (e.g. "10%")', v);
    }
  } else if (typeof v === 'number' && v < 0) {
    push(errs, 'API-ROLLING-UPDATE', path, 'Invalid value', NONNEG, 'use 0 or a positive number', v);
  }
}

function notMoreThan100Percent(v: any, path: string, errs: ApiFieldError[]): void {
  if (typeof v !== 'string' || !PERCENT_RE.test(v)) return;
  if (parseInt(v, 10) > 100) {
    push(errs, 'API-ROLLING-UPDATE', path, 'Invalid value', 'must not be greater than 100%', 'use a percentage from 0% to 100%', v);
  }
}

/** `getIntOrPercentValue`: a percent string gives its number, other strings `Atoi` (0 on error), ints themselves. */
function intOrPercentValue(v: any): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (PERCENT_RE.test(v)) return parseInt(v, 10);
    return INT_RE.test(v) ? parseInt(v, 10) : 0;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// §4 pod spec

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const HOST_PORT_CONTAINER_KINDS = ['containers', 'initContainers'];
const NAMED_CONTAINER_KINDS = ['initContainers', 'containers'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

function validatePodSpec(spec: any, path: string, errs: ApiFieldError[]): void {
  validateContainers(spec, path, errs);

  const rp = spec.restartPolicy;
  if (typeof rp === 'string' && rp !== '' && !RESTART_POLICIES.includes(rp)) {
    push(errs, 'API-RESTART-POLICY', `${path}.restartPolicy`, 'Unsupported value', supported(RESTART_POLICIES),
      'set restartPolicy to Always (the only value a DaemonSet accepts)', rp);
  }
  const dp = spec.dnsPolicy;
  if (typeof dp === 'string' && dp !== '' && !DNS_POLICIES.includes(dp)) {
    push(errs, 'API-DNS-POLICY', `${path}.dnsPolicy`, 'Unsupported value', supported(DNS_POLICIES),
      'use ClusterFirst (default), ClusterFirstWithHostNet (with hostNetwork), Default or None', dp);
  }
  if (dp === 'None' && (spec.dnsConfig === undefined || spec.dnsConfig === null)) {
    push(errs, 'API-DNS-POLICY', `${path}.dnsConfig`, 'Required value', 'must provide `dnsConfig` when `dnsPolicy` is None',
      'add spec.dnsConfig with nameservers, or use another dnsPolicy');
  }

  // 4.6 nodeSelector
  validateLabels(spec.nodeSelector, `${path}.nodeSelector`, 'API-NODE-SELECTOR', errs);
  // 4.7 - 4.9
  dnsSubdomainField(spec.nodeName, `${path}.nodeName`, 'API-NODE-NAME',
    'remove nodeName from a DaemonSet template (the controller picks nodes) or use a valid node name', errs);
  dnsSubdomainField(spec.priorityClassName, `${path}.priorityClassName`, 'API-PRIORITY-CLASS-NAME',
    'use the name of a PriorityClass, e.g. system-node-critical', errs);
  dnsSubdomainField(spec.serviceAccountName, `${path}.serviceAccountName`, 'API-SERVICE-ACCOUNT-NAME',
    'use the name of a ServiceAccount (lowercase DNS-1123 subdomain)', errs);
  // 4.10
  if (spec.hostNetwork === true) {
    for (const kind of HOST_PORT_CONTAINER_KINDS) {
      const list = arr(spec[kind]);
      for (let i = 0; i < list.length; i++) {
        const ports = arr(obj(list[i]).ports);
        for (let j = 0; j < ports.length; j++) {
          const port = obj(ports[j]);
          const hp = typeof port.hostPort === 'number' ? port.hostPort : 0;
          if (hp !== 0 && hp !== port.containerPort) {
            push(errs, 'API-HOST-NETWORK-PORTS', `${path}.${kind}[${i}].ports[${j}].hostPort`, 'Invalid value',
              'must match `containerPort` when `hostNetwork` is true',
              `with hostNetwork the container listens on the node directly: remove hostPort or set it to ${port.containerPort}`, hp);
          }
        }
      }
    }
  }
  // 4.11 - 4.19
  const na = obj(obj(spec.affinity).nodeAffinity);
  if (isObj(na.requiredDuringSchedulingIgnoredDuringExecution)) {
    validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution,
      `${path}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`, errs);
  }
  const preferred = arr(na.preferredDuringSchedulingIgnoredDuringExecution);
  for (let i = 0; i < preferred.length; i++) {
    const term = obj(preferred[i]);
    const p = `${path}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    if (typeof term.weight !== 'number' || term.weight <= 0 || term.weight > 100) {
      push(errs, 'API-NODE-AFFINITY', `${p}.weight`, 'Invalid value', 'must be in the range 1-100',
        'set weight to a number from 1 to 100', term.weight ?? 0);
    }
    validateNodeSelectorTerm(obj(term.preference), true, `${p}.preference`, errs);
  }
  // §5
  validateTolerations(spec.tolerations, `${path}.tolerations`, errs);
}

function dnsSubdomainField(v: any, path: string, ruleId: string, fix: string, errs: ApiFieldError[]): void {
  if (typeof v !== 'string' || v === '') return;
  for (const m of dns1123SubdomainErrors(v)) push(errs, ruleId, path, 'Invalid value', m, fix, v);
}

function validateContainers(spec: any, path: string, errs: ApiFieldError[]): void {
  const containers = arr(spec.containers);
  if (containers.length === 0) {
    push(errs, 'API-CONTAINERS', `${path}.containers`, 'Required value', '',
      'add at least one container to spec.template.spec.containers');
  }
  const seen: string[] = [];
  for (const kind of NAMED_CONTAINER_KINDS) {
    const list = arr(spec[kind]);
    for (let i = 0; i < list.length; i++) {
      const name = str(obj(list[i]).name);
      if (name === '') {
        push(errs, 'API-CONTAINERS', `${path}.${kind}[${i}].name`, 'Required value', '', 'give every container a name (lowercase DNS-1123 label)');
        continue;
      }
      for (const m of dns1123LabelErrors(name)) {
        push(errs, 'API-CONTAINERS', `${path}.${kind}[${i}].name`, 'Invalid value', m, 'use lowercase letters, digits and "-" (at most 63 characters)', name);
      }
      if (seen.includes(name)) {
        push(errs, 'API-CONTAINERS', `${path}.${kind}[${i}].name`, 'Duplicate value', '', `rename one of the containers called ${JSON.stringify(name)}; names must be unique in a pod`, name);
      }
      seen.push(name);
    }
  }
}

function validateNodeSelector(sel: any, path: string, errs: ApiFieldError[]): void {
  const tpath = `${path}.nodeSelectorTerms`;
  const terms = arr(sel.nodeSelectorTerms);
  if (terms.length === 0) {
    push(errs, 'API-NODE-AFFINITY', tpath, 'Required value', 'must have at least one node selector term',
      'add a nodeSelectorTerms entry, or remove requiredDuringSchedulingIgnoredDuringExecution');
  }
  for (let i = 0; i < terms.length; i++) validateNodeSelectorTerm(obj(terms[i]), false, `${tpath}[${i}]`, errs);
}

function validateNodeSelectorTerm(term: any, allowInvalidLabelValue: boolean, path: string, errs: ApiFieldError[]): void {
  const exprs = arr(term.matchExpressions);
  for (let j = 0; j < exprs.length; j++) {
    const rq = obj(exprs[j]);
    const p = `${path}.matchExpressions[${j}]`;
    const values = arr(rq.values);
    switch (rq.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          push(errs, 'API-NODE-AFFINITY', `${p}.values`, 'Required value', "must be specified when `operator` is 'In' or 'NotIn'",
            'list at least one value, or use operator Exists/DoesNotExist');
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          push(errs, 'API-NODE-AFFINITY', `${p}.values`, 'Forbidden', "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            'remove values, or use operator In/NotIn');
        }
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) {
          push(errs, 'API-NODE-AFFINITY', `${p}.values`, 'Required value', "must be specified single value when `operator` is 'Lt' or 'Gt'",
            'give exactly one integer value for Gt/Lt');
        }
        break;
      default:
        push(errs, 'API-NODE-AFFINITY', `${p}.operator`, 'Invalid value', 'not a valid selector operator',
          'use one of In, NotIn, Exists, DoesNotExist, Gt, Lt', rq.operator ?? '');
    }
    const key = str(rq.key);
    if (qualifiedNameErrors(key).length > 0) validateLabelName(key, `${p}.key`, 'API-NODE-AFFINITY', errs);
    if (!allowInvalidLabelValue) {
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        if (typeof v === 'string' && labelValueErrors(v).length > 0) validateLabelValue(v, `${p}.values[${k}]`, 'API-NODE-AFFINITY', errs);
      }
    }
  }
  arr(term.matchFields).forEach((raw: any, j: number) => {
    const rq = obj(raw);
    const p = `${path}.matchFields[${j}]`;
    const values = arr(rq.values);
    if (rq.operator === 'In' || rq.operator === 'NotIn') {
      if (values.length !== 1) {
        push(errs, 'API-NODE-AFFINITY', `${p}.values`, 'Required value', "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          'give exactly one node name');
      }
    } else {
      push(errs, 'API-NODE-AFFINITY', `${p}.operator`, 'Invalid value', 'not a valid selector operator',
        'matchFields supports only In and NotIn', rq.operator ?? '');
    }
    if (rq.key !== 'metadata.name') {
      push(errs, 'API-NODE-AFFINITY', `${p}.key`, 'Invalid value', 'not a valid field selector key',
        'matchFields supports only the key metadata.name', rq.key ?? '');
    } else {
      values.forEach((v: any, k: number) => {
        if (typeof v !== 'string') return;
        for (const m of dns1123SubdomainErrors(v)) push(errs, 'API-NODE-AFFINITY', `${p}.values[${k}]`, 'Invalid value', m, 'use a valid node name', v);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// §5 tolerations

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTolerations(tolerations: any, path: string, errs: ApiFieldError[]): void {
  const list = arr(tolerations);
  for (let i = 0; i < list.length; i++) {
    const raw = list[i];
    const t = obj(raw);
    const p = `${path}[${i}]`;
    const key = str(t.key);
    const op = t.operator ?? '';
    const value = str(t.value);
    const effect = t.effect ?? '';
    if (key !== '' && qualifiedNameErrors(key).length > 0) validateLabelName(key, `${p}.key`, 'API-TOLERATIONS', errs, 'toleration key');
    if (key === '' && op !== 'Exists') {
      push(errs, 'API-TOLERATIONS', `${p}.operator`, 'Invalid value',
        'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        'set a key, or use operator Exists to tolerate every taint', op);
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') {
      push(errs, 'API-TOLERATIONS', `${p}.effect`, 'Invalid value', "effect must be 'NoExecute' when `tolerationSeconds` is set",
        'remove tolerationSeconds, or set effect to NoExecute', effect);
    }
    if (op === 'Equal' || op === '') {
      const msgs = labelValueErrors(value);
      if (msgs.length > 0) {
        push(errs, 'API-TOLERATIONS', `${p}.operator`, 'Invalid value', msgs.join(';'),
          'the toleration value must be a valid label value (at most 63 letters, digits, "-", "_" or ".")', value);
      }
    } else if (op === 'Exists') {
      if (value !== '') {
        push(errs, 'API-TOLERATIONS', `${p}.operator`, 'Invalid value', "value must be empty when `operator` is 'Exists'",
          'remove value, or use operator Equal', raw);
      }
    } else {
      push(errs, 'API-TOLERATIONS', `${p}.operator`, 'Unsupported value', supported(['Equal', 'Exists']),
        'use operator Equal (with a value) or Exists (without one)', op);
    }
    if (effect !== '' && !TAINT_EFFECTS.includes(effect)) {
      push(errs, 'API-TOLERATIONS', `${p}.effect`, 'Unsupported value', supported(TAINT_EFFECTS),
        'use NoSchedule, PreferNoSchedule or NoExecute, or leave effect empty to match every effect', effect);
    }
  }
}

/**
 * `equality.Semantic.DeepEqual` on plain JSON decoded into Go structs: a field that is missing (or null) equals its
 * zero value ("", 0, false, an empty list or map), as it decodes to that value.
 */
function semanticEqual(a: any, b: any): boolean {
  if (a === undefined || a === null) return isZeroValue(b);
  if (b === undefined || b === null) return isZeroValue(a);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

function isZeroValue(v: any): boolean {
  return v === undefined || v === null || v === '' || v === 0 || v === false
    || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
}
