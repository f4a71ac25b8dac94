import * as os from 'os';
import * as path from 'path';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort, isMainThread, workerData } from 'worker_threads';
import type { CoreVariant } from './kube-core';

/**
 * More instances of the API-server core in worker threads, for large inputs: the core (Go compiled to WebAssembly)
 * runs on one thread, so a batch of thousands of objects would otherwise use one CPU of many. The calling thread
 * and the workers take the chunks of a batch from one shared counter, so each judges as many as it can; the call
 * stays synchronous (the calling thread waits on the shared counter for the chunks the workers took, and reads
 * their answers with `receiveMessageOnPort`). The calling thread makes the chunks (the batch text) one at a time
 * and posts each as soon as it is made, so the workers start on the first while it makes the rest; the chunks are
 * large first and small last ({@link guidedGroups}), so that the threads finish at about the same time.
 *
 * The workers start on the first input of at least {@link CorePool.START_BYTES} (about 0.3 s of work); each loads its core in the
 * background (the calling thread judges every chunk until it is ready); it stops after {@link IDLE_MS} without work
 * (it holds a core's memory, ~200 MB), and never keeps the process alive. The number of threads judging a batch
 * (the calling one included) is the machine's available parallelism, at most 4, or
 * `CDK8S_NODE_DAEMONS_CORE_THREADS` (1: no worker threads).
 */
export class CorePool {
  /** Inputs smaller than this are judged in the calling thread alone. */
  public static readonly MIN_BYTES = 256 * 1024;
  /**
   * The workers start on the first input of at least this size: about 0.3 s of the core's work (judging reads about
   * 1.5 MB of DaemonSets a second, YAML conversion about 3 MB a second); starting one costs about 0.2 s of CPU time,
   * on another CPU. While they run, they share every input of at least {@link MIN_BYTES}.
   */
  public static readonly START_BYTES: Readonly<Record<PoolOp, number>> = { validate: 512 * 1024, yaml: 1024 * 1024 };

  /**
   * How many threads an input of this size is shared between (1: the calling thread alone).
   *
   * @param bytes the input's size
   * @param op what is done with it
   */
  public static threadsFor(bytes: number, op: PoolOp): number {
    if (bytes < CorePool.MIN_BYTES) return 1;
    const pool = current;
    if (bytes < CorePool.START_BYTES[op] && !pool?.workers.length) return 1;
    return pool?.broken ? 1 : CorePool.threads();
  }

  /** How many threads judge a large batch, the calling one included. */
  public static threads(): number {
    const given = process.env[THREADS_ENV];
    if (given !== undefined && given.trim() !== '') {
      const n = Number(given);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${THREADS_ENV}=${given}: expected a whole number of threads >= 1 (1: judge in the calling thread only)`);
      return n;
    }
    return Math.min(os.availableParallelism?.() ?? os.cpus().length, MAX_DEFAULT_THREADS);
  }

  /**
   * Run one of the core's operations on each chunk, in this thread (with `local`, which does what the worker's
   * {@link CorePool.serve} does for `op`) and in the pool's workers.
   *
   * @param op `validate`: a chunk is a batch of the core's lines, its answer the core's JSON text; `yaml`: a chunk is
   *   YAML documents, its answer their conversions (`KubeCore.yamlToJson`)
   * @param variant the core the calling thread uses (the workers load the same)
   * @param chunks the chunks, in order; when made one at a time (a generator), the workers start on the first
   *   while this thread makes the next
   * @returns each chunk's answer, in order
   */
  public static run<I, O>(op: PoolOp, variant: CoreVariant, chunks: Iterable<I>, local: (chunk: I) => O): O[] {
    const pool = CorePool.get(variant);
    if (pool.workers.length === 0) return Array.from(chunks, local);
    return pool.share(op, variant, chunks, local);
  }

  /**
   * An input of this size is about to be read and judged: when it is large enough to be shared, start the workers
   * now, so that they load their core while this thread loads its own and reads the input.
   *
   * @param bytes the input's size
   * @param op what will be done with it
   * @param variant the core the workers load first
   */
  public static expect(bytes: number, op: PoolOp, variant: CoreVariant): void {
    if (bytes < CorePool.START_BYTES[op] || current?.broken || CorePool.threads() < 2) return;
    CorePool.get(variant).rest();
  }

  /** How many chunks worker threads have answered in this process (or jest module registry). */
  public static answeredByWorkers(): number {
    return current?.byWorkers ?? 0;
  }

  /** Stop the workers now (they also stop by themselves when idle). */
  public static stop(): void {
    current?.stopWorkers();
  }

  /** In a worker thread: load the core, then judge the chunks of each batch it is sent until none is left. */
  public static serve(): void {
    if (isMainThread || !workerData?.[WORKER_MARK]) throw new Error('CorePool.serve() runs in a worker thread of the pool');
    const port = workerData[WORKER_MARK] as MessagePort;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KubeCore } = require('./kube-core') as typeof import('./kube-core');
    const ops: Record<PoolOp, (chunk: any, variant: CoreVariant) => unknown> = {
      validate: (batch: string, variant) => KubeCore.validateBatch(batch, variant),
      yaml: (docs: string[]) => docs.map((d) => KubeCore.yamlToJson(d)),
    };
    // load the core the calling thread uses now, before the first chunk
    KubeCore.validateBatch('', workerData.variant);
    port.on('message', (m: Start | Chunk) => {
      // a chunk no call waits for any more (every chunk of a call goes to every worker; another thread took it)
      if (!('shared' in m)) return;
      const shared = new Int32Array(m.shared);
      for (;;) {
        const i = Atomics.add(shared, NEXT, 1);
        const chunk = takeChunk(port, shared, m.id, i);
        if (chunk === undefined) break;
        let answer: WorkerAnswer;
        try {
          answer = { id: m.id, i, value: ops[m.op](chunk.chunk, m.variant) };
        } catch {
          answer = { id: m.id, i }; // the calling thread judges it again and reports the error
        }
        port.postMessage(answer);
        Atomics.add(shared, ANSWERED, 1);
        Atomics.notify(shared, ANSWERED);
      }
    });
  }

  private static get(variant: CoreVariant): CorePool {
    const pool = current ?? (current = new CorePool());
    pool.ensureWorkers(CorePool.threads() - 1, variant);
    return pool;
  }

  private workers: Array<{ worker: Worker; port: MessagePort }> = [];
  private call = 0;
  private idle: NodeJS.Timeout | undefined;
  private broken = false;
  private byWorkers = 0;

  private ensureWorkers(n: number, variant: CoreVariant): void {
    if (this.broken) return;
    while (this.workers.length > n) this.workers.pop()!.worker.terminate().catch(() => undefined);
    while (this.workers.length < n) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(`require(${JSON.stringify(entry())}).CorePool.serve()`, {
        eval: true,
        workerData: { [WORKER_MARK]: port2, variant },
        transferList: [port2],
        // the process's options, as by default; in the library's own tests (TypeScript) also ts-node
        execArgv: __filename.endsWith('.ts') ? [...process.execArgv, '--require', require.resolve('ts-node/register/transpile-only')] : undefined,
        stdout: false,
        stderr: false,
      });
      worker.unref();
      port1.unref();
      // a worker that cannot start (or dies) takes no more chunks; the calling thread judges them
      worker.on('error', () => { this.broken = true; });
      this.workers.push({ worker, port: port1 });
    }
  }

  private stopWorkers(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    for (const w of this.workers.splice(0)) {
      w.port.close();
      w.worker.terminate().catch(() => undefined);
    }
  }

  private share<I, O>(op: PoolOp, variant: CoreVariant, source: Iterable<I>, local: (chunk: I) => O): O[] {
    if (this.idle) clearTimeout(this.idle);
    const id = ++this.call;
    const shared = new Int32Array(new SharedArrayBuffer(4 * SHARED_SLOTS));
    shared[TOTAL] = -1;
    for (const w of this.workers) w.port.postMessage({ id, op, variant, shared: shared.buffer } satisfies Start);
    // every chunk to every worker as soon as it is made: a worker takes the next one while this thread makes more
    const chunks: I[] = [];
    try {
      for (const chunk of source) {
        for (const w of this.workers) w.port.postMessage({ id, i: chunks.length, chunk } satisfies Chunk);
        chunks.push(chunk);
        Atomics.store(shared, MADE, chunks.length);
        Atomics.notify(shared, MADE);
      }
    } catch (e) {
      this.rest();
      throw e;
    } finally {
      // also when making a chunk threw: the workers stop at the chunks made
      Atomics.store(shared, TOTAL, chunks.length);
      Atomics.notify(shared, MADE);
    }
    const out: O[] = new Array(chunks.length);
    let mine = 0;
    for (;;) {
      const i = Atomics.add(shared, NEXT, 1);
      if (i >= chunks.length) break;
      out[i] = local(chunks[i]);
      mine++;
    }
    let pending = chunks.length - mine;
    const answered = new Array<boolean>(chunks.length).fill(false);
    let progress = Date.now();
    while (pending > 0) {
      // read the count before looking for answers: an answer posted after the look moves the count, so the wait
      // below returns at once
      const seen = Atomics.load(shared, ANSWERED);
      const m = this.receive();
      if (m !== undefined) {
        if (m.id !== id || answered[m.i]) continue;
        answered[m.i] = true;
        out[m.i] = m.value === undefined ? local(chunks[m.i]) : m.value as O;
        if (m.value !== undefined) this.byWorkers++;
        pending--;
        progress = Date.now();
        continue;
      }
      if (Date.now() - progress >= STALL_MS) {
        // a worker stopped answering: judge what it took here, and use no workers from now on
        for (let i = 0; i < chunks.length; i++) if (!answered[i] && out[i] === undefined) out[i] = local(chunks[i]);
        this.broken = true;
        this.stopWorkers();
        return out;
      }
      Atomics.wait(shared, ANSWERED, seen, STALL_MS);
    }
    this.rest();
    return out;
  }

  /** The workers stop after {@link IDLE_MS} without work. */
  private rest(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stopWorkers(), IDLE_MS);
    this.idle.unref();
  }

  private receive(): WorkerAnswer | undefined {
    for (const w of this.workers) {
      const m = receiveMessageOnPort(w.port);
      if (m !== undefined) return m.message as WorkerAnswer;
    }
    return undefined;
  }
}

/**
 * Consecutive texts (`text(i)` for i < count, each made when its group is) in groups for `threads` threads that take
 * the next group when done with one (a text is never split): each group about 1/(2 x threads) of the bytes left
 * (as the texts made so far let estimate them), within [minBytes, maxBytes]. Large groups first, small ones last
 * (guided self-scheduling), so that the threads run out of work at about the same time: the last to finish waits
 * for at most a small group, not for one of an even split.
 */
export function* guidedGroups(count: number, text: (i: number) => string, threads: number, minBytes: number, maxBytes: number): Generator<string[]> {
  let madeBytes = 0;
  let group: string[] = [];
  let size = 0;
  let target = 0;
  for (let i = 0; i < count; i++) {
    const t = text(i);
    madeBytes += t.length;
    if (group.length === 0) target = Math.min(maxBytes, Math.max(minBytes, ((madeBytes / (i + 1)) * (count - i)) / (2 * threads)));
    group.push(t);
    size += t.length;
    if (size >= target) {
      yield group;
      group = [];
      size = 0;
    }
  }
  if (group.length > 0) yield group;
}

/** What a worker does with a chunk (see {@link CorePool.run}). */
export type PoolOp = 'validate' | 'yaml';

/**
 * The pool of this module instance (one per process, or per jest module registry: a plain variable, not a property
 * of globalThis, whose timers may fire after jest has torn a test file's globals down).
 */
let current: CorePool | undefined;

/** The start of a call, to every worker: then take chunks by the shared counter (slots below). */
interface Start {
  readonly id: number;
  readonly op: PoolOp;
  readonly variant: CoreVariant;
  readonly shared: SharedArrayBuffer;
}

/** Chunk `i` of call `id`, to every worker. */
interface Chunk {
  readonly id: number;
  readonly i: number;
  readonly chunk: unknown;
}

/** Slots of a call's shared Int32Array: the next chunk to take, chunks answered by workers, chunks made, all chunks (-1: not all made yet). */
const NEXT = 0;
const ANSWERED = 1;
const MADE = 2;
const TOTAL = 3;
const SHARED_SLOTS = 4;

/**
 * In a worker: chunk `i` of call `id`, once the calling thread has made it (it is then on the port, after the
 * chunks before it), or undefined when the call has fewer chunks.
 */
function takeChunk(port: MessagePort, shared: Int32Array, id: number, i: number): { chunk: unknown } | undefined {
  for (;;) {
    const total = Atomics.load(shared, TOTAL);
    if (total >= 0 && i >= total) return undefined;
    const made = Atomics.load(shared, MADE);
    if (made <= i) {
      // woken when the next chunk is made, or all are
      Atomics.wait(shared, MADE, made, STALL_MS);
      continue;
    }
    const m = receiveMessageOnPort(port)?.message as Start | Chunk | undefined;
    if (m === undefined) {
      Atomics.wait(shared, MADE, made, 1); // posted but not yet delivered
      continue;
    }
    // chunks before i went to other threads; no other call starts before this one has all its answers
    if (!('shared' in m) && m.id === id && m.i === i) return { chunk: m.chunk };
  }
}

interface WorkerAnswer {
  readonly id: number;
  readonly i: number;
  /** Undefined when the operation threw: the calling thread runs it again (and reports the error). */
  readonly value?: unknown;
}

const WORKER_MARK = 'cdk8sNodeDaemonsCorePoolPort';
const THREADS_ENV = 'CDK8S_NODE_DAEMONS_CORE_THREADS';
const MAX_DEFAULT_THREADS = 4;
const IDLE_MS = 10_000;
const STALL_MS = 30_000;

/** This module as a worker loads it (compiled or, in the library's own tests, TypeScript through ts-node). */
function entry(): string {
  return path.join(__dirname, path.basename(__filename));
}
