import { Placement } from '../../src/placement';
import { hostPorts, podRequests, portsConflict } from '../../src/placement/pod-resources';
import { formatBytes, intValue, milliValue } from '../../src/placement/quantity';

const node = (name: string, allocatable: Record<string, string>, labels: Record<string, string> = {}) =>
  ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: {}, status: { allocatable, capacity: allocatable } });
const ds = (name: string, spec: any, namespace = 'monitoring') =>
  ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace }, spec: { template: { spec } } });
const container = (requests: Record<string, string> = {}, ports: any[] = [], extra: any = {}) =>
  ({ name: 'c', image: 'x', resources: { requests }, ports, ...extra });
const pod = (name: string, nodeName: string, requests: Record<string, string>, extra: any = {}, namespace = 'apps') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: { nodeName, containers: [container(requests, extra.ports ?? [])], priority: extra.priority ?? 0 },
  status: { phase: extra.phase ?? 'Running', startTime: extra.startTime },
});
const pc = (name: string, value: number, extra: any = {}) =>
  ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });
const small = { cpu: '2', memory: '4Gi', pods: '110' };

describe('quantities', () => {
  test('cpu in millicores and the rest in integer values, rounded up like Quantity.MilliValue/Value', () => {
    expect(milliValue('500m')).toBe(500);
    expect(milliValue('2')).toBe(2000);
    expect(milliValue('0.1')).toBe(100);
    expect(milliValue('1.5')).toBe(1500);
    expect(milliValue('100u')).toBe(1); // 0.0001 cpu rounds up to 1m
    expect(intValue('1Gi')).toBe(1073741824);
    expect(intValue('1G')).toBe(1e9);
    expect(intValue('1.5Mi')).toBe(1572864);
    expect(intValue('1e3')).toBe(1000);
    expect(intValue('500m')).toBe(1); // Value() rounds up
    expect(intValue('1Gb')).toBeUndefined();
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5Gi');
  });

  test('the plain forms read without the general parser give the same values; the others still go through it', () => {
    expect([milliValue('0'), milliValue('25m'), milliValue('7'), milliValue('2k'), milliValue('1Ki'), milliValue('3Gi')])
      .toEqual([0, 25, 7000, 2e6, 1024000, 3 * 2 ** 30 * 1000]);
    expect([intValue('16Mi'), intValue('2Ti'), intValue('5M'), intValue('0010'), intValue('1001m')])
      .toEqual([16 * 2 ** 20, 2 * 2 ** 40, 5e6, 10, 2]);
    expect(intValue('1234567890')).toBe(1234567890); // 10 digits: general parser
    expect(milliValue('9Ei')).toBe(9 * 2 ** 60 * 1000); // beyond a safe integer: general parser (float)
    expect([milliValue('2x'), intValue('Mi'), intValue('1mi'), intValue('1KI'), milliValue('')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('effective requests (resourcehelper.PodRequests)', () => {
  test('the larger of the biggest init container and the sum of containers; sidecars add; overhead adds', () => {
    const spec = {
      initContainers: [
        container({ cpu: '1', memory: '100Mi' }),
        { ...container({ cpu: '200m', memory: '50Mi' }), restartPolicy: 'Always' },
        container({ cpu: '900m' }),
      ],
      containers: [container({ cpu: '300m', memory: '200Mi' }), container({ cpu: '100m' })],
      overhead: { cpu: '50m', memory: '10Mi' },
    };
    const r = podRequests(spec);
    // containers 400m + sidecar 200m = 600m; init max: 1 (first) vs 900m + 200m sidecar = 1100m -> 1100m; + 50m overhead
    expect(r.cpu).toBe(1150);
    // containers 200Mi + sidecar 50Mi = 250Mi vs init 100Mi -> 250Mi, + 10Mi
    expect(r.memory).toBe(260 * 2 ** 20);
  });

  test('limits stand in for missing requests (API server defaulting); pod-level requests override', () => {
    expect(podRequests({ containers: [{ name: 'c', resources: { limits: { 'cpu': '250m', 'nvidia.com/gpu': '1' } } }] }).cpu).toBe(250);
    expect(podRequests({ containers: [{ name: 'c', resources: { limits: { 'nvidia.com/gpu': '1' } } }] }).get('nvidia.com/gpu')).toBe(1);
    expect(podRequests({ resources: { requests: { cpu: '1' } }, containers: [container({ cpu: '100m' })] }).cpu).toBe(1000);
  });

  test('host ports: sidecars count, plain init containers do not; hostNetwork defaults hostPort to containerPort', () => {
    const spec = {
      hostNetwork: true,
      initContainers: [
        { name: 'i', ports: [{ containerPort: 1 }] },
        { name: 's', restartPolicy: 'Always', ports: [{ containerPort: 2, protocol: 'UDP' }] },
      ],
      containers: [{ name: 'c', ports: [{ containerPort: 9100 }, { containerPort: 8080, hostPort: 18080, hostIP: '10.0.0.1' }] }],
    };
    expect(hostPorts(spec)).toEqual([
      { ip: '0.0.0.0', protocol: 'UDP', port: 2 },
      { ip: '0.0.0.0', protocol: 'TCP', port: 9100 },
      { ip: '10.0.0.1', protocol: 'TCP', port: 18080 },
    ]);
    expect(hostPorts({ containers: [{ name: 'c', ports: [{ containerPort: 9100 }] }] })).toEqual([]);
    const p = (ip: string, protocol = 'TCP') => ({ ip, protocol, port: 80 });
    expect(portsConflict(p('0.0.0.0'), p('10.0.0.1'))).toBe(true);
    expect(portsConflict(p('10.0.0.2'), p('10.0.0.1'))).toBe(false);
    expect(portsConflict(p('10.0.0.1'), p('10.0.0.1'))).toBe(true);
    expect(portsConflict(p('0.0.0.0', 'UDP'), p('0.0.0.0'))).toBe(false);
  });
});

describe('Placement.planAll with scheduler fit', () => {
  test('without fit options the decisions are unchanged (no fit fields)', () => {
    const [plan] = Placement.planAll([ds('a', { containers: [container({ cpu: '1' })] })], [node('n', small)]);
    expect(plan.decisions[0]).toEqual({ node: 'n', shouldRun: true, shouldContinueRunning: true, reasons: [] });
    expect(plan.pendingNumber).toBeUndefined();
  });

  test('Insufficient cpu with the numbers; a node with room fits', () => {
    const nodes = [node('full', small), node('roomy', { cpu: '4', memory: '8Gi', pods: '110' })];
    const pods = [pod('web', 'full', { cpu: '1800m', memory: '1Gi' }), pod('web2', 'roomy', { cpu: '1' })];
    const [plan] = Placement.planAll([ds('agent', { containers: [container({ cpu: '500m', memory: '100Mi' })] })], nodes, { existingPods: pods });
    expect(plan.decisions[0]).toMatchObject({
      node: 'full', shouldRun: true, fits: false, schedulingReasons: ['Insufficient cpu'],
    });
    expect(plan.decisions[0].schedulingDetails?.[0]).toBe('Insufficient cpu: the pod requests 500m, 1800m of 2 allocatable are requested (200m free)');
    expect(plan.decisions[0].schedulingDetails?.[1]).toMatch(/none of the 1 pod\(s\) on the node has a priority lower than the daemon's 0; the pod stays Pending/);
    expect(plan.decisions[1]).toMatchObject({ node: 'roomy', fits: true, schedulingReasons: [] });
    expect(plan.pendingNumber).toBe(1);
  });

  test('every resource that is short is named, in the scheduler order; Too many pods counts slots', () => {
    const nodes = [node('n', { 'cpu': '1', 'memory': '1Gi', 'pods': '1', 'ephemeral-storage': '1Gi', 'nvidia.com/gpu': '1' })];
    const pods = [pod('gpu-job', 'n', { 'nvidia.com/gpu': '1' })];
    const spec = { containers: [container({ 'cpu': '2', 'memory': '2Gi', 'ephemeral-storage': '2Gi', 'nvidia.com/gpu': '1', 'hugepages-2Mi': '2Mi' })] };
    const [plan] = Placement.planAll([ds('greedy', spec)], nodes, { existingPods: pods });
    expect(plan.decisions[0].schedulingReasons).toEqual([
      'Too many pods', 'Insufficient cpu', 'Insufficient memory', 'Insufficient ephemeral-storage', 'Insufficient hugepages-2Mi', 'Insufficient nvidia.com/gpu',
    ]);
    expect(plan.decisions[0].schedulingDetails).toContain('Too many pods: 1 of 1 allocatable pods are on the node');
    expect(plan.decisions[0].schedulingDetails).toContain("preemption cannot help: the pod requests more than the node's allocatable");
  });

  test('a node without allocatable pods takes no pod; a pod without requests only needs a slot', () => {
    const [plan] = Placement.planAll([ds('a', { containers: [{ name: 'c' }] })], [node('bare', {}), node('ok', { pods: '1' })], { schedulerFit: true });
    expect(plan.decisions.map((d) => d.schedulingReasons)).toEqual([['Too many pods'], []]);
  });

  test('two agents on host port 9100: the first in queue order binds, the other stays Pending (contested at equal priority)', () => {
    const spec = { containers: [container({}, [{ containerPort: 9100, hostPort: 9100 }])] };
    const plans = Placement.planAll([ds('node-exporter', spec), ds('prometheus-node-exporter', spec)], [node('n', small)], { schedulerFit: true });
    expect(plans[0].decisions[0]).toMatchObject({ fits: true, contested: true });
    expect(plans[1].decisions[0]).toMatchObject({ fits: false, contested: true, schedulingReasons: ["node(s) didn't have free ports for the requested pod ports"] });
    expect(plans[1].decisions[0].schedulingDetails?.[0]).toBe(
      "node(s) didn't have free ports for the requested pod ports: TCP 0.0.0.0:9100 is taken by a pod of DaemonSet monitoring/node-exporter (TCP 0.0.0.0:9100)");
    // with a higher priority the second one wins, deterministically, and preempts nothing (daemons of lower priority come later)
    const classes = [pc('high', 1000)];
    const hi = Placement.planAll([ds('node-exporter', spec), ds('prometheus-node-exporter', { ...spec, priorityClassName: 'high' })], [node('n', small)],
      { schedulerFit: true, priorityClasses: classes });
    expect(hi[1].decisions[0]).toMatchObject({ fits: true, schedulingReasons: [] });
    expect(hi[1].decisions[0].contested).toBeUndefined();
    expect(hi[0].decisions[0]).toMatchObject({ fits: false, schedulingReasons: ["node(s) didn't have free ports for the requested pod ports"] });
    expect(hi[0].decisions[0].contested).toBeUndefined();
  });

  test('a different hostIP or protocol does not conflict; an existing pod on the port does', () => {
    const a = ds('a', { containers: [container({}, [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }])] });
    const b = ds('b', { containers: [container({}, [{ containerPort: 53, hostPort: 53, hostIP: '10.0.0.1' }])] });
    const existing = [pod('dns', 'n', {}, { ports: [{ containerPort: 53, hostPort: 53, hostIP: '10.0.0.2' }] })];
    const plans = Placement.planAll([a, b], [node('n', small)], { existingPods: existing });
    expect(plans.map((p) => p.decisions[0].fits)).toEqual([true, true]);
    const c = ds('c', { containers: [container({}, [{ containerPort: 53, hostPort: 53 }])] });
    const [pc1] = Placement.planAll([c], [node('n', small)], { existingPods: existing });
    expect(pc1.decisions[0].schedulingDetails?.[0]).toContain('TCP 0.0.0.0:53 is taken by apps/dns (TCP 10.0.0.2:53)');
  });

  test('preemption: the victims are the least important pods that must go, after reprieving the most important first', () => {
    const pods = [
      pod('batch-old', 'n', { cpu: '500m' }, { priority: 10, startTime: '2026-01-01T00:00:00Z' }),
      pod('batch-new', 'n', { cpu: '500m' }, { priority: 10, startTime: '2026-01-02T00:00:00Z' }),
      pod('low', 'n', { cpu: '500m' }, { priority: 1 }),
      pod('critical', 'n', { cpu: '500m' }, { priority: 5000 }),
    ];
    const spec = { priorityClassName: 'system-node-critical', containers: [container({ cpu: '900m' })] };
    const [plan] = Placement.planAll([ds('agent', spec, 'kube-system')], [node('n', small)], { existingPods: pods });
    // 2000m allocatable, 2000m used: needs 900m; critical (higher) stays; reprieve batch-old, then batch-new, then low
    expect(plan.decisions[0]).toMatchObject({ fits: true, schedulingReasons: [], preempts: ['apps/batch-new', 'apps/low'] });
    expect(plan.pendingNumber).toBe(0);
  });

  test('equal or lower priority never preempts: the #140984 trap is spelled out; preemptionPolicy Never too', () => {
    const pods = [pod('filler', 'n', { cpu: '2' }, { priority: 1000 })];
    const spec = { priorityClassName: 'mid', containers: [container({ cpu: '100m' })] };
    const [plan] = Placement.planAll([ds('agent', spec)], [node('n', small)], { existingPods: pods, priorityClasses: [pc('mid', 1000)] });
    expect(plan.decisions[0].fits).toBe(false);
    expect(plan.decisions[0].schedulingDetails).toContain(
      "no preemption: none of the 1 pod(s) on the node has a priority lower than the daemon's 1000; the pod stays Pending");
    const [never] = Placement.planAll([ds('agent', { ...spec, priorityClassName: 'polite' })], [node('n', small)],
      { existingPods: pods, priorityClasses: [pc('polite', 2000, { preemptionPolicy: 'Never' })] });
    expect(never.decisions[0].schedulingDetails).toContain("no preemption: the pod's preemptionPolicy is Never");
  });

  test('an unknown PriorityClass is reported, not defaulted; finished pods and the planned DaemonSet\'s own pods do not count', () => {
    const [plan] = Placement.planAll([ds('agent', { priorityClassName: 'nope', containers: [container()] })], [node('n', small)], { schedulerFit: true });
    expect(plan.decisions[0]).toMatchObject({ fits: false, schedulingReasons: ['pods are rejected at creation: no PriorityClass with name nope was found'] });
    const own = pod('agent-x', 'n', { cpu: '2' }, {}, 'monitoring') as any;
    own.metadata.ownerReferences = [{ kind: 'DaemonSet', name: 'agent', apiVersion: 'apps/v1', uid: 'u' }];
    const done = pod('job', 'n', { cpu: '2' }, { phase: 'Succeeded' });
    const [p2] = Placement.planAll([ds('agent', { containers: [container({ cpu: '1' })] })], [node('n', small)], { existingPods: [own, done] });
    expect(p2.decisions[0].fits).toBe(true);
  });

  test('a Pending daemon of higher priority (preemptionPolicy Never) may take the room a lower one preempts: both contested', () => {
    const classes = [pc('polite', 5000, { preemptionPolicy: 'Never' }), pc('mid', 1000)];
    const pods = [pod('batch', 'n', {}, { priority: 0 })];
    const slots = { cpu: '2', memory: '4Gi', pods: '1' };
    const plans = Placement.planAll([ds('polite', { priorityClassName: 'polite', containers: [container()] }),
      ds('gpu', { priorityClassName: 'mid', containers: [container()] })], [node('n', slots)], { existingPods: pods, priorityClasses: classes });
    expect(plans[0].decisions[0]).toMatchObject({ fits: false, contested: true, schedulingReasons: ['Too many pods'] });
    expect(plans[1].decisions[0]).toMatchObject({ fits: true, contested: true, preempts: ['apps/batch'] });
    expect(plans[1].decisions[0].schedulingDetails?.at(-1)).toBe(
      'contested: monitoring/polite (higher priority, Pending) may take the room its preemption frees; then this pod stays Pending and its victims are gone anyway');
  });

  test('daemons compete: planned together in queue order, the later one short of memory', () => {
    const a = ds('a', { containers: [container({ memory: '3Gi' })] });
    const b = ds('b', { priorityClassName: 'system-cluster-critical', containers: [container({ memory: '2Gi' })] });
    const plans = Placement.planAll([a, b], [node('n', small)], { schedulerFit: true });
    expect(plans[1].decisions[0].fits).toBe(true);
    expect(plans[0].decisions[0]).toMatchObject({ fits: false, schedulingReasons: ['Insufficient memory'] });
    expect(plans[0].decisions[0].schedulingDetails?.[0]).toBe('Insufficient memory: the pod requests 3Gi, 2Gi of 4Gi allocatable are requested (2Gi free)');
  });

  test('nodes the controller skips get no fit fields', () => {
    const tainted = { ...node('t', small), spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] } };
    const [plan] = Placement.planAll([ds('a', { containers: [container()] })], [tainted], { schedulerFit: true });
    expect(plan.decisions[0].fits).toBeUndefined();
    expect(plan.pendingNumber).toBe(0);
  });
});

describe('Placement.planCluster overhead', () => {
  test('per node and per group: the daemons that bind, against allocatable, and what is left', () => {
    const nodes = [
      node('a1', { cpu: '2', memory: '4Gi', pods: '110' }, { 'node.kubernetes.io/instance-type': 'm5.large' }),
      node('a2', { cpu: '2', memory: '4Gi', pods: '110' }, { 'node.kubernetes.io/instance-type': 'm5.large' }),
      node('b1', { cpu: '8', memory: '32Gi', pods: '110' }, { pool: 'big' }),
    ];
    const daemons = [
      ds('exporter', { containers: [container({ cpu: '100m', memory: '128Mi' })] }),
      ds('logs', { containers: [container({ cpu: '400m', memory: '384Mi' })] }),
    ];
    const pods = [pod('hog', 'a2', { cpu: '1700m' })];
    const cp = Placement.planCluster(daemons, nodes, { existingPods: pods });
    expect(cp.nodeGroupLabel).toBe('node.kubernetes.io/instance-type');
    expect(cp.overhead[0]).toEqual({
      node: 'a1',
      group: 'm5.large',
      daemonPods: 2,
      pendingDaemonPods: 0,
      cpuMillis: 500,
      memoryBytes: 512 * 2 ** 20,
      allocatableCpuMillis: 2000,
      allocatableMemoryBytes: 4 * 2 ** 30,
      cpuShare: 0.25,
      memoryShare: 0.125,
      cpuLeftMillis: 1500,
      memoryLeftBytes: 3.5 * 2 ** 30,
    });
    // a2: exporter fits in the 300m left, logs does not
    expect(cp.overhead[1]).toMatchObject({ daemonPods: 1, pendingDaemonPods: 1, cpuMillis: 100 });
    expect(cp.nodeGroups.map((g) => [g.group, g.nodes, g.cpuMillis, g.allocatableCpuMillis, g.maxNodeCpuMillis])).toEqual([
      ['<none>', 1, 500, 8000, 500],
      ['m5.large', 2, 600, 4000, 500],
    ]);
    expect(cp.plans[1].pendingNumber).toBe(1);
    const byPool = Placement.planCluster(daemons, nodes, { nodeGroupLabel: 'pool' });
    expect(byPool.nodeGroups.map((g) => g.group)).toEqual(['<none>', 'big']);
  });
});
