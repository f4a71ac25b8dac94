// The default images are pinned by the table in docs/daemons.md ("Default images"): changing a default means
// changing the table and its upstream evidence in the same reviewed change.
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { CadvisorDaemon, LogAgentDaemon, LogAgentKind, LogOutput, NodeExporterDaemon } from '../../src';

function documented(): Map<string, string> {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'daemons.md'), 'utf8');
  const section = text.slice(text.indexOf('## Default images'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\| ([^|]+?) \| `([^`]+)` \| (.+) \|$/.exec(line);
    if (m && m[3].trim().length > 0) rows.set(m[1].trim(), m[2]);
  }
  return rows;
}

function images(build: (chart: Chart) => void): string[] {
  const chart = new Chart(Testing.app(), 'images', { namespace: 'agents' });
  build(chart);
  const ds = Testing.synth(chart).find((o: any) => o.kind === 'DaemonSet');
  return ds.spec.template.spec.containers.map((c: any) => c.image);
}

const table = documented();

test('the table lists every default image, each with its evidence', () => {
  expect([...table.keys()].sort()).toEqual([
    'CadvisorDaemon', 'LogAgentDaemon', 'LogAgentDaemon (`FLUENTD`)', 'NodeExporterDaemon', 'NodeExporterDaemon (`kubeRbacProxy`)',
  ]);
});

test.each([
  ['NodeExporterDaemon', (c: Chart) => new NodeExporterDaemon(c, 'd'), 0],
  ['NodeExporterDaemon (`kubeRbacProxy`)', (c: Chart) => new NodeExporterDaemon(c, 'd', { kubeRbacProxy: true }), 1],
  ['LogAgentDaemon', (c: Chart) => new LogAgentDaemon(c, 'd'), 0],
  ['LogAgentDaemon (`FLUENTD`)', (c: Chart) => new LogAgentDaemon(c, 'd', { agent: LogAgentKind.FLUENTD, outputs: [LogOutput.stdout()] }), 0],
  ['CadvisorDaemon', (c: Chart) => new CadvisorDaemon(c, 'd'), 0],
] as Array<[string, (c: Chart) => void, number]>)('%s runs the documented image', (row, build, index) => {
  expect(images(build)[index]).toBe(table.get(row));
});

test('a digest pins the image: in `version` or in `digest`, never both differing', () => {
  const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
  expect(images((c) => new NodeExporterDaemon(c, 'd', { version: `v1.12.1@${digest}` }))[0]).toBe(`quay.io/prometheus/node-exporter:v1.12.1@${digest}`);
  expect(images((c) => new CadvisorDaemon(c, 'd', { digest }))[0]).toBe(`ghcr.io/google/cadvisor:v0.60.6@${digest}`);
  expect(images((c) => new NodeExporterDaemon(c, 'd', { kubeRbacProxy: true, kubeRbacProxyVersion: `v0.22.1@${digest}` }))[1])
    .toBe(`quay.io/brancz/kube-rbac-proxy:v0.22.1@${digest}`);
  const chart = new Chart(Testing.app(), 'x');
  expect(() => new LogAgentDaemon(chart, 'a', { digest: 'sha256:abc' })).toThrow('x/a: digest: "sha256:abc" is not an image digest. Fix: use `sha256:` followed by 64 lower-case hex digits');
  expect(() => new LogAgentDaemon(chart, 'b', { version: `5.1.3@${digest}`, digest: `sha256:${'f'.repeat(64)}` })).toThrow(/digest: .* differs from the digest in `version`/);
});

test('the version label carries the tag only', () => {
  const chart = new Chart(Testing.app(), 'x');
  new NodeExporterDaemon(chart, 'd', { digest: `sha256:${'a'.repeat(64)}` });
  const ds = Testing.synth(chart).find((o: any) => o.kind === 'DaemonSet');
  expect(ds.metadata.labels['app.kubernetes.io/version']).toBe('v1.12.1');
});
