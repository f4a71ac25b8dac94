/**
 * Validation against the official Kubernetes OpenAPI schema, through the precompiled validators of
 * `kubernetes-models` 4.x. Internal.
 *
 * Models are loaded lazily (the first time an apiVersion/kind is seen, never when the package is imported) and
 * cached, misses included.
 */

/** One schema problem. */
export interface SchemaProblem {
  readonly field: string;
  readonly message: string;
}

/** Result of looking up a schema. */
export type SchemaLookup =
  | { readonly status: 'found'; readonly validate: (data: any) => void }
  | { readonly status: 'unknown-group' }
  | { readonly status: 'unknown-kind'; readonly suggestion?: string };

const GROUP_RE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const VERSION_RE = /^v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND_RE = /^[A-Z][A-Za-z0-9]*$/;

const cache = new Map<string, SchemaLookup>();
const groupKinds = new Map<string, string[] | null>();

export class SchemaValidator {
  /** Find the model for apiVersion/kind (cached). */
  public static lookup(apiVersion: string, kind: string): SchemaLookup {
    const key = `${apiVersion} ${kind}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = SchemaValidator.load(apiVersion, kind);
      cache.set(key, hit);
    }
    return hit;
  }

  /** Validate one object; empty when valid. Call `lookup` first to know whether a schema exists. */
  public static validate(validate: (data: any) => void, manifest: any): SchemaProblem[] {
    try {
      validate(manifest);
      return [];
    } catch (e: any) {
      const errors: any[] = Array.isArray(e?.errors) ? e.errors : [];
      if (errors.length === 0) return [{ field: '', message: `schema validation failed: ${e?.message ?? e}` }];
      const out: SchemaProblem[] = [];
      const seen = new Set<string>();
      for (const err of errors) {
        const p = SchemaValidator.describe(err, manifest);
        const k = `${p.field}\u0000${p.message}`;
        if (!seen.has(k)) {
          seen.add(k);
          out.push(p);
        }
      }
      return out;
    }
  }

  /** JSON pointer (`/spec/template/spec/containers/0/name`) to an API field path (`spec.template.spec.containers[0].name`). */
  public static fieldPath(pointer: string): string {
    if (pointer === '' || pointer === '/') return '';
    let out = '';
    for (const raw of pointer.slice(1).split('/')) {
      const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (/^[0-9]+$/.test(seg)) out += `[${seg}]`;
      else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
      else out += `[${seg}]`;
    }
    return out;
  }

  private static describe(err: any, manifest: any): SchemaProblem {
    const base = SchemaValidator.fieldPath(String(err.instancePath ?? ''));
    const params = err.params ?? {};
    const value = valueAt(manifest, String(err.instancePath ?? ''));
    switch (err.keyword) {
      case 'required': {
        const f = base === '' ? params.missingProperty : `${base}.${params.missingProperty}`;
        return { field: f, message: `Required value: the schema requires ${params.missingProperty}; add it` };
      }
      case 'type':
        return { field: base, message: `Invalid value: ${show(value)}: must be ${describeType(params.type)}` };
      case 'enum':
        return {
          field: base,
          message: `Unsupported value: ${show(value)}: supported values: ${(params.allowedValues ?? []).map((v: any) => JSON.stringify(v)).join(', ')}`,
        };
      case 'format':
        return { field: base, message: `Invalid value: ${show(value)}: must be ${describeFormat(params.format)}` };
      case 'additionalProperties':
        return { field: base === '' ? params.additionalProperty : `${base}.${params.additionalProperty}`, message: 'unknown field; remove it or fix its spelling' };
      default:
        return { field: base, message: `Invalid value: ${show(value)}: ${err.message ?? err.keyword}` };
    }
  }

  private static load(apiVersion: string, kind: string): SchemaLookup {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    if ((group !== '' && !GROUP_RE.test(group)) || !VERSION_RE.test(version)) return { status: 'unknown-group' };
    const dir = group === '' ? version : `${group}/${version}`;
    const kinds = SchemaValidator.kindsOf(dir);
    if (kinds === null) return { status: 'unknown-group' };
    if (!KIND_RE.test(kind) || !kinds.includes(kind)) {
      const lower = kind.toLowerCase();
      return { status: 'unknown-kind', suggestion: kinds.find((k) => k.toLowerCase() === lower) };
    }
    let mod: any;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(`kubernetes-models/${dir}/${kind}`);
    } catch {
      return { status: 'unknown-kind' };
    }
    const cls = mod?.[kind];
    if (typeof cls !== 'function' || cls.kind !== kind || cls.apiVersion !== apiVersion || typeof cls.prototype?.validate !== 'function') {
      return { status: 'unknown-kind' };
    }
    // The model's validate() runs the precompiled validator on `this`; calling it on the plain object avoids a copy.
    const fn = cls.prototype.validate as (this: any) => void;
    return { status: 'found', validate: (data: any) => fn.call(data) };
  }

  /** Type names (file names) of a group/version directory of kubernetes-models; null when the group/version is unknown. */
  private static kindsOf(dir: string): string[] | null {
    let hit = groupKinds.get(dir);
    if (hit !== undefined) return hit;
    try {
      if (modelsRoot === undefined) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const path = require('path') as typeof import('path');
        modelsRoot = path.dirname(require.resolve('kubernetes-models'));
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fs = require('fs') as typeof import('fs');
      hit = fs.readdirSync(`${modelsRoot}/${dir}`)
        .filter((f) => f.endsWith('.js') && f !== 'index.js')
        .map((f) => f.slice(0, -3));
    } catch {
      hit = null;
    }
    groupKinds.set(dir, hit);
    return hit;
  }
}

let modelsRoot: string | undefined;

function valueAt(root: any, pointer: string): any {
  if (pointer === '') return root;
  let cur = root;
  for (const raw of pointer.slice(1).split('/')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

function show(v: any): string {
  if (v === undefined) return 'undefined';
  const s = JSON.stringify(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

function describeType(t: any): string {
  const types = Array.isArray(t) ? t : String(t).split(',');
  return types.map((x: string) => (x === 'integer' ? 'an integer' : x === 'object' ? 'an object' : x === 'array' ? 'a list' : `a ${x}`)).join(' or ');
}

function describeFormat(f: string): string {
  switch (f) {
    case 'int-or-string': return 'an integer or a string';
    case 'quantity': return 'a quantity such as 100m, 1, 128Mi or 1Gi';
    case 'date-time': return 'an RFC 3339 date-time';
    default: return `in format ${f}`;
  }
}
