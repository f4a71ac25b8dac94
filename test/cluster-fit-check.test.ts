import { Chart, JsonPatch, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { ClusterFitCheck, NodeDaemon, NodeExporterDaemon } from '../src';
import { synthErrors } from './synth-errors';

const node = (name: string, cpu = '2') => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name } },
  status: { allocatable: { cpu, memory: '4Gi', pods: '110' } },
});
const pod = (name: string, nodeName: string, cpu: string, priority: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'apps' },
  spec: { nodeName, priority, containers: [{ name: 'app', image: 'example.com/app:1', resources: { requests: { cpu } } }] },
  status: { phase: 'Running', startTime: '2026-01-01T00:00:00Z' },
});

function monitoring() {
  const app = Testing.app();
  const chart = new Chart(app, 'monitoring', { namespace: 'monitoring' });
  return { app, chart };
}

describe('ClusterFitCheck: kube-scheduler fit at synth', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());
  const printed = () => stderr.mock.calls.map((c) => String(c[0])).join('');

  test('two node-exporters on host port 9100 fail synth, naming both construct paths, the nodes and the fix', () => {
    const { app, chart } = monitoring();
    new NodeExporterDaemon(chart, 'exporter');
    new NodeExporterDaemon(chart, 'exporter-copy');
    new ClusterFitCheck(chart, 'fit', { nodes: [node('a'), node('b')] });
    const errors = synthErrors(app);
    expect(errors).toContain('[monitoring/fit] DaemonSet monitoring/monitoring-exporter-copy-c835df43 (monitoring/exporter-copy): '
      + 'its pod stays Pending on 2 of the 2 node(s) it should run on');
    expect(errors).toContain("node(s) didn't have free ports for the requested pod ports on 2 node(s):\n    nodes a, b: ");
    expect(errors).toContain('TCP 0.0.0.0:9100 is taken by a pod of DaemonSet monitoring/monitoring-exporter-c812fb5e (monitoring/exporter)');
    expect(errors).toContain('Fix: give one of the pods another host port');
    // the first in queue order binds: only one error
    expect(errors.match(/its pod stays Pending/g)).toHaveLength(1);
  });

  test('without a ClusterFitCheck nothing about the cluster is assumed: the same chart synthesizes', () => {
    const { app, chart } = monitoring();
    new NodeExporterDaemon(chart, 'exporter');
    new NodeExporterDaemon(chart, 'exporter-copy');
    expect(synthErrors(app)).toBe('');
  });

  test('a resource shortfall: Insufficient cpu with requested, in use, allocatable and free; no preemption at equal priority', () => {
    const { app, chart } = monitoring();
    new NodeExporterDaemon(chart, 'exporter', { resources: { cpu: { request: plus.Cpu.millis(1500) } } });
    new ClusterFitCheck(chart, 'fit', {
      nodes: { items: [node('a'), node('big', '8')] } as any,
      existingPods: [pod('kube-proxy-a', 'a', '1', 2000001000), pod('kube-proxy-big', 'big', '1', 2000001000)],
    });
    const errors = synthErrors(app);
    expect(errors).toContain('(monitoring/exporter): its pod stays Pending on 1 of the 2 node(s) it should run on');
    expect(errors).toContain('node a: Insufficient cpu: the pod requests 1500m, 1 of 2 allocatable are requested (1 free)');
    expect(errors).toContain('none of the 1 pod(s) on the node has a priority lower than the daemon\'s 2000001000');
    expect(errors).toContain('Fix: lower the daemon\'s requests');
    expect(errors).not.toContain('node big');
  });

  test('preemption is a warning (the victims named), or an error with preemptionIsError', () => {
    for (const preemptionIsError of [false, true]) {
      stderr.mockClear();
      const { app, chart } = monitoring();
      new NodeExporterDaemon(chart, 'exporter', { resources: { cpu: { request: plus.Cpu.millis(1500) } } });
      new ClusterFitCheck(chart, 'fit', { nodes: [node('a')], existingPods: [pod('web', 'a', '1', 0)], preemptionIsError });
      const errors = synthErrors(app);
      const line = '(monitoring/exporter): its pod fits only by preempting pods on 1 node(s): node a: evicts apps/web.';
      if (preemptionIsError) {
        expect(errors).toContain(line);
      } else {
        expect(errors).toBe('');
        expect(printed()).toContain(`[monitoring/fit] warning: DaemonSet monitoring/monitoring-exporter-c812fb5e ${line}`);
      }
    }
  });

  test('daemons outside `scope` are not checked; an unknown PriorityClass is an error with its fix', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'a' });
    const b = new Chart(app, 'b', { namespace: 'b' });
    new NodeExporterDaemon(a, 'exporter');
    new NodeExporterDaemon(b, 'exporter');
    new ClusterFitCheck(a, 'fit', { nodes: [node('n1')], scope: a });
    const check = new ClusterFitCheck(b, 'fit-b', { nodes: [node('n1')], scope: b });
    expect(synthErrors(app)).toBe('');
    expect(check.daemons.map((d) => d.node.path)).toEqual(['b/exporter']);

    const app2 = Testing.app();
    const chart = new Chart(app2, 'c');
    const d = new NodeDaemon(chart, 'agent', { metadata: { name: 'agent', namespace: 'agents' } });
    d.addContainer({ name: 'main', image: 'example.com/agent:1.0.0' });
    d.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'node-agents'));
    new ClusterFitCheck(chart, 'fit', { nodes: [node('n1')] });
    const errors = synthErrors(app2);
    expect(errors).toContain('[c/fit] DaemonSet agents/agent (c/agent): its pod stays Pending on 1 of the 1 node(s)');
    expect(errors).toContain('pods are rejected at creation: no PriorityClass with name node-agents was found on 1 node(s)');
    expect(errors).toContain('Fix: create the PriorityClass (and pass it in `priorityClasses`)');
    expect(new ClusterFitCheck(new Chart(Testing.app(), 'd'), 'fit', { nodes: [node('n1')] }).plan().plans).toEqual([]);
  });

  test('bad input is a clear error at construction', () => {
    const chart = new Chart(Testing.app(), 'x');
    expect(() => new ClusterFitCheck(chart, 'a', { nodes: 'nodes.json' as any }))
      .toThrow('ClusterFitCheck at x/a: `nodes` must be a list of Node objects (kubectl get nodes -o json), got string');
    expect(() => new ClusterFitCheck(chart, 'b', { nodes: [] })).toThrow('`nodes` is empty');
    expect(() => new ClusterFitCheck(chart, 'c', { nodes: [{ kind: 'Pod', metadata: { name: 'p' } }] })).toThrow('nodes[0] is not a Node object (got a Pod)');
    expect(() => new ClusterFitCheck(chart, 'd', { nodes: [{ kind: 'Node', metadata: { name: 'n' } }] }))
      .toThrow('node n has no status.allocatable (or no allocatable pods): the scheduler\'s fit needs it');
    expect(() => new ClusterFitCheck(chart, 'e', { nodes: [node('n')], existingPods: {} as any }))
      .toThrow('`existingPods` must be a list of Pod objects (kubectl get pods -A -o json), got an object');
    expect(() => new ClusterFitCheck(chart, 'f', { nodes: [node('n')], maxNodesListed: 0 })).toThrow('maxNodesListed must be a whole number of at least 1, got 0');
  });
});
