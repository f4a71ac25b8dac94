import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ManifestFiles, ManifestLoadError } from '../../src/k8s/manifest-files';
import { CorePool } from '../../src/validation/core/core-pool';
import { KubeCore } from '../../src/validation/core/kube-core';
import { SHARED_DIR, sharedAvailable } from '../shared-data';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-files-')); });
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  CorePool.stop();
});
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('ManifestFiles', () => {
  test('multi-document YAML and JSON files, in order, with file, index and line', () => {
    const a = file('a.yaml', '# comment\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n');
    const b = file('b.json', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }));
    const r = ManifestFiles.load([a, b]);
    expect(r.errors).toEqual([]);
    expect(r.documents.map((d) => [path.basename(d.file), d.index, d.line, d.object.kind])).toEqual([
      ['a.yaml', 0, 2, 'ConfigMap'], ['a.yaml', 1, 6, 'Secret'], ['b.json', 0, 1, 'Namespace'],
    ]);
  });

  test('a stream starting with { is JSON as kubectl reads it; what JSON cannot read goes the YAML way, as kubectl falls back', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: Array.from({ length: 3 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { big: '9007199254740993', on: 'yes' } })) };
    const r = ManifestFiles.parse(`\n\n${JSON.stringify(list, null, 2)}\n`, 'list.json');
    expect(r.errors).toEqual([]);
    expect(r.documents.map((d) => [d.index, d.item, d.line, d.object.metadata.name, d.object.data.on])).toEqual([
      [0, 0, 3, 'c0', 'yes'], [0, 1, 3, 'c1', 'yes'], [0, 2, 3, 'c2', 'yes'],
    ]);
    // `{...}` that is YAML but not JSON (unquoted keys): read as YAML, with YAML's scalars
    const flow = ManifestFiles.parse('{apiVersion: v1, kind: ConfigMap, metadata: {name: f}, data: {a: on}}\n', 'flow.yaml');
    expect(flow.documents[0].object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f' }, data: { a: true } });
    // not JSON, but YAML (an empty value is null): kubectl falls back to YAML too and reads the same
    const lenient = ManifestFiles.parse('{"apiVersion": "v1",\n "kind": "ConfigMap",\n "metadata": {"name": }\n}\n', 'lenient.json');
    expect(lenient.documents[0].object.metadata).toEqual({ name: null });
    const broken = ManifestFiles.parse('{"apiVersion": "v1",\n "kind": "ConfigMap",\n "data": {"a": [1, 2}\n}\n', 'broken.json');
    expect(broken.documents).toEqual([]);
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]).toMatchObject({ file: 'broken.json', index: 0 });
    expect(broken.errors[0].message).toMatch(/^invalid YAML: /);
  });

  describe('a large kind: List document is read a part at a time, exactly as the whole document reads', () => {
    // about 2.6 MB of items in the shapes `kubectl get -o yaml` and people write: block and flow style, block
    // scalars, anchors and merge keys inside an item, YAML 1.1 scalars, comments between items
    const item = (i: number, pad: string) => [
      `${pad}- apiVersion: v1`,
      `${pad}  kind: ConfigMap`,
      `${pad}  metadata:`,
      `${pad}    name: cm-${i}`,
      `${pad}    labels: &l${i} {app: a, "tier": 'web # not a comment'}`,
      `${pad}    annotations:`,
      `${pad}      <<: *l${i}`,
      `${pad}      note: a plain scalar`,
      `${pad}        that goes on`,
      `${pad}  data:`,
      `${pad}    script: |`,
      `${pad}      #!/bin/sh`,
      `${pad}      echo ${'x'.repeat(700)}`,
      `${pad}    folded: >-`,
      `${pad}      one`,
      `${pad}      two`,
      `${pad}    mode: 0644`,
      `${pad}    yes: on`,
      `${pad}    empty:`,
      `# between items ${i}`,
      '',
    ];
    const list = (n: number, pad: string, extra: (i: number) => string[] = () => []) => [
      '# a list', 'apiVersion: v1', 'kind: List', 'items:',
      ...Array.from({ length: n }, (_, i) => [...item(i, pad), ...extra(i)]).flat(),
      'metadata:', '  resourceVersion: ""',
    ].join('\n') + '\n';
    const whole = (text: string) => JSON.parse(KubeCore.yamlToJson(text).json!);
    // in this thread only, so that every conversion is seen
    const read = (text: string) => {
      const spy = jest.spyOn(KubeCore, 'yamlToJson');
      process.env.CDK8S_NODE_DAEMONS_CORE_THREADS = '1';
      try {
        const r = ManifestFiles.parse(text, 'list.yaml');
        return { r, inputs: spy.mock.calls.map((c) => c[0].length) };
      } finally {
        delete process.env.CDK8S_NODE_DAEMONS_CORE_THREADS;
        spy.mockRestore();
      }
    };

    test.each([['at column 0', ''], ['indented', '  ']])('items %s: in parts of at most about 512 KB, same objects', (_, pad) => {
      const text = list(2500, pad);
      expect(text.length).toBeGreaterThan(2.5e6);
      const { r, inputs } = read(text);
      expect(r.errors).toEqual([]);
      expect(inputs.length).toBeGreaterThan(5);
      expect(Math.max(...inputs)).toBeLessThan(600_000);
      expect(r.documents.map((d) => d.object)).toEqual(whole(text).items);
      expect(r.documents[2499]).toMatchObject({ index: 0, item: 2499, line: 2 });
      expect(r.documents[7].object.metadata.annotations).toEqual({ app: 'a', tier: 'web # not a comment', note: 'a plain scalar that goes on' });
      expect(r.documents[7].object.data).toMatchObject({ mode: 420, true: true, folded: 'one two', empty: null });
    });

    (sharedAvailable('realworld') ? test : test.skip)('the realworld objects as one List, written by the yaml package: read in parts, same objects', () => {
      const corpus = path.join(SHARED_DIR, 'realworld');
      const objects = fs.readdirSync(corpus).filter((f) => f.endsWith('.yaml')).sort()
        .flatMap((f) => ManifestFiles.load([path.join(corpus, f)]).documents.map((d) => d.object));
      // twice, so that the document is over the size where lists are read in parts; no aliases between copies
      const items = [...objects, ...objects].map((o) => JSON.parse(JSON.stringify(o)));
      const text = YAML.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, { lineWidth: 0, aliasDuplicateObjects: false });
      const { r, inputs } = read(text);
      expect(r.errors).toEqual([]);
      expect(inputs.length).toBeGreaterThan(3);
      expect(r.documents.map((d) => d.object)).toEqual(whole(text).items);
    });

    test('with worker threads (a large list, a long stream of documents with an error among them): what one thread reads', () => {
      const one = (text: string) => read(text).r;
      const two = (text: string) => {
        process.env.CDK8S_NODE_DAEMONS_CORE_THREADS = '2';
        try {
          return ManifestFiles.parse(text, 'list.yaml');
        } finally {
          delete process.env.CDK8S_NODE_DAEMONS_CORE_THREADS;
        }
      };
      const before = CorePool.answeredByWorkers();
      const text = list(2500, '');
      const docs = Array.from({ length: 3000 }, (_, i) => item(i, '').map((l) => l.replace(/^- /, '  ').replace(/^ {2}/, '')).join('\n'));
      docs[1234] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n';
      const stream = docs.join('\n---\n');
      expect(stream.length).toBeGreaterThan(2 * CorePool.MIN_BYTES);
      const expected = [one(text), one(stream)];
      expect(expected[1].errors).toEqual([expect.objectContaining({ index: 1234, message: expect.stringMatching(/^invalid YAML: line \d+: /) })]);
      expect(expected[1].documents).toHaveLength(2999);
      // the first large input starts the worker, which loads while this thread reads: read until it helps
      for (let i = 0; i < 40 && CorePool.answeredByWorkers() === before; i++) {
        expect(two(text)).toEqual(expected[0]);
        expect(two(stream)).toEqual(expected[1]);
      }
      expect(CorePool.answeredByWorkers()).toBeGreaterThan(before);
    });

    test('an alias to an anchor of another item, or a syntax error: the whole document is read, as before', () => {
      const aliased = list(2500, '', (i) => i === 2000 ? ['- {apiVersion: v1, kind: ConfigMap, metadata: {name: alias, labels: *l3}}'] : []);
      const a = read(aliased);
      expect(a.r.errors).toEqual([]);
      expect(Math.max(...a.inputs)).toBe(aliased.length);
      expect(a.r.documents.map((d) => d.object)).toEqual(whole(aliased).items);
      expect(a.r.documents[2001].object.metadata.labels).toEqual({ app: 'a', tier: 'web # not a comment' });
      const lines = list(2500, '').split('\n');
      const bad = lines.findIndex((l) => l === '    name: cm-1800');
      lines[bad] = '   name: cm-1800';
      const b = read(lines.join('\n'));
      expect(b.r.documents).toEqual([]);
      expect(b.r.errors).toHaveLength(1);
      // go-yaml's complaint, at the line it names (the one after the bad one), as for any document
      expect(b.r.errors[0].line).toBe(bad + 3);
      expect(b.r.errors[0].message).toMatch(new RegExp(`^invalid YAML: line ${bad + 3}: `));
      expect(b.inputs).toContain(lines.join('\n').length);
    });
  });

  test('YAML 1.1 like kubectl: 0644 is octal', () => {
    const r = ManifestFiles.parse('apiVersion: v1\nkind: X\nspec: {mode: 0644}\n', 'f');
    expect(r.documents[0].object.spec.mode).toBe(420);
  });

  test('stdin, List expansion, empty documents are listed not silently dropped', () => {
    const r = ManifestFiles.load(['-'], { stdin: '---\n# nothing\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: p}}\n- {apiVersion: v1, kind: Pod, metadata: {name: q}}\n' });
    expect(r.documents.map((d) => [d.file, d.index, d.item, d.object.metadata.name])).toEqual([['<stdin>', 1, 0, 'p'], ['<stdin>', 1, 1, 'q']]);
    expect(r.empty).toEqual([{ file: '<stdin>', index: 0 }]);
  });

  test('bad input: every problem is reported with file, document index and line; loading goes on', () => {
    const p = file('bad.yaml', [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}',
      'foo: [1, 2',
      '- just\n- a list',
      '42',
      'metadata: {name: nokind}',
      'a: 1\na: 2',
    ].join('\n---\n'));
    const r = ManifestFiles.load([p, path.join(dir, 'missing.yaml'), dir]);
    expect(r.documents.map((d) => d.object.metadata.name)).toEqual(['ok']);
    const msgs = r.errors.map((e) => ManifestFiles.formatProblem(e).replace(dir, '<dir>'));
    expect(msgs).toEqual([
      expect.stringMatching(/^<dir>\/bad.yaml doc\[1\] \(line \d+\): invalid YAML: /),
      expect.stringMatching(/^<dir>\/bad.yaml doc\[2\] \(line 7\): document is a list, not a Kubernetes object/),
      expect.stringMatching(/^<dir>\/bad.yaml doc\[3\] \(line 10\): document is a number \(42\), not a Kubernetes object/),
      '<dir>/bad.yaml doc[4] (line 12): object (metadata.name "nokind") has no apiVersion and no kind; add e.g. "apiVersion: apps/v1" and "kind: DaemonSet"',
      // kubectl reads a repeated key as its last value (sigs.k8s.io/yaml): what remains is an object without a kind
      '<dir>/bad.yaml doc[5] (line 14): object has no apiVersion and no kind; add e.g. "apiVersion: apps/v1" and "kind: DaemonSet"',
      '<dir>/missing.yaml: cannot read file: file not found',
      '<dir>: is a directory; pass the YAML files inside it (e.g. dir/*.yaml)',
    ]);
    for (const m of msgs) expect(m).not.toMatch(/\n|at .*\.js:\d+/); // no stack traces
  });

  test('huge files are refused with a clear message', () => {
    const p = file('huge.yaml', 'a: ' + 'x'.repeat(2000) + '\n');
    const r = ManifestFiles.load([p], { maxBytes: 1000 });
    expect(r.errors).toEqual([{ file: p, message: 'file is 2004 bytes, larger than the 1000-byte limit; split it into smaller files' }]);
  });

  test('loadOrThrow throws one error listing all problems', () => {
    expect(() => ManifestFiles.loadOrThrow(['-'], { stdin: '1\n---\n2\n' })).toThrow(ManifestLoadError);
    try {
      ManifestFiles.loadOrThrow(['-'], { stdin: '1\n---\n2\n' });
    } catch (e: any) {
      expect(e.problems).toHaveLength(2);
      expect(e.message.split('\n')).toHaveLength(2);
    }
  });
});
