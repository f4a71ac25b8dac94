import * as fs from 'fs';
import { KubeCore } from '../validation/core/kube-core';

/**
 * Reading Kubernetes manifests from YAML/JSON files or stdin, for every `node-daemons` command (`validate`, `plan`,
 * `static-pod`) and the cdk8s validation plugin.
 *
 * ```ts
 * import { ManifestFiles } from './manifest-files';
 * const { documents, errors } = ManifestFiles.load(['a.yaml', '-'], { stdin: text });
 * // or: const documents = ManifestFiles.loadOrThrow(paths)  (throws ManifestLoadError listing every problem)
 * ```
 *
 * Behaviour:
 * - A file may hold several YAML documents separated by `---`; JSON is YAML, so `.json` files work too. A file
 *   whose first character (after white space) is `{` is read as JSON, as kubectl's YAMLOrJSONDecoder does, when it
 *   is one JSON value (`kubectl get -o json` output, a List of any size); otherwise as YAML.
 * - `-` means standard input (read synchronously from fd 0 unless `options.stdin` gives the text).
 * - YAML 1.1 rules, like kubectl (sigs.k8s.io/yaml on go-yaml v2): `0644` is octal (420), `yes`/`on` are booleans,
 *   `<<` merge keys work. Duplicate mapping keys are an error.
 * - A `kind: List` (or `*List`) document with an `items` array is expanded: each item becomes its own
 *   `LoadedDocument` with `item` set.
 * - Empty documents (only comments, or a trailing `---`) are skipped as kubectl does, and listed in
 *   `LoadResult.empty` so nothing disappears silently.
 * - Every other problem (unreadable file, file too large, YAML syntax error, a document that is not a mapping,
 *   missing `apiVersion`/`kind`) is collected as a `ManifestLoadProblem` naming the file, the document index and
 *   the line; loading continues with the next document so all problems are reported at once.
 *
 * Document indexes are 0-based and count every document in the file, including empty ones, so `doc[2]` is the
 * third `---`-separated document.
 */

/** One Kubernetes object read from a file. */
export interface LoadedDocument {
  /** File name as given on the command line (`<stdin>` for `-`). */
  readonly file: string;
  /** 0-based index of the YAML document in the file. */
  readonly index: number;
  /** For an item of a `kind: List` document: its 0-based position in `items`. */
  readonly item?: number;
  /** 1-based line where the document (or list) starts. */
  readonly line: number;
  /** The parsed object (plain JSON). */
  readonly object: any;
}

/** A problem with one file or document. */
export interface ManifestLoadProblem {
  /** File name as given (`<stdin>` for `-`). */
  readonly file: string;
  /** 0-based document index, when the problem is inside a document. */
  readonly index?: number;
  /** 0-based item of a `kind: List` document. */
  readonly item?: number;
  /** 1-based line, when known. */
  readonly line?: number;
  /** What is wrong and how to fix it (without the location prefix). */
  readonly message: string;
}

/** Result of `ManifestFiles.load`. */
export interface LoadResult {
  /** The objects, in file and document order. */
  readonly documents: LoadedDocument[];
  /** Problems; loading continued past each of them. */
  readonly errors: ManifestLoadProblem[];
  /** Empty documents that were skipped (file and index). */
  readonly empty: { file: string; index: number }[];
}

/** Options for `ManifestFiles.load`. */
export interface LoadOptions {
  /** Text to use for `-` instead of reading fd 0. */
  readonly stdin?: string;
  /**
   * Largest file accepted, in bytes; larger files are reported instead of read.
   * @default 33554432 (32 MiB)
   */
  readonly maxBytes?: number;
  /**
   * Report objects without a string `apiVersion` and `kind` as problems (and leave them out of `documents`).
   * @default true
   */
  readonly requireKind?: boolean;
}

/** Thrown by `ManifestFiles.loadOrThrow`; the message lists every problem, one per line. */
export class ManifestLoadError extends Error {
  constructor(public readonly problems: ManifestLoadProblem[]) {
    super(problems.map((p) => ManifestFiles.formatProblem(p)).join('\n'));
    this.name = 'ManifestLoadError';
  }
}

/** Default size limit: 32 MiB. */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

const STDIN_NAME = '<stdin>';

/** Loads YAML/JSON manifests from files or stdin. */
export class ManifestFiles {
  /**
   * Read and parse files (`-` = stdin). Never throws for bad input: problems are in `errors`.
   */
  public static load(paths: string[], options: LoadOptions = {}): LoadResult {
    const result: LoadResult = { documents: [], errors: [], empty: [] };
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    let stdinUsed = false;
    // in the order given: a file's text, or the problem reading it
    const pending: Array<[string, string] | ManifestLoadProblem> = [];
    for (const p of paths) {
      let text: string;
      let name = p;
      if (p === '-') {
        name = STDIN_NAME;
        if (stdinUsed) {
          pending.push({ file: name, message: 'stdin (-) was given more than once; pass it once' });
          continue;
        }
        stdinUsed = true;
        try {
          text = options.stdin ?? fs.readFileSync(0, 'utf8');
        } catch (e: any) {
          pending.push({ file: name, message: `cannot read standard input: ${e?.code ?? e?.message ?? e}` });
          continue;
        }
        if (Buffer.byteLength(text) > maxBytes) {
          pending.push({ file: name, message: tooLarge(Buffer.byteLength(text), maxBytes) });
          continue;
        }
      } else {
        try {
          const st = fs.statSync(p);
          if (st.isDirectory()) {
            pending.push({ file: name, message: 'is a directory; pass the YAML files inside it (e.g. dir/*.yaml)' });
            continue;
          }
          if (st.size > maxBytes) {
            pending.push({ file: name, message: tooLarge(st.size, maxBytes) });
            continue;
          }
          text = fs.readFileSync(p, 'utf8');
        } catch (e: any) {
          const why = e?.code === 'ENOENT' ? 'file not found' : e?.code === 'EACCES' ? 'permission denied' : String(e?.message ?? e);
          pending.push({ file: name, message: `cannot read file: ${why}` });
          continue;
        }
      }
      pending.push([name, text]);
    }
    // every file is read before any is parsed: the core that will judge the objects reads them
    KubeCore.willRead(pending.flatMap((x) => (Array.isArray(x) ? [x[1]] : [])));
    for (const x of pending) {
      if (Array.isArray(x)) ManifestFiles.parseInto(x[1], x[0], result, options);
      else result.errors.push(x);
    }
    return result;
  }

  /** Like `load`, but throws a `ManifestLoadError` listing every problem if there is any. */
  public static loadOrThrow(paths: string[], options: LoadOptions = {}): LoadedDocument[] {
    const r = ManifestFiles.load(paths, options);
    if (r.errors.length > 0) throw new ManifestLoadError(r.errors);
    return r.documents;
  }

  /** Parse YAML text already in memory (`file` is used in messages). */
  public static parse(text: string, file: string, options: LoadOptions = {}): LoadResult {
    const result: LoadResult = { documents: [], errors: [], empty: [] };
    KubeCore.willRead([text]);
    ManifestFiles.parseInto(text, file, result, options);
    return result;
  }

  /** Read all of standard input asynchronously (works for pipes and TTYs). */
  public static async readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** `file doc[index] (line N): message` */
  public static formatProblem(p: ManifestLoadProblem): string {
    return `${ManifestFiles.location(p)}: ${p.message}`;
  }

  /** `file`, `file doc[2]`, `file doc[2].items[0]`, with ` (line N)` when known. */
  public static location(p: { file: string; index?: number; item?: number; line?: number }): string {
    let s = p.file;
    if (p.index !== undefined) s += ` doc[${p.index}]`;
    if (p.item !== undefined) s += `.items[${p.item}]`;
    if (p.line !== undefined) s += ` (line ${p.line})`;
    return s;
  }

  private static parseInto(text: string, file: string, result: LoadResult, options: LoadOptions): void {
    const requireKind = options.requireKind ?? true;
    const json = readJson(text);
    if (json !== undefined) {
      ManifestFiles.addObject(json.value, file, 0, json.line, result, requireKind);
      return;
    }
    // every document is read as kubectl reads it: sigs.k8s.io/yaml, in the embedded API-server core; a few
    // megabytes of documents at a time (shared with the core's worker threads when large, core-pool.ts)
    const chunks = splitDocuments(text);
    for (let from = 0; from < chunks.length;) {
      let to = from;
      for (let size = 0; to < chunks.length && (to === from || size < CONVERT_WINDOW_BYTES); to++) size += chunks[to].text.length;
      const window = chunks.slice(from, to);
      const lists = window.map((c) => (c.error === undefined && c.text.length >= SPLIT_LIST_BYTES ? readLargeList(c.text) : undefined));
      const plain = window.flatMap((c, i) => (c.error === undefined && lists[i] === undefined ? [i] : []));
      const converted = KubeCore.yamlToJsonAll(plain.map((i) => window[i].text));
      const conversion = new Map(plain.map((i, j) => [i, converted[j]]));
      window.forEach((chunk, i) => {
        const index = from + i;
        const line = chunk.line;
        if (chunk.error !== undefined) {
          result.errors.push({ file, index, line, message: chunk.error });
          return;
        }
        if (lists[i] !== undefined) {
          ManifestFiles.addObject(lists[i], file, index, line, result, requireKind);
          return;
        }
        const c = conversion.get(i)!;
        if (c.error !== undefined) {
          result.errors.push({ file, index, line: errorLine(c.error, line), message: `invalid YAML: ${relativeToFile(c.error, line)}` });
          return;
        }
        ManifestFiles.addObject(JSON.parse(c.json ?? 'null'), file, index, line, result, requireKind);
      });
      from = to;
    }
  }

  private static addObject(obj: any, file: string, index: number, line: number, result: LoadResult, requireKind: boolean): void {
    if (obj === null || obj === undefined) {
      result.empty.push({ file, index });
      return;
    }
    const problem = ManifestFiles.checkObject(obj, requireKind);
    if (problem) {
      result.errors.push({ file, index, line, message: problem });
      return;
    }
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      obj.items.forEach((it: any, item: number) => {
        const p = ManifestFiles.checkObject(it, requireKind);
        if (p) result.errors.push({ file, index, item, line, message: p });
        else result.documents.push({ file, index, item, line, object: it });
      });
      return;
    }
    result.documents.push({ file, index, line, object: obj });
  }

  private static checkObject(obj: any, requireKind: boolean): string | undefined {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      const what = Array.isArray(obj) ? 'a list' : obj === null ? 'null' : `a ${typeof obj} (${JSON.stringify(obj).slice(0, 40)})`;
      return `document is ${what}, not a Kubernetes object; each document must be a mapping with apiVersion, kind and metadata`;
    }
    if (!requireKind) return undefined;
    const missing: string[] = [];
    if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') missing.push('apiVersion');
    if (typeof obj.kind !== 'string' || obj.kind === '') missing.push('kind');
    if (missing.length > 0) {
      const name = obj.metadata?.name ? ` (metadata.name ${JSON.stringify(obj.metadata.name)})` : '';
      return `object${name} has no ${missing.join(' and no ')}; add e.g. "apiVersion: apps/v1" and "kind: DaemonSet"`;
    }
    return undefined;
  }
}

/**
 * A stream that starts with `{` is JSON for kubectl (apimachinery's YAMLOrJSONDecoder sniffs the first
 * non-space byte): read it with JSON.parse when it is exactly one JSON object; anything else (several objects, a
 * flow-style YAML mapping, a syntax error) goes the YAML way, which reports problems with their line.
 */
function readJson(text: string): { value: unknown; line: number } | undefined {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  if (text[i] !== '{') return undefined;
  try {
    return { value: JSON.parse(text), line: text.slice(0, i).split('\n').length };
  } catch {
    return undefined;
  }
}

/** Documents from this size on are read item by item when they are a plain `items:` list (readLargeList). */
const SPLIT_LIST_BYTES = 2 * 1024 * 1024;
/** About how much YAML of a stream is converted (and its objects read) before the next. */
const CONVERT_WINDOW_BYTES = 8 * 1024 * 1024;
/** About how much YAML of a large list each conversion reads. */
const LIST_PART_BYTES = 512 * 1024;

const TOP_LEVEL_KEY = /^[A-Za-z][A-Za-z0-9_.-]*:( |$)/;

/** A line (its indentation removed) that holds no node. */
const blankOrComment = (content: string) => content.trim() === '' || content.startsWith('#');

/**
 * A large document whose top level is a block mapping with a block sequence under `items:` (`kind: List`, as
 * `kubectl get -o yaml` writes it), converted a few hundred kilobytes of items at a time, so that memory stays
 * bounded (go-yaml holds the whole document's nodes at once otherwise). Each part is `items:` and whole items,
 * converted by the same reader. An item can only depend on another through an alias of an anchor, and a part
 * with an alias to an anchor elsewhere does not convert: then, and for any other shape or error, this returns
 * undefined and the document is converted whole (which also reports its errors with their lines).
 */
function readLargeList(text: string): any {
  const lines = text.split('\n');
  // the top level: simple keys at column 0, exactly one of them `items:` with nothing after it
  let itemsAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === '' || l[0] === ' ' || l[0] === '#' || l[0] === '-') continue;
    if (!TOP_LEVEL_KEY.test(l)) return undefined;
    if (!/^items\s*:/.test(l)) continue;
    if (itemsAt >= 0 || !/^items:\s*(#.*)?$/.test(l)) return undefined;
    itemsAt = i;
  }
  if (itemsAt < 0) return undefined;
  // the entries of the sequence, from the first one to the next top-level key
  let first = itemsAt + 1;
  while (first < lines.length && blankOrComment(lines[first].trimStart())) first++;
  const m = /^( *)-( |$)/.exec(lines[first] ?? '');
  if (!m) return undefined;
  const indent = m[1].length;
  const starts: number[] = [];
  let end = first;
  for (; end < lines.length; end++) {
    const l = lines[end];
    // indentation is spaces (YAML allows no tabs there); a tab after them is content of a deeper node
    const content = l.replace(/^ +/, '');
    if (blankOrComment(content)) continue;
    const at = l.length - content.length;
    if (at === 0 && (indent > 0 || content[0] !== '-')) {
      if (!TOP_LEVEL_KEY.test(l)) return undefined;
      break;
    }
    if (at < indent) return undefined;
    if (at === indent) {
      if (!/^-( |$)/.test(content)) return undefined;
      starts.push(end);
    }
  }
  const head = KubeCore.yamlToJson([...lines.slice(0, itemsAt + 1), ...lines.slice(end)].join('\n'));
  if (head.error !== undefined) return undefined;
  const obj = JSON.parse(head.json ?? 'null');
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || obj.items !== null) return undefined;
  // whole entries, about LIST_PART_BYTES of them per part
  const parts: Array<{ text: string; count: number }> = [];
  for (let i = 0; i < starts.length;) {
    let j = i;
    for (let size = 0; j < starts.length && (j === i || size < LIST_PART_BYTES); j++) {
      const to = j + 1 < starts.length ? starts[j + 1] : end;
      for (let k = starts[j]; k < to; k++) size += lines[k].length + 1;
    }
    parts.push({ text: 'items:\n' + lines.slice(starts[i], j < starts.length ? starts[j] : end).join('\n'), count: j - i });
    i = j;
  }
  const converted = KubeCore.yamlToJsonAll(parts.map((p) => p.text));
  const items: unknown[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = converted[i];
    if (part.error !== undefined) return undefined;
    const got = JSON.parse(part.json ?? 'null')?.items;
    if (!Array.isArray(got) || got.length !== parts[i].count) return undefined;
    for (const it of got) items.push(it);
  }
  obj.items = items;
  return obj;
}

interface Chunk {
  readonly text: string;
  /** 1-based line of the document's first line in the file */
  readonly line: number;
  readonly error?: string;
}

/**
 * Split a stream into documents as kubectl does (apimachinery's YAMLReader): at lines that start with `---`,
 * followed by nothing but spaces or a comment.
 */
function splitDocuments(text: string): Chunk[] {
  if (text.trim() === '') return [];
  const lines = text.split('\n');
  const out: Chunk[] = [];
  let start = 0;
  let error: string | undefined;
  const flush = (end: number) => {
    const body = lines.slice(start, end).join('\n');
    // the line of the document's first content (comments and blank lines before it skipped)
    let first = start;
    while (first < end - 1 && (lines[first].trim() === '' || lines[first].trim().startsWith('#'))) first++;
    out.push({ text: body, line: first + 1, error });
    error = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('---')) continue;
    const rest = lines[i].slice(3).trim();
    if (rest !== '' && !rest.startsWith('#')) {
      if (error === undefined) error = `invalid YAML: text after the document separator "---" on line ${i + 1} (only a comment may follow it)`;
      continue;
    }
    flush(i);
    start = i + 1;
  }
  flush(lines.length);
  // a stream that starts with "---" (after comments) has no document before it
  const blank = (c: Chunk) => c.error === undefined && c.text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'));
  return out.length > 1 && blank(out[0]) ? out.slice(1) : out;
}

/** go-yaml numbers lines within the document: `yaml: line 3: ...` */
function errorLine(message: string, docLine: number): number {
  const m = /line (\d+)/.exec(message);
  return m ? docLine + Number(m[1]) - 1 : docLine;
}

function relativeToFile(message: string, docLine: number): string {
  return message.replace(/^(error converting YAML to JSON: )?yaml: /, '').replace(/line (\d+)/, (_, n) => `line ${docLine + Number(n) - 1}`);
}

function tooLarge(size: number, max: number): string {
  return `file is ${size} bytes, larger than the ${max}-byte limit; split it into smaller files`;
}

