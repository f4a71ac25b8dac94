// Clean by default: every typed daemon, with zero props and with each documented production option, gets no
// finding from our own rule pack, and needs the Pod Security level docs/daemons.md states.
import { Chart, Testing } from 'cdk8s';
import {
  CadvisorDaemon, LogAgentDaemon, LogAgentKind, LogFilter, LogOutput, ManifestValidator, NodeDaemon, NodeExporterDaemon, Severity,
} from '../../src';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const common = [
  {},
  { serviceMonitor: {} },
  { podMonitor: {} },
  { networkPolicy: {} },
  { serviceAnnotations: { 'prometheus.io/scrape': 'true' } },
  { name: 'agent', selectorLabels: { 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'prod' } },
  { digest: DIGEST, imagePullSecrets: ['registry'] },
];

const daemons: Array<[string, (chart: Chart, props: any) => NodeDaemon, any[]]> = [
  ['NodeExporterDaemon', (c, p) => new NodeExporterDaemon(c, 'd', p), [
    ...common,
    { kubeRbacProxy: true, serviceMonitor: {}, networkPolicy: {} },
    { enabledCollectors: ['systemd'], textfileDirectory: '/var/lib/node_exporter/textfile' },
  ]],
  ['LogAgentDaemon', (c, p) => new LogAgentDaemon(c, 'd', p), [
    ...common,
    { outputs: [LogOutput.elasticsearch({ host: 'es.logging.svc' })], filters: [LogFilter.kubernetes(), LogFilter.grep({ key: 'log', regex: 'x', exclude: true })] },
    { agent: LogAgentKind.FLUENTD, outputs: [LogOutput.elasticsearch({ host: 'es.logging.svc' })] },
  ]],
  ['CadvisorDaemon', (c, p) => new CadvisorDaemon(c, 'd', p), [...common]],
];

describe.each(daemons)('%s', (_name, make, propsList) => {
  test.each(propsList.map((p) => [JSON.stringify(p), p]))('no rule-pack finding with %s', (_label, props) => {
    const chart = new Chart(Testing.app(), 'clean', { namespace: 'agents' });
    const daemon = make(chart, props);
    const manifests = Testing.synth(chart);
    const findings = ManifestValidator.validate(manifests, { schema: false })
      .filter((f) => f.severity !== Severity.INFO)
      .map((f) => `${f.ruleId} ${f.resource} ${f.field}: ${f.message}`);
    expect(findings).toEqual([]);
    // host namespaces and host paths: the documented level is privileged, and nothing more is needed
    expect(daemon.podSecurityLevel()).toBe('privileged');
  });
});
