import { Placement, PlanReport, Rollout } from '../../src/placement';

const node = (name: string, labels: Record<string, string> = {}, spec: any = {}) =>
  ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec });
const ds = (spec: any, name = 'agent', namespace?: string) =>
  ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace }, spec: { template: { spec } } });
const affinity = (...terms: any[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
const GATE = { featureGates: { TaintTolerationComparisonOperators: true } };

describe('nodeName', () => {
  test('a template pinned to another node runs nowhere else, and pods there are removed', () => {
    const d = Placement.decide({ nodeName: 'node-a' }, node('node-b'));
    expect(d).toEqual({ node: 'node-b', shouldRun: false, shouldContinueRunning: false, reasons: ['nodeName mismatch: the pod template is pinned to node "node-a"'] });
    expect(Placement.decide({ nodeName: 'node-a' }, node('node-a')).shouldRun).toBe(true);
  });
});

describe('nodeSelector', () => {
  test('every key=value must be a node label', () => {
    const spec = { nodeSelector: { 'ssd': 'true', 'kubernetes.io/os': 'linux' } };
    expect(Placement.decide(spec, node('n', { 'ssd': 'true', 'kubernetes.io/os': 'linux' })).shouldRun).toBe(true);
    const d = Placement.decide(spec, node('n', { 'kubernetes.io/os': 'linux' }));
    expect(d).toEqual({ node: 'n', shouldRun: false, shouldContinueRunning: false, reasons: ['nodeSelector ssd=true not matched'] });
    expect(Placement.decide(spec, node('n', { 'ssd': 'false', 'kubernetes.io/os': 'windows' })).reasons)
      .toEqual(['nodeSelector ssd=true not matched', 'nodeSelector kubernetes.io/os=linux not matched']);
  });
  test('an empty value needs the label present with an empty value', () => {
    expect(Placement.matchesNode({ nodeSelector: { gpu: '' } }, node('n', { gpu: '' }))).toBe(true);
    expect(Placement.matchesNode({ nodeSelector: { gpu: '' } }, node('n'))).toBe(false);
  });
  test('prototype keys are not labels', () => {
    expect(Placement.matchesNode({ affinity: affinity({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }) }, node('n'))).toBe(false);
  });
});

describe('required node affinity', () => {
  test('terms are ORed, expressions ANDed', () => {
    const spec = {
      affinity: affinity(
        { matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }, { key: 'b', operator: 'Exists' }] },
        { matchExpressions: [{ key: 'c', operator: 'DoesNotExist' }, { key: 'd', operator: 'NotIn', values: ['x'] }] },
      ),
    };
    expect(Placement.matchesNode(spec, node('n', { a: '1', b: '', c: 'y' }))).toBe(true);
    expect(Placement.matchesNode(spec, node('n', { a: '1' }))).toBe(true); // second term: no c, no d
    const d = Placement.decide(spec, node('n', { a: '2', c: 'y' }));
    expect(d.reasons).toEqual(['required node affinity not matched: no term matched (term 0: a In [1], b Exists; term 1: c DoesNotExist)']);
  });
  test('a single failing expression is named', () => {
    const spec = { affinity: affinity({ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }) };
    expect(Placement.decide(spec, node('win', { 'kubernetes.io/os': 'windows' })).reasons)
      .toEqual(['required node affinity not matched: kubernetes.io/os In [linux]']);
  });
  test('nodeSelector AND affinity both report', () => {
    const spec = { nodeSelector: { ssd: 'true' }, affinity: affinity({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }) };
    expect(Placement.decide(spec, node('n')).reasons).toEqual([
      'nodeSelector ssd=true not matched', 'required node affinity not matched: zone In [a]',
    ]);
  });
  test('an empty term list or empty terms match nothing', () => {
    expect(Placement.decide({ affinity: affinity() }, node('n')).reasons)
      .toEqual(['required node affinity not matched: nodeSelectorTerms is empty, so no node matches']);
    expect(Placement.decide({ affinity: affinity({}, { matchExpressions: [] }) }, node('n')).reasons)
      .toEqual(['required node affinity not matched: every nodeSelectorTerm is empty, so no node matches']);
    // an empty term beside a real one is skipped
    expect(Placement.matchesNode({ affinity: affinity({}, { matchExpressions: [{ key: 'a', operator: 'Exists' }] }) }, node('n', { a: 'x' }))).toBe(true);
  });
  test('nodeAffinity without a required selector, and preferred terms, do not constrain', () => {
    expect(Placement.matchesNode({ affinity: { nodeAffinity: {} } }, node('n'))).toBe(true);
    expect(Placement.matchesNode({
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'x', operator: 'Exists' }] } }] } },
    }, node('n'))).toBe(true);
  });
  test('matchFields: metadata.name with exactly one value; skipped for a nameless node', () => {
    const pin = (op: string, values: string[]) => ({ affinity: affinity({ matchFields: [{ key: 'metadata.name', operator: op, values }] }) });
    expect(Placement.matchesNode(pin('In', ['node-1']), node('node-1'))).toBe(true);
    expect(Placement.matchesNode(pin('In', ['node-1']), node('node-2'))).toBe(false);
    expect(Placement.matchesNode(pin('NotIn', ['node-1']), node('node-2'))).toBe(true);
    expect(Placement.decide(pin('In', ['node-1', 'node-2']), node('node-1')).reasons[0])
      .toMatch(/^required node affinity not matched: term 0 is invalid and never matches \(.*must have one element/);
    expect(Placement.matchesNode(pin('Exists', []), node('node-1'))).toBe(false);
    expect(Placement.matchesNode(pin('In', ['node-1']), { metadata: { labels: {} } })).toBe(true);
    // labels named metadata.name are not fields
    expect(Placement.matchesNode(pin('In', ['node-1']), node('other', { 'metadata.name': 'node-1' }))).toBe(false);
  });
  test('Gt/Lt parse integers like strconv.ParseInt', () => {
    const gt = (v: string) => ({ affinity: affinity({ matchExpressions: [{ key: 'kernel', operator: 'Gt', values: [v] }] }) });
    expect(Placement.matchesNode(gt('0204'), node('n', { kernel: '0206' }))).toBe(true);
    expect(Placement.matchesNode(gt('5'), node('n', { kernel: '5' }))).toBe(false);
    expect(Placement.matchesNode(gt('5'), node('n', { kernel: '5.10' }))).toBe(false); // non-integer label
    expect(Placement.matchesNode(gt('5'), node('n'))).toBe(false);
    expect(Placement.matchesNode(gt('9223372036854775806'), node('n', { kernel: '9223372036854775807' }))).toBe(true);
    expect(Placement.matchesNode(gt('5'), node('n', { kernel: '9223372036854775808' }))).toBe(false); // overflows int64
    expect(Placement.matchesNode(gt('abc'), node('n', { kernel: '10' }))).toBe(false); // unparseable term
    expect(Placement.decide(gt('abc'), node('n', { kernel: '10' })).reasons[0]).toContain("for 'Gt', 'Lt' operators, the value must be an integer");
    const lt = { affinity: affinity({ matchExpressions: [{ key: 'k', operator: 'Lt', values: ['10'] }] }) };
    expect(Placement.matchesNode(lt, node('n', { k: '9' }))).toBe(true);
  });
  test('an unparseable term never matches, the other terms still count', () => {
    const spec = {
      affinity: affinity(
        { matchExpressions: [{ key: 'invalid key', operator: 'In', values: ['x'] }] },
        { matchExpressions: [{ key: 'ok', operator: 'Exists' }] },
      ),
    };
    expect(Placement.matchesNode(spec, node('n', { ok: '1' }))).toBe(true);
    expect(Placement.matchesNode(spec, node('n', { 'invalid key': 'x' }))).toBe(false);
    expect(Placement.matchesNode({ affinity: affinity({ matchExpressions: [{ key: 'a', operator: 'Bogus', values: ['x'] }] }) }, node('n', { a: 'x' }))).toBe(false);
    expect(Placement.matchesNode({ affinity: affinity({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }) }, node('n', { a: 'x' }))).toBe(false);
    expect(Placement.matchesNode({ affinity: affinity({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }) }, node('n', { a: 'x' }))).toBe(false);
    expect(Placement.matchesNode({ affinity: affinity({ matchExpressions: [{ key: 'a', operator: 'In', values: ['bad value!'] }] }) }, node('n', { a: 'bad value!' }))).toBe(false);
  });
  test('a nil node matches nothing', () => {
    expect(Placement.matchesNode({}, null)).toBe(false);
  });
});

describe('taints', () => {
  test('an untolerated NoSchedule taint keeps new pods off but running pods stay', () => {
    const d = Placement.decide({}, node('gpu-1', {}, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
    expect(d).toEqual({ node: 'gpu-1', shouldRun: false, shouldContinueRunning: true, reasons: ['untolerated taint dedicated=gpu:NoSchedule'] });
  });
  test('an untolerated NoExecute taint evicts running pods', () => {
    const d = Placement.decide({}, node('m', {}, { taints: [{ key: 'maintenance', value: 'true', effect: 'NoExecute' }, { key: 'x', effect: 'NoSchedule' }] }));
    expect(d).toEqual({ node: 'm', shouldRun: false, shouldContinueRunning: false, reasons: ['untolerated taint maintenance=true:NoExecute', 'untolerated taint x:NoSchedule'] });
  });
  test('PreferNoSchedule never excludes a node', () => {
    expect(Placement.decide({}, node('n', {}, { taints: [{ key: 'a', value: 'b', effect: 'PreferNoSchedule' }] })).shouldRun).toBe(true);
  });
  test('tolerations: Exists without effect tolerates every effect of the key; empty key + Exists tolerates all', () => {
    const taints = [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }, { key: 'nvidia.com/gpu', value: 'x', effect: 'NoExecute' }];
    expect(Placement.decide({ tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }, node('n', {}, { taints })).shouldRun).toBe(true);
    expect(Placement.decide({ tolerations: [{ operator: 'Exists' }] }, node('n', {}, { taints })).shouldRun).toBe(true);
    expect(Placement.decide({ tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] }, node('n', {}, { taints })))
      .toEqual({ node: 'n', shouldRun: false, shouldContinueRunning: false, reasons: ['untolerated taint nvidia.com/gpu=x:NoExecute'] });
  });
  test('Equal compares values; unknown operators never tolerate', () => {
    const t = { key: 'k', value: 'v', effect: 'NoSchedule' };
    expect(Placement.tolerates({ key: 'k', operator: 'Equal', value: 'v' }, t)).toBe(true);
    expect(Placement.tolerates({ key: 'k', value: 'v' }, t)).toBe(true);
    expect(Placement.tolerates({ key: 'k', value: 'w' }, t)).toBe(false);
    expect(Placement.tolerates({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, t)).toBe(false);
    expect(Placement.tolerates({ key: 'k', operator: 'Matches', value: 'v' }, t)).toBe(false);
  });
  test('Lt/Gt tolerate only with the feature gate on', () => {
    const spec = { tolerations: [{ key: 'sla', operator: 'Gt', value: '750', effect: 'NoSchedule' }] };
    const n = node('n', {}, { taints: [{ key: 'sla', value: '950', effect: 'NoSchedule' }] });
    expect(Placement.decide(spec, n).shouldRun).toBe(false);
    expect(Placement.decide(spec, n, GATE).shouldRun).toBe(true);
    const high = node('n', {}, { taints: [{ key: 'sla', value: 'high', effect: 'NoSchedule' }] });
    expect(Placement.decide(spec, high, GATE).reasons).toEqual([
      'untolerated taint sla=high:NoSchedule (failed to parse taint value "high" as int64: must be a valid decimal integer in canonical form)',
    ]);
    expect(Placement.decide(spec, high).reasons).toEqual(['untolerated taint sla=high:NoSchedule']);
  });
});

describe('tolerations the controller adds', () => {
  const taint = (key: string, effect: string) => node('n', {}, { taints: [{ key, effect }] });
  test.each([
    ['node.kubernetes.io/not-ready', 'NoExecute'],
    ['node.kubernetes.io/unreachable', 'NoExecute'],
    ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
    ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
    ['node.kubernetes.io/pid-pressure', 'NoSchedule'],
    ['node.kubernetes.io/unschedulable', 'NoSchedule'],
  ])('%s:%s is always tolerated', (key, effect) => {
    expect(Placement.decide({}, taint(key, effect)).shouldRun).toBe(true);
  });
  test('network-unavailable only with hostNetwork', () => {
    const t = taint('node.kubernetes.io/network-unavailable', 'NoSchedule');
    expect(Placement.decide({ hostNetwork: true }, t).shouldRun).toBe(true);
    expect(Placement.decide({}, t).reasons).toEqual(['untolerated taint node.kubernetes.io/network-unavailable:NoSchedule']);
  });
  test('out-of-service is not tolerated by default', () => {
    expect(Placement.decide({}, taint('node.kubernetes.io/out-of-service', 'NoExecute')).shouldContinueRunning).toBe(false);
  });
  test('not-ready with another effect is not covered by the NoExecute default', () => {
    expect(Placement.decide({}, taint('node.kubernetes.io/not-ready', 'NoSchedule')).shouldRun).toBe(false);
  });
  test('merge: a user toleration equal in key/operator/value/effect is replaced, dropping tolerationSeconds', () => {
    const tolerations = Placement.daemonPodTolerations({
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Equal', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'app', operator: 'Equal', value: 'x', effect: 'NoSchedule' },
      ],
    });
    expect(tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Equal', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'app', operator: 'Equal', value: 'x', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(Placement.daemonPodTolerations({ hostNetwork: true }).map((t) => t.key)).toContain('node.kubernetes.io/network-unavailable');
  });
});

describe('not considered by the controller', () => {
  test('cordoned nodes, NotReady conditions and resources do not exclude', () => {
    const cordoned = node('c', {}, { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] });
    expect(Placement.decide({}, cordoned)).toEqual({ node: 'c', shouldRun: true, shouldContinueRunning: true, reasons: [] });
    expect(Placement.decide({}, { ...node('u'), spec: { unschedulable: true } }).shouldRun).toBe(true);
    const notReady = { ...node('nr'), status: { conditions: [{ type: 'Ready', status: 'False' }], allocatable: { cpu: '1m', memory: '1Ki' } } };
    expect(Placement.decide({ containers: [{ resources: { requests: { cpu: '64', memory: '1Ti' } } }] }, notReady).shouldRun).toBe(true);
  });
  test('explainScheduled adds notes for cordoned and tolerated-taint nodes', () => {
    const cordoned = node('c', {}, { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'gpu', effect: 'NoSchedule' }] });
    const d = Placement.decide({ tolerations: [{ operator: 'Exists' }] }, cordoned, { explainScheduled: true });
    expect(d.notes).toEqual(['node is cordoned (unschedulable); daemon pods still run there', 'tolerates taint gpu:NoSchedule']);
    expect(Placement.decide({}, node('plain'), { explainScheduled: true }).notes).toBeUndefined();
  });
});

describe('plan', () => {
  const nodes = [
    node('a', { ssd: 'true' }),
    node('b'),
    node('c', { ssd: 'true' }, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
  ];
  test('counts desiredNumberScheduled and keeps node order', () => {
    const plan = Placement.plan(ds({ nodeSelector: { ssd: 'true' } }, 'agent', 'monitoring'), nodes);
    expect(plan.daemonSet).toBe('monitoring/agent');
    expect(plan.desiredNumberScheduled).toBe(1);
    expect(plan.nodeCount).toBe(3);
    expect(plan.decisions.map((d) => [d.node, d.shouldRun, d.reasons])).toEqual([
      ['a', true, []],
      ['b', false, ['nodeSelector ssd=true not matched']],
      ['c', false, ['untolerated taint dedicated=gpu:NoSchedule']],
    ]);
  });
  test('accepts a NodeList object and a DaemonSet without a template', () => {
    expect(Placement.plan(ds({}), { kind: 'NodeList', items: nodes } as any).desiredNumberScheduled).toBe(2);
    expect(Placement.plan({ metadata: { name: 'x' } }, nodes).desiredNumberScheduled).toBe(2);
    expect(() => Placement.plan(undefined, nodes)).toThrow(/expected a DaemonSet/);
  });
  test('report renders a table, a summary and the rollout', () => {
    const d = ds({ nodeSelector: { ssd: 'true' } });
    const plan = Placement.plan(d, nodes);
    const text = PlanReport.render(plan, Rollout.estimate(d, plan.desiredNumberScheduled));
    expect(text).toContain('DaemonSet agent');
    expect(text).toMatch(/│ a +│ ✓ +│/);
    expect(text).toMatch(/│ b +│ ✗ +│ nodeSelector ssd=true not matched/);
    expect(text).toContain('(a daemon pod already running here stays)');
    expect(text).toContain('DESIRED 1 / nodes 3 (2 excluded: 1 nodeSelector, 1 untolerated taint)');
    expect(text).toContain('Rollout: RollingUpdate: maxUnavailable 1, 1 wave of up to 1 node, about 30s');
    const short = PlanReport.render(plan, undefined, { maxRows: 1, excludedOnly: true });
    expect(short).toContain('... 1 more node not shown');
    expect(short).not.toContain('Rollout');
    expect(PlanReport.toJson(plan, Rollout.estimate(d, 1)).rollout.waves).toBe(1);
  });
});
