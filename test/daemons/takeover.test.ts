import { Chart, Testing } from 'cdk8s';
import { LogAgentDaemon, NetworkPolicyEgress, NodeExporterDaemon, RelabelAction } from '../../src';

const selectorLabels = { 'app.kubernetes.io/name': 'prometheus-node-exporter', 'app.kubernetes.io/instance': 'monitoring' };

function synth(build: (c: Chart) => void): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
  build(chart);
  return Testing.synth(chart);
}

describe('name and selectorLabels', () => {
  test('every object is named from `name`; the selector, template and companions use selectorLabels', () => {
    const m = synth((c) => new NodeExporterDaemon(c, 'ne', { name: 'monitoring-prometheus-node-exporter', selectorLabels, kubeRbacProxy: true, serviceMonitor: {}, networkPolicy: {} }));
    for (const o of m) expect([o.kind, o.metadata.name]).toEqual([o.kind, 'monitoring-prometheus-node-exporter']);
    const ds = m.find((o) => o.kind === 'DaemonSet');
    expect(ds.spec.selector).toEqual({ matchLabels: selectorLabels });
    expect(ds.spec.template.metadata.labels).toMatchObject(selectorLabels);
    expect(ds.metadata.labels).toMatchObject(selectorLabels);
    expect(m.find((o) => o.kind === 'Service').spec.selector).toEqual(selectorLabels);
    expect(m.find((o) => o.kind === 'ServiceMonitor').spec.selector).toEqual({ matchLabels: selectorLabels });
    expect(m.find((o) => o.kind === 'NetworkPolicy').spec.podSelector).toEqual({ matchLabels: selectorLabels });
    expect(m.find((o) => o.kind === 'ClusterRoleBinding').subjects[0].name).toBe('monitoring-prometheus-node-exporter');
  });

  test('the log agent ConfigMap is named and still rolls the pods on change', () => {
    const m = synth((c) => new LogAgentDaemon(c, 'fb', { name: 'logging-fluent-bit', selectorLabels: { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': 'logging' } }));
    const ds = m.find((o) => o.kind === 'DaemonSet');
    expect(m.find((o) => o.kind === 'ConfigMap').metadata.name).toBe('logging-fluent-bit');
    expect(ds.spec.template.spec.volumes.find((v: any) => v.name === 'config').configMap.name).toBe('logging-fluent-bit');
    expect(ds.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('without them, names are generated and the selector is the construct address (unchanged)', () => {
    const ds = synth((c) => new NodeExporterDaemon(c, 'ne')).find((o) => o.kind === 'DaemonSet');
    expect(ds.metadata.name).toMatch(/^test-ne-[0-9a-f]{8}$/);
    expect(Object.keys(ds.spec.selector.matchLabels)).toEqual(['cdk8s.io/metadata.addr']);
  });

  test('bad name and selector labels are refused with the prop and the fix', () => {
    const chart = new Chart(Testing.app(), 'x');
    expect(() => new NodeExporterDaemon(chart, 'a', { name: 'Not_A_Name' })).toThrow(/^x\/a: name: "Not_A_Name": .*Fix: use lower-case letters/);
    expect(() => new NodeExporterDaemon(chart, 'b', { selectorLabels: {} })).toThrow('x/b: selectorLabels: is empty');
    expect(() => new NodeExporterDaemon(chart, 'c', { selectorLabels: { 'app.kubernetes.io/version': '1' } })).toThrow(/immutable. Fix: leave the version out/);
    expect(() => new NodeExporterDaemon(chart, 'd', { imagePullSecrets: ['Bad Secret'] })).toThrow(/imagePullSecrets: "Bad Secret"/);
  });
});

test('imagePullSecrets reach the pod spec', () => {
  const ds = synth((c) => new LogAgentDaemon(c, 'fb', { imagePullSecrets: ['mirror', 'backup'] })).find((o) => o.kind === 'DaemonSet');
  expect(ds.spec.template.spec.imagePullSecrets).toEqual([{ name: 'mirror' }, { name: 'backup' }]);
});

describe('scraping', () => {
  test('relabelings, metric relabelings and target labels on the ServiceMonitor; Service annotations', () => {
    const m = synth((c) => new NodeExporterDaemon(c, 'ne', {
      serviceAnnotations: { 'prometheus.io/scrape': 'true' },
      serviceMonitor: {
        relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], regex: 'gpu-.*', action: RelabelAction.KEEP }],
        metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'node_scrape_.*', action: RelabelAction.DROP }],
        targetLabels: ['team'],
      },
    }));
    const sm = m.find((o) => o.kind === 'ServiceMonitor');
    expect(sm.spec.targetLabels).toEqual(['team']);
    expect(sm.spec.endpoints[0].relabelings).toEqual([
      { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' },
      { sourceLabels: ['__meta_kubernetes_pod_node_name'], regex: 'gpu-.*', action: 'keep' },
    ]);
    expect(sm.spec.endpoints[0].metricRelabelings).toEqual([{ sourceLabels: ['__name__'], regex: 'node_scrape_.*', action: 'drop' }]);
    expect(m.find((o) => o.kind === 'Service').metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
  });

  test('a PodMonitor selects the pods directly', () => {
    const pm = synth((c) => new LogAgentDaemon(c, 'fb', { podMonitor: { targetLabels: ['app.kubernetes.io/instance'] } })).find((o) => o.kind === 'PodMonitor');
    expect(pm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(pm.spec.podTargetLabels).toEqual(['app.kubernetes.io/instance']);
    expect(pm.spec.podMetricsEndpoints[0]).toMatchObject({ port: 'metrics', path: '/api/v2/metrics/prometheus' });
    expect(pm.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': 'fluent-bit' });
  });

  test('bad relabelings are refused naming the field', () => {
    expect(() => synth((c) => new NodeExporterDaemon(c, 'ne', { serviceMonitor: { relabelings: [{ action: RelabelAction.REPLACE }] } })))
      .toThrow(/serviceMonitor.relabelings\[0\].targetLabel: is required with action replace/);
    expect(() => synth((c) => new NodeExporterDaemon(c, 'ne', { kubeRbacProxy: true, podMonitor: {} }))).toThrow(/podMonitor: a PodMonitor cannot use/);
  });
});

describe('NetworkPolicy egress', () => {
  const egressOf = (build: (c: Chart) => void) => synth(build).find((o) => o.kind === 'NetworkPolicy').spec;
  test('declared for every agent: none, DNS and API server, or all', () => {
    expect(egressOf((c) => new NodeExporterDaemon(c, 'ne', { networkPolicy: {} }))).toMatchObject({ policyTypes: ['Ingress', 'Egress'], egress: [] });
    const proxy = egressOf((c) => new NodeExporterDaemon(c, 'ne', { kubeRbacProxy: true, networkPolicy: {} }));
    expect(proxy.egress).toEqual([
      { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
      { ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] },
    ]);
    expect(egressOf((c) => new LogAgentDaemon(c, 'fb', { networkPolicy: {} })).egress).toEqual([{}]);
    expect(egressOf((c) => new LogAgentDaemon(c, 'fb', { networkPolicy: { egress: NetworkPolicyEgress.NONE } })).egress).toEqual([]);
  });
});
