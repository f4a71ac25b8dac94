import { prng } from '../../../bench/cluster';
import { CorePool, guidedGroups } from '../../../src/validation/core/core-pool';
import { KubeCore, coreVariantFor } from '../../../src/validation/core/kube-core';
import { BUILTIN_KINDS, META_MUTATIONS, Pick } from '../builtin-kind-fixtures';
import { goodDaemonSet } from '../fixtures';

const ENV = 'CDK8S_NODE_DAEMONS_CORE_THREADS';

function withThreads<T>(n: string | undefined, f: () => T): T {
  const before = process.env[ENV];
  if (n === undefined) delete process.env[ENV];
  else process.env[ENV] = n;
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env[ENV];
    else process.env[ENV] = before;
  }
}

/** A seeded mix of valid and invalid objects of many kinds, well above the size the pool starts at. */
function objects(seed: number): any[] {
  const r = prng(seed);
  const pick: Pick = (xs) => xs[Math.floor(r() * xs.length)];
  const kinds = Object.values(BUILTIN_KINDS);
  const out: any[] = [];
  let size = 0;
  for (let i = 0; size < 1.2 * CorePool.START_BYTES.validate; i++) {
    let o: any;
    if (i % 3 === 0) {
      o = goodDaemonSet();
      o.metadata.name = `agent-${i}`;
      if (r() < 0.5) o.spec.template.spec.containers[0].image = pick(['', 'ok:1', ' bad']);
    } else {
      const k = pick(kinds);
      o = k.base('pool');
      const ms = [...Object.values(k.mutations), ...Object.values(META_MUTATIONS)];
      pick(ms)(o, pick);
    }
    out.push(o);
    size += JSON.stringify(o).length;
  }
  return out;
}

afterAll(() => CorePool.stop());

describe('CorePool (more instances of the core in worker threads)', () => {
  test('DaemonSets only (the small core judges them, no other core loaded yet): the workers judge with the small core too, same answers', () => {
    const input = Array.from({ length: 1500 }, (_, i) => {
      const d = goodDaemonSet();
      d.metadata.name = `agent-${i}`;
      if (i % 7 === 0) d.spec.template.spec.containers[0].livenessProbe = { exec: { command: ['true'] }, successThreshold: 2 };
      return d;
    });
    expect(coreVariantFor(input)).toBe('small');
    // no workers yet: an input below the size they start at stays in this thread
    expect(withThreads('2', () => [
      CorePool.threadsFor(CorePool.MIN_BYTES - 1, 'validate'), CorePool.threadsFor(CorePool.MIN_BYTES, 'validate'), CorePool.threadsFor(CorePool.START_BYTES.validate, 'validate'),
      CorePool.threadsFor(CorePool.START_BYTES.validate, 'yaml'), CorePool.threadsFor(CorePool.START_BYTES.yaml, 'yaml'),
    ])).toEqual([1, 1, 2, 1, 2]);
    const one = withThreads('1', () => KubeCore.judge(input));
    expect(one.filter((r) => r.errors?.length)).toHaveLength(215);
    expect(input.map((d) => JSON.stringify(d).length).reduce((a, b) => a + b)).toBeGreaterThan(CorePool.START_BYTES.validate);
    const before = CorePool.answeredByWorkers();
    for (let i = 0; i < 40 && CorePool.answeredByWorkers() === before; i++) expect(withThreads('2', () => KubeCore.judge(input))).toEqual(one);
    expect(CorePool.answeredByWorkers()).toBeGreaterThan(before);
  });

  test('a large batch judged by two threads gets exactly the answers of one thread, and the worker takes part', () => {
    const input = objects(7);
    const one = withThreads('1', () => KubeCore.judge(input));
    expect(one).toHaveLength(input.length);
    expect(one.filter((x) => x.errors?.length).length).toBeGreaterThan(50);
    const before = CorePool.answeredByWorkers();
    // the first large batch starts the worker, which loads its core while this thread judges: judge until it helps
    let two: unknown[] = [];
    for (let i = 0; i < 40 && CorePool.answeredByWorkers() === before; i++) {
      two = withThreads('2', () => KubeCore.judge(input));
      expect(two).toEqual(one);
    }
    expect(CorePool.answeredByWorkers()).toBeGreaterThan(before);
    two = withThreads('2', () => KubeCore.judge(input));
    expect(two).toEqual(one);
    // while they run, they share smaller inputs too
    expect(withThreads('2', () => CorePool.threadsFor(CorePool.MIN_BYTES, 'yaml'))).toBe(2);
    expect(withThreads('1', () => CorePool.threadsFor(CorePool.START_BYTES.yaml, 'validate'))).toBe(1);
    // another input: the answers are the ones of this call, not of an earlier call the worker saw
    const other = objects(8);
    expect(withThreads('2', () => KubeCore.judge(other))).toEqual(withThreads('1', () => KubeCore.judge(other)));
  });

  test('chunks made one at a time: the workers take them as they are made, answers in order; a maker that throws leaves no worker waiting', () => {
    const input = objects(9);
    const one = withThreads('1', () => KubeCore.judge(input));
    const lines = input.map((o) => `J${JSON.stringify(o)}\n`);
    const texts = [...guidedGroups(lines.length, (i) => lines[i], 2, 16 * 1024, 1024 * 1024)].map((g) => g.join(''));
    expect(texts.length).toBeGreaterThan(8);
    const made: number[] = [];
    function* lazily(failAt?: number) {
      for (let i = 0; i < texts.length; i++) {
        if (i === failAt) throw new Error('cannot make chunk 3');
        made.push(i);
        yield texts[i];
      }
    }
    const judgeLazily = (failAt?: number) => withThreads('2', () => CorePool.run('validate', 'full', lazily(failAt), (t) => KubeCore.validateBatch(t, 'full')))
      .flatMap((answer) => JSON.parse(answer));
    // until the worker has loaded its core and takes part
    const before = CorePool.answeredByWorkers();
    for (let i = 0; i < 40 && CorePool.answeredByWorkers() === before; i++) expect(judgeLazily()).toEqual(one);
    expect(CorePool.answeredByWorkers()).toBeGreaterThan(before);
    made.length = 0;
    expect(() => judgeLazily(3)).toThrow('cannot make chunk 3');
    expect(made).toEqual([0, 1, 2]);
    // the worker stopped at the three chunks made (else it would wait for a fourth, and answer nothing now)
    const after = CorePool.answeredByWorkers();
    for (let i = 0; i < 5 && CorePool.answeredByWorkers() === after; i++) expect(judgeLazily()).toEqual(one);
    expect(CorePool.answeredByWorkers()).toBeGreaterThan(after);
  });

  test('guidedGroups: about 1/(2 x threads) of what is left in each group, within the bounds, each text made when its group is', () => {
    const made: number[] = [];
    const text = (i: number) => {
      made.push(i);
      return `${String(i).padStart(3, '0')}${'x'.repeat(97)}`; // 100 bytes each
    };
    const groups = guidedGroups(100, text, 2, 500, 2000);
    const first = groups.next();
    expect(first.done).toBe(false);
    // 10,000 bytes for 2 threads: a quarter, at most 2,000 bytes
    expect(first.value).toHaveLength(20);
    expect(made).toHaveLength(20);
    const sizes = [first.value as string[], ...groups].map((g) => g.length);
    // 8,000 left: 2,000 (the most), 6,000: 1,500, 4,500: 1,125 (12 texts), 3,300: 825 (9), 2,400: 600, then 500 (the least)
    expect(sizes).toEqual([20, 20, 15, 12, 9, 6, 5, 5, 5, 3]);
    expect(made).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // one text larger than the bound is a group of its own
    expect([...guidedGroups(3, (i) => (i === 1 ? 'y'.repeat(5000) : 'z'), 2, 10, 100)].map((g) => g.map((t) => t.length))).toEqual([[1, 5000], [1]]);
    expect([...guidedGroups(0, text, 2, 1, 1)]).toEqual([]);
  });

  test('a large YAML input about to be read starts the workers before the first call (KubeCore.willRead), JSON or a small one does not', () => {
    const running = () => withThreads('2', () => CorePool.threadsFor(CorePool.MIN_BYTES, 'yaml')) === 2;
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n' + '  k: v\n'.repeat(CorePool.START_BYTES.yaml / 7);
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v'.repeat(CorePool.START_BYTES.yaml) } }] });
    CorePool.stop();
    expect(running()).toBe(false);
    withThreads('2', () => KubeCore.willRead([yaml.slice(0, CorePool.START_BYTES.yaml / 2), json]));
    expect(running()).toBe(false);
    withThreads('1', () => KubeCore.willRead([yaml]));
    expect(running()).toBe(false);
    withThreads('2', () => KubeCore.willRead([yaml]));
    expect(running()).toBe(true);
    CorePool.stop();
    withThreads('2', () => CorePool.expect(CorePool.START_BYTES.validate, 'validate', 'small'));
    expect(running()).toBe(true);
  });

  test('a small batch stays in the calling thread', () => {
    const before = CorePool.answeredByWorkers();
    const small = [goodDaemonSet()];
    expect(withThreads('2', () => KubeCore.judge(small))).toEqual([expect.objectContaining({ status: 'validated' })]);
    expect(CorePool.answeredByWorkers()).toBe(before);
  });

  test('threads: the environment variable, else the machine (at most 4)', () => {
    expect(withThreads('3', () => CorePool.threads())).toBe(3);
    expect(withThreads('1', () => CorePool.threads())).toBe(1);
    const auto = withThreads(undefined, () => CorePool.threads());
    expect(auto).toBeGreaterThanOrEqual(1);
    expect(auto).toBeLessThanOrEqual(4);
    expect(() => withThreads('0', () => CorePool.threads())).toThrow(`${ENV}=0: expected a whole number of threads >= 1 (1: judge in the calling thread only)`);
    expect(() => withThreads('two', () => CorePool.threads())).toThrow(`${ENV}=two: expected`);
  });

  test('serve() outside a worker thread of the pool is a clear error', () => {
    expect(() => CorePool.serve()).toThrow('CorePool.serve() runs in a worker thread of the pool');
  });
});
