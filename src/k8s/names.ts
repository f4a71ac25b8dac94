/**
 * Kubernetes name, label and annotation syntax checks, with the exact messages the API server
 * prints (apimachinery `pkg/util/validation`). Plain functions on plain strings: shared by the
 * construct layer (synth-time checks) and the manifest validator.
 *
 * @internal
 */

const QUALIFIED_NAME_CHARS = '[-A-Za-z0-9_.]';
const QUALIFIED_NAME_FMT = `([A-Za-z0-9]${QUALIFIED_NAME_CHARS}*)?[A-Za-z0-9]`;
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);

/** Upstream `RegexError` text (the double space after each example is upstream's). */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  let s = msg;
  if (examples.length > 0) {
    s += ' (e.g. ' + examples.map((e) => `'${e}'`).join(',  or ') + ', ';
  } else {
    s += ' (';
  }
  return s + `regex used for validation is '${fmt}')`;
}

/** Message for a name that is not a DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_ERROR = regexError(
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  DNS1123_SUBDOMAIN_FMT, 'example.com');

/** Message for a name that is not a DNS-1123 label. */
export const DNS1123_LABEL_ERROR = regexError(
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  DNS1123_LABEL_FMT, 'my-name', '123-abc');

const QUALIFIED_NAME_ERROR = regexError(
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc');

const LABEL_VALUE_ERROR = regexError(
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345');

/** Returned for every valid value (never modified). */
const NONE: string[] = Object.freeze([]) as unknown as string[];

/**
 * UTF-8 length. A value that matched one of the ASCII-only patterns has as many bytes as characters.
 */
function byteLength(value: string, ascii: boolean): number {
  return ascii ? value.length : Buffer.byteLength(value);
}

/** Messages for a label/annotation key that is not a qualified name; empty when valid. */
export function qualifiedNameErrors(value: string): string[] {
  const slash = value.indexOf('/');
  if (slash < 0) {
    // the common case: no prefix
    const matches = value.length > 0 && QUALIFIED_NAME_RE.test(value);
    if (matches && value.length <= 63) return NONE;
    return nameErrors(value, matches, []);
  }
  if (value.indexOf('/', slash + 1) >= 0) {
    return [regexError(
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc',
    ) + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  const prefix = value.slice(0, slash);
  const name = value.slice(slash + 1);
  const prefixErrs = prefix.length === 0 ? ['prefix part must be non-empty'] : dns1123SubdomainErrors(prefix).map((e) => 'prefix part ' + e);
  const matches = name.length > 0 && QUALIFIED_NAME_RE.test(name);
  if (prefixErrs.length === 0 && matches && name.length <= 63) return NONE;
  return nameErrors(name, matches, prefixErrs);
}

function nameErrors(name: string, matches: boolean, errs: string[]): string[] {
  if (name.length === 0) {
    errs.push('name part must be non-empty');
  } else if (byteLength(name, matches) > 63) {
    errs.push('name part must be no more than 63 bytes');
  }
  if (name.length > 0 && !matches) errs.push(QUALIFIED_NAME_ERROR);
  return errs;
}

/** Messages for an invalid label value; empty when valid. */
export function labelValueErrors(value: string): string[] {
  const matches = LABEL_VALUE_RE.test(value);
  const tooLong = byteLength(value, matches) > 63;
  if (matches && !tooLong) return NONE;
  const errs: string[] = [];
  if (tooLong) errs.push('must be no more than 63 bytes');
  if (!matches) errs.push(LABEL_VALUE_ERROR);
  return errs;
}

/** Messages for a name that is not a DNS-1123 subdomain; empty when valid. */
export function dns1123SubdomainErrors(value: string): string[] {
  return patternErrors(value, DNS1123_SUBDOMAIN_RE, 253, DNS1123_SUBDOMAIN_ERROR);
}

/** Messages for a name that is not a DNS-1123 label; empty when valid. */
export function dns1123LabelErrors(value: string): string[] {
  return patternErrors(value, DNS1123_LABEL_RE, 63, DNS1123_LABEL_ERROR);
}

/** Upstream's length check (in characters) then pattern check; the shared empty list when both pass. */
function patternErrors(value: string, re: RegExp, maxLength: number, patternError: string): string[] {
  const matches = re.test(value);
  if (matches && value.length <= maxLength) return NONE;
  const errs: string[] = [];
  if (value.length > maxLength) errs.push(`must be no more than ${maxLength} characters`);
  if (!matches) errs.push(patternError);
  return errs;
}
