import { ApiFieldError } from './api-field-error';
import { ApiServerRules } from './api-server-rules';
import { CoreCause, CoreResult, JudgeOptions, KubeCore } from './core/kube-core';
import { ValidationFinding } from './finding';
import { ValidateOptions } from './options';
import { removedApi } from './removed-apis';
import { Severity } from './severity';
import { UnknownFields } from './unknown-fields';

/** Objects nested deeper than this are refused before they reach the core (the server's decoder stops at 10,000). */
const MAX_DEPTH = 1000;
/** Values in one object (a shared-reference bomb expands to far more when written out). */
const MAX_VALUES = 2_000_000;

/**
 * What makes an object impossible to send to the API server at all (a cycle, nesting too deep, a value graph
 * that expands beyond any request size), as a message; undefined when it can be judged.
 */
export function shapeProblem(m: unknown): string | undefined {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  // the objects and arrays from the root down to the value being looked at, and the key or index of each below its
  // parent: a cycle makes the path endless, so it is found (and told apart from deep nesting) only past MAX_DEPTH
  const stack: object[] = [];
  const keys: Array<string | number> = [];
  const at = (n: number) => keys.slice(0, n).reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${k}` : k), '');
  let values = 0;
  let problem: string | undefined;
  // the first object met a second time on the way down, if any: going round a cycle also counts values, so both
  // limits look for one
  const cycle = (): string | undefined => {
    const seen = new Set<object>();
    for (let i = 0; i < stack.length; i++) {
      if (seen.has(stack[i])) return `the object contains itself (a reference cycle at ${at(i) || '<root>'}); it cannot be written out as JSON`;
      seen.add(stack[i]);
    }
    return undefined;
  };
  const walk = (v: any): void => {
    if (++values > MAX_VALUES) {
      problem = cycle() ?? `the object expands to more than ${MAX_VALUES.toLocaleString('en-US')} values (shared references repeated when written out as JSON); no API server accepts a request that size`;
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    stack.push(v);
    if (stack.length > MAX_DEPTH + 1) {
      problem = cycle() ?? `the object is nested deeper than ${MAX_DEPTH} levels (at ${at(keys.length).slice(0, 120)}...); it cannot be a Kubernetes object`;
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && problem === undefined; i++) {
        keys.push(i);
        walk(v[i]);
        if (problem === undefined) keys.pop();
      }
    } else {
      for (const k in v) {
        if (problem !== undefined) break;
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        keys.push(k);
        walk(v[k]);
        if (problem === undefined) keys.pop();
      }
    }
    if (problem === undefined) stack.pop();
  };
  walk(m);
  return problem;
}

/** The objects the core can be given: plain objects with an apiVersion and a kind. */
function judgeable(m: any): boolean {
  return typeof m === 'object' && m !== null && !Array.isArray(m)
    && typeof m.kind === 'string' && m.kind !== '' && typeof m.apiVersion === 'string' && m.apiVersion !== '';
}

/** A context CustomResourceDefinition the core refused, with the first of the server's reasons. */
export interface RefusedDefinition {
  readonly name: string;
  readonly reason: string;
}

/**
 * The core's results for every judgeable object of the input (undefined for the others), in one call. The
 * context CustomResourceDefinitions go first in the same batch (the core registers the kinds of every accepted
 * definition of a batch before judging the rest); their own results are not returned, except the refusals.
 */
export function judgeAll(
  list: readonly unknown[], shapes: readonly (string | undefined)[], context: readonly unknown[] = [], refused: RefusedDefinition[] = [],
  options: JudgeOptions = {},
): (CoreResult | undefined)[] {
  const idx: number[] = [];
  const objs: unknown[] = [];
  const defs = (Array.isArray(context) ? context : []).filter((c: any) => judgeable(c) && c.kind === 'CustomResourceDefinition' && shapeProblem(c) === undefined);
  objs.push(...defs);
  for (let i = 0; i < list.length; i++) {
    if (!judgeable(list[i]) || shapes[i] !== undefined) continue;
    idx.push(i);
    objs.push(list[i]);
  }
  const out: (CoreResult | undefined)[] = new Array(list.length);
  const results = KubeCore.judge(objs, options);
  defs.forEach((d: any, j) => {
    const r = results[j];
    const e = (r.errors ?? [])[0];
    if (e !== undefined) refused.push({ name: String(d.metadata?.name ?? `#${j}`), reason: e.field ? `${e.field}: ${e.message}` : e.message });
  });
  for (let j = 0; j < idx.length; j++) out[idx[j]] = results[defs.length + j];
  return out;
}

/**
 * The core's verdicts on objects judged in one call ahead of the validations that then report on them one at a time
 * (a NodeDaemon's synth-time validation: one call for every daemon of the app instead of one per daemon, so the
 * core's worker threads share the work and no call pays the crossing into the core for one object). The same
 * answers as judging each object alone: only objects whose verdict does not depend on the rest of their input are
 * kept (not a CustomResourceDefinition, whose kind the core serves to the objects after it), and they answer only
 * for the judging options they were judged with.
 */
export class CoreBatch {
  /**
   * Judge `list` in one call.
   *
   * @param list the objects, each later asked for by identity
   * @param options how the core judges them
   */
  public static judge(list: readonly unknown[], options: JudgeOptions): CoreBatch {
    const kept = list.filter((m: any) => judgeable(m) && m.kind !== 'CustomResourceDefinition' && shapeProblem(m) === undefined);
    const results = judgeAll(kept, kept.map(() => undefined), [], [], options);
    const byObject = new Map<unknown, CoreResult>();
    kept.forEach((m, i) => byObject.set(m, results[i]!));
    return new CoreBatch(options, byObject);
  }

  private constructor(private readonly options: JudgeOptions, private readonly results: ReadonlyMap<unknown, CoreResult>) {}

  /**
   * The verdicts on the judgeable objects of `list` (undefined for the others, as `judgeAll` answers), when the
   * batch holds every one of them and was judged with the same options; undefined otherwise.
   */
  public resultsFor(
    list: readonly unknown[], shapes: readonly (string | undefined)[], options: JudgeOptions,
  ): (CoreResult | undefined)[] | undefined {
    if ((options.podSecurity !== false) !== (this.options.podSecurity !== false)) return undefined;
    const out: (CoreResult | undefined)[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      if (!judgeable(list[i]) || shapes[i] !== undefined) continue;
      const r = this.results.get(list[i]);
      if (r === undefined) return undefined;
      out[i] = r;
    }
    return out;
  }
}

/** The custom resource strategy's cause when blocking schema errors keep it from evaluating the CEL rules. */
const RULES_NOT_CHECKED = 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

/** `FieldValueNotSupported` -> `API-FIELD-NOT-SUPPORTED`. */
export function fieldRuleId(type: string): string {
  const t = type.replace(/^FieldValue/, '').replace(/Error$/, '') || type;
  return 'API-FIELD-' + t.replace(/([a-z])([A-Z])/g, '$1-$2').toUpperCase();
}

function finding(ruleId: string, severity: Severity, resource: string, field: string, message: string): ValidationFinding {
  return { ruleId, severity, resource, field, message };
}

/**
 * The core's verdict on one object as findings. Where the DaemonSet rules of this library know the same field,
 * their rule ID and fix are used; the verdict (which fields are wrong) is always the server's.
 */
export function reportCore(
  m: any, apiVersion: string, kind: string, resource: string, options: ValidateOptions, core: CoreResult,
  out: ValidationFinding[],
): void {
  const schema = options.schema !== false;
  const apiServer = options.apiServer !== false;
  if (core.status === 'custom') {
    if (schema) {
      out.push(finding('SCHEMA-UNKNOWN', Severity.INFO, resource, '',
        `no built-in schema for ${apiVersion} ${kind} and no CustomResourceDefinition of it in the input (a custom resource or an API group this library does not know); its structure was not checked: give its CustomResourceDefinition in the input or with --crd FILE to validate it`));
    }
    return;
  }
  if (core.status === 'unjudged') {
    if (schema) {
      // the declared fields of every built-in kind still tell what strict field validation rejects
      for (const u of UnknownFields.find(m, apiVersion, kind)) out.push(unknownField(resource, u.field, u.suggestion));
      out.push(finding('SCHEMA-UNKNOWN', Severity.INFO, resource, '',
        `${apiVersion} ${kind} is a built-in kind whose values the embedded API-server core does not validate (only its field names); the API server judges them on apply`));
    }
    return;
  }
  const errors = core.errors ?? [];
  if (core.status === 'rejected') {
    for (const e of errors) out.push(rejection(m, apiVersion, kind, resource, e, core));
    return;
  }
  let ours: Map<string, ApiFieldError> | undefined;
  if (apiServer && kind === 'DaemonSet' && apiVersion === 'apps/v1' && errors.some((e) => e.type.startsWith('Field'))) {
    ours = new Map();
    for (const e of ApiServerRules.validateDaemonSet(m)) if (!ours.has(e.field)) ours.set(e.field, e);
  }
  let suggestions: Map<string, string> | undefined;
  for (const e of errors) {
    // a cause about no field (the custom resource strategy's "some validation rules were not checked") says <nil>
    const field = e.field === undefined || e.field === '<nil>' ? '' : e.field;
    if (e.type === 'UnknownField') {
      if (!schema) continue;
      suggestions ??= new Map(UnknownFields.find(m, apiVersion, kind).filter((u) => u.suggestion !== undefined).map((u) => [u.field, u.suggestion!]));
      out.push(unknownField(resource, field, suggestions.get(field)));
    } else if (e.type === 'DuplicateField') {
      if (schema) out.push(finding('API-DUPLICATE-FIELD', Severity.ERROR, resource, field, `${e.message}: the field is given twice; keep one`));
    } else if (e.type === 'Decode') {
      if (schema) out.push(finding('API-DECODE', Severity.ERROR, resource, field || decodeField(m, e.message), e.message));
    } else if (field === '' && e.message.endsWith(RULES_NOT_CHECKED)) {
      // not a problem of its own: the server skips the CEL rules of an object with blocking schema errors
      if (apiServer) out.push(finding('API-RULES-NOT-CHECKED', Severity.INFO, resource, '', `the API server says: ${RULES_NOT_CHECKED}`));
    } else {
      if (!apiServer) continue;
      const mine = ours?.get(field);
      if (mine !== undefined) {
        ours!.delete(field);
        out.push(finding(mine.ruleId, Severity.ERROR, resource, field, `${e.message} (fix: ${mine.fix})`));
      } else {
        out.push(finding(fieldRuleId(e.type), Severity.ERROR, resource, field, e.message));
      }
    }
  }
  if (apiServer) {
    for (const w of core.warnings ?? []) out.push(finding('API-WARNING', Severity.WARNING, resource, warningField(w), `the API server warns: ${w}`));
  }
}

function unknownField(resource: string, field: string, suggestion: string | undefined): ValidationFinding {
  return finding('SCHEMA-UNKNOWN-FIELD', Severity.ERROR, resource, field, suggestion !== undefined
    ? `unknown field: the API server rejects it under strict field validation (kubectl's default); did you mean ${suggestion}?`
    : 'unknown field: the API server rejects it under strict field validation (kubectl\'s default); remove it or fix its spelling');
}

/**
 * The field of a decoding error (`... unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort
 * of type int32`), with the list indices the decoder leaves out: the first element whose value has the wrong JSON type.
 */
function decodeField(obj: any, message: string): string {
  const m = /cannot unmarshal (\w+) into Go struct field \w+\.(\S+) of type/.exec(message);
  if (!m) return '';
  const [, got, dotted] = m;
  const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v);
  const found = (function walk(v: any, parts: string[], path: string): string | undefined {
    if (Array.isArray(v) && parts.length > 0) {
      for (let i = 0; i < v.length; i++) {
        const r = walk(v[i], parts, `${path}[${i}]`);
        if (r !== undefined) return r;
      }
      return undefined;
    }
    if (parts.length === 0) return jsonType(v) === got ? path : undefined;
    if (typeof v !== 'object' || v === null) return undefined;
    return walk(v[parts[0]], parts.slice(1), path ? `${path}.${parts[0]}` : parts[0]);
  })(obj, dotted.split('.'), '');
  return found ?? dotted;
}

/** A warning names its field first (`spec.template.spec.containers[0].ports[1]: duplicate port name ...`). */
function warningField(w: string): string {
  const m = /^([A-Za-z][\w.[\]/-]*(?:\[[^\]]*\])*): /.exec(w);
  return m ? m[1] : '';
}

function rejection(m: any, apiVersion: string, kind: string, resource: string, e: CoreCause, core: CoreResult): ValidationFinding {
  if (e.type === 'NotFound' && e.field === 'apiVersion') {
    const removed = removedApi(apiVersion, kind);
    if (removed) {
      return finding('API-VERSION-REMOVED', Severity.ERROR, resource, 'apiVersion',
        `${apiVersion} ${kind} was removed in Kubernetes ${removed.removedIn}; use ${removed.replacement}`);
    }
    return finding('API-VERSION-NOT-SERVED', Severity.ERROR, resource, 'apiVersion', e.message);
  }
  if (e.type === 'NotFound' && e.field === 'kind') {
    const s = suggest(kind, core.kinds ?? []);
    return finding('SCHEMA-KIND', Severity.ERROR, resource, 'kind',
      `${apiVersion} has no kind ${JSON.stringify(kind)}` + (s ? `; did you mean ${s}?` : '; check kind and apiVersion'));
  }
  return finding('API-DECODE', Severity.ERROR, resource, e.field || decodeField(m, e.message), e.message);
}

/** The kind of `kinds` closest to `kind` (same letters ignoring case, or at most two edits). */
function suggest(kind: string, kinds: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of kinds) {
    if (k.toLowerCase() === kind.toLowerCase()) return k;
    const d = distance(k.toLowerCase(), kind.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
