import { Placement, TaintMatching } from '../../src/placement';
import { CompiledNodeSelection } from '../../src/placement/node-affinity';
import { compareNumericValues } from '../../src/placement/toleration-matching';
import { describeShared, loadSharedJson } from '../shared-data';

const load = (file: string): any[] => loadSharedJson('conformance', file);
// Skipped with a note when ../shared is absent (never under CI).
const describe = describeShared('conformance');

const GATE = { featureGates: { TaintTolerationComparisonOperators: true } };

describe('conformance: tolerations.json', () => {
  const cases = load('tolerations.json');
  const byKind = (kind: string) => cases.filter((c) => c.kind === kind).map((c) => [c.name, c] as [string, any]);

  test('covers every kind', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set([
      'ToleratesTaint', 'compareNumericValues', 'FindMatchingUntoleratedTaint', 'SchedulerTaintTolerationFilter',
    ]));
  });

  test.each(byKind('ToleratesTaint'))('ToleratesTaint: %s', (_name, c) => {
    const gateOn = c.featureGateEnabled === true;
    expect(Placement.tolerates(c.toleration, c.taint, gateOn ? GATE : undefined)).toBe(c.tolerates);
    expect(TaintMatching.toleratesTaint(c.toleration, c.taint, gateOn)).toBe(c.tolerates);
    if (c.toleratesIfFeatureGateDisabled !== undefined) {
      expect(Placement.tolerates(c.toleration, c.taint)).toBe(c.toleratesIfFeatureGateDisabled);
    }
  });

  test.each(byKind('compareNumericValues'))('compareNumericValues: %s', (_name, c) => {
    expect(TaintMatching.compareNumericValues(c.tolerationValue, c.taintValue, c.operator)).toBe(c.result);
    expect(compareNumericValues(c.tolerationValue, c.taintValue, c.operator)).toBe(c.result);
  });

  const effectsFor = (filter: string | null): string[] | undefined => {
    switch (filter) {
      case 'all':
      case null:
        return undefined;
      case 'none':
        return [];
      case 'NoExecuteOnly':
        return ['NoExecute'];
      case 'NoScheduleOrNoExecute':
        return ['NoSchedule', 'NoExecute'];
      default:
        throw new Error(`unknown taintFilter ${filter}`);
    }
  };

  test.each([...byKind('FindMatchingUntoleratedTaint'), ...byKind('SchedulerTaintTolerationFilter')])('%s', (_name, c) => {
    const gateOn = c.featureGateEnabled === true;
    const untolerated = TaintMatching.findUntoleratedTaint(c.taints, c.tolerations, effectsFor(c.taintFilter), gateOn);
    expect(untolerated === undefined).toBe(c.tolerates);
  });

  test.each(byKind('SchedulerTaintTolerationFilter'))('as a daemon pod on a node: %s', (_name, c) => {
    // the scheduler filter is the taint part of the DaemonSet controller's decision
    const decision = Placement.decide({ tolerations: c.tolerations }, { metadata: { name: 'n' }, spec: { taints: c.taints } },
      c.featureGateEnabled ? GATE : undefined);
    expect(decision.shouldRun).toBe(c.tolerates);
    if (!c.tolerates) {
      expect(decision.reasons.some((r) => r.startsWith('untolerated taint '))).toBe(true);
      if (String(c.expectedStatus ?? '').includes('failed to parse taint value')) {
        expect(decision.reasons.join('\n')).toContain('failed to parse taint value "high" as int64: must be a valid decimal integer in canonical form');
      }
    }
  });
});

describe('conformance: node_affinity.json', () => {
  test.each(load('node_affinity.json').map((c) => [c.name, c] as [string, any]))('%s', (_name, c) => {
    const podSpec: any = {};
    if (c.nodeSelector) podSpec.nodeSelector = c.nodeSelector;
    if (c.requiredNodeAffinity) podSpec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: c.requiredNodeAffinity } };
    if (c.podAffinity && !c.requiredNodeAffinity) podSpec.affinity = c.podAffinity;
    const expected = c.matches;
    expect(Placement.matchesNode(podSpec, c.node)).toBe(expected);
    if (c.invalid) {
      expect(new CompiledNodeSelection(podSpec).parseErrors().length).toBeGreaterThan(0);
    }
    if (c.node && !expected) {
      expect(new CompiledNodeSelection(podSpec).explain(c.node).length).toBeGreaterThan(0);
    }
  });
});

describe('conformance: node_selector_parse.json', () => {
  test.each(load('node_selector_parse.json').map((c) => [c.name, c] as [string, any]))('%s', (_name, c) => {
    const required = { nodeSelectorTerms: [{ matchExpressions: c.matchExpressions }] };
    const podSpec = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } } };
    const errors = new CompiledNodeSelection(podSpec).parseErrors();
    expect(errors.length === 0).toBe(c.valid);
    for (const e of c.expectedErrors ?? []) {
      expect(errors.join('\n')).toContain(e.type === 'FieldValueNotSupported' ? 'Unsupported value' : e.detail);
      expect(errors.join('\n')).toContain(e.detail);
    }
    if (c.valid && (c.matchExpressions ?? []).length > 0) {
      // a valid Gt/Lt requirement matches a node whose label is numerically beyond it
      const e = c.matchExpressions[0];
      const bigger = String(Number(e.values[0]) + (e.operator === 'Gt' ? 1 : -1));
      expect(Placement.matchesNode(podSpec, { metadata: { name: 'n', labels: { [e.key]: bigger } } })).toBe(true);
      expect(Placement.matchesNode(podSpec, { metadata: { name: 'n', labels: { [e.key]: e.values[0] } } })).toBe(false);
    } else if (c.valid) {
      // nil/empty requirements inside an otherwise empty term: the term selects nothing
      expect(Placement.matchesNode(podSpec, { metadata: { name: 'n', labels: { a: 'b' } } })).toBe(false);
    }
  });
});

describe('conformance: placement.json', () => {
  test.each(load('placement.json').map((c) => [c.name, c] as [string, any]))('%s', (_name, c) => {
    const d = Placement.decide(c.daemonSetPodSpec, c.node);
    expect(d.shouldRun).toBe(c.shouldRun);
    if (c.shouldContinueRunning !== undefined) expect(d.shouldContinueRunning).toBe(c.shouldContinueRunning);
    expect(d.node).toBe(c.node.metadata.name);
    if (c.shouldRun) {
      expect(d.reasons).toEqual([]);
    } else {
      expect(d.reasons.length).toBeGreaterThan(0);
    }
    // the same answer through plan()
    const plan = Placement.plan({ metadata: { name: 'ds' }, spec: { template: { spec: c.daemonSetPodSpec } } }, [c.node]);
    expect(plan.desiredNumberScheduled).toBe(c.shouldRun ? 1 : 0);
  });
});
