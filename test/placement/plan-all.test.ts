import { generateDaemonSets, generateNodes } from '../../bench/cluster';
import { Placement } from '../../src/placement';
import { CompiledPlacement } from '../../src/placement/compiled-placement';

const node = (name: string, labels: Record<string, string> = {}, spec: any = {}) =>
  ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec });
const ds = (spec: any, name = 'agent') =>
  ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name }, spec: { template: { spec } } });

/** A plan as plain data (decisions compared by value). */
const plain = (plan: any) => JSON.parse(JSON.stringify(plan));

describe('Placement.planAll', () => {
  // 5,000 nodes: more than one block of nodes
  const nodes = generateNodes(5000, 7);
  const daemonSets = generateDaemonSets(40);

  test('gives, for each DaemonSet, exactly the plan of Placement.plan', () => {
    const all = Placement.planAll(daemonSets, nodes);
    expect(all).toHaveLength(daemonSets.length);
    daemonSets.forEach((d, i) => expect(plain(all[i])).toEqual(plain(Placement.plan(d, nodes.slice()))));
    // the generated DaemonSets exclude nodes for every kind of reason
    const reasons = new Set(all.flatMap((p) => p.decisions.flatMap((d) => d.reasons.map((r) => r.split(' ')[0]))));
    expect([...reasons].sort()).toEqual(expect.arrayContaining(['nodeSelector', 'required', 'untolerated']));
  });

  test('every decision equals Placement.decide for that node (one node, no shortcuts)', () => {
    const few = generateNodes(500, 3);
    for (const d of generateDaemonSets(25)) {
      const plan = Placement.plan(d, few);
      few.forEach((n, i) => expect(plain(plan.decisions[i])).toEqual(plain(Placement.decide(d.spec.template.spec, n))));
    }
  });

  test('more requirements than a bit mask holds: decided and explained without the lookup, the same way', () => {
    const selector = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`, 'v']));
    const spec = { nodeSelector: selector };
    const labels = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`, i === 31 ? 'other' : 'v']));
    const list = [node('all', selector), node('one-off', labels), node('none')];
    const plan = Placement.plan(ds(spec), list);
    expect(plan.decisions.map((d) => d.shouldRun)).toEqual([true, false, false]);
    expect(plan.decisions[1].reasons).toEqual(['nodeSelector k31=v not matched']);
    list.forEach((n, i) => expect(plain(plan.decisions[i])).toEqual(plain(Placement.decide(spec, n))));
  });

  test('accepts a NodeList, and explains with explainScheduled', () => {
    const tainted = node('t', {}, { taints: [{ key: 'gpu', effect: 'NoSchedule' }] });
    const list = { kind: 'NodeList', items: [node('a'), tainted] };
    const [plan] = Placement.planAll([ds({ tolerations: [{ key: 'gpu', operator: 'Exists' }] })], list as any, { explainScheduled: true });
    expect(plan.desiredNumberScheduled).toBe(2);
    expect(plan.decisions[1].notes).toEqual(['tolerates taint gpu:NoSchedule']);
  });

  test('rejects what is not a list of DaemonSets, naming the position', () => {
    expect(() => Placement.planAll(undefined as any, [])).toThrow(/Placement.planAll: expected an array of DaemonSet objects \(apps\/v1\), got undefined/);
    expect(() => Placement.planAll([ds({}), 'x'], [])).toThrow(/daemonSets\[1\] is not a DaemonSet object \(apps\/v1\), got string/);
  });

  test('an empty list of DaemonSets or nodes gives empty plans', () => {
    expect(Placement.planAll([], nodes)).toEqual([]);
    expect(Placement.planAll([ds({})], [])[0]).toEqual({ daemonSet: 'agent', decisions: [], desiredNumberScheduled: 0, nodeCount: 0 });
  });
});

describe('decisions shared between plans', () => {
  test('equal decisions for the same node are one frozen object', () => {
    const nodes = [node('a', { os: 'linux' }), node('b', { os: 'windows' })];
    const a = Placement.plan(ds({ nodeSelector: { os: 'linux' } }), nodes);
    const b = Placement.plan(ds({ nodeSelector: { os: 'linux' } }, 'other'), nodes);
    expect(b.decisions[0]).toBe(a.decisions[0]);
    expect(b.decisions[1]).toBe(a.decisions[1]);
    expect(Object.isFrozen(a.decisions[1])).toBe(true);
    expect(Object.isFrozen(a.decisions[1].reasons)).toBe(true);
    expect(() => (a.decisions[1].reasons as string[]).push('x')).toThrow();
  });

  test('a node changed in place between plans gets a fresh decision', () => {
    const n = node('a', { os: 'linux' });
    const nodes = [n];
    const spec = ds({ nodeSelector: { os: 'linux' } });
    expect(Placement.plan(spec, nodes).decisions[0].shouldRun).toBe(true);
    n.metadata.labels.os = 'windows';
    expect(Placement.plan(spec, nodes).decisions[0]).toMatchObject({ shouldRun: false, reasons: ['nodeSelector os=linux not matched'] });
    n.metadata.name = 'renamed';
    n.metadata.labels.os = 'linux';
    expect(Placement.plan(spec, nodes).decisions[0]).toMatchObject({ node: 'renamed', shouldRun: true });
    nodes[0] = node('other', { os: 'linux' });
    expect(Placement.plan(spec, nodes).decisions[0].node).toBe('other');
  });
});

describe('explanations looked up by outcome', () => {
  test('equal the explanation built from scratch, for every node and DaemonSet of a generated cluster', () => {
    const nodes = generateNodes(2000, 11);
    for (const d of generateDaemonSets(60)) {
      const compiled = new CompiledPlacement(d.spec.template.spec);
      const fresh = new CompiledPlacement(d.spec.template.spec);
      for (const n of nodes) {
        if (compiled.status(n) === 0) continue;
        // the second call is answered from the lookup
        compiled.explain(n, n.metadata.name);
        expect(compiled.explain(n, n.metadata.name)).toEqual((fresh as any).explainFresh(n, n.metadata.name));
      }
    }
  });

  test('cover nodeName, several failing terms and several taints', () => {
    const spec = {
      nodeName: 'pinned',
      nodeSelector: { a: '1' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'b', operator: 'In', values: ['1'] }, { key: 'c', operator: 'Exists' }] },
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['x'] }] },
            ],
          },
        },
      },
    };
    const n = node('n', { a: '2' }, { taints: [{ key: 't1', effect: 'NoSchedule' }, { key: 't2', value: 'v', effect: 'NoExecute' }] });
    const reasons = [
      'nodeName mismatch: the pod template is pinned to node "pinned"',
      'nodeSelector a=1 not matched',
      'required node affinity not matched: no term matched (term 0: b In [1], c Exists; term 1: metadata.name In [x])',
      'untolerated taint t1:NoSchedule',
      'untolerated taint t2=v:NoExecute',
    ];
    const compiled = new CompiledPlacement(spec);
    expect(compiled.explain(n, 'n')).toEqual(reasons);
    expect(compiled.explain(n, 'n')).toBe(compiled.explain(n, 'n'));
    // the same outcome on another node is the same array; a different taint is not
    const m = node('m', { a: '3' }, { taints: [{ key: 't1', effect: 'NoSchedule' }, { key: 't2', value: 'v', effect: 'NoExecute' }] });
    expect(compiled.explain(m, 'm')).toBe(compiled.explain(n, 'n'));
    const k = node('k', { a: '3' }, { taints: [{ key: 't1', effect: 'NoSchedule' }] });
    expect(compiled.explain(k, 'k')).toEqual(reasons.slice(0, 4));
  });
});
