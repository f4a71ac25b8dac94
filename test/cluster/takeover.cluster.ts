// Taking over a chart-installed DaemonSet in place: a DaemonSet shaped as the prometheus-node-exporter and
// fluent-bit charts render it (name, labels, immutable selector) is created by another field manager, then our
// typed daemon with the chart's `name` and `selectorLabels` is applied over it with server-side apply. The real
// API server must accept it (no selector error), and the same object must be updated (same uid, generation
// bumped, rolled by the DaemonSet controller), not deleted and recreated.
import { Chart, Testing } from 'cdk8s';
import { TestCluster, waitFor } from './kube';
import { LogAgentDaemon, NodeDaemon, NodeExporterDaemon } from '../../src';

const NAMESPACE = 'takeover';

/**
 * A DaemonSet as a chart renders it for a release: `<release>-<chart>` name, name/instance selector, the chart's
 * container name (`node-exporter` in prometheus-node-exporter, `fluent-bit` in fluent-bit).
 */
function chartShaped(chartName: string, release: string, port: number, containerName: string): any {
  const selector = { 'app.kubernetes.io/name': chartName, 'app.kubernetes.io/instance': release };
  const labels = { ...selector, 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': `${chartName}-1.0.0` };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: `${release}-${chartName}`, namespace: NAMESPACE, labels },
    spec: {
      selector: { matchLabels: selector },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: containerName, image: 'registry.k8s.io/pause:3.10', ports: [{ containerPort: port, hostPort: port }] }],
        },
      },
    },
  };
}

function ourDaemonSet(build: (chart: Chart) => NodeDaemon): any {
  const chart = new Chart(Testing.app(), 'takeover', { namespace: NAMESPACE });
  build(chart);
  return Testing.synth(chart).find((o: any) => o.kind === 'DaemonSet');
}

let cluster: TestCluster;

beforeAll(async () => {
  cluster = TestCluster.connect();
  await cluster.ensureNamespace(NAMESPACE);
});

afterAll(() => cluster?.close());

interface TakeoverCase {
  what: string;
  chartName: string;
  release: string;
  port: number;
  containerName: string;
  build: (c: Chart, name: string, sel: any) => NodeDaemon;
}

const cases: TakeoverCase[] = [
  {
    what: 'prometheus-node-exporter',
    chartName: 'prometheus-node-exporter',
    release: 'monitoring',
    port: 9100,
    containerName: 'node-exporter',
    build: (c, name, selectorLabels) => new NodeExporterDaemon(c, 'node-exporter', { name, selectorLabels }),
  },
  {
    what: 'fluent-bit',
    chartName: 'fluent-bit',
    release: 'logging',
    port: 2020,
    containerName: 'fluent-bit',
    build: (c, name, selectorLabels) => new LogAgentDaemon(c, 'fluent-bit', { name, selectorLabels }),
  },
];

test.each(cases)('$what: ours is applied over the chart-installed DaemonSet in place', async ({ chartName, release, port, containerName, build }) => {
  const theirs = chartShaped(chartName, release, port, containerName);
  const name = theirs.metadata.name;
  const path = `/apis/apps/v1/namespaces/${NAMESPACE}/daemonsets/${name}`;
  await cluster.delete(theirs);
  await waitFor(async () => (await cluster.api.request('GET', path)).statusCode === 404, 30_000, () => `${name} still exists`);
  const created = await cluster.api.request('POST', `/apis/apps/v1/namespaces/${NAMESPACE}/daemonsets`, theirs, { query: { fieldManager: 'helm' } });
  expect(created.statusCode).toBe(201);
  const before = created.body;

  const ours = ourDaemonSet((c) => build(c, name, theirs.spec.selector.matchLabels));
  expect(ours.metadata.name).toBe(name);
  expect(ours.spec.selector).toEqual(theirs.spec.selector);

  const applied = await cluster.apply(ours);
  expect({ ok: applied.ok, message: applied.message }).toEqual({ ok: true, message: '' });
  const after = await cluster.get(path);
  expect(after.metadata.uid).toBe(before.metadata.uid);
  expect(after.metadata.creationTimestamp).toBe(before.metadata.creationTimestamp);
  expect(after.metadata.generation).toBe(before.metadata.generation + 1);
  expect(after.spec.selector).toEqual(theirs.spec.selector);
  // Same container name as the chart's: server-side apply merges containers by name, so the chart's container
  // becomes ours instead of staying beside it (and holding the host port twice).
  const nameAndImage = (x: any) => [x.name, x.image];
  expect(after.spec.template.spec.containers.map(nameAndImage)).toEqual(ours.spec.template.spec.containers.map(nameAndImage));
  expect(after.spec.updateStrategy.type).toBe('RollingUpdate');
  // The DaemonSet controller sees the new template of the same object: a rolling update, not a recreate.
  await waitFor(async () => (await cluster.get(path)).status?.observedGeneration === after.metadata.generation, 60_000,
    () => `the DaemonSet controller did not observe generation ${after.metadata.generation}`);
  const revisions = (await cluster.get(`/apis/apps/v1/namespaces/${NAMESPACE}/controllerrevisions`)).items
    .filter((r: any) => (r.metadata.ownerReferences ?? []).some((o: any) => o.uid === before.metadata.uid));
  expect(revisions.length).toBeGreaterThanOrEqual(2);

  await cluster.delete(ours);
});

test('without the chart\'s selector the apply is rejected: the selector is immutable', async () => {
  const theirs = chartShaped('prometheus-node-exporter', 'immutable', 9100, 'node-exporter');
  const name = theirs.metadata.name;
  await cluster.delete(theirs);
  const path = `/apis/apps/v1/namespaces/${NAMESPACE}/daemonsets/${name}`;
  await waitFor(async () => (await cluster.api.request('GET', path)).statusCode === 404, 30_000, () => `${name} still exists`);
  const created = await cluster.api.request('POST', `/apis/apps/v1/namespaces/${NAMESPACE}/daemonsets`, theirs, { query: { fieldManager: 'helm' } });
  expect(created.statusCode).toBe(201);
  const ours = ourDaemonSet((c) => new NodeExporterDaemon(c, 'node-exporter', { name }));
  const applied = await cluster.apply(ours);
  expect(applied.ok).toBe(false);
  expect(applied.causeFields).toContain('spec.selector');
  await cluster.delete(theirs);
});
