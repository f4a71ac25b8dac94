/**
 * Kubernetes resource quantities (`500m`, `2`, `1.5Gi`, `1e3`) read the way kube-scheduler reads them:
 * `MilliValue()` for cpu and `Value()` for everything else, both rounded up.
 *
 * Internal module.
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18 };
const PATTERN = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/;

const milliCache = new Map<string, number>();
const valueCache = new Map<string, number>();
const MAX_CACHE = 10_000;

/** The quantity's exact value as a float, or undefined when it is not a valid quantity. */
export function parseQuantity(text: unknown): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  if (typeof text !== 'string') return undefined;
  const m = PATTERN.exec(text.trim());
  if (m === null) return undefined;
  const n = Number(m[1]);
  if (m[2] !== undefined) return n * (BINARY[m[2]] ?? DECIMAL[m[2]]);
  if (m[3] !== undefined) return n * 10 ** Number(m[3]);
  return n;
}

/** Round up, tolerating float noise (`0.1 * 1000` must give 100, not 101). */
function ceil(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-6 * Math.max(1, Math.abs(v)) ? r : Math.ceil(v);
}

/**
 * The plain forms (up to 9 digits, no sign or point, an optional `m`, `k`/`M`/`G`/`T` or `Ki`/`Mi`/`Gi`/`Ti`)
 * read without a regular expression or a cache lookup: `MilliValue()` (`milli`) or `Value()`, exact as long as
 * the result is a safe integer. Undefined for every other form (the general parser reads those; `Value()` of a
 * milli quantity too, for its rounding).
 */
function plainScaled(text: string, milli: boolean): number | undefined {
  const len = text.length;
  let n = 0;
  let i = 0;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (i === 9) return undefined;
    n = n * 10 + (c - 48);
  }
  if (i === 0) return undefined;
  let mult: number;
  const rest = len - i;
  if (rest === 0) {
    mult = 1;
  } else if (rest === 1) {
    const c = text.charCodeAt(i);
    if (c === 109 /* m */) {
      if (!milli) return undefined;
      return n;
    }
    mult = c === 107 /* k */ ? 1e3 : c === 77 /* M */ ? 1e6 : c === 71 /* G */ ? 1e9 : c === 84 /* T */ ? 1e12 : 0;
  } else if (rest === 2 && text.charCodeAt(i + 1) === 105 /* i */) {
    const c = text.charCodeAt(i);
    mult = c === 75 /* K */ ? 2 ** 10 : c === 77 /* M */ ? 2 ** 20 : c === 71 /* G */ ? 2 ** 30 : c === 84 /* T */ ? 2 ** 40 : 0;
  } else {
    return undefined;
  }
  if (mult === 0) return undefined;
  const r = milli ? n * mult * 1000 : n * mult;
  return Number.isSafeInteger(r) ? r : undefined;
}

/** `Quantity.MilliValue()`: thousandths, rounded up (cpu). Invalid quantities give undefined. */
export function milliValue(text: unknown): number | undefined {
  if (typeof text === 'string') {
    const plain = plainScaled(text, true);
    if (plain !== undefined) return plain;
    const hit = milliCache.get(text);
    if (hit !== undefined) return hit;
  }
  const v = parseQuantity(text);
  if (v === undefined) return undefined;
  const r = ceil(v * 1000);
  if (typeof text === 'string' && milliCache.size < MAX_CACHE) milliCache.set(text, r);
  return r;
}

/** `Quantity.Value()`: the integer value, rounded up (memory, storage, extended resources). */
export function intValue(text: unknown): number | undefined {
  if (typeof text === 'string') {
    const plain = plainScaled(text, false);
    if (plain !== undefined) return plain;
    const hit = valueCache.get(text);
    if (hit !== undefined) return hit;
  }
  const v = parseQuantity(text);
  if (v === undefined) return undefined;
  const r = ceil(v);
  if (typeof text === 'string' && valueCache.size < MAX_CACHE) valueCache.set(text, r);
  return r;
}

/** Millicores as people write them: `250m`, `2`, `1500m`. */
export function formatMilli(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes in the largest binary unit that keeps the figure readable: `512Mi`, `1.5Gi`, `100`. */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
  for (const [unit, size] of units) {
    if (Math.abs(bytes) >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : Number(v.toFixed(2))}${unit}`;
    }
  }
  return String(bytes);
}

/** A resource amount in its natural unit: millicores for cpu, binary units for memory/storage/hugepages, plain otherwise. */
export function formatResource(name: string, amount: number): string {
  if (name === 'cpu') return formatMilli(amount);
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) return formatBytes(amount);
  return String(amount);
}
