import * as fs from 'fs';
import * as path from 'path';
import { CorePool, PoolOp, guidedGroups } from './core-pool';
import { SMALL_CORE_KINDS } from './small-core-kinds';

/**
 * One error of the API server's answer to a create request (`details.causes`, a strict decoding error, or the
 * message of another rejection).
 */
export interface CoreCause {
  /**
   * The server's cause type (`FieldValueInvalid`, `FieldValueRequired`, ...) or `UnknownField`, `DuplicateField`,
   * `Decode` (the body cannot be decoded), `NotFound` (no such API version or kind), `BadRequest`, `Internal`.
   */
  readonly type: string;
  /** The field in the API server's path format, e.g. `spec.template.spec.containers[0].image`. */
  readonly field?: string;
  /** The server's message for it, e.g. `Required value`. */
  readonly message: string;
}

/** A failed official Pod Security check. */
export interface CoreViolation {
  readonly reason: string;
  readonly detail?: string;
}

/** The Pod Security level an object's pods need (official checks, latest version), and what fails the stricter levels. */
export interface CorePodSecurity {
  readonly level: 'privileged' | 'baseline' | 'restricted';
  readonly baseline?: CoreViolation[];
  readonly restricted?: CoreViolation[];
}

/** The core's answer for one object. */
export interface CoreResult {
  /**
   * `validated`: a built-in kind, or a custom resource whose CustomResourceDefinition is in the same call, judged as
   * the API server does on create; `custom`: a group the API server does not serve by itself (a custom resource
   * without its definition); `unjudged`: a built-in kind the core does not judge; `rejected`: the request itself is refused (version or kind not served,
   * body not decodable).
   */
  readonly status: 'validated' | 'custom' | 'unjudged' | 'rejected';
  readonly errors?: CoreCause[];
  readonly warnings?: string[];
  readonly podSecurity?: CorePodSecurity;
  /** For a kind its group-version does not serve: the kinds it does. */
  readonly kinds?: string[];
}

/** What {@link KubeCore.judge} computes beyond the API server's answer. */
export interface JudgeOptions {
  /**
   * Evaluate the Pod Security levels of the objects' pods (`CoreResult.podSecurity`); about a tenth of the work
   * for a DaemonSet.
   * @default true
   */
  readonly podSecurity?: boolean;
}

export interface CoreApi {
  validate(json: string): string;
  yamlToJson(yaml: string): { json?: string; error?: string };
  /** The (apiVersion, kind) pairs the core judges, as a JSON array of pairs. */
  kinds(): string;
}

const GLOBAL_NAME = 'cdk8sNodeDaemonsCore';
const BATCH_BYTES = 1_048_576;
/**
 * The smallest part of an input split between threads: for judging about 10 ms of the core's work (each call costs
 * about 0.2 ms more than its objects).
 */
const MIN_CHUNK_BYTES: Readonly<Record<PoolOp, number>> = { validate: 16 * 1024, yaml: 64 * 1024 };
/** The largest part of a YAML conversion split between threads (judging: BATCH_BYTES). */
const MAX_YAML_CHUNK_BYTES = 4 * 1024 * 1024;

/** A text that starts like JSON (no YAML reading needed when it is JSON). */
const JSON_START = /^\s*[{[]/;

/**
 * The two builds of the core (apiserver-core/build.sh), from the same sources: `full` judges every kind the API
 * server serves, CustomResourceDefinitions and custom resources; `small` judges the common kinds only
 * (SMALL_CORE_KINDS), and loads in about two thirds of the time.
 */
export type CoreVariant = 'full' | 'small';

const FILES: Record<CoreVariant, string> = { full: 'kube-core', small: 'kube-core-small' };
/** Where a loaded core is kept for the process (shared by jest module registries): globalThis[name]. */
const GLOBALS: Record<CoreVariant, string> = { full: GLOBAL_NAME, small: `${GLOBAL_NAME}Small` };
const apis: Partial<Record<CoreVariant, CoreApi>> = {};

const SMALL_KINDS = new Set(Object.entries(SMALL_CORE_KINDS).flatMap(([v, ks]) => ks.map((k) => `${v}\t${k}`)));

/**
 * Which core judges a call: the small one when every object's exact apiVersion and kind is one it judges (a
 * misspelled kind, an unserved version, a CustomResourceDefinition or a custom resource go to the full one, whose
 * answer for them the small one could not give) and the full one is not loaded yet; the full one otherwise. Both
 * give the same answer for the objects the small one judges.
 */
export function coreVariantFor(objects: readonly unknown[], loaded: readonly CoreVariant[] = loadedCores()): CoreVariant {
  if (loaded.includes('full')) return 'full';
  const small = objects.every((o: any) => typeof o?.apiVersion === 'string' && typeof o?.kind === 'string' && SMALL_KINDS.has(`${o.apiVersion}\t${o.kind}`));
  return small ? 'small' : 'full';
}

/** The core that reads YAML before either is loaded (KubeCore.willRead); the small one unless told otherwise. */
let reader: CoreVariant = 'small';

/** A document's top-level `apiVersion:` or `kind:` line, with its plain or quoted value. */
const HEAD_LINE = /^(apiVersion|kind):[ \t]*(["']?)([^\s"'#]*)\2[ \t]*(?:#.*)?$/gm;

/**
 * Whether a manifest's text has a document whose apiVersion and kind, as its top-level lines show them, are not a
 * pair the small core judges (JSON text is read without the core: no).
 */
export function needsFullCore(text: string): boolean {
  if (JSON_START.test(text)) return false;
  for (const doc of text.split(/^---.*$/m)) {
    let v: string | undefined;
    let k: string | undefined;
    for (const m of doc.matchAll(HEAD_LINE)) {
      if (m[1] === 'apiVersion') v ??= m[3];
      else k ??= m[3];
    }
    if (v === undefined && k === undefined) continue;
    if (v === undefined || k === undefined || !SMALL_KINDS.has(`${v}\t${k}`)) return true;
  }
  return false;
}

/** The core that reads YAML: the one already loaded, else the one that will judge it (KubeCore.willRead). */
function readerCore(): CoreVariant {
  return loadedCores()[0] ?? reader;
}

/** The cores loaded in this process. */
function loadedCores(): CoreVariant[] {
  const g = globalThis as any;
  return (['full', 'small'] as const).filter((v) => apis[v] !== undefined || g[GLOBALS[v]]?.validate);
}

/** Each group as one text after `head`. */
function* joined(head: string, groups: Iterable<string[]>): Generator<string> {
  for (const g of groups) yield head + g.join('');
}

/** Consecutive texts in groups of at least `bytes` (the last one smaller), in order; a text is never split. */
function groupBySize(texts: readonly string[], bytes: number): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let size = 0;
  for (const t of texts) {
    group.push(t);
    size += t.length;
    if (size >= bytes) {
      groups.push(group);
      group = [];
      size = 0;
    }
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function parseResults(answer: string): CoreResult[] {
  const results = JSON.parse(answer);
  if (!Array.isArray(results)) throw new Error(`the API-server core could not read its input: ${results?.error ?? JSON.stringify(results)}`);
  return results;
}

/**
 * Where the build puts the module: `lib/core/` of the package, found from this file (in `src/` or `lib/`, or in a
 * copy of either) as the nearest ancestor that has it.
 */
function coreDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'lib', 'core');
    if (fs.existsSync(path.join(candidate, `${FILES.full}.wasm`))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.join(__dirname, '..', '..', '..', 'lib', 'core');
}

/**
 * One object as a line of the core's batch (apiserver-core/batch.go): `H` apiVersion TAB kind TAB JSON when both are
 * strings free of tabs and newlines (the core then need not read them from the text), else `J` JSON. JSON text
 * never holds a raw newline.
 */
export function batchLine(o: any): string {
  const json = JSON.stringify(o);
  const v = o?.apiVersion;
  const k = o?.kind;
  if (typeof v === 'string' && typeof k === 'string' && !/[\t\n]/.test(v + k)) return `H${v}\t${k}\t${json}\n`;
  return `J${json}\n`;
}

/**
 * The embedded API-server core: the pinned Kubernetes release's own decoding, defaulting, validation, warnings and
 * Pod Security checks, and kubectl's YAML reading, compiled to WebAssembly (apiserver-core/). Loaded on first use,
 * synchronously, once per process (or jest module registry).
 */
export class KubeCore {
  /**
   * Judge objects as kube-apiserver does on a create request with `fieldValidation=Strict` (one call per megabyte of
   * JSON).
   *
   * @param objects plain JSON objects
   * @param options what to compute beyond the server's answer
   * @returns one result per object, same order
   */
  public static judge(objects: readonly unknown[], options: JudgeOptions = {}): CoreResult[] {
    if (objects.length === 0) return [];
    const variant = coreVariantFor(objects);
    const core = KubeCore.load(variant);
    // the batch's options line (apiserver-core/batch.go), first in every call
    const head = options.podSecurity === false ? 'O{"podSecurity":false}\n' : '';
    // CustomResourceDefinitions serve their kinds to the rest of their call: an input with one is judged in one call
    if (objects.some((o: any) => o?.kind === 'CustomResourceDefinition')) return parseResults(core.validate(head + objects.map(batchLine).join('')));
    // in calls of at most about a megabyte: the Go heap (and so each garbage collection) stays small, so time grows
    // linearly with the input and memory stays bounded; a large input in smaller calls, shared with more instances
    // of the core in worker threads (core-pool.ts), which start on the first call while this thread makes the next
    const lines: string[] = [];
    let size = 0;
    while (lines.length < objects.length && (lines.length < 8 || size < MIN_CHUNK_BYTES.validate)) {
      const l = batchLine(objects[lines.length]);
      lines.push(l);
      size += l.length;
    }
    const line = (i: number) => (i < lines.length ? lines[i] : batchLine(objects[i]));
    const threads = CorePool.threadsFor((size / lines.length) * objects.length, 'validate');
    const answers = threads > 1
      ? CorePool.run('validate', variant, joined(head, guidedGroups(objects.length, line, threads, MIN_CHUNK_BYTES.validate, BATCH_BYTES)), (text) => core.validate(text))
      : Array.from(joined(head, groupBySize(objects.map((_, i) => line(i)), BATCH_BYTES)), (text) => core.validate(text));
    const out: CoreResult[] = [];
    for (const answer of answers) for (const r of parseResults(answer)) out.push(r);
    return out;
  }

  /**
   * One call of a core on a batch of its lines (apiserver-core/batch.go), as {@link judge} makes it (a worker thread
   * of the pool judges with the core the calling thread chose).
   *
   * @param batch the lines
   * @param variant which core
   * @returns the core's answer, a JSON array of results
   */
  public static validateBatch(batch: string, variant: CoreVariant): string {
    return KubeCore.load(variant).validate(batch);
  }

  /**
   * Turn one YAML document into JSON text exactly as kubectl reads it (`sigs.k8s.io/yaml`).
   *
   * @param yaml the document
   * @returns the JSON text, or the reader's error
   */
  public static yamlToJson(yaml: string): { readonly json?: string; readonly error?: string } {
    // either core reads YAML the same way: the one already loaded, else the one that will judge it (willRead)
    return KubeCore.load(readerCore()).yamlToJson(yaml);
  }

  /**
   * A hint from a reader of manifests: the texts it is about to read (yamlToJson) and then judge. When a document's
   * apiVersion and kind (as its top-level lines show them) are not a pair the small core judges, the full core
   * will judge it: the full core then reads the YAML too, so that the process loads one core, not both. Only a
   * hint: either core reads YAML, and judges the common kinds, in the same way. A large input starts the worker
   * threads of the pool now (`CorePool.expect`).
   *
   * @param texts the manifests' text
   */
  public static willRead(texts: readonly string[]): void {
    if (reader !== 'full' && loadedCores().length === 0 && texts.some(needsFullCore)) reader = 'full';
    // YAML enough to be converted by several threads: they start now, and load their core while this thread loads
    // its own and splits the text (JSON is read by JSON.parse, in this thread)
    CorePool.expect(texts.reduce((n, t) => n + (JSON_START.test(t) ? 0 : t.length), 0), 'yaml', readerCore());
  }

  /**
   * A hint from a caller about to judge, in one call, objects like `sample`, about `bytes` of them as the core reads
   * them: a batch large enough to be shared starts the worker threads of the pool now (`CorePool.expect`), so that
   * they load their core while the caller makes the objects.
   *
   * @param sample objects of the kinds to be judged
   * @param bytes the batch's expected size
   */
  public static willJudge(sample: readonly unknown[], bytes: number): void {
    CorePool.expect(bytes, 'validate', coreVariantFor(sample));
  }

  /**
   * Turn YAML documents into JSON text as {@link yamlToJson} does, sharing a large input with the instances of the
   * core in worker threads (core-pool.ts).
   *
   * @param docs the documents
   * @returns one conversion per document, same order
   */
  public static yamlToJsonAll(docs: readonly string[]): Array<{ readonly json?: string; readonly error?: string }> {
    const convert = (part: readonly string[]) => part.map((d) => KubeCore.yamlToJson(d));
    const size = docs.reduce((n, d) => n + d.length, 0);
    const threads = CorePool.threadsFor(size, 'yaml');
    if (threads === 1) return convert(docs);
    return CorePool.run('yaml', readerCore(), guidedGroups(docs.length, (i) => docs[i], threads, MIN_CHUNK_BYTES.yaml, MAX_YAML_CHUNK_BYTES), convert).flat();
  }

  /** Whether the modules are built (`lib/core/kube-core.wasm`, `kube-core-small.wasm` and their snapshots exist). */
  public static available(): boolean {
    const dir = coreDir();
    return Object.values(FILES).every((f) => fs.existsSync(path.join(dir, `${f}.wasm`)) && fs.existsSync(path.join(dir, `${f}.snapshot`)));
  }

  /**
   * The core of `variant`, loaded on first use (once per process).
   *
   * @param variant which build of the core
   */
  public static load(variant: CoreVariant): CoreApi {
    const loaded = apis[variant];
    if (loaded) return loaded;
    const g = globalThis as any;
    if (g[GLOBALS[variant]]?.validate) return (apis[variant] = g[GLOBALS[variant]] as CoreApi);
    const dir = coreDir();
    const wasm = path.join(dir, `${FILES[variant]}.wasm`);
    const snapshot = path.join(dir, `${FILES[variant]}.snapshot`);
    if (!fs.existsSync(wasm) || !fs.existsSync(snapshot)) {
      throw new Error(`the API-server core of cdk8s-node-daemons is not built (${fs.existsSync(wasm) ? snapshot : wasm} is missing): run "npx projen build:core" in the package (needs Go >= 1.26)`);
    }
    // Go's support code defines globalThis.Go; keep an existing one (another Go module in the same process)
    const previousGo = g.Go;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(dir, 'wasm_exec.js'));
    const Go = g.Go;
    if (previousGo !== undefined) g.Go = previousGo;
    const api = withTieringBudget(() => restore(compile(wasm), snapshot, Go));
    g[GLOBALS[variant]] = api;
    return (apis[variant] = api);
  }
}

/**
 * Compiles the module lazily: V8 validates and compiles each function on its first call (lazy compilation is
 * V8's default; lazy validation is switched on for this compilation only), so the functions a validation never
 * reaches (most of the ~55 MB) cost nothing.
 */
function compile(file: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const v8 = require('v8') as typeof import('v8');
  const bytes = fs.readFileSync(file);
  const lazyValidation = v8FlagGiven('wasm-lazy-validation');
  if (!lazyValidation) v8.setFlagsFromString('--wasm-lazy-validation');
  try {
    return new (globalThis as any).WebAssembly.Module(bytes);
  } finally {
    if (!lazyValidation) v8.setFlagsFromString('--no-wasm-lazy-validation');
  }
}

/**
 * Runs `f` (compiling and instantiating the core) with a larger budget before V8 re-compiles a wasm function with
 * its optimizing tier. With V8's default, the first validation spends most of its time waiting for optimizing
 * compilations of the thousands of functions it calls once; with the larger budget it runs them in the baseline
 * tier, and what is hot is still optimized later. V8 reads the budget when it sets a module up; it is set back
 * afterwards, so nothing else in the process sees it (unless given on the command line, which wins).
 */
function withTieringBudget<T>(f: () => T): T {
  const name = 'wasm-tiering-budget';
  if (v8FlagGiven(name)) return f();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const v8 = require('v8') as typeof import('v8');
  v8.setFlagsFromString(`--${name}=${CORE_TIERING_BUDGET}`);
  try {
    return f();
  } finally {
    v8.setFlagsFromString(`--${name}=${V8_DEFAULT_TIERING_BUDGET}`);
  }
}

/**
 * The core's budget: 300 million. Measured side by side on the realworld corpus (`validate --output json`, one
 * process): 50 million spent 15% more CPU time (optimizing compilations in the background of functions run a few
 * times); 1,000 million left hot functions in the baseline tier for long (warm validation of 1,000 DaemonSets
 * 1.3x slower). V8's default spends about twice the CPU time of 300 million on that corpus.
 */
const CORE_TIERING_BUDGET = 300_000_000;

/** V8's default of --wasm-tiering-budget (V8 11 to 13). */
const V8_DEFAULT_TIERING_BUDGET = 1_800_000;

/**
 * Whether the process was started with a V8 flag (`node --flag` or `--flag=value`, NODE_OPTIONS; dashes or
 * underscores), with or without a value.
 */
function v8FlagGiven(name: string): boolean {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const names = [name, name.replace(/-/g, '_')].map((n) => `--${n}`);
  return given.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`)));
}

interface SnapshotHeader {
  readonly bytes: number;
  /** The stretches of memory in the file, in order, as [offset, length] (the rest are zeros). */
  readonly runs: Array<[number, number]>;
  readonly globals: string[];
  readonly values: Array<{ fixed?: number; value?: unknown; func?: number; path?: string[]; released?: boolean }>;
  readonly refCounts: Array<number | null>;
  readonly idPool: number[];
  readonly nextTimeout: number;
  readonly functions: Record<string, number>;
}

/**
 * Starts the core from the state apiserver-core/snapshot.js saved after Go's initialization at build time: the
 * linear memory, the globals, and Go's table of JavaScript references, rebuilt from their description. Go then
 * continues as if it had just initialized in this process, waiting for the registered functions to be called.
 */
function restore(module: unknown, file: string, Go: any): CoreApi {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(8);
    fs.readSync(fd, head, 0, 8, 0);
    if (head.toString('latin1', 0, 4) !== 'KCS1') throw new Error(`${file} is not a snapshot of the API-server core: run "npx projen build:core"`);
    const headerLength = head.readUInt32LE(4);
    const header = Buffer.alloc(headerLength);
    fs.readSync(fd, header, 0, headerLength, 8);
    const h = JSON.parse(header.toString('utf-8')) as SnapshotHeader;
    const go = new Go();
    go.argv = ['kube-core'];
    go.env = {};
    const instance = new (globalThis as any).WebAssembly.Instance(module, go.importObject);
    const e = instance.exports;
    const grow = (h.bytes - e.mem.buffer.byteLength) / 65536;
    if (grow > 0) e.mem.grow(grow);
    // the memory as it was after initialization, read straight into the module's memory
    const mem = new Uint8Array(e.mem.buffer);
    const start = Math.ceil((8 + headerLength) / 4096) * 4096;
    let at = start;
    for (const [offset, length] of h.runs) {
      for (let done = 0; done < length;) {
        const n = fs.readSync(fd, mem, offset + done, length - done, at + done);
        if (n <= 0) throw new Error(`${file} is truncated: run "npx projen build:core"`);
        done += n;
      }
      at += length;
    }
    return resume(go, instance, h);
  } finally {
    fs.closeSync(fd);
  }
}

/** Go's state besides its memory: the globals and the table of JavaScript references. */
function resume(go: any, instance: any, h: SnapshotHeader): CoreApi {
  const e = instance.exports;
  h.globals.forEach((v, i) => {
    const global = e[`g${i}`];
    global.value = typeof global.value === 'bigint' ? BigInt(v) : Number(v);
  });
  go._inst = instance;
  go.mem = new DataView(e.mem.buffer);
  const fixed = [NaN, 0, null, true, false, globalThis, go];
  const functions: Record<string, unknown> = {};
  const values = h.values.map((r) => {
    if (r.fixed !== undefined) return fixed[r.fixed];
    if (r.released) return {}; // a reference Go will only release
    if (r.func !== undefined) return go._makeFuncWrapper(r.func);
    if (r.path) return r.path.length === 1 && r.path[0] === GLOBAL_NAME ? functions : r.path.reduce((o: any, k) => o?.[k], globalThis);
    return r.value;
  });
  values.forEach((v, i) => {
    if (v === undefined && h.values[i].path) throw new Error(`the API-server core refers to globalThis.${h.values[i].path!.join('.')}, which this process lacks`);
  });
  go._values = values;
  go._goRefCounts = h.refCounts.map((x) => (x === null ? Infinity : x));
  go._ids = new Map();
  values.forEach((v, i) => {
    if (i > 0 && (i < fixed.length || (v !== null && !h.values[i].released))) go._ids.set(v, i);
  });
  go._idPool = h.idPool;
  go._nextCallbackTimeoutID = h.nextTimeout;
  go.exited = false;
  for (const [name, id] of Object.entries(h.functions)) functions[name] = go._makeFuncWrapper(id);
  return functions as unknown as CoreApi;
}
