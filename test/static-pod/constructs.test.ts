import { Chart, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { errorOf } from './helpers';
import { buildExamples } from '../../examples/app';
import { NodeDaemon, PriorityClass } from '../../src';
import { StaticPod } from '../../src/static-pod';

function exampleChart(id: string): Chart {
  const chart = buildExamples({ outdir: Testing.app().outdir }).charts.find((c) => c.node.id === id);
  if (!chart) throw new Error(`no chart ${id}`);
  return chart;
}

describe('node-exporter example as a static pod', () => {
  const chart = exampleChart('node-exporter');
  const m = StaticPod.fromNodeDaemon((chart as any).daemon, { name: 'node-exporter', dropServiceAccount: true });

  test('snapshot', () => {
    expect(m.yaml).toMatchSnapshot();
  });

  test('keeps host network, host PID, the host port and the node-critical priority', () => {
    expect(m.pod.spec.hostNetwork).toBe(true);
    expect(m.pod.spec.hostPID).toBe(true);
    expect(m.pod.spec.containers[0].ports[0].hostPort).toBe(9100);
    expect(m.pod.spec.priorityClassName).toBe('system-node-critical');
    expect(m.pod.spec.priority).toBe(2000001000);
  });

  test('fromChart gives the same pod (the comment names the DaemonSet instead of the construct)', () => {
    const [fromChart] = StaticPod.fromChart(chart, { name: 'node-exporter', dropServiceAccount: true });
    expect(fromChart.pod).toEqual(m.pod);
    expect(fromChart.yaml.split('\n')[0]).toMatch(/^# Static pod generated from DaemonSet\/monitoring\/node-exporter-[0-9a-f]+ by cdk8s-node-daemons\.$/);
  });
});

describe('cAdvisor example as a static pod', () => {
  test('drops the control-plane tolerations and moves to kube-system', () => {
    const [m] = StaticPod.fromChart(exampleChart('cadvisor'), { dropServiceAccount: true });
    expect(m.pod.spec.tolerations).toBeUndefined();
    expect(m.dropped).toContainEqual(expect.stringContaining('spec.template.spec.tolerations'));
    expect(m.pod.metadata.namespace).toBe('kube-system');
  });
});

describe('fromNodeDaemon', () => {
  test('inlines a ConfigMap of the same chart', () => {
    const chart = new Chart(Testing.app(), 'agents');
    const cm = new plus.ConfigMap(chart, 'config', { metadata: { name: 'agent-config' }, data: { 'agent.conf': 'x = 1\n' } });
    const daemon = new NodeDaemon(chart, 'agent', { metadata: { name: 'agent' } })
      .usePriorityClass(PriorityClass.SYSTEM_NODE_CRITICAL);
    const container = daemon.addContainer({ name: 'agent', image: 'example/agent:1.0' });
    const volume = plus.Volume.fromConfigMap(chart, 'vol', cm, { name: 'config' });
    container.mount('/etc/agent', volume);
    const m = StaticPod.fromNodeDaemon(daemon, { nameSuffix: '-edge' });
    expect(m.name).toBe('agent-edge');
    expect(m.files.map((f) => [f.path, f.hostPath, f.content])).toEqual([
      ['static-pods/agent-edge/files/config/agent.conf', '/etc/kubernetes/static-pod-files/agent-edge/config/agent.conf', 'x = 1\n'],
    ]);
  });

  test('reports the construct path', () => {
    const chart = new Chart(Testing.app(), 'agents');
    const daemon = new NodeDaemon(chart, 'agent', { metadata: { name: 'agent' }, serviceAccount: plus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'agent') });
    daemon.addContainer({ name: 'agent', image: 'example/agent:1.0' });
    expect(errorOf(() => StaticPod.fromNodeDaemon(daemon)))
      .toMatch(/^agents\/agent \(DaemonSet agent\) spec\.template\.spec\.serviceAccountName: static pods cannot reference ServiceAccount "agent"/);
  });

  test('rejects a construct that is not a DaemonSet', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(errorOf(() => StaticPod.fromNodeDaemon(chart))).toBe('c: is not a DaemonSet construct. Fix: pass a NodeDaemon (or a cdk8s-plus DaemonSet), or use StaticPod.fromChart.');
  });
});
