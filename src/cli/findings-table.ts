/** One row of the `validate` table. */
export interface FindingRow {
  readonly severity: string;
  readonly resource: string;
  readonly location: string;
  readonly field: string;
  readonly ruleId: string;
  readonly message: string;
}

/** Below this width the findings are stacked (one block per finding) instead of laid out in columns. */
const COLUMNS_MIN_WIDTH = 120;

/**
 * Renders findings for a terminal `width` columns wide, every line at most `width` characters (a single word
 * longer than its column is cut into pieces). Wide terminals get columns (Severity, Resource, Field, Rule,
 * Message, the message wrapped); narrow ones (under 120) one block per finding: a heading line with severity, rule
 * and resource, then the location, the field and the wrapped message, indented. Plain string work, no table library.
 */
export function renderFindings(rows: readonly FindingRow[], width: number): string {
  const w = Math.max(40, Math.floor(width));
  return w >= COLUMNS_MIN_WIDTH ? columns(rows, w) : stacked(rows, w);
}

function stacked(rows: readonly FindingRow[], width: number): string {
  const out: string[] = [];
  const indent = '    ';
  for (const r of rows) {
    out.push(...wrap(`${r.severity.toUpperCase()} ${r.ruleId}${r.resource ? ' ' + r.resource : ''}`, width, ''));
    if (r.location) out.push(...wrap(r.location, width, indent));
    if (r.field) out.push(...wrap(r.field, width, indent));
    out.push(...wrap(r.message, width, indent));
    out.push('');
  }
  return out.join('\n');
}

function columns(rows: readonly FindingRow[], width: number): string {
  const longest = (f: (r: FindingRow) => string[], min: number) => {
    let n = min;
    for (const r of rows) for (const x of f(r)) if (x.length > n) n = x.length;
    return n;
  };
  const sevW = 8;
  const ruleW = Math.min(longest((r) => [r.ruleId], 4), 24);
  const resW = Math.min(longest((r) => [r.resource, r.location], 8), Math.floor(width * 0.25));
  const fieldW = Math.min(longest((r) => [r.field], 5), Math.floor(width * 0.25));
  const gap = 2;
  const msgW = width - sevW - ruleW - resW - fieldW - 4 * gap;
  const widths = [sevW, resW, fieldW, ruleW, msgW];
  const lines: string[] = [];
  const emit = (cells: string[][]) => {
    const height = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < height; i++) {
      let line = '';
      for (let j = 0; j < cells.length; j++) {
        const text = cells[j][i] ?? '';
        line += j === cells.length - 1 ? text : text + ' '.repeat(widths[j] - text.length + gap);
      }
      lines.push(line.trimEnd());
    }
  };
  emit([['Severity'], ['Resource'], ['Field'], ['Rule'], ['Message']]);
  emit(widths.map((n) => ['-'.repeat(n)]));
  for (const r of rows) {
    emit([
      wrap(r.severity, sevW, ''),
      [...wrapPath(r.resource, resW, /(?<=\/)/), ...(r.location ? wrapPath(r.location, resW, /(?<=[/ ])/).map((x) => x.trim()) : [])],
      wrapPath(r.field, fieldW),
      wrap(r.ruleId, ruleW, ''),
      wrap(r.message, msgW, ''),
    ]);
  }
  return lines.join('\n') + '\n';
}

/**
 * Wraps a field path after its dots (`spec.template.` / `spec.containers[0].`), or a file location after its
 * slashes and spaces (`after`), cutting only overlong parts.
 */
export function wrapPath(path: string, width: number, after: RegExp = /(?<=\.)/): string[] {
  const out: string[] = [];
  let line = '';
  for (let part of path.split(after)) {
    if (line.length + part.length <= width) {
      line += part;
      continue;
    }
    if (line !== '') out.push(line);
    while (part.length > width) {
      out.push(part.slice(0, width));
      part = part.slice(width);
    }
    line = part;
  }
  if (line !== '' || out.length === 0) out.push(line);
  return out;
}

/** Word-wraps `text` to lines of at most `width` characters including `indent`; overlong words are cut. */
export function wrap(text: string, width: number, indent: string): string[] {
  const room = Math.max(1, width - indent.length);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    let wd = word;
    if (line !== '' && line.length + 1 + wd.length <= room) {
      line += ' ' + wd;
      continue;
    }
    if (line !== '') out.push(indent + line);
    while (wd.length > room) {
      out.push(indent + wd.slice(0, room));
      wd = wd.slice(room);
    }
    line = wd;
  }
  if (line !== '' || out.length === 0) out.push(indent + line);
  return out;
}
