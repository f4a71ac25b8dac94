/**
 * Shape guards for plain Kubernetes JSON of unknown validity: read fields without throwing.
 *
 * @internal
 */

const EMPTY: any = Object.freeze({});
const EMPTY_LIST: any[] = Object.freeze([]) as unknown as any[];

/** True for a plain object (not null, not an array). */
export function isObj(v: any): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value when it is an object, otherwise a frozen empty object. */
export function obj(v: any): any {
  return isObj(v) ? v : EMPTY;
}

/** The value when it is an array, otherwise a frozen empty array. */
export function arr(v: any): any[] {
  return Array.isArray(v) ? v : EMPTY_LIST;
}
