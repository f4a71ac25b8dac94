import { App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Returned by `DirectRender.resolve` for a value only cdk8s's generic path can render (it will also fail). */
const UNSUPPORTED = Symbol('unsupported');

/**
 * What `ApiObject.toJson()` does to an object's props, in one walk: cdk8s's built-in resolvers
 * (`Lazy`, implicit tokens with a `resolve()` method, number-or-string unions such as
 * `IntOrString`) followed by `sanitizeValue` (keys sorted unless `CDK8S_DISABLE_SORT` is set,
 * null and undefined members dropped).
 *
 * cdk8s's generic path allocates a resolution context and a key path for every value it visits;
 * a daemon's manifest has hundreds of them, so a large app spends much of its synth there. The
 * result here is the same JSON, key order included (tested against `toJson()`); whatever this walk
 * does not handle (custom resolvers, JSON patches, non-plain objects) is left to the generic path.
 *
 * @internal
 */
export class DirectRender {
  /** Marker for a value the generic path must render. */
  public static readonly UNSUPPORTED = UNSUPPORTED;

  /** True when the app of `scope` resolves values with cdk8s's built-in resolvers only. */
  public static builtInResolversOnly(scope: IConstruct): boolean {
    const resolvers = (App.of(scope) as any).resolvers;
    return Array.isArray(resolvers) && resolvers.length === 3
      && resolvers[0] instanceof LazyResolver
      && resolvers[1] instanceof ImplicitTokenResolver
      && resolvers[2] instanceof NumberStringUnionResolver;
  }

  /** `sanitizeValue(resolve(value))` with the built-in resolvers, or `UNSUPPORTED`. */
  public static resolve(value: unknown): unknown {
    return walk(value, !process.env.CDK8S_DISABLE_SORT);
  }
}

function walk(value: any, sortKeys: boolean): any {
  if (value == null) return undefined;
  // the built-in resolvers, in cdk8s's order; a replaced value is resolved again
  if (value instanceof Lazy) return walk(value.produce(), sortKeys);
  if (typeof value.resolve === 'function') return walk(value.resolve(), sortKeys);
  if (typeof value !== 'object') return value;
  if (value.constructor !== Object) {
    const t = typeof value.value;
    if (t === 'number' || t === 'string') return walk({ value: value.value }, sortKeys);
  }
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = walk(value[i], sortKeys);
      if (v === UNSUPPORTED) return UNSUPPORTED;
      out[i] = v;
    }
    return out;
  }
  // sanitizeValue rejects other non-plain objects: let the generic path say so
  if (value.constructor !== Object) return UNSUPPORTED;
  const keys = sortKeys ? Object.keys(value).sort() : Object.keys(value);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = walk(value[k], sortKeys);
    if (v === UNSUPPORTED) return UNSUPPORTED;
    if (v != null) out[k] = v;
  }
  return out;
}
