import { Chart, Testing } from 'cdk8s';
import { NodeDaemon, NodeExporterDaemon, StagedRollout, TaintEffect } from '../src';

function node(name: string, labels: Record<string, string> = {}, taints: any[] = []): any {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels } }, spec: { taints } };
}

function pair(chart: Chart, version = '1.9.0') {
  const agent = (id: string, v: string) => {
    const d = new NodeDaemon(chart, id, { metadata: { name: id } });
    d.addContainer({ name: 'agent', image: `example.com/agent:${v}` });
    return d.linuxOnly().tolerate({ key: 'dedicated', effect: TaintEffect.NO_SCHEDULE });
  };
  return { stable: agent('agent', '1.8.2'), canary: agent('agent-canary', version) };
}

const required = (ds: any) => ds.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;

describe('StagedRollout by node label', () => {
  test('the canary requires the label, the stable DaemonSet excludes it (ANDed with their own selection)', () => {
    const chart = Testing.chart();
    new StagedRollout(chart, 'rollout', { ...pair(chart), canaryLabel: 'example.com/canary' });
    const manifests = Testing.synth(chart).filter((o: any) => o.kind === 'DaemonSet');
    const byName = Object.fromEntries(manifests.map((m: any) => [m.metadata.name, m]));
    expect(required(byName['agent-canary'])).toEqual([{
      matchExpressions: [
        { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
        { key: 'example.com/canary', operator: 'In', values: ['true'] },
      ],
    }]);
    expect(required(byName.agent)).toEqual([{
      matchExpressions: [
        { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
        { key: 'example.com/canary', operator: 'NotIn', values: ['true'] },
      ],
    }]);
    expect(byName['agent-canary'].spec.template.spec.containers[0].image).toBe('example.com/agent:1.9.0');
    expect(byName.agent.spec.template.spec.containers[0].image).toBe('example.com/agent:1.8.2');
  });

  test('every node runs exactly one of the pair, before and after a node is relabelled', () => {
    const chart = Testing.chart();
    const rollout = new StagedRollout(chart, 'rollout', { ...pair(chart), canaryLabel: 'example.com/canary', canaryLabelValue: 'yes' });
    const nodes = [
      node('a', { 'example.com/canary': 'yes' }),
      node('b'),
      node('c', { 'example.com/canary': 'no' }),
      node('d', {}, [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }]),
      node('win', { 'kubernetes.io/os': 'windows', 'example.com/canary': 'yes' }),
    ];
    expect(rollout.checkPlacement(nodes)).toEqual({ stableNodes: ['b', 'c', 'd'], canaryNodes: ['a'], bothNodes: [], uncoveredNodes: [], ok: true });
    nodes[1].metadata.labels['example.com/canary'] = 'yes';
    expect(rollout.checkPlacement(nodes)).toMatchObject({ stableNodes: ['c', 'd'], canaryNodes: ['a', 'b'], ok: true });
    // generated labellings: always exclusive and complete
    for (let mask = 0; mask < 16; mask++) {
      const generated = ['n0', 'n1', 'n2', 'n3'].map((n, i) => node(n, Math.floor(mask / 2 ** i) % 2 === 1 ? { 'example.com/canary': 'yes' } : {}));
      const check = rollout.checkPlacement(generated);
      expect(check.ok).toBe(true);
      expect(check.stableNodes.length + check.canaryNodes.length).toBe(4);
    }
  });

  test('a canary that does not tolerate what the stable DaemonSet tolerates leaves nodes uncovered', () => {
    const chart = Testing.chart();
    const stable = new NodeDaemon(chart, 'agent').tolerate({ key: 'dedicated', effect: TaintEffect.NO_SCHEDULE });
    stable.addContainer({ name: 'agent', image: 'example.com/agent:1' });
    const canary = new NodeDaemon(chart, 'agent-canary');
    canary.addContainer({ name: 'agent', image: 'example.com/agent:2' });
    const rollout = new StagedRollout(chart, 'rollout', { stable, canary, canaryLabel: 'canary' });
    const check = rollout.checkPlacement([node('tainted', { canary: 'true' }, [{ key: 'dedicated', effect: 'NoSchedule' }]), node('plain')]);
    expect(check).toEqual({ stableNodes: ['plain'], canaryNodes: [], bothNodes: [], uncoveredNodes: ['tainted'], ok: false });
  });

  test('typed daemons: node-exporter canary with a new version', () => {
    const chart = Testing.chart();
    const rollout = new StagedRollout(chart, 'rollout', {
      stable: new NodeExporterDaemon(chart, 'node-exporter', { version: '1.8.2' }),
      canary: new NodeExporterDaemon(chart, 'node-exporter-canary', { version: '1.9.0' }),
      canaryLabel: 'example.com/node-exporter-canary',
    });
    const check = rollout.checkPlacement([node('a', { 'example.com/node-exporter-canary': 'true' }), node('b')]);
    expect(check).toMatchObject({ stableNodes: ['b'], canaryNodes: ['a'], ok: true });
  });
});

describe('StagedRollout by node names', () => {
  test('kubernetes.io/hostname In on the canary, NotIn on the stable DaemonSet', () => {
    const chart = Testing.chart();
    const rollout = new StagedRollout(chart, 'rollout', { ...pair(chart), canaryNodes: ['a', 'c', 'a'] });
    const manifests = Testing.synth(chart).filter((o: any) => o.kind === 'DaemonSet');
    const canary = manifests.find((m: any) => m.metadata.name === 'agent-canary');
    expect(required(canary)[0].matchExpressions[1]).toEqual({ key: 'kubernetes.io/hostname', operator: 'In', values: ['a', 'c'] });
    expect(rollout.checkPlacement([node('a'), node('b'), node('c')])).toMatchObject({ stableNodes: ['b'], canaryNodes: ['a', 'c'], ok: true });
  });

  test('an empty list (rollback) puts every node on the stable DaemonSet', () => {
    const chart = Testing.chart();
    const rollout = new StagedRollout(chart, 'rollout', { ...pair(chart), canaryNodes: [] });
    expect(rollout.checkPlacement([node('a'), node('b')])).toEqual({ stableNodes: ['a', 'b'], canaryNodes: [], bothNodes: [], uncoveredNodes: [], ok: true });
  });
});

describe('StagedRollout errors name the construct and the fix', () => {
  test.each([
    [{ canaryLabel: 'x', canaryNodes: ['a'] }, 'test/rollout: StagedRollout: set exactly one of canaryLabel (a node label) and canaryNodes (node names)'],
    [{}, 'test/rollout: StagedRollout: set exactly one of canaryLabel'],
    [{ canaryLabel: 'bad key!' }, 'test/rollout: StagedRollout: canaryLabel "bad key!" is not a valid label key'],
    [{ canaryLabel: 'ok', canaryLabelValue: 'no spaces' }, 'test/rollout: StagedRollout: canaryLabelValue "no spaces" is not a valid label value'],
    [{ canaryNodes: ['x'.repeat(64)] }, 'cannot be matched by the kubernetes.io/hostname label'],
  ])('%j', (props, message) => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new StagedRollout(chart, 'rollout', { ...pair(chart), ...props })).toThrow(message);
  });

  test('the same daemon twice', () => {
    const chart = new Chart(Testing.app(), 'test');
    const d = new NodeDaemon(chart, 'agent');
    expect(() => new StagedRollout(chart, 'rollout', { stable: d, canary: d, canaryLabel: 'c' }))
      .toThrow('test/rollout: StagedRollout: stable and canary must be two different NodeDaemons');
  });
});
