// The builder keeps its promises: defects found by running cdk8s-plus-27's own DaemonSet, pod and container
// tests against NodeDaemon.
import { Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { NodeDaemon, PriorityClass } from '../src';
import { synthErrors } from './synth-errors';

const resources = { cpu: { request: plus.Cpu.millis(10) }, memory: { request: Size.mebibytes(16), limit: Size.mebibytes(16) } };

function setup(props: ConstructorParameters<typeof NodeDaemon>[2] = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const daemon = new NodeDaemon(chart, 'agent', { metadata: { name: 'agent' }, priorityClass: PriorityClass.SYSTEM_NODE_CRITICAL, ...props });
  return { app, chart, daemon };
}

function podSpecOf(chart: Chart): any {
  return Testing.synth(chart).find((o: any) => o.kind === 'DaemonSet').spec.template.spec;
}

describe('spread: true', () => {
  test('renders the two anti-affinity terms once, however often the manifest is rendered', () => {
    const { chart, daemon } = setup({ spread: true });
    daemon.addContainer({ image: 'example.com/a:1', resources });
    daemon.podSecurityLevel();
    chart.toJson();
    Testing.synth(chart);
    const terms = podSpecOf(chart).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    expect(terms.map((t: any) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  });

  test('without spread there are no anti-affinity terms', () => {
    const { chart, daemon } = setup();
    daemon.addContainer({ image: 'example.com/a:1', resources });
    expect(podSpecOf(chart).affinity).toBeUndefined();
  });
});

describe('host network and DNS policy', () => {
  test('the hostNetwork prop switches dnsPolicy and the dns.policy getter agrees', () => {
    const { chart, daemon } = setup({ hostNetwork: true });
    daemon.addContainer({ image: 'example.com/a:1', resources });
    expect(daemon.dns.policy).toBe(plus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET);
    expect(podSpecOf(chart).dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  test('useHostNetwork() switches the getter too', () => {
    const { daemon } = setup();
    expect(daemon.dns.policy).toBe(plus.DnsPolicy.CLUSTER_FIRST);
    daemon.useHostNetwork();
    expect(daemon.dns.policy).toBe(plus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET);
  });

  test('a DNS policy chosen in the props is kept', () => {
    const { chart, daemon } = setup({ hostNetwork: true, dns: { policy: plus.DnsPolicy.DEFAULT } });
    daemon.addContainer({ image: 'example.com/a:1', resources });
    expect(daemon.dns.policy).toBe(plus.DnsPolicy.DEFAULT);
    expect(podSpecOf(chart).dnsPolicy).toBe('Default');
  });
});

test('an invalid pod-template label is reported at the template field', () => {
  const { app, daemon } = setup({ podMetadata: { labels: { 'app/x/y': 'v' } } });
  daemon.addContainer({ image: 'example.com/a:1', resources });
  const msg = synthErrors(app);
  expect(msg).toContain('[test/agent] spec.template.metadata.labels: key "app/x/y"');
  expect(msg).not.toMatch(/\] metadata\.labels/);
});

describe('JSON patches', () => {
  test('a patch cdk8s drops (a misspelled field) fails synth, naming it', () => {
    const { app, daemon } = setup();
    daemon.addContainer({ image: 'example.com/a:1', resources });
    daemon.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/hostPIDs', true));
    expect(synthErrors(app)).toContain('[test/agent] JSON patch #1 (add /spec/template/spec/hostPIDs): changes nothing in the output');
  });

  test('a field at the wrong level (hostPID on the DaemonSet spec) fails synth', () => {
    const { app, daemon } = setup();
    daemon.addContainer({ image: 'example.com/a:1', resources });
    daemon.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/hostIpc', true));
    daemon.apiObject.addJsonPatch(JsonPatch.add('/spec/hostPID', true));
    const msg = synthErrors(app);
    expect(msg).toContain('JSON patch #2 (add /spec/hostPID): changes nothing');
    expect(msg).not.toContain('JSON patch #1');
  });

  test('a patch with the Kubernetes JSON casing (hostPID) is named, with the typed name as the fix', () => {
    const { app, daemon } = setup();
    daemon.addContainer({ image: 'example.com/a:1', resources });
    daemon.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/hostPID', true));
    expect(synthErrors(app)).toMatch(/JSON patch #1 \(add \/spec\/template\/spec\/hostPID\): changes nothing.*Fix: use the typed field name/);
  });

  test('a patch that changes the output passes and is rendered', () => {
    const { app, chart, daemon } = setup();
    daemon.addContainer({ image: 'example.com/a:1', resources });
    daemon.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/hostIpc', true));
    expect(synthErrors(app)).toBe('');
    expect(podSpecOf(chart).hostIPC).toBe(true);
  });
});

describe('container resources', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  test('a container without resources gets none, and ND-001 warns at synth naming it', () => {
    const { app, chart, daemon } = setup();
    daemon.addContainer({ name: 'agent', image: 'example.com/a:1' });
    daemon.addInitContainer({ name: 'init', image: 'example.com/a:1' });
    expect(synthErrors(app)).toBe('');
    const spec = podSpecOf(chart);
    expect(spec.containers[0].resources).toBeUndefined();
    expect(spec.initContainers[0].resources).toBeUndefined();
    const printed = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toContain('[test/agent] warning: spec.template.spec.containers[0].resources.requests: container "agent" has no cpu or memory request');
    expect(printed).toContain('[ND-001]');
  });

  test('containers given in the props get no defaults either; given resources are kept', () => {
    const { chart } = setup({ containers: [{ name: 'a', image: 'example.com/a:1' }, { name: 'b', image: 'example.com/b:1', resources }] });
    const spec = podSpecOf(chart);
    expect(spec.containers[0].resources).toBeUndefined();
    expect(spec.containers[1].resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '16Mi' } });
  });
});

test('metadata is honoured: name, labels and annotations are rendered as given', () => {
  const { chart, daemon } = setup({ metadata: { name: 'monitoring-prometheus-node-exporter', labels: { team: 'obs' }, annotations: { note: 'adopted' } } });
  daemon.addContainer({ image: 'example.com/a:1', resources });
  const ds = Testing.synth(chart).find((o: any) => o.kind === 'DaemonSet');
  expect(ds.metadata).toEqual({ name: 'monitoring-prometheus-node-exporter', labels: { team: 'obs' }, annotations: { note: 'adopted' } });
});

test('imagePullSecrets prop and addImagePullSecret() add to dockerRegistryAuth, once each', () => {
  const { chart, daemon } = setup({ imagePullSecrets: ['mirror'] });
  daemon.addContainer({ image: 'example.com/a:1', resources });
  daemon.addImagePullSecret('backup').addImagePullSecret('mirror');
  expect(podSpecOf(chart).imagePullSecrets).toEqual([{ name: 'mirror' }, { name: 'backup' }]);
});
