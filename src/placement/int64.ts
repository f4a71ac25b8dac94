/**
 * Go integer parsing used by the placement rules, on plain strings.
 *
 * Internal module: not re-exported from the package.
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const PARSE_INT_RE = /^[+-]?[0-9]+$/;

/**
 * `strconv.ParseInt(s, 10, 64)`: an optional sign and decimal digits (leading zeros allowed), in int64 range.
 *
 * @returns the value, or `undefined` when Go would return an error
 */
export function parseGoInt64(s: string): bigint | undefined {
  if (typeof s !== 'string' || !PARSE_INT_RE.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/** The message of `content.IsDecimalInteger` for a non-canonical value. */
export const DECIMAL_INTEGER_ERROR = 'must be a valid decimal integer in canonical form';

/**
 * `content.IsDecimalInteger` followed by `strconv.ParseInt`: "0" or an optional `-` and digits without
 * leading zeros, no `+`, no spaces, in int64 range.
 *
 * @returns the value, or `undefined` when the string is not a canonical int64
 */
export function parseCanonicalInt64(s: string): bigint | undefined {
  if (typeof s !== 'string' || !/^(0|-?[1-9][0-9]*)$/.test(s)) return undefined;
  return parseGoInt64(s);
}

