// The TypeScript twin of test/python/app.py: the same constructs, ids and props, so both
// synthesize identical manifests. test/python/test_app.py runs both and compares the documents.
//
//   npx ts-node --project examples/tsconfig.json test/python/app.ts <outdir>
import { App, Chart, Duration, Size, YamlOutputType } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import {
  AgentLogLevel,
  CadvisorDaemon,
  CadvisorMetric,
  IntOrPercent,
  LogAgentDaemon,
  LogAgentKind,
  LogFilter,
  LogInput,
  LogOutput,
  NodeDaemon,
  NodeExporterDaemon,
  NodeRequirement,
  PreemptionPolicy,
  PriorityClass,
  SeccompProfile,
  TaintEffect,
  TolerationOperator,
  WellKnownNodeLabels,
  WellKnownTaints,
} from '../../src';

/**
 * Every chart of the parity app, one file each (`<outdir>/<chart>.k8s.yaml`).
 */
export function buildParityApp(outdir: string): App {
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  buildNodeDaemonChart(app);
  buildTypedDaemonsChart(app);
  return app;
}

/**
 * `NodeDaemon` with every fluent helper.
 */
function buildNodeDaemonChart(app: App): Chart {
  const chart = new Chart(app, 'node-daemon', { namespace: 'node-agents' });

  // A metrics agent: host network and PID, a host port, the host's /proc and root filesystem.
  const agent = new NodeDaemon(chart, 'metrics-agent', {
    revisionHistoryLimit: 5,
    nodeSelector: { 'node.kubernetes.io/pool': 'general' },
    tolerations: [{ key: 'dedicated', value: 'monitoring', effect: TaintEffect.NO_SCHEDULE }],
  });
  const main = agent.addContainer({
    name: 'agent',
    image: 'example/metrics-agent:1.4.2',
    args: ['--path.procfs=/host/proc', '--path.rootfs=/host/root'],
    resources: {
      cpu: { request: plus.Cpu.millis(50), limit: plus.Cpu.millis(250) },
      memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
    },
    securityContext: { user: 65534, group: 65534, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
  });
  agent
    .tolerateControlPlane()
    .tolerate({
      key: WellKnownTaints.NVIDIA_GPU,
      operator: TolerationOperator.EXISTS,
      effect: TaintEffect.NO_EXECUTE,
      tolerationSeconds: Duration.minutes(5),
    })
    .linuxOnly()
    .excludeVirtualNodes()
    .requireAnyOf(NodeRequirement.labelIn(WellKnownNodeLabels.ARCH, 'amd64', 'arm64'))
    .requireAnyOf(NodeRequirement.labelExists('example.com/agent'))
    .preferNodeAffinity(50, NodeRequirement.labelGt('example.com/cores', 4))
    .excludeNodes('legacy-node-1')
    .selectNodesWithLabel('example.com/monitored', 'true')
    .usePriorityClass(PriorityClass.SYSTEM_NODE_CRITICAL)
    .useRollingUpdate({ maxUnavailable: IntOrPercent.fromPercent(10) })
    .useHostNetwork()
    .useHostPid()
    .addHostPort(main, 9100, { name: 'metrics' })
    .mountHostPath(main, '/proc', '/host/proc', { type: plus.HostPathVolumeType.DIRECTORY })
    .mountHostPath(main, '/', '/host/root', { propagation: plus.MountPropagation.HOST_TO_CONTAINER })
    .useSeccompProfile(SeccompProfile.runtimeDefault())
    .useContainerSeccompProfile('agent', SeccompProfile.localhost('profiles/agent.json'));

  // A storage agent: its own PriorityClass, OnDelete updates, named nodes only, host IPC,
  // a writable host path and an unconfined seccomp profile.
  const priority = new PriorityClass(chart, 'storage-priority', {
    name: 'storage-agents',
    value: 1_000_000,
    description: 'Storage node agents',
    preemptionPolicy: PreemptionPolicy.NEVER,
  });
  const storage = new NodeDaemon(chart, 'storage-agent', {
    containers: [{ name: 'csi', image: 'example/csi-node:2.0.0', securityContext: { ensureNonRoot: false, privileged: true, allowPrivilegeEscalation: true } }],
    priorityClass: priority,
    hostIpc: true,
    seccompProfile: SeccompProfile.unconfined(),
  });
  storage
    .restrictToNodes('storage-1', 'storage-2')
    .requireNodeAffinity(NodeRequirement.labelNotIn('example.com/tier', 'edge'))
    .tolerateAllTaints()
    .useOnDeleteUpdate()
    .keepRevisions(3)
    .mountHostPath(storage.containers[0], '/var/lib/kubelet', '/var/lib/kubelet', {
      readOnly: false,
      type: plus.HostPathVolumeType.DIRECTORY_OR_CREATE,
      propagation: plus.MountPropagation.BIDIRECTIONAL,
      volumeName: 'kubelet-dir',
    });

  // A log shipper: a rolling update with surge, written as strings and numbers.
  const shipper = new NodeDaemon(chart, 'log-shipper', { containers: [{ name: 'shipper', image: 'example/shipper:0.9' }] })
    .useRollingUpdate({ maxUnavailable: IntOrPercent.fromNumber(0), maxSurge: IntOrPercent.fromString('25%') })
    .usePriorityClass(PriorityClass.fromName('logging'))
    .preferNodeAffinity(10, NodeRequirement.labelIn(WellKnownNodeLabels.INSTANCE_TYPE, 'm5.large'))
    .tolerate({ key: 'example.com/draining', operator: TolerationOperator.EXISTS });
  shipper.mountHostPath(shipper.containers[0], '/var/log', '/var/log');

  return chart;
}

/**
 * The typed daemons: node-exporter, fluent-bit and fluentd log agents, cAdvisor.
 */
function buildTypedDaemonsChart(app: App): Chart {
  const chart = new Chart(app, 'typed-daemons');

  new NodeExporterDaemon(chart, 'node-exporter', {
    namespace: 'monitoring',
    version: '1.8.2',
    priorityClass: PriorityClass.SYSTEM_NODE_CRITICAL,
    disabledCollectors: ['wifi', 'hwmon'],
    enabledCollectors: ['systemd'],
    textfileDirectory: '/var/lib/node-exporter/textfile',
    kubeRbacProxy: true,
    serviceMonitor: { interval: Duration.seconds(30), labels: { release: 'prometheus' } },
    networkPolicy: { scraperNamespace: 'monitoring', scraperPodLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  })
    .tolerateControlPlane()
    .useRollingUpdate({ maxUnavailable: IntOrPercent.fromPercent(20) });

  new LogAgentDaemon(chart, 'fluent-bit', {
    namespace: 'logging',
    logLevel: AgentLogLevel.WARN,
    flushInterval: Duration.seconds(5),
    inputs: [
      LogInput.containerLogs({ excludePaths: ['/var/log/containers/*_kube-system_*.log'], memBufLimit: Size.mebibytes(10) }),
      LogInput.tail({ path: '/var/log/syslog', tag: 'host.syslog', parser: 'syslog-rfc3164' }),
    ],
    filters: [
      LogFilter.kubernetes({ mergeLog: true, keepLog: false, annotations: false }),
      LogFilter.grep({ key: 'log', regex: 'healthz', exclude: true }),
    ],
    outputs: [
      LogOutput.loki({ host: 'loki.logging.svc', labels: { cluster: 'prod' }, autoKubernetesLabels: true }),
      LogOutput.elasticsearch({ host: 'es.logging.svc', logstashPrefix: 'node', tls: true, match: 'host.*' }),
    ],
    env: { CLUSTER_NAME: plus.EnvValue.fromValue('prod') },
  }).excludeNodes('build-agent-1');

  new LogAgentDaemon(chart, 'fluentd', {
    namespace: 'logging',
    agent: LogAgentKind.FLUENTD,
    outputs: [LogOutput.forward({ host: 'aggregator.logging.svc', port: 24224, tls: true, sharedKey: '${FORWARD_SHARED_KEY}' })],
    env: {
      FORWARD_SHARED_KEY: plus.EnvValue.fromSecretValue({
        secret: plus.Secret.fromSecretName(chart, 'forward-secret', 'log-forward'),
        key: 'shared-key',
      }),
    },
    metricsService: false,
  });

  new CadvisorDaemon(chart, 'cadvisor', {
    namespace: 'monitoring',
    housekeepingInterval: Duration.seconds(10),
    maxHousekeepingInterval: Duration.seconds(30),
    disabledMetrics: [CadvisorMetric.ADVTCP, CadvisorMetric.HUGETLB, CadvisorMetric.NETWORK],
    storeContainerLabels: false,
    allowedContainerLabels: ['app.kubernetes.io/name'],
    tolerateAllTaints: true,
    resources: { memory: { request: Size.mebibytes(200), limit: Size.mebibytes(400) } },
  }).usePriorityClass(PriorityClass.SYSTEM_NODE_CRITICAL);

  return chart;
}

if (require.main === module) {
  const outdir = process.argv[2];
  if (!outdir) {
    process.stderr.write('usage: ts-node test/python/app.ts <outdir>\n');
    process.exit(2);
  }
  buildParityApp(outdir).synth();
}
