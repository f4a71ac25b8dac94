/**
 * `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)` (k8s.io/component-helpers scheduling/corev1/nodeaffinity)
 * on plain JSON: `spec.nodeSelector` AND `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`,
 * with the lazy-error node selector the scheduler and the DaemonSet controller use (a term that fails to parse
 * never matches; the other terms still count).
 *
 * Parsed once per pod spec; `matches(node)` is the tight per-node check, `explain(node)` builds the reasons.
 *
 * Internal module.
 */
import { parseGoInt64 } from './int64';
import { labelValueErrors, qualifiedNameErrors } from '../k8s/names';

const IN = 0;
const NOT_IN = 1;
const EXISTS = 2;
const DOES_NOT_EXIST = 3;
const GT = 4;
const LT = 5;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Integers that `Number()` converts exactly and `strconv.ParseInt` accepts. */
const SHORT_INT_RE = /^[+-]?[0-9]{1,15}$/;

const OPERATORS: { [op: string]: number } = { In: IN, NotIn: NOT_IN, Exists: EXISTS, DoesNotExist: DOES_NOT_EXIST, Gt: GT, Lt: LT };

/** One parsed label requirement (`labels.Requirement`). */
interface LabelRequirement {
  readonly key: string;
  readonly op: number;
  readonly values: readonly string[];
  readonly num: bigint;
  /** `num` as a number when it is a safe integer (fast comparisons), else NaN. */
  readonly numFast: number;
  readonly text: string;
}

/** One parsed field requirement (`fields.OneTermEqualSelector` / `OneTermNotEqualSelector`). */
interface FieldRequirement {
  readonly key: string;
  readonly equal: boolean;
  readonly value: string;
  readonly text: string;
}

/** One non-empty node selector term. */
interface Term {
  /** Position in `nodeSelectorTerms`. */
  readonly index: number;
  /** `undefined`: no matchExpressions (no label check). */
  readonly labels?: readonly LabelRequirement[];
  /** `undefined`: no matchFields (no field check). */
  readonly fields?: readonly FieldRequirement[];
  /** Parse errors: a term with errors never matches. */
  readonly errors: readonly string[];
}

/** Bits `from` to `from + count - 1` (callers keep to 30 bits). */
function maskOf(from: number, count: number): number {
  // eslint-disable-next-line no-bitwise
  return count >= 31 ? -1 : ((2 ** count - 1) * 2 ** from) | 0;
}

/** A node's label value as a string (hand-written YAML may hold numbers or booleans), or undefined. */
function labelOf(labels: any, key: string): string | undefined {
  if (labels == null) return undefined;
  const v = labels[key];
  if (typeof v === 'string') return v;
  if (v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function fmtValues(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}

/** Text of one requirement, e.g. `kubernetes.io/os In [linux]`. */
function requirementText(key: string, operator: string, values: readonly string[]): string {
  switch (operator) {
    case 'Exists':
    case 'DoesNotExist':
      return `${key} ${operator}`;
    case 'Gt':
    case 'Lt':
      return `${key} ${operator} ${values.length === 1 ? values[0] : fmtValues(values)}`;
    default:
      return `${key} ${operator} ${fmtValues(values)}`;
  }
}

function asStrings(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) => (typeof x === 'string' ? x : String(x)));
}

/** Upstream `nodeSelectorRequirementsAsSelector` for one requirement; returns errors or the requirement. */
function parseLabelRequirement(expr: any, path: string): LabelRequirement | string[] {
  const key = typeof expr?.key === 'string' ? expr.key : '';
  const operator = typeof expr?.operator === 'string' ? expr.operator : '';
  const values = asStrings(expr?.values);
  const op = OPERATORS[operator];
  if (op === undefined || !Object.prototype.hasOwnProperty.call(OPERATORS, operator)) {
    return [`${path}.operator: Unsupported value: ${JSON.stringify(operator)}: supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"`];
  }
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length > 0) return [`${path}.key: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`];
  let num = 0n;
  switch (op) {
    case IN:
    case NOT_IN:
      if (values.length === 0) return [`${path}.values: for 'in', 'notin' operators, values set can't be empty`];
      break;
    case EXISTS:
    case DOES_NOT_EXIST:
      if (values.length !== 0) return [`${path}.values: values set must be empty for exists and does not exist`];
      break;
    default: {
      if (values.length !== 1) return [`${path}.values: for 'Gt', 'Lt' operators, exactly one value is required`];
      const parsed = parseGoInt64(values[0]);
      if (parsed === undefined) return [`${path}.values[0]: for 'Gt', 'Lt' operators, the value must be an integer`];
      num = parsed;
    }
  }
  for (let i = 0; i < values.length; i++) {
    const errs = labelValueErrors(values[i]);
    if (errs.length > 0) return [`${path}.values[${i}]: Invalid value: ${JSON.stringify(values[i])}: ${errs.join('; ')}`];
  }
  const numFast = num >= -MAX_SAFE && num <= MAX_SAFE ? Number(num) : NaN;
  return { key, op, values, num, numFast, text: requirementText(key, operator, values) };
}

/** Upstream `nodeSelectorRequirementsAsFieldSelector` for one requirement. */
function parseFieldRequirement(expr: any, path: string): FieldRequirement | string[] {
  const key = typeof expr?.key === 'string' ? expr.key : '';
  const operator = typeof expr?.operator === 'string' ? expr.operator : '';
  const values = asStrings(expr?.values);
  if (operator !== 'In' && operator !== 'NotIn') {
    return [`${path}.operator: Unsupported value: ${JSON.stringify(operator)}: supported values: "In", "NotIn"`];
  }
  if (values.length !== 1) return [`${path}.values: must have one element`];
  return { key, equal: operator === 'In', value: values[0], text: requirementText(key, operator, values) };
}

function parseTerm(term: any, index: number): Term | undefined {
  const exprs = Array.isArray(term?.matchExpressions) ? term.matchExpressions : [];
  const fieldExprs = Array.isArray(term?.matchFields) ? term.matchFields : [];
  if (exprs.length === 0 && fieldExprs.length === 0) return undefined; // nil or empty term selects nothing
  const errors: string[] = [];
  let labels: LabelRequirement[] | undefined;
  let fields: FieldRequirement[] | undefined;
  if (exprs.length > 0) {
    labels = [];
    exprs.forEach((e: any, i: number) => {
      const r = parseLabelRequirement(e, `nodeSelectorTerms[${index}].matchExpressions[${i}]`);
      if (Array.isArray(r)) errors.push(...r); else labels!.push(r);
    });
  }
  if (fieldExprs.length > 0) {
    fields = [];
    fieldExprs.forEach((e: any, i: number) => {
      const r = parseFieldRequirement(e, `nodeSelectorTerms[${index}].matchFields[${i}]`);
      if (Array.isArray(r)) errors.push(...r); else fields!.push(r);
    });
  }
  return { index, labels, fields, errors };
}

function labelRequirementMatches(r: LabelRequirement, nodeLabels: any): boolean {
  const v = labelOf(nodeLabels, r.key);
  switch (r.op) {
    case IN:
      return v !== undefined && r.values.includes(v);
    case NOT_IN:
      return v === undefined || !r.values.includes(v);
    case EXISTS:
      return v !== undefined;
    case DOES_NOT_EXIST:
      return v === undefined;
    default: {
      if (v === undefined) return false;
      if (v.length <= 16 && !Number.isNaN(r.numFast) && SHORT_INT_RE.test(v)) {
        const f = Number(v);
        return r.op === GT ? f > r.numFast : f < r.numFast;
      }
      const n = parseGoInt64(v);
      if (n === undefined) return false;
      return r.op === GT ? n > r.num : n < r.num;
    }
  }
}

function fieldRequirementMatches(r: FieldRequirement, nodeName: string): boolean {
  const actual = r.key === 'metadata.name' ? nodeName : '';
  return r.equal ? actual === r.value : actual !== r.value;
}

/** Failing requirements of a term (empty when it matches). */
function termFailures(t: Term, nodeLabels: any, nodeName: string): string[] {
  if (t.errors.length > 0) return [`term ${t.index} is invalid and never matches (${t.errors.join('; ')})`];
  const out: string[] = [];
  if (t.labels) for (const r of t.labels) if (!labelRequirementMatches(r, nodeLabels)) out.push(r.text);
  if (t.fields && nodeName.length > 0) for (const r of t.fields) if (!fieldRequirementMatches(r, nodeName)) out.push(r.text);
  return out;
}

/** The text of the only failing requirement of a valid term, or undefined (none, several, or a parse error). */
function singleFailure(t: Term, nodeLabels: any, nodeName: string): string | undefined {
  if (t.errors.length > 0) return undefined;
  let found: string | undefined;
  if (t.labels) {
    for (const r of t.labels) {
      if (labelRequirementMatches(r, nodeLabels)) continue;
      if (found !== undefined) return undefined;
      found = r.text;
    }
  }
  if (t.fields && nodeName.length > 0) {
    for (const r of t.fields) {
      if (fieldRequirementMatches(r, nodeName)) continue;
      if (found !== undefined) return undefined;
      found = r.text;
    }
  }
  return found;
}

function termMatches(t: Term, nodeLabels: any, nodeName: string): boolean {
  if (t.errors.length > 0) return false;
  const labels = t.labels;
  if (labels !== undefined) {
    for (let i = 0; i < labels.length; i++) if (!labelRequirementMatches(labels[i], nodeLabels)) return false;
  }
  const fields = t.fields;
  if (fields !== undefined && nodeName.length > 0) {
    for (let i = 0; i < fields.length; i++) if (!fieldRequirementMatches(fields[i], nodeName)) return false;
  }
  return true;
}

/**
 * A pod's required node selection (nodeSelector AND required node affinity), parsed once.
 */
export class CompiledNodeSelection {
  private readonly selectorKeys: string[] = [];
  private readonly selectorValues: string[] = [];
  private readonly selectorReasons: string[] = [];
  /** `undefined`: no required node affinity. */
  private readonly terms?: Term[];
  /** Number of terms in the spec, including empty ones. */
  private readonly termCount: number = 0;
  /** `required node affinity not matched: <requirement>` strings, built once per requirement. */
  private readonly singleReasons = new Map<string, string>();
  /** Bits of `failureCode`. */
  private readonly codeBits: number;
  /** The nodeSelector bits of `failureCode`. */
  private readonly selectorMask: number;
  /** Per term: its bits of `failureCode`, or -1 for a term with parse errors (it never matches). */
  private readonly termMasks: number[] = [];

  constructor(podSpec: any) {
    const sel = podSpec?.nodeSelector;
    if (sel != null && typeof sel === 'object') {
      for (const k of Object.keys(sel)) {
        this.selectorKeys.push(k);
        const v = sel[k];
        const value = typeof v === 'string' ? v : String(v ?? '');
        this.selectorValues.push(value);
        this.selectorReasons.push(`nodeSelector ${k}=${value} not matched`);
      }
    }
    const required = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required != null) {
      const raw = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
      this.termCount = raw.length;
      const terms: Term[] = [];
      raw.forEach((t: any, i: number) => {
        const parsed = parseTerm(t, i);
        if (parsed) terms.push(parsed);
      });
      this.terms = terms;
    }
    let bits = this.selectorKeys.length;
    this.selectorMask = maskOf(0, bits);
    for (const t of this.terms ?? []) {
      if (t.errors.length > 0) {
        this.termMasks.push(-1);
        continue;
      }
      const n = (t.labels?.length ?? 0) + (t.fields?.length ?? 0);
      this.termMasks.push(maskOf(bits, n));
      bits += n;
    }
    this.codeBits = bits;
  }

  /**
   * `matches`, from a `failureCode` (not -1): no nodeSelector entry fails, and some valid term (if there are terms)
   * has no failing requirement.
   */
  /* eslint-disable no-bitwise */
  public matchesCode(code: number): boolean {
    if ((code & this.selectorMask) !== 0) return false;
    if (this.terms === undefined) return true;
    const masks = this.termMasks;
    for (let i = 0; i < masks.length; i++) if (masks[i] >= 0 && (code & masks[i]) === 0) return true;
    return false;
  }
  /* eslint-enable no-bitwise */

  /** Whether the node satisfies the nodeSelector and the required node affinity. */
  public matches(node: any): boolean {
    if (node == null) return false;
    const meta = node.metadata;
    const labels = meta?.labels;
    const keys = this.selectorKeys;
    for (let i = 0; i < keys.length; i++) {
      if (labelOf(labels, keys[i]) !== this.selectorValues[i]) return false;
    }
    const terms = this.terms;
    if (terms === undefined) return true;
    const name = typeof meta?.name === 'string' ? meta.name : '';
    for (let i = 0; i < terms.length; i++) {
      if (termMatches(terms[i], labels, name)) return true;
    }
    return false;
  }

  /**
   * Which requirements the node fails, as a bit mask: one bit per nodeSelector entry, then one per requirement of
   * each term (a term with parse errors has none: it always fails the same way). Together with the pod spec this
   * determines `explainInto`'s reasons. -1 when there is no node or too many requirements for a mask.
   */
  /* eslint-disable no-bitwise */
  public failureCode(node: any): number {
    if (node == null || this.codeBits > 30) return -1;
    const meta = node.metadata;
    const labels = meta?.labels;
    let code = 0;
    let bit = 0;
    const keys = this.selectorKeys;
    for (let i = 0; i < keys.length; i++, bit++) {
      if (labelOf(labels, keys[i]) !== this.selectorValues[i]) code |= 1 << bit;
    }
    const terms = this.terms;
    if (terms === undefined) return code;
    const name = typeof meta?.name === 'string' ? meta.name : '';
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t];
      if (term.errors.length > 0) continue;
      const reqs = term.labels;
      if (reqs !== undefined) {
        for (let i = 0; i < reqs.length; i++, bit++) if (!labelRequirementMatches(reqs[i], labels)) code |= 1 << bit;
      }
      const fields = term.fields;
      if (fields !== undefined) {
        for (let i = 0; i < fields.length; i++, bit++) if (name.length > 0 && !fieldRequirementMatches(fields[i], name)) code |= 1 << bit;
      }
    }
    return code;
  }
  /* eslint-enable no-bitwise */

  /** Reasons the node does not satisfy the selection (empty when it does). */
  public explain(node: any): string[] {
    const reasons: string[] = [];
    this.explainInto(node, reasons);
    return reasons;
  }

  /** Appends the reasons the node does not satisfy the selection. */
  public explainInto(node: any, reasons: string[]): void {
    if (node == null) {
      reasons.push('no node');
      return;
    }
    const meta = node.metadata;
    const labels = meta?.labels;
    for (let i = 0; i < this.selectorKeys.length; i++) {
      if (labelOf(labels, this.selectorKeys[i]) !== this.selectorValues[i]) reasons.push(this.selectorReasons[i]);
    }
    const terms = this.terms;
    if (terms === undefined) return;
    if (this.termCount === 0) {
      reasons.push('required node affinity not matched: nodeSelectorTerms is empty, so no node matches');
      return;
    }
    if (terms.length === 0) {
      reasons.push('required node affinity not matched: every nodeSelectorTerm is empty, so no node matches');
      return;
    }
    const name = typeof meta?.name === 'string' ? meta.name : '';
    if (terms.length === 1 && this.termCount === 1) {
      const only = singleFailure(terms[0], labels, name);
      if (only !== undefined) {
        reasons.push(this.singleFailureReason(only));
        return;
      }
      const failures = termFailures(terms[0], labels, name);
      if (failures.length === 1) {
        reasons.push(this.singleFailureReason(failures[0]));
      } else if (failures.length > 1) {
        reasons.push(`required node affinity not matched: ${failures.join(', ')}`);
      }
      return;
    }
    const parts: string[] = [];
    for (const t of terms) {
      const f = termFailures(t, labels, name);
      if (f.length === 0) return;
      parts.push(`term ${t.index}: ${f.join(', ')}`);
    }
    reasons.push(`required node affinity not matched: no term matched (${parts.join('; ')})`);
  }

  /** `required node affinity not matched: <requirement>`, built once per requirement. */
  private singleFailureReason(failure: string): string {
    let r = this.singleReasons.get(failure);
    if (r === undefined) {
      r = `required node affinity not matched: ${failure}`;
      this.singleReasons.set(failure, r);
    }
    return r;
  }

  /** Parse problems of the required node affinity terms (each makes its term never match). */
  public parseErrors(): string[] {
    return (this.terms ?? []).flatMap((t) => t.errors);
  }
}
