/**
 * Shared reason strings and reason arrays, so that excluded nodes do not allocate the same text again for every
 * node and every DaemonSet. Bounded: past the limit, values are built fresh instead of cached.
 *
 * Internal module.
 */

const LIMIT = 10_000;

const taintReasons = new Map<string, Map<string, Map<string, string>>>();
let taintReasonCount = 0;
const singleArrays = new Map<string, string[]>();

/** `untolerated taint key=value:Effect` (or `key:Effect`), the same string object for the same taint. */
export function untoleratedTaintReason(key: string, value: string, effect: string): string {
  let byValue = taintReasons.get(key);
  let byEffect = byValue?.get(value);
  const cached = byEffect?.get(effect);
  if (cached !== undefined) return cached;
  const reason = `untolerated taint ${key}${value.length > 0 ? '=' + value : ''}:${effect}`;
  if (taintReasonCount >= LIMIT) return reason;
  if (byValue === undefined) {
    byValue = new Map();
    taintReasons.set(key, byValue);
  }
  if (byEffect === undefined) {
    byEffect = new Map();
    byValue.set(value, byEffect);
  }
  byEffect.set(effect, reason);
  taintReasonCount++;
  return reason;
}

/** A frozen one-element array `[reason]`, shared by every decision with exactly this one reason. */
export function singleReason(reason: string): string[] {
  const cached = singleArrays.get(reason);
  if (cached !== undefined) return cached;
  const arr = Object.freeze([reason]) as unknown as string[];
  if (singleArrays.size < LIMIT) singleArrays.set(reason, arr);
  return arr;
}

const lists = new Map<string, string[]>();

/** A frozen copy of `reasons` (two or more), the same array for the same reasons. */
export function reasonList(reasons: readonly string[]): string[] {
  const key = reasons.join('\n');
  const cached = lists.get(key);
  if (cached !== undefined) return cached;
  const arr = Object.freeze(reasons.slice()) as unknown as string[];
  if (lists.size < LIMIT) lists.set(key, arr);
  return arr;
}
